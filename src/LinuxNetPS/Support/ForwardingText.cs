using LinuxNetPS.Model;

namespace LinuxNetPS.Support;

/// <summary>The -WhatIf/-Confirm texts of the IP forwarding cmdlets.</summary>
public static class ForwardingText
{
    /// <summary>"IPv4 forwarding (net.ipv4.ip_forward) in the host namespace".</summary>
    public static string Target(IReadOnlyCollection<IPFamily> families, string? ns) =>
        (families.Contains(IPFamily.IPv4), families.Contains(IPFamily.IPv6)) switch
        {
            (true, false) => "IPv4 forwarding (net.ipv4.ip_forward)",
            (false, true) => "IPv6 forwarding (net.ipv6.conf.all.forwarding)",
            _ => "IPv4 and IPv6 forwarding (net.ipv4.ip_forward, net.ipv6.conf.all.forwarding)",
        } + $" in {TargetText.Where(ns)}";
}
