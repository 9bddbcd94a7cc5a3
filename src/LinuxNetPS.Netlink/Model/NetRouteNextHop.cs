using System.Net;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Model;

/// <summary>One path of a route: where `ip route` writes "nexthop via 10.0.1.1 dev v1 weight 1".</summary>
public sealed record NetRouteNextHop
{
    public IPAddress? Gateway { get; init; }
    /// <summary>Output interface name.</summary>
    public string? Interface { get; init; }
    public int? InterfaceIndex { get; init; }
    /// <summary>The path's share of the flows, 1 to 256 (rtnh_hops + 1); 1 for a route with one path.</summary>
    public int Weight { get; init; } = 1;
    /// <summary>RTNH_F_*: OnLink, Dead, LinkDown ...</summary>
    public NextHopFlags Flags { get; init; }

    public override string ToString() =>
        (Gateway is null ? "" : $"via {Gateway} ") + (Interface is null ? "" : $"dev {Interface} ") + $"weight {Weight}"
        + (Flags == NextHopFlags.None ? "" : " " + Flags.ToString().ToLowerInvariant().Replace(",", ""));
}
