using System.Net;
using LinuxNetPS.ConnectionTracking.Wire;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Netlink;
using LinuxNetPS.Nftables.Wire;

namespace LinuxNetPS.ConnectionTracking;

/// <summary>
/// Reads one ctnetlink message (IPCTNL_MSG_CT_NEW, what a dump of the conntrack table answers with) into a
/// <see cref="NetConnectionTrackingEntry"/>: nfgenmsg, then CTA_TUPLE_ORIG / CTA_TUPLE_REPLY (each CTA_TUPLE_IP with the
/// addresses and CTA_TUPLE_PROTO with the protocol, ports or ICMP id/type/code), status, timeout, mark, zone, id, the TCP
/// state in CTA_PROTOINFO and the counters when accounting is on. Numbers are big endian, as ctnetlink sends them.
/// A message that is not a conntrack entry gives null; one without both tuples, or with unreadable attributes, is malformed.
/// </summary>
public static class ConnectionTrackingParser
{
    private const string What = "conntrack entry";

    /// <summary>The values of one tuple as read; nulls where the kernel sent nothing.</summary>
    private struct Tuple
    {
        public bool Seen;
        public IPAddress? Source, Destination;
        public byte? Protocol;
        public ushort? SourcePort, DestinationPort, IcmpId;
        public byte? IcmpType, IcmpCode;
    }

    public static NetConnectionTrackingEntry? Parse(in NetlinkMessage message, string? ns)
    {
        if (message.Type != Ctnl.Type(Ctnl.MsgNew)) return null;
        _ = message.Header<NfGenMsg>();
        Tuple original = default, reply = default;
        uint status = 0, mark = 0, id = 0;
        uint? timeout = null;
        ushort zone = 0;
        byte? tcpState = null;
        ulong? packets = null, bytes = null, replyPackets = null, replyBytes = null;

        var r = message.Attributes<NfGenMsg>();
        while (r.Next())
        {
            switch (r.Type)
            {
                case CtaAttr.TupleOrig: ReadTuple(r.Nested(), ref original); break;
                case CtaAttr.TupleReply: ReadTuple(r.Nested(), ref reply); break;
                case CtaAttr.Status: status = r.U32BigEndian(); break;
                case CtaAttr.Timeout: timeout = r.U32BigEndian(); break;
                case CtaAttr.Mark: mark = r.U32BigEndian(); break;
                case CtaAttr.Zone: zone = r.U16BigEndian(); break;
                case CtaAttr.Id: id = r.U32BigEndian(); break;
                case CtaAttr.ProtoInfo:
                    var info = r.Nested();
                    while (info.Next())
                    {
                        if (info.Type != CtaProtoInfo.Tcp) continue;
                        var tcp = info.Nested();
                        while (tcp.Next())
                            if (tcp.Type == CtaProtoInfo.TcpState) tcpState = tcp.U8();
                    }
                    break;
                case CtaAttr.CountersOrig: ReadCounters(r.Nested(), ref packets, ref bytes); break;
                case CtaAttr.CountersReply: ReadCounters(r.Nested(), ref replyPackets, ref replyBytes); break;
            }
        }
        r.ThrowIfMalformed(What);

        Check(original, "original");
        Check(reply, "reply");
        byte protocol = original.Protocol!.Value;
        bool icmp = protocol is CtValues.IpProtoIcmp or CtValues.IpProtoIcmpv6;
        return new NetConnectionTrackingEntry
        {
            Namespace = ns,
            Family = IPFamilies.Of(original.Source!),
            Protocol = ProtocolName(protocol),
            ProtocolNumber = protocol,
            State = protocol == CtValues.IpProtoTcp && tcpState is { } s ? (ConnectionTrackingState)s : null,
            SourceAddress = original.Source!,
            DestinationAddress = original.Destination!,
            SourcePort = icmp ? null : original.SourcePort,
            DestinationPort = icmp ? null : original.DestinationPort,
            ReplySourceAddress = reply.Source!,
            ReplyDestinationAddress = reply.Destination!,
            ReplySourcePort = icmp ? null : reply.SourcePort,
            ReplyDestinationPort = icmp ? null : reply.DestinationPort,
            IcmpId = icmp ? original.IcmpId : null,
            IcmpType = icmp ? original.IcmpType : null,
            IcmpCode = icmp ? original.IcmpCode : null,
            Status = (ConnectionTrackingStatus)status,
            Timeout = timeout,
            Mark = mark,
            Zone = zone,
            EntryId = id,
            Packets = packets,
            Bytes = bytes,
            ReplyPackets = replyPackets,
            ReplyBytes = replyBytes,
        };
    }

