using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Model;

/// <summary>A network interface as the kernel reported it at the moment of the call.</summary>
public sealed record NetLink
{
    /// <summary>Namespace the link lives in (name, path or pid spec; null = host).</summary>
    public string? Namespace { get; init; }
    public int Index { get; init; }
    public required string Name { get; init; }
    /// <summary>IFLA_INFO_KIND: veth, bridge, dummy, macvlan, vxlan ...; null for physical devices and lo.</summary>
    public string? Kind { get; init; }
    /// <summary>Administrative state: whether IFF_UP is set.</summary>
    public bool IsUp { get; init; }
    /// <summary>Operational state (what `ip -br link` shows: UP, DOWN, UNKNOWN, LOWERLAYERDOWN ...).</summary>
    public OperState OperState { get; init; }
    public uint Mtu { get; init; }
    /// <summary>Hardware address as aa:bb:cc:dd:ee:ff, or null.</summary>
    public string? MacAddress { get; init; }
    /// <summary>Name of the master device (bridge) or null.</summary>
    public string? Master { get; init; }
    public int? MasterIndex { get; init; }
    public string? Alias { get; init; }
    public InterfaceFlags Flags { get; init; }
    public uint TxQueueLength { get; init; }
    /// <summary>For veth: the peer's index (in <see cref="PeerNamespace"/>).</summary>
    public int? PeerIndex { get; init; }
    /// <summary>For veth: the peer's name, when it could be resolved.</summary>
    public string? PeerName { get; init; }
    /// <summary>For veth: the namespace the peer lives in, spelled like <see cref="Namespace"/> (null = host, or a namespace that has no name under /run/netns).</summary>
    public string? PeerNamespace { get; init; }
    /// <summary>IFLA_LINK_NETNSID: the id this namespace gives the peer's namespace, when it is another one.</summary>
    public int? LinkNetNsId { get; init; }
    /// <summary>IFLA_INFO_SLAVE_KIND, e.g. "bridge" for a bridge port.</summary>
    public string? PortKind { get; init; }
    /// <summary>
    /// What the kind's driver read from IFLA_INFO_DATA (<c>ip -d link</c>'s kind line): a typed record per kind,
    /// e.g. VxlanDetails (Id, Remote, Local, Port ...), MacvlanDetails (Mode), BridgeDetails (StpState, AgeingTime ...);
    /// shown as "vxlan id 42 remote 10.0.0.2 dstport 4789". Null for kinds that report nothing (veth, dummy) and for lo
    /// and physical devices.
    /// </summary>
    public LinkDetails? Details { get; init; }
    /// <summary>For a port: what its master's kind reports about it (IFLA_INFO_SLAVE_DATA), e.g. BridgePortDetails (State, Cost ...).</summary>
    public LinkDetails? PortDetails { get; init; }

    /// <summary>
    /// Windows' Get-NetAdapter Status: Disabled when administratively down, Up when the kernel says it can carry
    /// traffic (operstate UP, or UNKNOWN as lo and some virtual links report), Disconnected otherwise (no carrier, peer down).
    /// </summary>
    public string Status => !IsUp ? "Disabled" : OperState is OperState.Up or OperState.Unknown ? "Up" : "Disconnected";

    /// <summary>
    /// Windows' InterfaceDescription, in Linux's terms: the interface's alias text (ifalias) when it has one, otherwise its
    /// kind ("veth", "bridge" ...), "loopback" for lo, or "device" for a physical interface.
    /// </summary>
    public string InterfaceDescription => !string.IsNullOrEmpty(Alias) ? Alias
        : Kind ?? ((Flags & InterfaceFlags.Loopback) != 0 ? "loopback" : "device");

    /// <summary>The flags in iproute2's spelling: BROADCAST,MULTICAST,UP,LOWER_UP.</summary>
    public string FlagsText => FlagFormatter.Format(Flags);

    public override string ToString() => Name;
}
