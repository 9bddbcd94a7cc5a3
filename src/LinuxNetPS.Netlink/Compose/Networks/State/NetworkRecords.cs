namespace LinuxNetPS.Compose.Networks.State;

/// <summary>
/// What one namespace's container networks are, as persisted in /run/linuxnetps (the kernel holds no subnet,
/// driver or allocation). Plain mutable DTOs for System.Text.Json; the public API hands out immutable models.
/// </summary>
public sealed class NetworkStateFile
{
    public int Version { get; set; } = 1;
    /// <summary>The inode and netns cookie of the namespace the file belongs to (the cookie is never reused).</summary>
    public ulong NamespaceInode { get; set; }
    public ulong NamespaceCookie { get; set; }
    /// <summary>The namespace file it was opened by; a /run/netns name that is gone lets others clean the file up.</summary>
    public string? NamespacePath { get; set; }
    public List<NetworkRecord> Networks { get; set; } = new();
    public List<EndpointRecord> Endpoints { get; set; } = new();
}

public sealed class NetworkRecord
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Driver { get; set; } = "";
    public string? Subnet { get; set; }
    public string? Gateway { get; set; }
    public string? IPRange { get; set; }
    /// <summary>The IPv6 subnet and gateway (--ipv6); null: IPv4 only.</summary>
    public string? SubnetV6 { get; set; }
    public string? GatewayV6 { get; set; }
    public string? BridgeName { get; set; }
    /// <summary>The bridge's MAC, fixed at creation (the gateway's MAC never changes while the network lives).</summary>
    public string? MacAddress { get; set; }
    public string? Parent { get; set; }
    public string? Mode { get; set; }
    public bool Internal { get; set; }
    public uint? Mtu { get; set; }
    public Dictionary<string, string> AuxAddresses { get; set; } = new();
    public bool DisableMasquerade { get; set; }
    /// <summary>enable_icc=false: the containers' bridge ports are isolated (IFLA_BRPORT_ISOLATED) from each other.</summary>
    public bool DisableIcc { get; set; }
    public string? HostBindingAddress { get; set; }
    public Dictionary<string, string> Labels { get; set; } = new();
    /// <summary>nat or routed; null is nat.</summary>
    public string? GatewayMode { get; set; }
    /// <summary>Whether the network masquerades its subnet leaving through other interfaces.</summary>
    public bool Masquerades => !Internal && !DisableMasquerade && GatewayMode != "routed";
    /// <summary>The id of the masquerade rule the network owns (bridge, not internal).</summary>
    public string? MasqueradeRuleId { get; set; }
    public string? MasqueradeRuleIdV6 { get; set; }
    public DateTimeOffset Created { get; set; }
    /// <summary>overlay: the VNI, the VXLAN device, this host's underlay address and the interface that has it.</summary>
    public uint? Vni { get; set; }
    public string? VxlanName { get; set; }
    public string? UnderlayAddress { get; set; }
    public string? UnderlayInterface { get; set; }
    /// <summary>overlay: the other hosts' underlay addresses (one flooding entry each), and the containers on them (a static
    /// neighbour and FDB entry each), as last synchronised (<see cref="ContainerNetworks.SyncOverlay"/>).</summary>
    public List<string> Peers { get; set; } = new();
    public List<OverlayRemoteRecord> Remotes { get; set; } = new();
    /// <summary>overlay: the names the controller reaches the hosts by, per underlay address (this host's too).</summary>
    public Dictionary<string, string> HostNames { get; set; } = new();
}

/// <summary>A container of an overlay on another host: its address and MAC, and the underlay address of its host.</summary>
public sealed class OverlayRemoteRecord
{
    public string Address { get; set; } = "";
    public string MacAddress { get; set; } = "";
    public string Host { get; set; } = "";
}

/// <summary>An endpoint is written as Pending before any kernel change and as Connected after the last one,
/// so a process killed in between leaves a record that says exactly what to undo.</summary>
public enum EndpointPhase { Pending, Connected }

public sealed class EndpointRecord
{
    public string NetworkId { get; set; } = "";
    public EndpointPhase Phase { get; set; }
    /// <summary>The container's namespace as the user named it (name, path or pid), its file and inode.</summary>
    public string? ContainerNamespace { get; set; }
    public string ContainerPath { get; set; } = "";
    public ulong ContainerInode { get; set; }
    public string? InterfaceName { get; set; }
    public string? HostInterface { get; set; }
    /// <summary>The host end's ifindex once made: with the network's marker alias, what proves the link is ours to delete.</summary>
    public int? HostIndex { get; set; }
    /// <summary>The name the container's link has in the network's namespace before it moves (macvlan, ipvlan).</summary>
    public string? StagingInterface { get; set; }
    public string? Address { get; set; }
    public string? AddressV6 { get; set; }
    public string? MacAddress { get; set; }
    public List<PortRecord> Ports { get; set; } = new();
    /// <summary>Other names of the container on this network (Docker's --alias / --network-alias).</summary>
    public List<string> Aliases { get; set; } = new();
    /// <summary>The container's DNS servers and search domains (docker run --dns, --dns-search): its resolv.conf.</summary>
    public List<string> Dns { get; set; } = new();
    public List<string> DnsSearch { get; set; } = new();
    public int OwnerPid { get; set; }
    public DateTimeOffset Created { get; set; }
}

public sealed class PortRecord
{
    public string Protocol { get; set; } = "tcp";
    public string? HostAddress { get; set; }
    public int HostPort { get; set; }
    public int ContainerPort { get; set; }
    public string RuleId { get; set; } = "";
    /// <summary>The IPv6 forward's rule (networks with IPv6); empty when there is none.</summary>
    public string RuleIdV6 { get; set; } = "";

    /// <summary>Docker's -p spelling of the forward: "8080:80/tcp", "127.0.0.1:8080:80/tcp", "[::1]:8080:80/tcp".</summary>
    public override string ToString() =>
        $"{(HostAddress is null ? "" : HostAddress.Contains(':') ? $"[{HostAddress}]:" : HostAddress + ":")}{HostPort}:{ContainerPort}/{Protocol}";
}
