using System.Management.Automation;
using LinuxNetPS.Compose.Nat;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Get-NetNatStaticMapping: the static mappings (port forwards) of the NATs of a namespace.</summary>
[Cmdlet(VerbsCommon.Get, "NetNatStaticMapping")]
[OutputType(typeof(NetNatStaticMapping))]
public sealed class GetNetNatStaticMappingCommand : NamespacedCmdlet
{
    /// <summary>Only the mappings of these NATs; wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? NatName { get; set; }

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            var mappings = NetNats.For(Client).Mappings()
                .Where(m => NatName is null || NatName.Any(n => Wildcard.IsPattern(n) ? Wildcard.Matches(n, m.NatName) : n == m.NatName));
            WriteObject(mappings, true);
        });
    }
}
