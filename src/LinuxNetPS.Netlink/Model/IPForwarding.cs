namespace LinuxNetPS.Model;

/// <summary>Whether a namespace routes packets between its interfaces (net.ipv4.ip_forward, net.ipv6.conf.all.forwarding).</summary>
public sealed record IPForwarding
{
    public string? Namespace { get; init; }
    public bool IPv4 { get; init; }
    /// <summary>False also when IPv6 is disabled in the kernel.</summary>
    public bool IPv6 { get; init; }

    public override string ToString() => $"IPv4={(IPv4 ? "on" : "off")} IPv6={(IPv6 ? "on" : "off")}";
}
