using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Get-NetNeighbor: lists ARP (IPv4) and ND (IPv6) entries, or proxy entries (`ip neigh show [proxy] [dev IFACE]`).</summary>
[Cmdlet(VerbsCommon.Get, "NetNeighbor")]
[OutputType(typeof(NetNeighbor))]
public sealed class GetNetNeighborCommand : NamespacedCmdlet
{
    /// <summary>Only the entries for these IP addresses.</summary>
    [Parameter(Position = 0)]
    [Alias("IPAddress")]
    [ValidateNotNullOrEmpty]
    public string[]? Address { get; set; }

    /// <summary>Only the entries on these interfaces; wildcards allowed.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Name", "InterfaceAlias")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string[]? Interface { get; set; }

    /// <summary>Only the entries with these hardware addresses.</summary>
    [Parameter]
    [Alias("MacAddress")]
    [ValidateNotNullOrEmpty]
    public string[]? LinkLayerAddress { get; set; }

    /// <summary>Only the entries in these states: Permanent, NoArp, Reachable, Stale, Delay, Probe, Failed, Incomplete, None.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NeighborStateCompleter))]
    public string[]? State { get; set; }

    /// <summary>Only IPv4 (ARP) or only IPv6 (ND) entries.</summary>
    [Parameter]
    [Alias("AddressFamily")]
    public IPFamily? Family { get; set; }

    /// <summary>List the proxy ARP/ND entries instead (`ip neigh show proxy`).</summary>
    [Parameter]
    public SwitchParameter Proxy { get; set; }

    protected override void ProcessRecord()
    {
        Try(Interface is { Length: 1 } ? Interface[0] : Namespace, () =>
        {
            var addresses = Address?.Select(NeighborArguments.Address).ToList();
            var macs = LinkLayerAddress?.Select(NeighborArguments.Mac).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var states = NeighborArguments.States(State);
            var client = Client;
            var found = NameFilter.ByInterface(Interface, name => client.Neighbors.List(name, Family, Proxy.IsPresent), n => n.Interface,
                name => client.Links.Get(LinkName.Validate(name))); // LinkNotFound for a literal name with no entry and no link
            WriteObject(found.Where(n => (addresses is null || addresses.Contains(n.IPAddress))
                && (macs is null || (n.LinkLayerAddress is { } l && macs.Contains(l)))
                && (states is null || states.Contains(n.State))), true);
        });
    }
}
