namespace LinuxNetPS.Compose.Networks;

/// <summary>What New-ContainerNetwork asks for (`docker network create`). Null means the default.</summary>
public sealed record NetworkSpec
{
    public required string Name { get; init; }
    public string Driver { get; init; } = "bridge";
    /// <summary>An IPv4 prefix, e.g. 172.18.0.0/16; default: the first free /16 of 172.18-31, then /20s of 192.168.</summary>
    public string? Subnet { get; init; }
    /// <summary>Default: the subnet's first address.</summary>
    public string? Gateway { get; init; }
    /// <summary>The part of the subnet addresses are handed out from.</summary>
    public string? IPRange { get; init; }
    /// <summary>IPv6 too (Docker's --ipv6): containers get an address from <see cref="SubnetV6"/> and an IPv6 default route.</summary>
    public bool IPv6 { get; init; }
    /// <summary>An IPv6 prefix, e.g. fd00:1::/64 (Docker's second --subnet); default: a unique local /64 (fdXX:XXXX:XXXX::/64).</summary>
    public string? SubnetV6 { get; init; }
    /// <summary>Default: the IPv6 subnet's first address.</summary>
    public string? GatewayV6 { get; init; }
    /// <summary>bridge: the bridge's name (Docker's com.docker.network.bridge.name); default br-ID12.</summary>
    public string? BridgeName { get; init; }
    /// <summary>macvlan/ipvlan: the link the containers' interfaces stack on.</summary>
    public string? Parent { get; init; }
    /// <summary>macvlan: bridge (default), private, vepa, passthru; ipvlan: l2 (default), l3, l3s.</summary>
    public string? Mode { get; init; }
    /// <summary>No way out: no masquerade, no default route, forwarding from and to the bridge dropped.</summary>
    public bool Internal { get; init; }
    public uint? Mtu { get; init; }
    /// <summary>Docker's --aux-address name=address: addresses of the subnet IPAM never hands out (a router, a printer ...).</summary>
    public IReadOnlyDictionary<string, string> AuxAddresses { get; init; } = new Dictionary<string, string>();
    /// <summary>No masquerade of the subnet (Docker's -o com.docker.network.bridge.enable_ip_masquerade=false): the containers' own addresses go out.</summary>
    public bool DisableMasquerade { get; init; }
    /// <summary>No traffic between the network's containers (Docker's -o com.docker.network.bridge.enable_icc=false): every
    /// container's bridge port is isolated; the gateway, the outside and published ports still reach them.</summary>
    public bool DisableIcc { get; init; }
    /// <summary>The host address -Publish uses when it names none (-o com.docker.network.bridge.host_binding_ipv4).</summary>
    public string? HostBindingAddress { get; init; }
    /// <summary>Docker's --label key=value: kept and shown, nothing else.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>nat (default) or routed (-o com.docker.network.bridge.gateway_mode_ipv4): routed has no masquerade and no port DNAT,
    /// the containers are reached at their own addresses through the host's routes.</summary>
    public string? GatewayMode { get; init; }
    /// <summary>overlay: the VXLAN network identifier, 1-16777215 (Docker's com.docker.network.driver.overlay.vxlanid_list).</summary>
    public uint? Vni { get; init; }
    /// <summary>overlay: this host's address on the underlay (the tunnel's source); its interface carries the tunnel.</summary>
    public string? UnderlayAddress { get; init; }
    /// <summary>overlay: the underlay addresses of the other hosts of the overlay (head-end replication: broadcasts go to each).</summary>
    public IReadOnlyList<string> Peers { get; init; } = [];
}

/// <summary>What Connect-ContainerNetwork asks for (`docker run --network NET` / `docker network connect`).</summary>
public sealed record ConnectSpec
{
    /// <summary>The network's name.</summary>
    public required string Network { get; init; }
    /// <summary>The container's namespace (name, path or pid).</summary>
    public required string Namespace { get; init; }
    /// <summary>Docker's --ip; default: the next free address of the network.</summary>
    public string? IPAddress { get; init; }
    /// <summary>Docker's --ip6 (networks with IPv6); default: the next free IPv6 address of the network.</summary>
    public string? IPv6Address { get; init; }
    public string InterfaceName { get; init; } = "eth0";
    public string? MacAddress { get; init; }
    /// <summary>Docker's -p: "8080:80", "5353:53/udp", "10.0.0.1:8080:80/tcp".</summary>
    public IReadOnlyList<string> Publish { get; init; } = [];
    /// <summary>Docker's --alias / --network-alias: more names the other containers of the network find this one by.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
    /// <summary>Docker's --dns: the container's name servers (its /etc/netns/NAME/resolv.conf).</summary>
    public IReadOnlyList<string> Dns { get; init; } = [];
    /// <summary>Docker's --dns-search.</summary>
    public IReadOnlyList<string> DnsSearch { get; init; } = [];
}
