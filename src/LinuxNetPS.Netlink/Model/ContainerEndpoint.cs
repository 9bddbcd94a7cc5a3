using System.Net;

namespace LinuxNetPS.Model;

/// <summary>
/// One container's attachment to a container network: its interface, address, gateway and published ports.
/// <see cref="Namespace"/> is the container's namespace (where the interface lives), so endpoints pipe into
/// Disconnect-ContainerNetwork and namespace cmdlets meaning that container.
/// </summary>
public sealed record ContainerEndpoint
{
    /// <summary>The container's namespace.</summary>
    public string? Namespace { get; init; }
    /// <summary>The network's name.</summary>
    public required string Network { get; init; }
    /// <summary>The namespace the network lives in (null = the host).</summary>
    public string? NetworkNamespace { get; init; }
    public required string Driver { get; init; }
    /// <summary>The interface in the container (eth0); null for the none network.</summary>
    public string? InterfaceName { get; init; }
    public IPAddress? IPAddress { get; init; }
    public int? PrefixLength { get; init; }
    public IPAddress? Gateway { get; init; }
    /// <summary>The IPv6 address (networks made with -IPv6), its prefix length and gateway.</summary>
    public IPAddress? IPv6Address { get; init; }
    public int? IPv6PrefixLength { get; init; }
    public IPAddress? GatewayV6 { get; init; }
    public string? MacAddress { get; init; }
    /// <summary>The host end of the veth (bridge driver), a port of the network's bridge.</summary>
    public string? HostInterface { get; init; }
    /// <summary>Published ports as "[hostIP:]hostPort:containerPort/protocol".</summary>
    public IReadOnlyList<string> Ports { get; init; } = [];
    /// <summary>More names of the container on this network (-Alias), besides its namespace's name.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
    /// <summary>The container's name servers and search domains (-Dns, -DnsSearch), in /etc/netns/NAME/resolv.conf.</summary>
    public IReadOnlyList<string> Dns { get; init; } = [];
    public IReadOnlyList<string> DnsSearch { get; init; } = [];

    /// <summary>The address with its prefix, e.g. 172.18.0.2/16.</summary>
    public string? Cidr => IPAddress is null ? null : $"{IPAddress}/{PrefixLength}";

    /// <summary>The IPv6 address with its prefix, e.g. fd00:1::2/64.</summary>
    public string? CidrV6 => IPv6Address is null ? null : $"{IPv6Address}/{IPv6PrefixLength}";

    public override string ToString() => $"{Namespace ?? "(host)"} on {Network}";
}