    /// <summary>A tuple must carry both addresses, of one family, and its protocol.</summary>
    private static void Check(in Tuple tuple, string direction)
    {
        if (!tuple.Seen) throw new MalformedMessageException(What, $"it has no {direction} tuple");
        if (tuple.Source is null || tuple.Destination is null) throw new MalformedMessageException(What, $"its {direction} tuple lacks an address");
        if (tuple.Source.AddressFamily != tuple.Destination.AddressFamily)
            throw new MalformedMessageException(What, $"its {direction} tuple mixes an IPv4 and an IPv6 address");
        if (tuple.Protocol is null) throw new MalformedMessageException(What, $"its {direction} tuple has no protocol");
    }

    private static void ReadTuple(AttributeReader r, ref Tuple tuple)
    {
        tuple.Seen = true;
        while (r.Next())
        {
            switch (r.Type)
            {
                case CtaTuple.Ip:
                    var ip = r.Nested();
                    while (ip.Next())
                    {
                        switch (ip.Type)
                        {
                            case CtaIp.V4Src or CtaIp.V6Src: tuple.Source = Address(ref ip, ip.Type == CtaIp.V4Src ? 4 : 16); break;
                            case CtaIp.V4Dst or CtaIp.V6Dst: tuple.Destination = Address(ref ip, ip.Type == CtaIp.V4Dst ? 4 : 16); break;
                        }
                    }
                    break;
                case CtaTuple.Proto:
                    var proto = r.Nested();
                    while (proto.Next())
                    {
                        switch (proto.Type)
                        {
                            case CtaProto.Num: tuple.Protocol = proto.U8(); break;
                            case CtaProto.SrcPort: tuple.SourcePort = proto.U16BigEndian(); break;
                            case CtaProto.DstPort: tuple.DestinationPort = proto.U16BigEndian(); break;
                            case CtaProto.IcmpId or CtaProto.Icmpv6Id: tuple.IcmpId = proto.U16BigEndian(); break;
                            case CtaProto.IcmpType or CtaProto.Icmpv6Type: tuple.IcmpType = proto.U8(); break;
                            case CtaProto.IcmpCode or CtaProto.Icmpv6Code: tuple.IcmpCode = proto.U8(); break;
                        }
                    }
                    break;
            }
        }
    }

    /// <summary>An address attribute of exactly the size its type says (4 for CTA_IP_V4_*, 16 for CTA_IP_V6_*).</summary>
    private static IPAddress? Address(ref AttributeReader r, int size)
    {
        if (r.Data.Length == size) return r.Address();
        r.Fail($"attribute {r.Type} has {r.Data.Length} bytes, expected an address of {size}");
        return null;
    }

    private static void ReadCounters(AttributeReader r, ref ulong? packets, ref ulong? bytes)
    {
        while (r.Next())
        {
            if (r.Type == CtaCounters.Packets) packets = r.U64BigEndian();
            else if (r.Type == CtaCounters.Bytes) bytes = r.U64BigEndian();
        }
    }

    /// <summary>The protocol's usual name (as conntrack prints it), or its number.</summary>
    public static string ProtocolName(byte protocol) => protocol switch
    {
        CtValues.IpProtoTcp => "tcp",
        CtValues.IpProtoUdp => "udp",
        CtValues.IpProtoIcmp => "icmp",
        CtValues.IpProtoIcmpv6 => "icmpv6",
        CtValues.IpProtoSctp => "sctp",
        33 => "dccp",
        47 => "gre",
        136 => "udplite",
        _ => protocol.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
