namespace LinuxNetPS.ConnectionTracking.Wire;

// Numbers from linux/netfilter/nfnetlink.h, linux/netfilter/nfnetlink_conntrack.h, linux/netfilter/nf_conntrack_common.h
// and linux/netfilter/nf_conntrack_tcp.h, named after the kernel's names in C# case. NatConstantsTests compiles the
// headers and compares every value here.

/// <summary>ctnetlink framing: message type = NFNL_SUBSYS_CTNETLINK &lt;&lt; 8 | IPCTNL_MSG_CT_*.</summary>
public static class Ctnl
{
    public const byte SubsysCtnetlink = 1; // NFNL_SUBSYS_CTNETLINK
    public const ushort MsgNew = 0, MsgGet = 1, MsgDelete = 2; // IPCTNL_MSG_CT_NEW, _GET, _DELETE

    /// <summary>The nlmsg_type of a conntrack message.</summary>
    public static ushort Type(ushort message) => (ushort)((SubsysCtnetlink << 8) | message);
}

/// <summary>CTA_* (enum ctattr_type): the attributes of one conntrack entry.</summary>
public static class CtaAttr
{
    public const ushort TupleOrig = 1, TupleReply = 2, Status = 3, ProtoInfo = 4, Timeout = 7, Mark = 8,
        CountersOrig = 9, CountersReply = 10, Use = 11, Id = 12, Zone = 18;
}

/// <summary>CTA_TUPLE_* inside CTA_TUPLE_ORIG / CTA_TUPLE_REPLY.</summary>
public static class CtaTuple
{
    public const ushort Ip = 1, Proto = 2, Zone = 3;
}

/// <summary>CTA_IP_* inside CTA_TUPLE_IP.</summary>
public static class CtaIp
{
    public const ushort V4Src = 1, V4Dst = 2, V6Src = 3, V6Dst = 4;
}

/// <summary>CTA_PROTO_* inside CTA_TUPLE_PROTO.</summary>
public static class CtaProto
{
    public const ushort Num = 1, SrcPort = 2, DstPort = 3, IcmpId = 4, IcmpType = 5, IcmpCode = 6,
        Icmpv6Id = 7, Icmpv6Type = 8, Icmpv6Code = 9;
}

/// <summary>CTA_PROTOINFO_* and CTA_PROTOINFO_TCP_*.</summary>
public static class CtaProtoInfo
{
    public const ushort Tcp = 1; // CTA_PROTOINFO_TCP
    public const ushort TcpState = 1; // CTA_PROTOINFO_TCP_STATE
}

/// <summary>CTA_COUNTERS_* inside CTA_COUNTERS_ORIG / CTA_COUNTERS_REPLY (64-bit, big endian).</summary>
public static class CtaCounters
{
    public const ushort Packets = 1, Bytes = 2;
}

/// <summary>IPPROTO_* numbers conntrack entries carry, and the address families of nfgenmsg.</summary>
public static class CtValues
{
    public const byte IpProtoIcmp = 1, IpProtoTcp = 6, IpProtoUdp = 17, IpProtoIcmpv6 = 58, IpProtoSctp = 132;
    public const byte AfInet = 2, AfInet6 = 10;
}
