using System.Buffers.Binary;
using System.Net;
using System.Text;
using LinuxNetPS.Links;
using LinuxNetPS.Model;

namespace LinuxNetPS.Monitoring.Capture;

/// <summary>
/// Decodes a captured frame far enough to summarise and filter it: Ethernet (with 802.1Q tags), ARP,
/// IPv4, IPv6 (the first header's next header), ICMP, ICMPv6, TCP and UDP. Anything shorter than its
/// header is summarised as truncated, never thrown on: capture data comes from the wire.
/// </summary>
internal static class PacketDecoder
{
    public const ushort EtherIPv4 = 0x0800, EtherArp = 0x0806, EtherIPv6 = 0x86dd, EtherVlan = 0x8100, EtherQinQ = 0x88a8;
    public const byte ProtoIcmp = 1, ProtoTcp = 6, ProtoUdp = 17, ProtoIcmp6 = 58;

    /// <summary>The fields of one frame; <paramref name="ethernet"/> false for links without a link-layer header (tun: raw IP).</summary>
    public static NetPacket Decode(ReadOnlySpan<byte> frame, bool ethernet, int wireLength, string? ns, string iface, DateTime when, PacketDirection direction)
    {
        var p = new NetPacket { Namespace = ns, Interface = iface, Timestamp = when, Direction = direction, WireLength = wireLength, Protocol = "?", Summary = "", Data = frame.ToArray() };
        ushort etherType;
        ReadOnlySpan<byte> payload;
        if (ethernet)
        {
            if (frame.Length < 14) return p with { Protocol = "Ethernet", Summary = $"truncated frame, length {wireLength}" };
            p = p with { DestinationMac = MacAddressText.Format(frame[..6]), SourceMac = MacAddressText.Format(frame.Slice(6, 6)) };
            etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
            payload = frame[14..];
            while ((etherType == EtherVlan || etherType == EtherQinQ) && payload.Length >= 4)
            {
                etherType = BinaryPrimitives.ReadUInt16BigEndian(payload[2..]);
                payload = payload[4..];
            }
        }
        else
        {
            etherType = frame.Length > 0 && frame[0] >> 4 == 6 ? EtherIPv6 : EtherIPv4;
            payload = frame;
        }
        p = p with { EtherType = etherType };
        return etherType switch
        {
            EtherArp => Arp(p, payload),
            EtherIPv4 => IPv4(p, payload),
            EtherIPv6 => IPv6(p, payload),
            _ => p with { Protocol = $"0x{etherType:x4}", Summary = $"{p.SourceMac} > {p.DestinationMac}, ethertype 0x{etherType:x4}, length {wireLength}" },
        };
    }

    private static NetPacket Arp(NetPacket p, ReadOnlySpan<byte> a)
    {
        p = p with { Protocol = "ARP" };
        if (a.Length < 28 || a[4] != 6 || a[5] != 4) return p with { Summary = $"ARP, length {a.Length}" };
        ushort op = BinaryPrimitives.ReadUInt16BigEndian(a[6..]);
        var senderMac = MacAddressText.Format(a.Slice(8, 6));
        var sender = new IPAddress(a.Slice(14, 4));
        var target = new IPAddress(a.Slice(24, 4));
        p = p with { SourceAddress = sender, DestinationAddress = target };
        string text = op switch
        {
            1 => $"ARP, Request who-has {target} tell {sender}, length 28",
            2 => $"ARP, Reply {sender} is-at {senderMac}, length 28",
            _ => $"ARP, op {op}, length 28",
        };
        return p with { Summary = text };
    }

    private static NetPacket IPv4(NetPacket p, ReadOnlySpan<byte> ip)
    {
        p = p with { Protocol = "IPv4" };
        if (ip.Length < 20 || ip[0] >> 4 != 4) return p with { Summary = $"IP truncated, length {ip.Length}" };
        int headerLength = (ip[0] & 0x0f) * 4;
        int total = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        var src = new IPAddress(ip.Slice(12, 4));
        var dst = new IPAddress(ip.Slice(16, 4));
        p = p with { SourceAddress = src, DestinationAddress = dst };
        if (headerLength < 20 || ip.Length < headerLength) return p with { Summary = $"IP {src} > {dst}: truncated" };
        bool firstFragment = (BinaryPrimitives.ReadUInt16BigEndian(ip[6..]) & 0x1fff) == 0;
        var l4 = ip[headerLength..Math.Clamp(total, headerLength, ip.Length)];
        return Transport(p, "IP", ip[9], firstFragment ? l4 : ReadOnlySpan<byte>.Empty, src, dst);
    }

    private static NetPacket IPv6(NetPacket p, ReadOnlySpan<byte> ip)
    {
        p = p with { Protocol = "IPv6" };
        if (ip.Length < 40 || ip[0] >> 4 != 6) return p with { Summary = $"IP6 truncated, length {ip.Length}" };
        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
        var src = new IPAddress(ip.Slice(8, 16));
        var dst = new IPAddress(ip.Slice(24, 16));
        p = p with { SourceAddress = src, DestinationAddress = dst };
        byte next = ip[6];
        var rest = ip[40..Math.Min(ip.Length, 40 + payloadLength)];
        // Skip hop-by-hop, routing and destination options (MLD reports carry a hop-by-hop header).
        while (next is 0 or 43 or 60 && rest.Length >= 8)
        {
            int length = (rest[1] + 1) * 8;
            if (rest.Length < length) break;
            next = rest[0];
            rest = rest[length..];
        }
        return Transport(p, "IP6", next, rest, src, dst);
    }

