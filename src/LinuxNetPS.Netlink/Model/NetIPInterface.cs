namespace LinuxNetPS.Model;

/// <summary>Windows' word for a setting that is on or off (NetTCPIP's Forwarding, Dhcp ...).</summary>
public enum IPInterfaceSetting
{
    Disabled,
    Enabled,
}

/// <summary>Whether an interface can pass traffic: up with a carrier (Windows' ConnectionState).</summary>
public enum IPConnectionState
{
    Disconnected,
    Connected,
}

/// <summary>
/// One interface's IP settings for one address family, in Windows' NetIPInterface shape: the link's index, name and MTU,
/// the family's forwarding switch (net.ipv4.conf.NAME.forwarding, net.ipv6.conf.NAME.forwarding) and whether the link
/// is up with a carrier. The kernel has no DHCP client, so Dhcp is always Disabled.
/// </summary>
public sealed record NetIPInterface
{
    public string? Namespace { get; init; }
    public int InterfaceIndex { get; init; }
    public required string InterfaceAlias { get; init; }
    public IPFamily AddressFamily { get; init; }
    /// <summary>The MTU of this family on the interface (IPv4: the link's; IPv6: net.ipv6.conf.NAME.mtu).</summary>
    public uint NlMtu { get; init; }
    /// <summary>Whether packets arriving on this interface are routed on to others (for this family).</summary>
    public IPInterfaceSetting Forwarding { get; init; }
    /// <summary>Always Disabled: addresses come from the kernel's configuration, never from a DHCP client of the kernel.</summary>
    public IPInterfaceSetting Dhcp => IPInterfaceSetting.Disabled;
    public IPConnectionState ConnectionState { get; init; }

    public override string ToString() => $"{InterfaceAlias} {AddressFamily}";
}
