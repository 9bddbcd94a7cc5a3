using System.Management.Automation;
using LinuxNetPS.Compose.Nat;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Get-NetNat: the NATs (named masquerades) of a namespace.</summary>
[Cmdlet(VerbsCommon.Get, "NetNat")]
[OutputType(typeof(NetNat))]
public sealed class GetNetNatCommand : NamespacedCmdlet
{
    /// <summary>Only these NATs; wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            var nats = NetNats.For(Client).List().AsEnumerable();
            if (Name is not null)
            {
                nats = NameFilter.Select(nats, n => n.NatName, Name, out var missing);
                foreach (var m in missing)
                    Report(NetOperationException.NotFound($"There is no NAT named '{m}' in {TargetText.Where(Namespace)} (see Get-NetNat).", m).WithErrorId(ErrorIds.NetNatNotFound), m);
            }
            WriteObject(nats, true);
        });
    }
}
