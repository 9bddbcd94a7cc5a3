namespace LinuxNetPS.Forwarding;

/// <summary>
/// One interface's per-family IP switches as /proc/sys/net shows them inside its namespace: net.ipv4.conf.NAME.forwarding,
/// and for IPv6 (when the kernel has it and it is not disabled on the interface) net.ipv6.conf.NAME.forwarding and .mtu.
/// </summary>
public sealed record InterfaceForwarding
{
    public required string Interface { get; init; }
    public bool IPv4 { get; init; }
    /// <summary>Whether IPv6 is on for the interface (the kernel has IPv6 and disable_ipv6 is 0).</summary>
    public bool IPv6Enabled { get; init; }
    public bool IPv6 { get; init; }
    /// <summary>net.ipv6.conf.NAME.mtu; null without IPv6.</summary>
    public uint? IPv6Mtu { get; init; }
}
