using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Links;

/// <summary>What to create: a link of a registered kind with optional common settings.</summary>
public sealed record LinkSpec
{
    public required string Name { get; init; }
    /// <summary>The kind (IFLA_INFO_KIND): bridge, dummy, macvlan, vxlan, veth ...</summary>
    public required string Kind { get; init; }
    public uint? Mtu { get; init; }
    public string? MacAddress { get; init; }
    /// <summary>Master (bridge) to attach to at creation.</summary>
    public string? Master { get; init; }
    /// <summary>Bring the link up at creation.</summary>
    public bool Up { get; init; }
    public string? Alias { get; init; }
    /// <summary>Lower device for stacked kinds (macvlan, vxlan).</summary>
    public string? Parent { get; init; }
    /// <summary>Kind-specific settings, e.g. <c>["mode"]="bridge"</c> for macvlan or <c>["id"]="42"</c> for vxlan.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
}

/// <summary>What to create: a veth pair, the peer optionally straight into another namespace.</summary>
public sealed record VethSpec
{
    public required string Name { get; init; }
    public required string PeerName { get; init; }
    /// <summary>Where the peer goes; null = the same namespace as the first end.</summary>
    public NamespaceRef? PeerNamespace { get; init; }
    public uint? Mtu { get; init; }
    /// <summary>Master (bridge) for the first end, set in the same request.</summary>
    public string? Master { get; init; }
    /// <summary>Bring the first end up at creation.</summary>
    public bool Up { get; init; }
    /// <summary>Bring the peer up at creation.</summary>
    public bool PeerUp { get; init; }
    public string? MacAddress { get; init; }
    public string? PeerMacAddress { get; init; }
}

/// <summary>Changes to an existing link; null means "leave as is".</summary>
public sealed record LinkChanges
{
    /// <summary>true = up, false = down.</summary>
    public bool? Up { get; init; }
    public uint? Mtu { get; init; }
    public string? MacAddress { get; init; }
    public string? NewName { get; init; }
    /// <summary>Alias text; empty string clears it.</summary>
    public string? Alias { get; init; }
    /// <summary>Attach to this master (bridge).</summary>
    public string? Master { get; init; }
    /// <summary>Detach from its master.</summary>
    public bool NoMaster { get; init; }
    public uint? TxQueueLength { get; init; }
    /// <summary>For a bridge port: whether frames may leave by the port they came in by (hairpin mode).</summary>
    public bool? Hairpin { get; init; }
    /// <summary>For a bridge port: whether it is isolated (IFLA_BRPORT_ISOLATED): frames between two isolated ports of
    /// the bridge are dropped; to and from the bridge itself and its other ports they pass.</summary>
    public bool? Isolated { get; init; }
    /// <summary>IPv4 route_localnet of the link: whether the kernel routes packets from or to 127.0.0.0/8 through it
    /// (what a DNAT of 127.0.0.1 to a container needs on the interface towards it).</summary>
    public bool? RouteLocalnet { get; init; }
}
