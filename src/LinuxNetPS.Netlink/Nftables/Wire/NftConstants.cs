namespace LinuxNetPS.Nftables.Wire;

// Numbers from linux/netfilter/nfnetlink.h, linux/netfilter/nf_tables.h, linux/netfilter.h,
// linux/netfilter/nf_nat.h and linux/netfilter_ipv4.h. Names follow the kernel's, in C# case.
// NftConstantsTests checks every value here against the headers with a small C program.

/// <summary>nfnetlink framing: message type = subsystem &lt;&lt; 8 | message.</summary>
public static class Nfnl
{
    public const byte SubsysNftables = 10; // NFNL_SUBSYS_NFTABLES
    public const ushort MsgBatchBegin = 0x10; // NFNL_MSG_BATCH_BEGIN (NLMSG_MIN_TYPE)
    public const ushort MsgBatchEnd = 0x11; // NFNL_MSG_BATCH_END
    public const byte Version0 = 0; // NFNETLINK_V0
    public const ushort BatchGenId = 1; // NFNL_BATCH_GENID

    /// <summary>The nlmsg_type of an nf_tables message.</summary>
    public static ushort Type(ushort nftMessage) => (ushort)((SubsysNftables << 8) | nftMessage);
}

/// <summary>NFT_MSG_* (enum nf_tables_msg_types).</summary>
public static class NftMsg
{
    public const ushort NewTable = 0, GetTable = 1, DelTable = 2, NewChain = 3, GetChain = 4, DelChain = 5,
        NewRule = 6, GetRule = 7, DelRule = 8, NewSet = 9, GetSet = 10, DelSet = 11, NewSetElem = 12, GetSetElem = 13, DelSetElem = 14,
        NewGen = 15, GetGen = 16;
}

/// <summary>NFTA_TABLE_*.</summary>
public static class NftaTable
{
    public const ushort Name = 1, Flags = 2, Use = 3, Handle = 4;
}

/// <summary>NFTA_CHAIN_*.</summary>
public static class NftaChain
{
    public const ushort Table = 1, Handle = 2, Name = 3, Hook = 4, Policy = 5, Use = 6, Type = 7;
}

/// <summary>NFTA_HOOK_* inside NFTA_CHAIN_HOOK.</summary>
public static class NftaHook
{
    public const ushort HookNum = 1, Priority = 2;
}

/// <summary>NFTA_RULE_*.</summary>
public static class NftaRule
{
    public const ushort Table = 1, Chain = 2, Handle = 3, Expressions = 4, Position = 6, UserData = 7;
}

/// <summary>NFTA_LIST_ELEM and NFTA_EXPR_*: a rule's expressions are a list of {name, data}.</summary>
public static class NftaExpr
{
    public const ushort ListElem = 1; // NFTA_LIST_ELEM
    public const ushort Name = 1, Data = 2; // NFTA_EXPR_NAME, NFTA_EXPR_DATA
}

/// <summary>NFTA_DATA_*.</summary>
public static class NftaData
{
    public const ushort Value = 1, Verdict = 2;
}

/// <summary>NFTA_IMMEDIATE_*.</summary>
public static class NftaImmediate
{
    public const ushort Dreg = 1, Data = 2;
}

/// <summary>NFTA_META_*.</summary>
public static class NftaMeta
{
    public const ushort Dreg = 1, Key = 2, Sreg = 3;
}

/// <summary>NFT_META_* keys (enum nft_meta_keys) we use.</summary>
public static class NftMetaKey
{
    public const uint IifName = 6, OifName = 7, NfProto = 15, L4Proto = 16;
}

/// <summary>NFTA_CMP_*.</summary>
public static class NftaCmp
{
    public const ushort Sreg = 1, Op = 2, Data = 3;
}

/// <summary>NFT_CMP_* (enum nft_cmp_ops).</summary>
public enum NftCmpOp : uint
{
    Eq = 0, Neq = 1, Lt = 2, Lte = 3, Gt = 4, Gte = 5,
}

