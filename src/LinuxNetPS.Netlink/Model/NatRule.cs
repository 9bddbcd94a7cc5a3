using System.Net;

namespace LinuxNetPS.Model;

/// <summary>What a NAT rule does.</summary>
public enum NatRuleKind
{
    /// <summary>Source NAT to the address of the outgoing interface (iptables MASQUERADE).</summary>
    Masquerade,
    /// <summary>Source NAT to a fixed address (iptables SNAT).</summary>
    SourceNat,
    /// <summary>Destination NAT of a TCP/UDP port (iptables DNAT, Docker's -p).</summary>
    PortForward,
}

/// <summary>
/// A NAT rule LinuxNetPS made, read back from the kernel's nf_tables rules (table inet linuxnetps).
/// A port forward is two kernel rules with the same Id: one in prerouting for traffic arriving
/// from outside, one in output for connections made on the host itself.
/// </summary>
public sealed record NatRule
{
    public string? Namespace { get; init; }
    /// <summary>Stable identifier, also the rule's comment ("linuxnetps:ID"); derived from what the rule matches.</summary>
    public required string Id { get; init; }
    public NatRuleKind Kind { get; init; }
    public required IPFamily Family { get; init; }
    /// <summary>"tcp" or "udp" (port forwards).</summary>
    public string? Protocol { get; init; }
    /// <summary>Source prefix matched, e.g. "10.10.0.0/16"; null = any.</summary>
    public string? Source { get; init; }
    /// <summary>Destination address matched (port forwards); null = any address of this host.</summary>
    public IPAddress? Destination { get; init; }
    /// <summary>Destination port or range matched, "5000" or "8000-8010" (port forwards).</summary>
    public string? Port { get; init; }
    /// <summary>Only packets leaving through this interface.</summary>
    public string? OutInterface { get; init; }
    /// <summary>Only packets not leaving through this interface.</summary>
    public string? ExcludeOutInterface { get; init; }
    /// <summary>The new source (SourceNat) or destination (PortForward) address.</summary>
    public IPAddress? ToAddress { get; init; }
    /// <summary>The new destination port (PortForward); null = unchanged.</summary>
    public int? ToPort { get; init; }
    /// <summary>The nf_tables chain of the rule: postrouting or prerouting.</summary>
    public required string Chain { get; init; }
    /// <summary>The kernel's handle of the rule in <see cref="Chain"/>.</summary>
    public ulong Handle { get; init; }
    /// <summary>Port forwards: the handle of the companion rule in the output chain.</summary>
    public ulong? OutputHandle { get; init; }

    /// <summary>The rule in nft's words, e.g. "ip saddr 10.0.0.0/24 oifname != br0 masquerade".</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        string ip = Family.NftName();
        if (Source is not null) parts.Add($"{ip} saddr {Source}");
        if (Destination is not null) parts.Add($"{ip} daddr {Destination}");
        if (OutInterface is not null) parts.Add($"oifname {OutInterface}");
        if (ExcludeOutInterface is not null) parts.Add($"oifname != {ExcludeOutInterface}");
        if (Protocol is not null) parts.Add($"{Protocol} dport {Port}");
        string to = ToAddress is null ? "" : Family == IPFamily.IPv6 && ToPort is not null ? $"[{ToAddress}]" : ToAddress.ToString();
        if (ToPort is not null) to += $":{ToPort}";
        parts.Add(Kind switch
        {
            NatRuleKind.Masquerade => "masquerade",
            NatRuleKind.SourceNat => $"snat to {to}",
            _ => $"dnat to {to}",
        });
        return string.Join(' ', parts);
    }
}
