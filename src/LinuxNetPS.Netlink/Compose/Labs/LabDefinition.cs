using System.Net;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// A checked lab definition: what the user wrote, with every address known (pools already handed out) and every
/// reference resolved. Made only by <see cref="LabBinder"/>, which refuses anything that could not be built.
/// </summary>
public sealed record LabDefinition
{
    public string? Name { get; init; }
    /// <summary>The file it was read from, if any (kept in the lab's record for Get-NetLab).</summary>
    public string? Source { get; init; }
    public required IReadOnlyList<LabNodeDefinition> Nodes { get; init; }
    public required IReadOnlyList<LabLinkDefinition> Links { get; init; }
    /// <summary>
    /// Whether the nodes keep IPv6 (the IPv6 key; by default on exactly when some address of the lab is IPv6). Off, a
    /// node has no link-local addresses, so nothing floods a lab's bridges with DAD, MLD and router solicitations
    /// while it is built (that traffic grows with the square of a bridge's ports and slows every later request).
    /// </summary>
    public bool IPv6 { get; init; }
    /// <summary>Things the definition said that were ignored (containerlab images ...), for the cmdlet to warn about.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>The hosts a split lab's nodes are placed on (the Hosts key), in the order written; empty for a lab on one machine.</summary>
    public IReadOnlyList<LabHostDefinition> Hosts { get; init; } = [];
    /// <summary>Set on one host's part of a split lab (<see cref="LabSplit.Part"/>): Nodes and Links are then that host's only.</summary>
    public LabPart? Part { get; init; }

    public LabNodeDefinition Node(string name) => Nodes.First(n => string.Equals(n.Name, name, StringComparison.Ordinal));
}

public enum LabNodeKind
{
    /// <summary>A namespace with interfaces, addresses and routes: a host or a router.</summary>
    Linux,
    /// <summary>A namespace that holds one bridge (br0) and nothing else: a switch. Its link ends are bridge ports.</summary>
    Bridge,
    /// <summary>
    /// A Linux node that stands for the host (containerlab's kind host, host:IF ends and the management bridge): built
    /// like any Linux node, left out of Test-NetLab's every-pair matrix unless a pair names it.
    /// </summary>
    Host,
}

public sealed record LabNodeDefinition
{
    public required string Name { get; init; }
    public LabNodeKind Kind { get; init; }
    public required SourceLocation Location { get; init; }
    /// <summary>The key in the lab's Hosts of the host the node is placed on; null in a lab on one machine.</summary>
    public string? Host { get; init; }
    /// <summary>Bridges inside the node (a bridge node has exactly one, <see cref="LabBinder.SwitchBridge"/>).</summary>
    public IReadOnlyList<LabBridgeDefinition> Bridges { get; init; } = [];
    public IReadOnlyList<LabRouteDefinition> Routes { get; init; } = [];
    public bool Forwarding { get; init; }
    public IReadOnlyList<LabNatDefinition> Masquerade { get; init; } = [];
    /// <summary>Every address of the node by interface, after pools were applied (link ends, bridges, lo).</summary>
    public IReadOnlyList<LabAddress> Addresses { get; init; } = [];
    /// <summary>Command lines run inside the node, in order, once everything else is built (containerlab's exec).</summary>
    public IReadOnlyList<LabExecLine> Exec { get; init; } = [];
}

/// <summary>One command line of a node's Exec, run by /bin/sh -c inside the node; a failing line fails the build.</summary>
public sealed record LabExecLine(string Command, SourceLocation Location)
{
    public override string ToString() => Command;
}

public sealed record LabAddress(string Interface, IPPrefix Prefix)
{
    public override string ToString() => $"{Interface} {Prefix}";
}

public sealed record LabBridgeDefinition(string Name, SourceLocation Location);

public sealed record LabRouteDefinition(IPPrefix Destination, IPAddress? Gateway, string? Interface, SourceLocation Location)
{
    public override string ToString() =>
        $"{(Destination.IsDefault ? "default" : Destination.ToString())}{(Gateway is null ? "" : " via " + Gateway)}{(Interface is null ? "" : " dev " + Interface)}";
}

/// <summary>Masquerade what comes from <see cref="Source"/> and leaves by <see cref="OutInterface"/>.</summary>
public sealed record LabNatDefinition(string OutInterface, IPPrefix Source, SourceLocation Location);

/// <summary>One end of a link: a node's interface; <see cref="Bridge"/> when the end is a port of a bridge in that node.</summary>
public sealed record LabEndpointDefinition
{
    public required string Node { get; init; }
    public required string Interface { get; init; }
    public string? Bridge { get; init; }
    public IReadOnlyList<IPPrefix> Addresses { get; init; } = [];
    /// <summary>The end's MAC address (lower case, colon-separated), or null for the kernel's random one.</summary>
    public string? Mac { get; init; }
    public LinkImpairmentText? Impairment { get; init; }
    public required SourceLocation Location { get; init; }

    public override string ToString() => $"{Node}:{Interface}";
}

/// <summary>What a lab link is made of.</summary>
public enum LabLinkKind
{
    /// <summary>A veth pair: A and B are its two ends.</summary>
    Veth,
    /// <summary>
    /// A macvlan in bridge mode (containerlab's macvlan:IF): A is the macvlan, made on B's node and moved into A's; B is
    /// its parent, an interface another link or a bridge of B's node already makes, which the link leaves as it is.
    /// </summary>
    Macvlan,
    /// <summary>
    /// A VXLAN device (containerlab's vxlan and vxlan-stitch links): A is the device, made in B's node, which holds its
    /// UDP socket (the underlay: the lab's host node), and moved into A's; B names that node alone (its Interface is
    /// empty). <see cref="LabLinkDefinition.Vxlan"/> says where the tunnel goes.
    /// </summary>
    Vxlan,
}

/// <summary>A VXLAN link's tunnel: the unicast peer, the network identifier and the UDP destination port.</summary>
public sealed record LabVxlanDefinition(IPAddress Remote, uint Vni, int Port, SourceLocation Location)
{
    public override string ToString() => $"vxlan {Vni} to {(Remote.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Remote}]" : Remote)}:{Port}";
}

/// <summary>A veth pair between two nodes (or two bridges of one node), or a macvlan on a parent (<see cref="Kind"/>).</summary>
public sealed record LabLinkDefinition(LabEndpointDefinition A, LabEndpointDefinition B, IPPrefix? Pool, SourceLocation Location)
{
    /// <summary>Both ends' MTU, or null for the kernel's (1500). Containerlab files default to containerlab's 9500.</summary>
    public int? Mtu { get; init; }

    public LabLinkKind Kind { get; init; }

    /// <summary>The tunnel of a <see cref="LabLinkKind.Vxlan"/> link; null for the others.</summary>
    public LabVxlanDefinition? Vxlan { get; init; }

    public override string ToString() => Vxlan is { } tunnel ? $"{A} -- {tunnel}" : $"{A} -- {B}";
}

/// <summary>One entry of Hosts: its key (what nodes name as Host) and what the file says: a host name, 'user@host', or an address.</summary>
public sealed record LabHostDefinition(string Key, string Address, SourceLocation Location);
