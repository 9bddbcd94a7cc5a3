using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Commands;

/// <summary>Remove-NetLink: deletes links (`ip link del NAME`); deleting one end of a veth pair deletes both.</summary>
[Cmdlet(VerbsCommon.Remove, "NetLink", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveNetLinkCommand : NamespacedCmdlet
{
    /// <summary>The links to delete.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string[] Name { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            Try(name, () =>
            {
                LinkName.Validate(name);
                var client = Client;
                if (!ShouldProcess(Target("link", name), "Remove")) return;
                client.Links.Delete(name);
            });
        }
    }
}
