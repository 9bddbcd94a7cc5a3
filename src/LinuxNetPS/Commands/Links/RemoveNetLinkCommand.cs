using LinuxNetPS.Model;
using LinuxNetPS.Support;
using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Links;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Commands;

/// <summary>Remove-NetLink: deletes links (`ip link del NAME`); deleting one end of a veth pair deletes both.</summary>
[Cmdlet(VerbsCommon.Remove, "NetLink", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveNetLinkCommand : NamespacedCmdlet
{
    /// <summary>The links to delete.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ObjectNames("Name", typeof(NetLink), typeof(VethPair), typeof(BridgePort), typeof(NetBridge))]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>
    /// Veth ends this command deleted along with their peer ("namespace/name"). `Get-NetLink | Remove-NetLink`
    /// lists both ends; when the second one comes, it is already gone, which is what was asked.
    /// </summary>
    private readonly HashSet<string> _deletedWithPeer = new(StringComparer.Ordinal);

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            Try(name, () =>
            {
                LinkName.Validate(name);
                var client = Client;
                var link = client.Links.TryGet(name);
                if (link is null && _deletedWithPeer.Contains(Key(client.NamespaceSpec, name)))
                {
                    WriteVerbose($"'{name}' was deleted with its veth peer.");
                    return;
                }
                if (link is not null && link.Flags.HasFlag(InterfaceFlags.Loopback))
                {
                    // `Get-NetLink -Namespace X | Remove-NetLink` means "everything that can go": lo cannot, so say so quietly.
                    if (MyInvocation.ExpectingInput)
                    {
                        WriteVerbose($"Skipping '{name}': the loopback interface cannot be deleted; it goes with its namespace.");
                        return;
                    }
                    throw LinkOperations.LoopbackNotRemovable(name);
                }
                if (!ShouldProcess(Target("link", name), "Remove")) return;
                client.Links.Delete(name);
                if (link?.PeerName is { } peer) _deletedWithPeer.Add(Key(link.PeerNamespace, peer));
            });
        }
    }

    private static string Key(string? ns, string name) => $"{ns}/{name}";
}
