using System.Net;

namespace LinuxNetPS.Model;

/// <summary>Whether a container network's kernel objects are all there.</summary>
public enum ContainerNetworkStatus
{
    /// <summary>Defined and its kernel objects (bridge, parent) exist.</summary>
    Ready,
    /// <summary>Defined, but something it needs is gone (a bridge deleted by hand, a parent link removed); see Problem.</summary>
    Broken,
    /// <summary>A built-in network that has no kernel objects of its own (host, none) or is created on first use (bridge).</summary>
    BuiltIn,
}

/// <summary>
/// A container network (Docker's `docker network ls` row): a driver, an address range and the containers on it,
/// living in one namespace (the host's unless <see cref="Namespace"/> says otherwise). Its name is
/// <see cref="Network"/>, not "Name", so piping it never binds a link-name parameter, and its id is <see cref="NetworkId"/>, so it never binds a NAT rule id.
/// </summary>
public sealed record ContainerNetwork
{
    /// <summary>The namespace the network lives in (its bridge, NAT and filter rules): null = the host.</summary>
    public string? Namespace { get; init; }
    /// <summary>The same as <see cref="Namespace"/>, under the name the endpoint cmdlets use for the network's namespace, so
    /// `Get-ContainerNetwork foo | Get-ContainerEndpoint` finds foo in the right namespace.</summary>
    public string? NetworkNamespace => Namespace;
    /// <summary>The network's name (foo, bridge, host, none).</summary>
    public required string Network { get; init; }
    /// <summary>64 hex digits, like Docker's network id; the bridge is br-(first 12).</summary>
    public required string NetworkId { get; init; }
    /// <summary>bridge, macvlan, ipvlan, host or none.</summary>
    public required string Driver { get; init; }
    public string? Subnet { get; init; }
    public IPAddress? Gateway { get; init; }
    /// <summary>The part of the subnet addresses are allocated from (default: all of it).</summary>
    public string? IPRange { get; init; }
    /// <summary>Whether containers get IPv6 addresses too (Docker's --ipv6), from <see cref="SubnetV6"/>.</summary>
    public bool IPv6 { get; init; }
    public string? SubnetV6 { get; init; }
    public IPAddress? GatewayV6 { get; init; }
    /// <summary>The bridge (bridge driver).</summary>
    public string? BridgeName { get; init; }
    /// <summary>The bridge's MAC (the gateway's), fixed when the network was made.</summary>
    public string? MacAddress { get; init; }
    /// <summary>The parent link (macvlan, ipvlan).</summary>
    public string? Parent { get; init; }
    /// <summary>macvlan/ipvlan mode (bridge, private, vepa, passthru / l2, l3, l3s).</summary>
    public string? Mode { get; init; }
    /// <summary>No way out: no masquerade, and forwarding from or to the bridge is dropped.</summary>
    public bool Internal { get; init; }
    public uint? Mtu { get; init; }
    /// <summary>Addresses of the subnet that are never handed out (--aux-address), by name.</summary>
    public IReadOnlyDictionary<string, string> AuxAddresses { get; init; } = new Dictionary<string, string>();
    /// <summary>Whether the subnet is masqueraded when it leaves through other interfaces (not internal, not -DisableMasquerade, not routed).</summary>
    public bool Masquerade { get; init; }
    /// <summary>Whether the network's containers can reach each other (false: -DisableIcc, Docker's enable_icc=false).</summary>
    public bool Icc { get; init; }
    /// <summary>The host address -Publish uses when it names none (null: every address).</summary>
    public string? HostBindingAddress { get; init; }
    /// <summary>nat or routed (bridge driver).</summary>
    public string? GatewayMode { get; init; }
    /// <summary>--label key=value pairs.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>The driver options in Docker's words (com.docker.network.bridge.name ...), as `docker network inspect` shows them.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
    /// <summary>The connected containers (the Containers of `docker network inspect`).</summary>
    public IReadOnlyList<ContainerEndpoint> Containers { get; init; } = [];
    /// <summary>How many containers are connected.</summary>
    public int Endpoints { get; init; }
    public ContainerNetworkStatus Status { get; init; }
    /// <summary>Why the network is broken, or null.</summary>
    public string? Problem { get; init; }
    public DateTimeOffset? Created { get; init; }

    public string ShortId => NetworkId.Length > 12 ? NetworkId[..12] : NetworkId;

    public override string ToString() => Network;
}
