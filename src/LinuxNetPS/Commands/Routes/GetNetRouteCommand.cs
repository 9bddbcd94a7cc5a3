using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Get-NetRoute: lists routes (`ip route show`, `ip -6 route show`).</summary>
[Cmdlet(VerbsCommon.Get, "NetRoute")]
[OutputType(typeof(NetRoute))]
public sealed class GetNetRouteCommand : NamespacedCmdlet
{
    /// <summary>Only routes to this destination: "default", a prefix (compared by network), or a wildcard pattern.</summary>
    [Parameter(Position = 0)]
    [Alias("DestinationPrefix")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Destination { get; set; }

    /// <summary>Only IPv4 or only IPv6 routes; omitted: both.</summary>
    [Parameter]
    [Alias("AddressFamily")]
    public IPFamily? Family { get; set; }

    /// <summary>Routing table: main (default), local, default, all, or a number.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RouteTableCompleter))]
    public string? Table { get; set; }

    /// <summary>Only routes through this interface (a multipath route when one of its paths is).</summary>
    [Parameter]
    [Alias("InterfaceAlias")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? Interface { get; set; }

    /// <summary>Only routes through the interface with this index (Windows' -InterfaceIndex).</summary>
    [Parameter]
    [Alias("ifIndex")]
    [ValidateRange(1, int.MaxValue)]
    public int? InterfaceIndex { get; set; }

    protected override void ProcessRecord()
    {
        Try(Destination ?? Namespace, () =>
        {
            var matches = RouteFilter.For(Destination);
            if (Interface is not null) LinkName.Validate(Interface);
            uint table = RouteTableName.ParseOptional(Table) ?? RtTable.Main;
            var client = Client;
            if (InterfaceIndex is { } index) Interface = WindowsInterfaces.One(client, Interface, index);
            if (Interface is not null) client.Links.Get(Interface); // an interface that does not exist is an error, not an empty list
            var routes = client.Routes.List(Family, table)
                .Where(matches)
                .Where(r => Interface is null || string.Equals(r.Interface, Interface, StringComparison.Ordinal)
                    || r.NextHops.Any(h => string.Equals(h.Interface, Interface, StringComparison.Ordinal)));
            WriteObject(routes, true);
        });
    }
}
