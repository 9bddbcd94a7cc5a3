using System.Management.Automation;
using LinuxNetPS.Compose.Nat;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Remove-NetNat: removes NATs with their static mappings (their port forwards and masquerade rules). Without -Name every
/// NAT of the namespace goes, as in Windows; each is asked for with ShouldProcess.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "NetNat", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Name")]
[OutputType(typeof(NetNat))]
public sealed class RemoveNetNatCommand : NamespacedCmdlet
{
    /// <summary>The NATs to remove; wildcards allowed. Omitted: every NAT of the namespace.</summary>
    [Parameter(Position = 0, ParameterSetName = "Name")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>NATs from Get-NetNat.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "InputObject")]
    public NetNat[] InputObject { get; set; } = [];

    /// <summary>Write the removed NATs to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == "InputObject")
        {
            foreach (var nat in InputObject)
            {
                Namespace = nat.Namespace;
                Try(nat.NatName, () => RemoveOne(NetNats.For(Client), nat.NatName));
            }
            return;
        }
        Try(Namespace, () =>
        {
            var nats = NetNats.For(Client);
            var names = Name is null
                ? nats.List().Select(n => n.NatName)
                : NameFilter.Select(nats.List(), n => n.NatName, Name, out var missing).Select(n => n.NatName)
                    .Concat(missing); // a literal name that is not there: RemoveOne reports NetNatNotFound
            foreach (var name in names.ToList()) Try(name, () => RemoveOne(nats, name));
        });
    }

    private void RemoveOne(NetNats nats, string name)
    {
        if (!ShouldProcess(Target("NAT", name), "Remove (with its static mappings)")) return;
        var removed = nats.Remove(name);
        if (PassThru) WriteObject(removed);
    }
}
