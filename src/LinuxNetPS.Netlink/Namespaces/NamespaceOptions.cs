namespace LinuxNetPS.Namespaces;

/// <summary>How a new namespace is set up before anything else happens in it.</summary>
public sealed record NamespaceOptions
{
    /// <summary>
    /// Turns IPv6 off in the new namespace (net.ipv6.conf.all and .default disable_ipv6 = 1, which covers lo
    /// and every link made there later) before any link exists. Links then send no IPv6 DAD, MLD or router
    /// solicitations when they come up; on a bridge with many ports that multicast is flooded to every port
    /// (about K² packets for K containers) and slows every later step. For labs and container networks that
    /// use IPv4 only. On a kernel without IPv6 there is nothing to turn off.
    /// </summary>
    public bool DisableIPv6 { get; init; }
}
