using System.Management.Automation;
using LinuxNetPS.Bridges;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Get-BridgeFdb: lists forwarding database entries of bridges, their ports and VXLAN devices (`bridge fdb show`).</summary>
[Cmdlet(VerbsCommon.Get, "BridgeFdb")]
[OutputType(typeof(BridgeFdbEntry))]
public sealed class GetBridgeFdbCommand : NamespacedCmdlet
{
    /// <summary>Only the entries on these devices (`dev`); wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string[]? Interface { get; set; }

    /// <summary>Only the entries in this bridge's table and on the bridge itself (`br`).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BridgeNameCompleter))]
    public string? Bridge { get; set; }

    /// <summary>Only the entries for these MAC addresses.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? MacAddress { get; set; }

    /// <summary>Only the entries of this VLAN id or range (10, 10-20).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Vlan { get; set; }

    protected override void ProcessRecord()
    {
        Try(Interface is { Length: 1 } ? Interface[0] : Bridge ?? Namespace, () =>
        {
            var macs = MacAddress?.Select(NeighborArguments.Mac).ToHashSet(StringComparer.OrdinalIgnoreCase);
            (int From, int To)? vlans = Vlan is null ? null : VlanIds.ParseRange(Vlan);
            if (Bridge is not null) LinkName.Validate(Bridge);
            var client = Client;
            var found = NameFilter.ByInterface(Interface, name => client.Fdb.List(name, Bridge), e => e.Interface);
            WriteObject(found.Where(e => (macs is null || macs.Contains(e.MacAddress))
                && (vlans is not { } v || (e.Vlan is { } id && id >= v.From && id <= v.To))), true);
        });
    }
}