/// <summary>NFTA_RANGE_*.</summary>
public static class NftaRange
{
    public const ushort Sreg = 1, Op = 2, FromData = 3, ToData = 4;
}

/// <summary>NFT_RANGE_* (enum nft_range_ops).</summary>
public enum NftRangeOp : uint
{
    Eq = 0, Neq = 1,
}

/// <summary>NFTA_PAYLOAD_*.</summary>
public static class NftaPayload
{
    public const ushort Dreg = 1, Base = 2, Offset = 3, Len = 4;
}

/// <summary>NFT_PAYLOAD_* header bases (enum nft_payload_bases).</summary>
public enum NftPayloadBase : uint
{
    LinkLayer = 0, Network = 1, Transport = 2,
}

/// <summary>NFTA_BITWISE_*.</summary>
public static class NftaBitwise
{
    public const ushort Sreg = 1, Dreg = 2, Len = 3, Mask = 4, Xor = 5, Op = 6;
}

/// <summary>NFTA_NAT_*.</summary>
public static class NftaNat
{
    public const ushort Type = 1, Family = 2, RegAddrMin = 3, RegAddrMax = 4, RegProtoMin = 5, RegProtoMax = 6, Flags = 7;
}

/// <summary>NFT_NAT_* (enum nft_nat_types).</summary>
public enum NftNatType : uint
{
    Snat = 0, Dnat = 1,
}

/// <summary>NF_NAT_RANGE_* flags (linux/netfilter/nf_nat.h).</summary>
public static class NfNatRange
{
    public const uint MapIps = 1, ProtoSpecified = 2;
}

/// <summary>NFTA_MASQ_*.</summary>
public static class NftaMasq
{
    public const ushort Flags = 1, RegProtoMin = 2, RegProtoMax = 3;
}

/// <summary>NFTA_FIB_*, NFT_FIB_RESULT_* and NFTA_FIB_F_*.</summary>
public static class NftaFib
{
    public const ushort Dreg = 1, Result = 2, Flags = 3;
    public const uint ResultAddrType = 3; // NFT_FIB_RESULT_ADDRTYPE
    public const uint FlagDaddr = 2; // NFTA_FIB_F_DADDR
}

/// <summary>NFTA_GEN_*.</summary>
public static class NftaGen
{
    public const ushort Id = 1;
}

/// <summary>NFT_REG_* (the 16-byte registers, as nft uses them).</summary>
public static class NftReg
{
    public const uint Verdict = 0, R1 = 1, R2 = 2;
}

/// <summary>NFPROTO_* (linux/netfilter.h): the family of a table, and nfgen_family.</summary>
public static class NfProto
{
    public const byte Unspec = 0, Inet = 1, IPv4 = 2, Arp = 3, Netdev = 5, Bridge = 7, IPv6 = 10;
}

/// <summary>NF_INET_* hooks (enum nf_inet_hooks).</summary>
public static class NfInetHook
{
    public const uint PreRouting = 0, LocalIn = 1, Forward = 2, LocalOut = 3, PostRouting = 4;
}

/// <summary>Verdicts used as chain policies (linux/netfilter.h).</summary>
public static class NfVerdict
{
    public const uint Drop = 0, Accept = 1;
}

/// <summary>Hook priorities (enum nf_ip_hook_priorities, linux/netfilter_ipv4.h).</summary>
public static class NfIpPriority
{
    public const int NatDst = -100, Filter = 0, NatSrc = 100;
}

/// <summary>Other kernel numbers the NAT rules compare against.</summary>
public static class NftValues
{
    public const byte IpProtoTcp = 6, IpProtoUdp = 17, IpProtoSctp = 132; // IPPROTO_* (linux/in.h)
    public const byte IpProtoIcmp = 1, IpProtoIcmpv6 = 58; // IPPROTO_ICMP, IPPROTO_ICMPV6
    public const uint RtnLocal = 2; // RTN_LOCAL (linux/rtnetlink.h), the fib addrtype of a local address
    public const int IfNameSize = 16; // IFNAMSIZ (linux/if.h)
}

