using System.Management.Automation;
using LinuxNetPS.Bridges;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Get-BridgeVlan: lists the VLANs of bridge ports and bridges, one object per VLAN (`bridge vlan show`).</summary>
[Cmdlet(VerbsCommon.Get, "BridgeVlan")]
[OutputType(typeof(BridgeVlan))]
public sealed class GetBridgeVlanCommand : NamespacedCmdlet
{
    /// <summary>Only the VLANs of these ports or bridges; wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string[]? Interface { get; set; }

    /// <summary>Only these VLAN ids or ranges (10, 10-20).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Vlan { get; set; }

    protected override void ProcessRecord()
    {
        Try(Interface is { Length: 1 } ? Interface[0] : Namespace, () =>
        {
            var ranges = Vlan is null ? null : VlanIds.ParseRanges(Vlan);
            var client = Client;
            var found = NameFilter.ByInterface(Interface, name => client.BridgeVlans.List(name), v => v.Interface);
            WriteObject(found.Where(v => ranges is null || ranges.Any(r => v.Vlan >= r.From && v.Vlan <= r.To)), true);
        });
    }
}
