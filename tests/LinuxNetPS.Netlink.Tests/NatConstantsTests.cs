using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.ConnectionTracking.Wire;
using LinuxNetPS.Model;
using LinuxNetPS.Nftables;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

/// <summary>
/// Every nf_tables number the library uses, compiled against the machine's kernel headers with
/// gcc and compared with our C# constants, so none of them is counted by hand.
/// </summary>
public class NatConstantsTests
{
    private static readonly (string C, long Ours)[] Numbers =
    {
        ("NFNL_SUBSYS_NFTABLES", Nfnl.SubsysNftables), ("NFNL_MSG_BATCH_BEGIN", Nfnl.MsgBatchBegin),
        ("NFNL_MSG_BATCH_END", Nfnl.MsgBatchEnd), ("NFNETLINK_V0", Nfnl.Version0), ("NFNL_BATCH_GENID", Nfnl.BatchGenId),
        ("NFT_MSG_NEWTABLE", NftMsg.NewTable), ("NFT_MSG_GETTABLE", NftMsg.GetTable), ("NFT_MSG_DELTABLE", NftMsg.DelTable),
        ("NFT_MSG_NEWCHAIN", NftMsg.NewChain), ("NFT_MSG_GETCHAIN", NftMsg.GetChain), ("NFT_MSG_DELCHAIN", NftMsg.DelChain),
        ("NFT_MSG_NEWRULE", NftMsg.NewRule), ("NFT_MSG_GETRULE", NftMsg.GetRule), ("NFT_MSG_DELRULE", NftMsg.DelRule),
        ("NFT_MSG_NEWGEN", NftMsg.NewGen), ("NFT_MSG_GETGEN", NftMsg.GetGen),
        ("NFTA_TABLE_NAME", NftaTable.Name), ("NFTA_TABLE_FLAGS", NftaTable.Flags), ("NFTA_TABLE_USE", NftaTable.Use),
        ("NFTA_TABLE_HANDLE", NftaTable.Handle),
        ("NFTA_CHAIN_TABLE", NftaChain.Table), ("NFTA_CHAIN_HANDLE", NftaChain.Handle), ("NFTA_CHAIN_NAME", NftaChain.Name),
        ("NFTA_CHAIN_HOOK", NftaChain.Hook), ("NFTA_CHAIN_POLICY", NftaChain.Policy), ("NFTA_CHAIN_USE", NftaChain.Use),
        ("NFTA_CHAIN_TYPE", NftaChain.Type), ("NFTA_HOOK_HOOKNUM", NftaHook.HookNum), ("NFTA_HOOK_PRIORITY", NftaHook.Priority),
        ("NFTA_RULE_TABLE", NftaRule.Table), ("NFTA_RULE_CHAIN", NftaRule.Chain), ("NFTA_RULE_HANDLE", NftaRule.Handle),
        ("NFTA_RULE_EXPRESSIONS", NftaRule.Expressions), ("NFTA_RULE_POSITION", NftaRule.Position),
        ("NFTA_RULE_USERDATA", NftaRule.UserData),
        ("NFTA_LIST_ELEM", NftaExpr.ListElem), ("NFTA_EXPR_NAME", NftaExpr.Name), ("NFTA_EXPR_DATA", NftaExpr.Data),
        ("NFTA_DATA_VALUE", NftaData.Value), ("NFTA_DATA_VERDICT", NftaData.Verdict),
        ("NFTA_IMMEDIATE_DREG", NftaImmediate.Dreg), ("NFTA_IMMEDIATE_DATA", NftaImmediate.Data),
        ("NFTA_META_DREG", NftaMeta.Dreg), ("NFTA_META_KEY", NftaMeta.Key), ("NFTA_META_SREG", NftaMeta.Sreg),
        ("NFT_META_IIFNAME", NftMetaKey.IifName), ("NFT_META_OIFNAME", NftMetaKey.OifName),
        ("NFT_META_NFPROTO", NftMetaKey.NfProto), ("NFT_META_L4PROTO", NftMetaKey.L4Proto),
        ("NFTA_CMP_SREG", NftaCmp.Sreg), ("NFTA_CMP_OP", NftaCmp.Op), ("NFTA_CMP_DATA", NftaCmp.Data),
        ("NFT_CMP_EQ", (long)NftCmpOp.Eq), ("NFT_CMP_NEQ", (long)NftCmpOp.Neq), ("NFT_CMP_LT", (long)NftCmpOp.Lt),
        ("NFT_CMP_LTE", (long)NftCmpOp.Lte), ("NFT_CMP_GT", (long)NftCmpOp.Gt), ("NFT_CMP_GTE", (long)NftCmpOp.Gte),
        ("NFTA_RANGE_SREG", NftaRange.Sreg), ("NFTA_RANGE_OP", NftaRange.Op), ("NFTA_RANGE_FROM_DATA", NftaRange.FromData),
        ("NFTA_RANGE_TO_DATA", NftaRange.ToData), ("NFT_RANGE_EQ", (long)NftRangeOp.Eq), ("NFT_RANGE_NEQ", (long)NftRangeOp.Neq),
        ("NFTA_PAYLOAD_DREG", NftaPayload.Dreg), ("NFTA_PAYLOAD_BASE", NftaPayload.Base),
        ("NFTA_PAYLOAD_OFFSET", NftaPayload.Offset), ("NFTA_PAYLOAD_LEN", NftaPayload.Len),
        ("NFT_PAYLOAD_LL_HEADER", (long)NftPayloadBase.LinkLayer), ("NFT_PAYLOAD_NETWORK_HEADER", (long)NftPayloadBase.Network),
        ("NFT_PAYLOAD_TRANSPORT_HEADER", (long)NftPayloadBase.Transport),
        ("NFTA_BITWISE_SREG", NftaBitwise.Sreg), ("NFTA_BITWISE_DREG", NftaBitwise.Dreg), ("NFTA_BITWISE_LEN", NftaBitwise.Len),
        ("NFTA_BITWISE_MASK", NftaBitwise.Mask), ("NFTA_BITWISE_XOR", NftaBitwise.Xor), ("NFTA_BITWISE_OP", NftaBitwise.Op),
        ("NFTA_NAT_TYPE", NftaNat.Type), ("NFTA_NAT_FAMILY", NftaNat.Family), ("NFTA_NAT_REG_ADDR_MIN", NftaNat.RegAddrMin),
        ("NFTA_NAT_REG_ADDR_MAX", NftaNat.RegAddrMax), ("NFTA_NAT_REG_PROTO_MIN", NftaNat.RegProtoMin),
        ("NFTA_NAT_REG_PROTO_MAX", NftaNat.RegProtoMax), ("NFTA_NAT_FLAGS", NftaNat.Flags),
        ("NFT_NAT_SNAT", (long)NftNatType.Snat), ("NFT_NAT_DNAT", (long)NftNatType.Dnat),
        ("NF_NAT_RANGE_MAP_IPS", NfNatRange.MapIps), ("NF_NAT_RANGE_PROTO_SPECIFIED", NfNatRange.ProtoSpecified),
        ("NFTA_MASQ_FLAGS", NftaMasq.Flags), ("NFTA_MASQ_REG_PROTO_MIN", NftaMasq.RegProtoMin),
        ("NFTA_MASQ_REG_PROTO_MAX", NftaMasq.RegProtoMax),
        ("NFTA_FIB_DREG", NftaFib.Dreg), ("NFTA_FIB_RESULT", NftaFib.Result), ("NFTA_FIB_FLAGS", NftaFib.Flags),
        ("NFT_FIB_RESULT_ADDRTYPE", NftaFib.ResultAddrType), ("NFTA_FIB_F_DADDR", NftaFib.FlagDaddr),
        ("NFTA_GEN_ID", NftaGen.Id), ("NFT_REG_VERDICT", NftReg.Verdict), ("NFT_REG_1", NftReg.R1), ("NFT_REG_2", NftReg.R2),
        ("NFPROTO_UNSPEC", NfProto.Unspec), ("NFPROTO_INET", NfProto.Inet), ("NFPROTO_IPV4", NfProto.IPv4),
        ("NFPROTO_ARP", NfProto.Arp), ("NFPROTO_NETDEV", NfProto.Netdev), ("NFPROTO_BRIDGE", NfProto.Bridge),
        ("NFPROTO_IPV6", NfProto.IPv6),
        ("NF_INET_PRE_ROUTING", NfInetHook.PreRouting), ("NF_INET_LOCAL_IN", NfInetHook.LocalIn),
        ("NF_INET_FORWARD", NfInetHook.Forward), ("NF_INET_LOCAL_OUT", NfInetHook.LocalOut),
        ("NF_INET_POST_ROUTING", NfInetHook.PostRouting), ("NF_DROP", NfVerdict.Drop), ("NF_ACCEPT", NfVerdict.Accept),
        ("NF_IP_PRI_NAT_DST", NfIpPriority.NatDst), ("NF_IP_PRI_FILTER", NfIpPriority.Filter), ("NF_IP_PRI_NAT_SRC", NfIpPriority.NatSrc),
        ("IPPROTO_TCP", NftValues.IpProtoTcp), ("IPPROTO_UDP", NftValues.IpProtoUdp), ("IPPROTO_SCTP", NftValues.IpProtoSctp), ("RTN_LOCAL", NftValues.RtnLocal),
        ("IFNAMSIZ", NftValues.IfNameSize),
        // ctnetlink (connection tracking, issue 22).
        ("NFNL_SUBSYS_CTNETLINK", Ctnl.SubsysCtnetlink), ("IPCTNL_MSG_CT_NEW", Ctnl.MsgNew), ("IPCTNL_MSG_CT_GET", Ctnl.MsgGet),
        ("IPCTNL_MSG_CT_DELETE", Ctnl.MsgDelete),
        ("CTA_TUPLE_ORIG", CtaAttr.TupleOrig), ("CTA_TUPLE_REPLY", CtaAttr.TupleReply), ("CTA_STATUS", CtaAttr.Status),
        ("CTA_PROTOINFO", CtaAttr.ProtoInfo), ("CTA_TIMEOUT", CtaAttr.Timeout), ("CTA_MARK", CtaAttr.Mark),
        ("CTA_COUNTERS_ORIG", CtaAttr.CountersOrig), ("CTA_COUNTERS_REPLY", CtaAttr.CountersReply), ("CTA_USE", CtaAttr.Use),
        ("CTA_ID", CtaAttr.Id), ("CTA_ZONE", CtaAttr.Zone),
        ("CTA_TUPLE_IP", CtaTuple.Ip), ("CTA_TUPLE_PROTO", CtaTuple.Proto), ("CTA_TUPLE_ZONE", CtaTuple.Zone),
        ("CTA_IP_V4_SRC", CtaIp.V4Src), ("CTA_IP_V4_DST", CtaIp.V4Dst), ("CTA_IP_V6_SRC", CtaIp.V6Src), ("CTA_IP_V6_DST", CtaIp.V6Dst),
        ("CTA_PROTO_NUM", CtaProto.Num), ("CTA_PROTO_SRC_PORT", CtaProto.SrcPort), ("CTA_PROTO_DST_PORT", CtaProto.DstPort),
        ("CTA_PROTO_ICMP_ID", CtaProto.IcmpId), ("CTA_PROTO_ICMP_TYPE", CtaProto.IcmpType), ("CTA_PROTO_ICMP_CODE", CtaProto.IcmpCode),
        ("CTA_PROTO_ICMPV6_ID", CtaProto.Icmpv6Id), ("CTA_PROTO_ICMPV6_TYPE", CtaProto.Icmpv6Type), ("CTA_PROTO_ICMPV6_CODE", CtaProto.Icmpv6Code),
        ("CTA_PROTOINFO_TCP", CtaProtoInfo.Tcp), ("CTA_PROTOINFO_TCP_STATE", CtaProtoInfo.TcpState),
        ("CTA_COUNTERS_PACKETS", CtaCounters.Packets), ("CTA_COUNTERS_BYTES", CtaCounters.Bytes),
        ("IPPROTO_ICMP", CtValues.IpProtoIcmp), ("IPPROTO_ICMPV6", CtValues.IpProtoIcmpv6), ("AF_INET", CtValues.AfInet), ("AF_INET6", CtValues.AfInet6),
        ("TCP_CONNTRACK_SYN_SENT", (long)ConnectionTrackingState.SynSent), ("TCP_CONNTRACK_SYN_RECV", (long)ConnectionTrackingState.SynReceived),
        ("TCP_CONNTRACK_ESTABLISHED", (long)ConnectionTrackingState.Established), ("TCP_CONNTRACK_FIN_WAIT", (long)ConnectionTrackingState.FinWait),
        ("TCP_CONNTRACK_CLOSE_WAIT", (long)ConnectionTrackingState.CloseWait), ("TCP_CONNTRACK_LAST_ACK", (long)ConnectionTrackingState.LastAck),
        ("TCP_CONNTRACK_TIME_WAIT", (long)ConnectionTrackingState.TimeWait), ("TCP_CONNTRACK_CLOSE", (long)ConnectionTrackingState.Close),
        ("TCP_CONNTRACK_SYN_SENT2", (long)ConnectionTrackingState.SynSent2),
        ("IPS_SEEN_REPLY", (long)ConnectionTrackingStatus.SeenReply), ("IPS_ASSURED", (long)ConnectionTrackingStatus.Assured),
        ("IPS_CONFIRMED", (long)ConnectionTrackingStatus.Confirmed), ("IPS_SRC_NAT", (long)ConnectionTrackingStatus.SourceNat),
        ("IPS_DST_NAT", (long)ConnectionTrackingStatus.DestinationNat), ("IPS_DYING", (long)ConnectionTrackingStatus.Dying),
        ("IPS_UNTRACKED", (long)ConnectionTrackingStatus.Untracked), ("IPS_HW_OFFLOAD", (long)ConnectionTrackingStatus.HardwareOffload),
        ("NFTA_CT_DREG", NftaCt.Dreg), ("NFTA_CT_KEY", NftaCt.Key), ("NFT_CT_STATE", NftaCt.KeyState), ("NFT_CT_STATUS", NftaCt.KeyStatus),
        ("IPS_DST_NAT", NfCtStatus.DstNat),
        ("IFLA_AF_SPEC", LinuxNetPS.Rtnetlink.IflaAfSpec.AfSpec), ("AF_INET", LinuxNetPS.Rtnetlink.IflaInetAttr.FamilyInet),
        ("IFLA_INET_CONF", LinuxNetPS.Rtnetlink.IflaInetAttr.Conf), ("IPV4_DEVCONF_ROUTE_LOCALNET", LinuxNetPS.Rtnetlink.IflaInetAttr.DevConfRouteLocalnet),
        ("IFLA_BRPORT_MODE", LinuxNetPS.Rtnetlink.IflaBrPortAttr.Mode), ("IFLA_INFO_SLAVE_KIND", LinuxNetPS.Rtnetlink.IflaInfoAttr.SlaveKind),
        ("IFLA_INFO_SLAVE_DATA", LinuxNetPS.Rtnetlink.IflaInfoAttr.SlaveData),
    };

