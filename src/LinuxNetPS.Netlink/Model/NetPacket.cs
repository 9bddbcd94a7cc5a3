using System.Net;

namespace LinuxNetPS.Model;

/// <summary>Which way a captured frame went, from the interface's point of view (sockaddr_ll.sll_pkttype).</summary>
public enum PacketDirection : byte
{
    /// <summary>PACKET_HOST: addressed to this interface.</summary>
    In = 0,
    Broadcast = 1,
    Multicast = 2,
    /// <summary>PACKET_OTHERHOST: addressed to someone else (seen in promiscuous mode, e.g. frames a bridge forwards).</summary>
    OtherHost = 3,
    /// <summary>PACKET_OUTGOING: sent by this interface.</summary>
    Out = 4,
}

/// <summary>One captured frame, decoded as far as Ethernet, ARP, IPv4/IPv6, ICMP/ICMPv6, TCP and UDP go.</summary>
public sealed record NetPacket
{
    public string? Namespace { get; init; }
    /// <summary>The interface it was captured on.</summary>
    public required string Interface { get; init; }
    public DateTime Timestamp { get; init; }
    public PacketDirection Direction { get; init; }
    /// <summary>The frame's length on the wire (<see cref="Data"/> holds what was captured of it). Not "Length", which System.Array's member would shadow on a list of packets.</summary>
    public int WireLength { get; init; }
    public string? SourceMac { get; init; }
    public string? DestinationMac { get; init; }
    /// <summary>The EtherType (0x0800 IPv4, 0x86dd IPv6, 0x0806 ARP ...), after any 802.1Q tags.</summary>
    public ushort EtherType { get; init; }
    /// <summary>The innermost protocol decoded: ARP, IPv4, IPv6, ICMP, ICMPv6, TCP, UDP, or the EtherType in hex.</summary>
    public required string Protocol { get; init; }
    public IPAddress? SourceAddress { get; init; }
    public IPAddress? DestinationAddress { get; init; }
    public int? SourcePort { get; init; }
    public int? DestinationPort { get; init; }
    public int? IcmpType { get; init; }
    public int? IcmpCode { get; init; }
    /// <summary>TCP flags in tcpdump's letters: S (SYN), F (FIN), R (RST), P (PSH), . (ACK), U (URG).</summary>
    public string? TcpFlags { get; init; }
    /// <summary>A one-line summary like tcpdump prints.</summary>
    public required string Summary { get; init; }
    /// <summary>The captured bytes, from the link-layer header on.</summary>
    public byte[] Data { get; init; } = [];

    public override string ToString() => Summary;
}
