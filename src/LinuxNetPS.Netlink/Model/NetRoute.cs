using System.Net;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Model;

/// <summary>A route, as `ip route` shows it.</summary>
public sealed record NetRoute
{
    public string? Namespace { get; init; }
    public required IPFamily Family { get; init; }
    /// <summary>"default" or a prefix such as "10.10.0.0/16".</summary>
    public required string Destination { get; init; }
    public IPAddress? Gateway { get; init; }
    /// <summary>Output interface name.</summary>
    public string? Interface { get; init; }
    public int? InterfaceIndex { get; init; }
    public uint Table { get; init; }
    public uint Metric { get; init; }
    public RouteScope Scope { get; init; }
    public RouteProtocol Protocol { get; init; }
    public RouteType Type { get; init; }
    public IPAddress? PreferredSource { get; init; }
    /// <summary>
    /// The route's paths: one for a route through a gateway or an interface (Gateway and Interface say the same), several
    /// for a multipath (ECMP) route, whose Gateway and Interface are then empty as in `ip route`; none for blackhole and
    /// the other routes that go nowhere.
    /// </summary>
    public IReadOnlyList<NetRouteNextHop> NextHops { get; init; } = [];

    /// <summary>
    /// How long the route stays (Windows' ValidLifetime): what is left of an IPv6 route's expiry (RA routes, or one added
    /// with a lifetime); [TimeSpan]::MaxValue for a route that stays until removed, which every IPv4 route does.
    /// </summary>
    public TimeSpan ValidLifetime { get; init; } = TimeSpan.MaxValue;

    /// <summary>
    /// The destination as Windows' Get-NetRoute writes it: a prefix always, so the default route is 0.0.0.0/0 or ::/0
    /// (Destination and the view keep iproute2's "default"). `Where-Object DestinationPrefix -eq '0.0.0.0/0'` finds it.
    /// </summary>
    public string DestinationPrefix => Destination.Equals("default", StringComparison.OrdinalIgnoreCase)
        ? (Family == IPFamily.IPv6 ? "::/0" : "0.0.0.0/0")
        : Destination;

    /// <summary>
    /// The gateway as Windows' Get-NetRoute writes it: text, and 0.0.0.0 or :: for a route without one (on-link, or a
    /// multipath route, whose paths are in NextHops). Gateway stays null there.
    /// </summary>
    public string NextHop => Gateway?.ToString() ?? (Family == IPFamily.IPv6 ? "::" : "0.0.0.0");

    /// <summary>Whether the route has several paths.</summary>
    public bool IsMultipath => NextHops.Count > 1;

    public override string ToString() =>
        Destination + (Gateway is null ? "" : $" via {Gateway}") + (Interface is null ? "" : $" dev {Interface}")
        + (IsMultipath ? " " + string.Join(" ", NextHops.Select(h => "nexthop " + h)) : "");
}