    private static NetPacket Transport(NetPacket p, string ipWord, byte protocol, ReadOnlySpan<byte> l4, IPAddress src, IPAddress dst)
    {
        switch (protocol)
        {
            case ProtoTcp when l4.Length >= 20:
            {
                int sport = BinaryPrimitives.ReadUInt16BigEndian(l4), dport = BinaryPrimitives.ReadUInt16BigEndian(l4[2..]);
                uint seq = BinaryPrimitives.ReadUInt32BigEndian(l4[4..]);
                int dataOffset = (l4[12] >> 4) * 4;
                string flags = TcpFlagText(l4[13]);
                int length = Math.Max(0, l4.Length - dataOffset);
                return p with
                {
                    Protocol = "TCP", SourcePort = sport, DestinationPort = dport, TcpFlags = flags,
                    Summary = $"{ipWord} {Endpoint(src, sport)} > {Endpoint(dst, dport)}: Flags [{flags}], seq {seq}, length {length}",
                };
            }
            case ProtoUdp when l4.Length >= 8:
            {
                int sport = BinaryPrimitives.ReadUInt16BigEndian(l4), dport = BinaryPrimitives.ReadUInt16BigEndian(l4[2..]);
                int length = BinaryPrimitives.ReadUInt16BigEndian(l4[4..]) - 8;
                return p with
                {
                    Protocol = "UDP", SourcePort = sport, DestinationPort = dport,
                    Summary = $"{ipWord} {Endpoint(src, sport)} > {Endpoint(dst, dport)}: UDP, length {Math.Max(length, 0)}",
                };
            }
            case ProtoIcmp when l4.Length >= 8:
                return p with
                {
                    Protocol = "ICMP", IcmpType = l4[0], IcmpCode = l4[1],
                    Summary = $"{ipWord} {src} > {dst}: ICMP {IcmpText(l4)}, length {l4.Length}",
                };
            case ProtoIcmp6 when l4.Length >= 4:
                return p with
                {
                    Protocol = "ICMPv6", IcmpType = l4[0], IcmpCode = l4[1],
                    Summary = $"{ipWord} {src} > {dst}: ICMP6, {Icmp6Text(l4)}, length {l4.Length}",
                };
            default:
                string name = protocol switch { ProtoTcp => "TCP", ProtoUdp => "UDP", ProtoIcmp => "ICMP", ProtoIcmp6 => "ICMPv6", _ => $"ip-proto-{protocol}" };
                return p with { Protocol = name, Summary = $"{ipWord} {src} > {dst}: {name}, length {l4.Length}" };
        }
    }

    private static string Endpoint(IPAddress address, int port) => $"{address}.{port}";

    private static string IcmpText(ReadOnlySpan<byte> icmp)
    {
        string IdSeq(ReadOnlySpan<byte> m) => $"id {BinaryPrimitives.ReadUInt16BigEndian(m[4..])}, seq {BinaryPrimitives.ReadUInt16BigEndian(m[6..])}";
        return icmp[0] switch
        {
            8 => "echo request, " + IdSeq(icmp),
            0 => "echo reply, " + IdSeq(icmp),
            3 => "destination unreachable, code " + icmp[1],
            11 => "time exceeded in-transit",
            _ => $"type {icmp[0]}, code {icmp[1]}",
        };
    }

    private static string Icmp6Text(ReadOnlySpan<byte> icmp)
    {
        string IdSeq(ReadOnlySpan<byte> m) => m.Length >= 8 ? $", id {BinaryPrimitives.ReadUInt16BigEndian(m[4..])}, seq {BinaryPrimitives.ReadUInt16BigEndian(m[6..])}" : "";
        string Target(ReadOnlySpan<byte> m) => m.Length >= 24 ? $", who has {new IPAddress(m.Slice(8, 16))}" : "";
        return icmp[0] switch
        {
            128 => "echo request" + IdSeq(icmp),
            129 => "echo reply" + IdSeq(icmp),
            1 => "destination unreachable",
            133 => "router solicitation",
            134 => "router advertisement",
            135 => "neighbor solicitation" + Target(icmp),
            136 => "neighbor advertisement" + (icmp.Length >= 24 ? $", tgt is {new IPAddress(icmp.Slice(8, 16))}" : ""),
            143 => "multicast listener report v2",
            _ => $"type {icmp[0]}",
        };
    }

    /// <summary>tcpdump's spelling: S, F, R, P, U, and '.' for ACK, in that order.</summary>
    private static string TcpFlagText(byte flags)
    {
        var text = new StringBuilder();
        if ((flags & 0x02) != 0) text.Append('S');
        if ((flags & 0x01) != 0) text.Append('F');
        if ((flags & 0x04) != 0) text.Append('R');
        if ((flags & 0x08) != 0) text.Append('P');
        if ((flags & 0x20) != 0) text.Append('U');
        if ((flags & 0x10) != 0) text.Append('.');
        return text.Length == 0 ? "none" : text.ToString();
    }
}