    /// <summary>Every errno the library names (the Errno enum), checked against errno.h like the rest.</summary>
    private static readonly (string C, long Ours)[] Pairs =
        [.. Numbers, .. Enum.GetValues<LinuxNetPS.Errors.Errno>().Where(e => e != LinuxNetPS.Errors.Errno.None).Select(e => (e.ToString(), (long)e))];

    [Fact]
    public void Constants_MatchTheKernelHeaders()
    {
        var dir = Directory.CreateTempSubdirectory("lnt-nftconst-");
        try
        {
            var source = Path.Combine(dir.FullName, "c.c");
            var lines = new List<string>
            {
                "#include <stdio.h>", "#include <errno.h>", "#include <net/if.h>", "#include <netinet/in.h>",
                "#include <linux/rtnetlink.h>", "#include <linux/netfilter.h>", "#include <linux/netfilter_ipv4.h>",
                "#include <linux/netfilter/nfnetlink.h>", "#include <linux/netfilter/nf_tables.h>",
                "#include <linux/netfilter/nf_nat.h>", "#include <linux/netfilter/nfnetlink_conntrack.h>",
                "#include <linux/netfilter/nf_conntrack_common.h>", "#include <linux/netfilter/nf_conntrack_tcp.h>",
                "#include <linux/ip.h>", "#include <linux/if_bridge.h>", "int main(void) {",
            };
            lines.AddRange(Pairs.Select(p => $"  printf(\"%s=%ld\\n\", \"{p.C}\", (long)({p.C}));"));
            lines.Add("  return 0; }");
            File.WriteAllLines(source, lines);
            var exe = Path.Combine(dir.FullName, "c");
            var (code, _, err) = Ip.Exec("gcc", "-o", exe, source);
            Assert.True(code == 0, "gcc failed: " + err);
            var (runCode, output, _) = Ip.Exec(exe);
            Assert.Equal(0, runCode);
            var actual = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split('=')).DistinctBy(p => p[0]).ToDictionary(p => p[0], p => long.Parse(p[1]));
            var wrong = Pairs.Where(p => actual[p.C] != p.Ours).Select(p => $"{p.C}: header {actual[p.C]}, ours {p.Ours}").ToList();
            Assert.True(wrong.Count == 0, string.Join("; ", wrong));
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
