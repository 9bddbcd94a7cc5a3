namespace LinuxNetPS.Model;

/// <summary>
/// One interface's IP configuration, in Windows' Get-NetIPConfiguration shape: its addresses by family, the default
/// gateways that leave through it, and the DNS servers of its namespace (resolv.conf as programs in it see it).
/// </summary>
public sealed record NetIPConfiguration
{
    public string? Namespace { get; init; }
    public required string InterfaceAlias { get; init; }
    public int InterfaceIndex { get; init; }
    /// <summary>The interface's alias text, or its kind (as NetLink.InterfaceDescription).</summary>
    public string? InterfaceDescription { get; init; }
    /// <summary>Up, Disconnected or Disabled (as NetLink.Status).</summary>
    public string? Status { get; init; }
    public IReadOnlyList<NetAddress> IPv4Address { get; init; } = [];
    /// <summary>IPv6 addresses other than link-local ones.</summary>
    public IReadOnlyList<NetAddress> IPv6Address { get; init; } = [];
    public IReadOnlyList<NetAddress> IPv6LinkLocalAddress { get; init; } = [];
    /// <summary>The IPv4 default routes through this interface.</summary>
    public IReadOnlyList<NetRoute> IPv4DefaultGateway { get; init; } = [];
    public IReadOnlyList<NetRoute> IPv6DefaultGateway { get; init; } = [];
    /// <summary>The name servers of the namespace's resolv.conf (/etc/netns/NAME/resolv.conf when it exists, else /etc/resolv.conf).</summary>
    public IReadOnlyList<string> DNSServer { get; init; } = [];

    public override string ToString() => InterfaceAlias;
}
