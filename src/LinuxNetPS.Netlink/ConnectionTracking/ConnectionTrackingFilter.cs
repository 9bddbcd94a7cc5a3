using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.ConnectionTracking;

/// <summary>
/// Which conntrack entries a listing, removal or flush is about, all on the original direction (as `conntrack -L -p udp
/// -s 10.0.0.1 --dport 53` reads them): every value given must match, a null one matches everything. Addresses may be
/// prefixes (10.0.0.0/24).
/// </summary>
public sealed record ConnectionTrackingFilter
{
    /// <summary>tcp, udp, icmp, icmpv6, sctp (any case) or a protocol number.</summary>
    public string? Protocol { get; init; }
    public IPFamily? Family { get; init; }
    public IPPrefix? SourceAddress { get; init; }
    public IPPrefix? DestinationAddress { get; init; }
    public int? SourcePort { get; init; }
    public int? DestinationPort { get; init; }
    /// <summary>TCP states; an entry of another protocol never matches a state.</summary>
    public IReadOnlyCollection<ConnectionTrackingState>? State { get; init; }
    public ushort? Zone { get; init; }

    /// <summary>Whether nothing is filtered (a flush of everything).</summary>
    public bool IsEmpty => this == new ConnectionTrackingFilter();

    /// <summary>Parses -SourceAddress / -DestinationAddress: an address or a prefix; anything else is InvalidAddress.</summary>
    public static IPPrefix AddressFilter(string text, string parameter)
    {
        if (IPPrefix.TryParse(text, out var prefix, false, null, out var problem)) return prefix.Network;
        throw NetOperationException.Invalid($"{parameter}: {problem}", text).WithErrorId(ErrorIds.InvalidAddress);
    }

    /// <summary>Checks -Protocol: a name conntrack knows or a number 0-255; anything else is InvalidProtocol.</summary>
    public static string CheckProtocol(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t is "tcp" or "udp" or "icmp" or "icmpv6" or "sctp" or "dccp" or "gre" or "udplite") return t;
        if (byte.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            return ConnectionTrackingParser.ProtocolName(n);
        throw NetOperationException.Invalid($"'{InputText.Echo(text)}' is not a protocol conntrack tracks; use tcp, udp, icmp, icmpv6, sctp, dccp, gre, udplite or a number from 0 to 255.", text)
            .WithErrorId(ErrorIds.InvalidProtocol);
    }

    public bool Matches(NetConnectionTrackingEntry e) =>
        (Protocol is null || string.Equals(Protocol, e.Protocol, StringComparison.OrdinalIgnoreCase))
        && (Family is null || Family == e.Family)
        && (SourceAddress is not { } s || s.Contains(e.SourceAddress))
        && (DestinationAddress is not { } d || d.Contains(e.DestinationAddress))
        && (SourcePort is null || SourcePort == e.SourcePort)
        && (DestinationPort is null || DestinationPort == e.DestinationPort)
        && (State is null || (e.State is { } state && State.Contains(state)))
        && (Zone is null || Zone == e.Zone);

    /// <summary>The filter in conntrack's words, for -WhatIf and messages ("-p udp --dport 53").</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Protocol is not null) parts.Add($"-p {Protocol}");
        if (Family is not null) parts.Add($"-f {Family}");
        if (SourceAddress is { } s) parts.Add($"-s {(s.PrefixLength == s.MaxLength ? s.Address : s)}");
        if (DestinationAddress is { } d) parts.Add($"-d {(d.PrefixLength == d.MaxLength ? d.Address : d)}");
        if (SourcePort is not null) parts.Add($"--sport {SourcePort}");
        if (DestinationPort is not null) parts.Add($"--dport {DestinationPort}");
        if (State is not null) parts.Add($"--state {string.Join(",", State)}");
        if (Zone is not null) parts.Add($"--zone {Zone}");
        return parts.Count == 0 ? "all entries" : string.Join(" ", parts);
    }
}
