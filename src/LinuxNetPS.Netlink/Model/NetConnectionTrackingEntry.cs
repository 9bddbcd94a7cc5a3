using System.Net;

namespace LinuxNetPS.Model;

/// <summary>The TCP state conntrack keeps for a connection (enum tcp_conntrack of linux/netfilter/nf_conntrack_tcp.h).</summary>
public enum ConnectionTrackingState : byte
{
    None = 0, SynSent = 1, SynReceived = 2, Established = 3, FinWait = 4, CloseWait = 5, LastAck = 6, TimeWait = 7, Close = 8,
    /// <summary>TCP_CONNTRACK_SYN_SENT2 (once TCP_CONNTRACK_LISTEN): a simultaneous open.</summary>
    SynSent2 = 9,
}

/// <summary>The status bits of a conntrack entry (enum ip_conntrack_status, IPS_*).</summary>
[Flags]
public enum ConnectionTrackingStatus : uint
{
    None = 0, Expected = 1, SeenReply = 2, Assured = 4, Confirmed = 8, SourceNat = 16, DestinationNat = 32, SequenceAdjust = 64,
    SourceNatDone = 128, DestinationNatDone = 256, Dying = 512, FixedTimeout = 1024, Template = 2048, Untracked = 4096,
    Helper = 8192, Offload = 16384, HardwareOffload = 32768,
}

/// <summary>
/// One connection the kernel tracks in a namespace (`conntrack -L`): the original direction (SourceAddress:SourcePort to
/// DestinationAddress:DestinationPort, as the first packet went) and the reply direction as the kernel expects it back
/// (after NAT, the reply comes from the real target: ReplySourceAddress differs from DestinationAddress).
/// </summary>
public sealed record NetConnectionTrackingEntry
{
    public string? Namespace { get; init; }
    public IPFamily Family { get; init; }
    /// <summary>tcp, udp, icmp, icmpv6, sctp, or the protocol number.</summary>
    public required string Protocol { get; init; }
    public byte ProtocolNumber { get; init; }
    /// <summary>The TCP state; null for other protocols.</summary>
    public ConnectionTrackingState? State { get; init; }
    public required IPAddress SourceAddress { get; init; }
    public required IPAddress DestinationAddress { get; init; }
    /// <summary>The ports of the original direction; null for protocols without ports (ICMP).</summary>
    public int? SourcePort { get; init; }
    public int? DestinationPort { get; init; }
    public required IPAddress ReplySourceAddress { get; init; }
    public required IPAddress ReplyDestinationAddress { get; init; }
    public int? ReplySourcePort { get; init; }
    public int? ReplyDestinationPort { get; init; }
    /// <summary>ICMP or ICMPv6 echo id, type and code of the original direction; null for other protocols.</summary>
    public int? IcmpId { get; init; }
    public int? IcmpType { get; init; }
    public int? IcmpCode { get; init; }
    public ConnectionTrackingStatus Status { get; init; }
    /// <summary>Seconds until the entry expires, unless traffic refreshes it.</summary>
    public uint? Timeout { get; init; }
    public uint Mark { get; init; }
    /// <summary>The conntrack zone (0 unless a rule puts traffic in another one).</summary>
    public ushort Zone { get; init; }
    /// <summary>The kernel's id of the entry (CTA_ID): with the tuple, what Remove-NetConnectionTracking deletes.</summary>
    public uint EntryId { get; init; }
    /// <summary>Packets and bytes per direction; null unless accounting is on (net.netfilter.nf_conntrack_acct=1).</summary>
    public ulong? Packets { get; init; }
    public ulong? Bytes { get; init; }
    public ulong? ReplyPackets { get; init; }
    public ulong? ReplyBytes { get; init; }

    /// <summary>The TCP state, or for other protocols Unreplied (no answer seen yet), Replied or Assured.</summary>
    public string StateText => State?.ToString()
        ?? ((Status & ConnectionTrackingStatus.SeenReply) == 0 ? "Unreplied" : (Status & ConnectionTrackingStatus.Assured) != 0 ? "Assured" : "Replied");

    /// <summary>"10.0.0.1:40000", "[fd00::1]:53" or, without ports, the address.</summary>
    public string SourceEndPoint => Format(SourceAddress, SourcePort);
    public string DestinationEndPoint => Format(DestinationAddress, DestinationPort);
    /// <summary>Where the reply comes from: the real target after destination NAT (a port forward).</summary>
    public string ReplyEndPoint => Format(ReplySourceAddress, ReplySourcePort);

    private static string Format(IPAddress address, int? port) =>
        port is null ? address.ToString()
        : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";

    public override string ToString() => $"{Protocol} {StateText} {SourceEndPoint} -> {DestinationEndPoint} (reply from {ReplyEndPoint})";
}