/// <summary>NFTA_SET_*.</summary>
public static class NftaSet
{
    public const ushort Table = 1, Name = 2, Flags = 3, KeyType = 4, KeyLen = 5, DataType = 6, DataLen = 7, Policy = 8, Desc = 9, Id = 10, UserData = 13;
}

/// <summary>NFT_SET_* flags (enum nft_set_flags).</summary>
public static class NftSetFlags
{
    public const uint Anonymous = 0x1, Constant = 0x2, Interval = 0x4, Map = 0x8, Timeout = 0x10, Eval = 0x20;
}

/// <summary>NFTA_SET_ELEM_LIST_* (a NEWSETELEM/DELSETELEM message) and NFTA_SET_ELEM_* (one element).</summary>
public static class NftaSetElem
{
    public const ushort ListTable = 1, ListSet = 2, ListElements = 3, ListSetId = 4;
    public const ushort Key = 1, Data = 2, Flags = 3, UserData = 6;
    public const uint FlagIntervalEnd = 1; // NFT_SET_ELEM_INTERVAL_END
}

/// <summary>NFTA_LOOKUP_*.</summary>
public static class NftaLookup
{
    public const ushort Set = 1, Sreg = 2, Dreg = 3, SetId = 4, Flags = 5;
    public const uint FlagInvert = 1; // NFT_LOOKUP_F_INV
}

/// <summary>NFTA_CT_* and the keys we load (enum nft_ct_keys).</summary>
public static class NftaCt
{
    public const ushort Dreg = 1, Key = 2, Direction = 3, Sreg = 4;
    public const uint KeyState = 0; // NFT_CT_STATE
    public const uint KeyStatus = 2; // NFT_CT_STATUS (after NFT_CT_DIRECTION)
}

/// <summary>The conntrack status bits we match (linux/netfilter/nf_conntrack_common.h, enum ip_conntrack_status).</summary>
public static class NfCtStatus
{
    /// <summary>IPS_DST_NAT: the connection's destination was translated (a DNAT rule matched its first packet).</summary>
    public const uint DstNat = 1 << 5;
}

/// <summary>The ct state bits (linux/netfilter/nf_conntrack_common.h: NF_CT_STATE_BIT(IP_CT_*), NF_CT_STATE_INVALID_BIT).</summary>
public static class NfCtState
{
    public const uint Invalid = 1, Established = 2, Related = 4, New = 8, Untracked = 64;
}

/// <summary>NFTA_COUNTER_*.</summary>
public static class NftaCounter
{
    public const ushort Bytes = 1, Packets = 2;
}

/// <summary>NFTA_REJECT_* and the reject types (enum nft_reject_types) and codes we send.</summary>
public static class NftaReject
{
    public const ushort Type = 1, IcmpCode = 2;
    public const uint TypeIcmpUnreach = 0, TypeTcpRst = 1, TypeIcmpxUnreach = 2; // NFT_REJECT_ICMP_UNREACH, NFT_REJECT_TCP_RST, NFT_REJECT_ICMPX_UNREACH
    public const byte IcmpxPortUnreach = 1; // NFT_REJECT_ICMPX_PORT_UNREACH
    public const byte IcmpPortUnreach = 3, Icmpv6PortUnreach = 4; // ICMP_PORT_UNREACH (linux/icmp.h), ICMPV6_PORT_UNREACH (linux/icmpv6.h)
}

/// <summary>Set user data (libnftnl's NFTNL_UDATA_SET_*), as nft writes it, and nft's key types (datatype ids).</summary>
public static class NftSetUserData
{
    public const byte KeyByteOrder = 0; // NFTNL_UDATA_SET_KEYBYTEORDER
    public const uint BigEndian = 2; // BYTEORDER_BIG_ENDIAN
    public const byte ElemFlags = 1; // NFTNL_UDATA_SET_ELEM_FLAGS
    public const uint ElemIntervalOpen = 1; // NFTNL_SET_ELEM_F_INTERVAL_OPEN
    public const uint KeyTypeIPv4 = 7, KeyTypeIPv6 = 8; // nft's TYPE_IPADDR, TYPE_IP6ADDR
}
