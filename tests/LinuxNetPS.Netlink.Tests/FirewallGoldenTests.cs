using System.Net.Sockets;
using LinuxNetPS.Model;
using LinuxNetPS.Netlink;
using LinuxNetPS.Nftables;
using LinuxNetPS.Nftables.Expressions;
using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Tests;

/// <summary>
/// Golden bytes of the firewall: the nf_tables messages nft 1.0.6 sent for the same rules, sets, set elements and chains,
/// captured with <c>strace -f -e trace=sendmsg -e write=3 nft '...'</c> in a throw-away namespace holding table inet
/// linuxnetps with chains input, filter-output and forward and sets blocked (ipv4_addr) and blocked6 (ipv6_addr).
/// Our encoder must write nft's bytes, and our parser must read nft's bytes back into the same rule.
/// </summary>
public class FirewallGoldenTests
{
    public sealed record Case(string Chain, string NftRule, FirewallRuleRequest Request, string Hex)
    {
        public override string ToString() => $"{Chain}: {NftRule}";
    }

    private static AddressFamily? SetFamily(string set) => set.EndsWith('6') ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    public static readonly Case[] Cases =
    {
        new("input", "meta l4proto tcp th dport 8000 counter accept",
            new() { Name = "g", Protocol = "TCP", LocalPort = ["8000"] },
            "010000000f0001006c696e75786e6574707300000a000200696e707574000000f800048024000180090001006d657461"
            + "0000000014000280080002000000001008000100000000012c00018008000100636d7000200002800800010000000001"
            + "08000200000000000c0003800500010006000000340001800c0001007061796c6f616400240002800800010000000001"
            + "0800020000000002080003000000000208000400000000022c00018008000100636d7000200002800800010000000001"
            + "08000200000000000c000380060001001f400000140001800c000100636f756e7465720004000280300001800e000100"
            + "696d6d6564696174650000001c0002800800010000000000100002800c00028008000100000000011800070000126c69"
            + "6e75786e657470733a676f6c64656e00"),
        new("input", "meta nfproto ipv4 ip saddr 10.1.0.0/16 meta l4proto tcp th sport 1000-2000 counter drop",
            new() { Name = "g", Action = FirewallAction.Block, RemoteAddress = ["10.1.0.0/16"], Protocol = "tcp", RemotePort = ["1000-2000"] },
            "010000000f0001006c696e75786e6574707300000a000200696e707574000000d401048024000180090001006d657461"
            + "0000000014000280080002000000000f08000100000000012c00018008000100636d7000200002800800010000000001"
            + "08000200000000000c0003800500010002000000340001800c0001007061796c6f616400240002800800010000000001"
            + "0800020000000001080003000000000c08000400000000022c00018008000100636d7000200002800800010000000001"
            + "08000200000000000c000380060001000a01000024000180090001006d65746100000000140002800800020000000010"
            + "08000100000000012c00018008000100636d700020000280080001000000000108000200000000000c00038005000100"
            + "06000000340001800c0001007061796c6f61640024000280080001000000000108000200000000020800030000000000"
            + "08000400000000022c00018008000100636d700020000280080001000000000108000200000000050c00038006000100"
            + "03e800002c00018008000100636d700020000280080001000000000108000200000000030c0003800600010007d00000"
            + "140001800c000100636f756e7465720004000280300001800e000100696d6d6564696174650000001c00028008000100"
            + "00000000100002800c00028008000100000000001800070000126c696e75786e657470733a676f6c64656e00"),
        new("input", "ct state established,related counter accept",
            new() { Name = "g", ConnectionState = ["Established", "Related"] },
            "010000000f0001006c696e75786e6574707300000a000200696e707574000000d8000480200001800700010063740000"
            + "1400028008000200000000000800010000000001440001800c0001006269747769736500340002800800010000000001"
            + "080002000000000108000300000000040c00048008000100060000000c00058008000100000000002c00018008000100"
            + "636d700020000280080001000000000108000200000000010c0003800800010000000000140001800c000100636f756e"
            + "7465720004000280300001800e000100696d6d6564696174650000001c0002800800010000000000100002800c000280"
            + "08000100000000011800070000126c696e75786e657470733a676f6c64656e00"),
        new("input", "meta l4proto icmp icmp type echo-request counter reject",
            new() { Name = "g", Action = FirewallAction.Reject, Protocol = "ICMPv4", IcmpType = ["echo-request"] },
            "010000000f0001006c696e75786e6574707300000a000200696e707574000000ec00048024000180090001006d657461"
            + "0000000014000280080002000000001008000100000000012c00018008000100636d7000200002800800010000000001"
            + "08000200000000000c0003800500010001000000340001800c0001007061796c6f616400240002800800010000000001"
            + "0800020000000002080003000000000008000400000000012c00018008000100636d7000200002800800010000000001"
            + "08000200000000000c0003800500010008000000140001800c000100636f756e7465720004000280240001800b000100"
            + "72656a656374000014000280080001000000000205000200010000001800070000126c696e75786e657470733a676f6c"
            + "64656e00"),
        new("input", "meta nfproto ipv4 ip saddr @blocked counter drop",
            new() { Name = "g", Action = FirewallAction.Block, RemoteAddressSet = "blocked" },
            "010000000f0001006c696e75786e6574707300000a000200696e707574000000fc00048024000180090001006d657461"
            + "0000000014000280080002000000000f08000100000000012c00018008000100636d7000200002800800010000000001"
            + "08000200000000000c0003800500010002000000340001800c0001007061796c6f616400240002800800010000000001"
            + "0800020000000001080003000000000c0800040000000004300001800b0001006c6f6f6b757000002000028008000200"
            + "000000010c000100626c6f636b6564000800040000000001140001800c000100636f756e746572000400028030000180"
            + "0e000100696d6d6564696174650000001c0002800800010000000000100002800c000280080001000000000018000700"
            + "00126c696e75786e657470733a676f6c64656e00"),
        new("input", "iifname \"veth0\" meta l4proto tcp counter reject with tcp reset",
            new() { Name = "g", Action = FirewallAction.Reject, InterfaceAlias = "veth0", Protocol = "TCP" },
            "010000000f0001006c696e75786e6574707300000a000200696e707574000000e800048024000180090001006d657461"
            + "0000000014000280080002000000000608000100000000013800018008000100636d70002c0002800800010000000001"
            + "080002000000000018000380140001007665746830000000000000000000000024000180090001006d65746100000000"
            + "14000280080002000000001008000100000000012c00018008000100636d700020000280080001000000000108000200"
            + "000000000c0003800500010006000000140001800c000100636f756e7465720004000280240001800b00010072656a65"
            + "6374000014000280080001000000000105000200000000001800070000126c696e75786e657470733a676f6c64656e00"),
        new("filter-output", "meta nfproto ipv6 ip6 daddr fd00::/64 oifname \"eth1\" meta l4proto udp th dport 53 counter accept",
            new() { Name = "g", Direction = FirewallDirection.Outbound, RemoteAddress = ["fd00::/64"], InterfaceAlias = "eth1", Protocol = "UDP", RemotePort = ["53"] },
            "010000000f0001006c696e75786e6574707300001200020066696c7465722d6f75747075740000000802048024000180"
            + "090001006d6574610000000014000280080002000000000f08000100000000012c00018008000100636d700020000280"
            + "080001000000000108000200000000000c000380050001000a000000340001800c0001007061796c6f61640024000280"
            + "08000100000000010800020000000001080003000000001808000400000000083000018008000100636d700024000280"
            + "08000100000000010800020000000000100003800c000100fd0000000000000024000180090001006d65746100000000"
            + "14000280080002000000000708000100000000013800018008000100636d70002c000280080001000000000108000200"
            + "0000000018000380140001006574683100000000000000000000000024000180090001006d6574610000000014000280"
            + "080002000000001008000100000000012c00018008000100636d70002000028008000100000000010800020000000000"
            + "0c0003800500010011000000340001800c0001007061796c6f6164002400028008000100000000010800020000000002"
            + "080003000000000208000400000000022c00018008000100636d70002000028008000100000000010800020000000000"
            + "0c0003800600010000350000140001800c000100636f756e7465720004000280300001800e000100696d6d6564696174"
            + "650000001c0002800800010000000000100002800c00028008000100000000011800070000126c696e75786e65747073"
            + "3a676f6c64656e00"),
        new("input", "meta nfproto ipv6 ip6 saddr @blocked6 meta l4proto ipv6-icmp icmpv6 type echo-request ct state new counter drop",
            new() { Name = "g", Action = FirewallAction.Block, RemoteAddressSet = "blocked6", Protocol = "ICMPv6", IcmpType = ["echo-request"], ConnectionState = ["New"] },
            "010000000f0001006c696e75786e6574707300000a000200696e7075740000004002048024000180090001006d657461"
            + "0000000014000280080002000000000f08000100000000012c00018008000100636d7000200002800800010000000001"
            + "08000200000000000c000380050001000a000000340001800c0001007061796c6f616400240002800800010000000001"
            + "080002000000000108000300000000080800040000000010340001800b0001006c6f6f6b757000002400028008000200"
            + "000000010d000100626c6f636b65643600000000080004000000000224000180090001006d6574610000000014000280"
            + "080002000000001008000100000000012c00018008000100636d70002000028008000100000000010800020000000000"
            + "0c000380050001003a000000340001800c0001007061796c6f6164002400028008000100000000010800020000000002"
            + "080003000000000008000400000000012c00018008000100636d70002000028008000100000000010800020000000000"
            + "0c0003800500010080000000200001800700010063740000140002800800020000000000080001000000000144000180"
            + "0c0001006269747769736500340002800800010000000001080002000000000108000300000000040c00048008000100"
            + "080000000c00058008000100000000002c00018008000100636d70002000028008000100000000010800020000000001"
            + "0c0003800800010000000000140001800c000100636f756e7465720004000280300001800e000100696d6d6564696174"
            + "650000001c0002800800010000000000100002800c00028008000100000000001800070000126c696e75786e65747073"
            + "3a676f6c64656e00"),
        new("input", "meta nfproto ipv4 ip daddr 10.2.3.4 meta l4proto udp th sport 53 th dport 5000-5010 counter reject",
            new() { Name = "g", Action = FirewallAction.Reject, LocalAddress = ["10.2.3.4"], Protocol = "UDP", RemotePort = ["53"], LocalPort = ["5000-5010"] },
            "010000000f0001006c696e75786e6574707300000a000200696e7075740000002802048024000180090001006d657461"
            + "0000000014000280080002000000000f08000100000000012c00018008000100636d7000200002800800010000000001"
            + "08000200000000000c0003800500010002000000340001800c0001007061796c6f616400240002800800010000000001"
            + "0800020000000001080003000000001008000400000000042c00018008000100636d7000200002800800010000000001"
            + "08000200000000000c000380080001000a02030424000180090001006d65746100000000140002800800020000000010"
            + "08000100000000012c00018008000100636d700020000280080001000000000108000200000000000c00038005000100"
            + "11000000340001800c0001007061796c6f61640024000280080001000000000108000200000000020800030000000000"
            + "08000400000000022c00018008000100636d700020000280080001000000000108000200000000000c00038006000100"
            + "00350000340001800c0001007061796c6f61640024000280080001000000000108000200000000020800030000000002"
            + "08000400000000022c00018008000100636d700020000280080001000000000108000200000000050c00038006000100"
            + "138800002c00018008000100636d700020000280080001000000000108000200000000030c0003800600010013920000"
            + "140001800c000100636f756e7465720004000280240001800b00010072656a6563740000140002800800010000000000"
            + "05000200030000001800070000126c696e75786e657470733a676f6c64656e00"),
        new("forward", "meta nfproto ipv4 ip saddr 10.0.0.0/8 ip daddr 192.168.1.10 iifname \"br0\" meta l4proto tcp th dport 80 counter drop",
            new() { Name = "g", Direction = FirewallDirection.Forward, Action = FirewallAction.Block, RemoteAddress = ["10.0.0.0/8"], LocalAddress = ["192.168.1.10"], InterfaceAlias = "br0", Protocol = "TCP", LocalPort = ["80"] },
            "010000000f0001006c696e75786e6574707300000c000200666f7277617264006402048024000180090001006d657461"
            + "0000000014000280080002000000000f08000100000000012c00018008000100636d7000200002800800010000000001"
            + "08000200000000000c0003800500010002000000340001800c0001007061796c6f616400240002800800010000000001"
            + "0800020000000001080003000000000c08000400000000012c00018008000100636d7000200002800800010000000001"
            + "08000200000000000c000380050001000a000000340001800c0001007061796c6f616400240002800800010000000001"
            + "0800020000000001080003000000001008000400000000042c00018008000100636d7000200002800800010000000001"
            + "08000200000000000c00038008000100c0a8010a24000180090001006d65746100000000140002800800020000000006"
            + "08000100000000013800018008000100636d70002c000280080001000000000108000200000000001800038014000100"
            + "6272300000000000000000000000000024000180090001006d6574610000000014000280080002000000001008000100"
            + "000000012c00018008000100636d700020000280080001000000000108000200000000000c0003800500010006000000"
            + "340001800c0001007061796c6f6164002400028008000100000000010800020000000002080003000000000208000400"
            + "000000022c00018008000100636d700020000280080001000000000108000200000000000c0003800600010000500000"
            + "140001800c000100636f756e7465720004000280300001800e000100696d6d6564696174650000001c00028008000100"
            + "00000000100002800c00028008000100000000001800070000126c696e75786e657470733a676f6c64656e00"),
        // Both interfaces of a forwarded packet (-InterfaceAlias, -OutInterface), and the outgoing one alone.
        new("forward", "iifname \"br0\" oifname \"veth1\" meta l4proto tcp th dport 80 counter drop",
            new() { Name = "g", Direction = FirewallDirection.Forward, Action = FirewallAction.Block, InterfaceAlias = "br0", OutInterfaceAlias = "veth1", Protocol = "TCP", LocalPort = ["80"] },
            "010000000f0001006c696e75786e6574707300000c000200666f727761726400b001048024000180090001006d657461"
            + "0000000014000280080002000000000608000100000000013800018008000100636d70002c0002800800010000000001"
            + "080002000000000018000380140001006272300000000000000000000000000024000180090001006d65746100000000"
            + "14000280080002000000000708000100000000013800018008000100636d70002c000280080001000000000108000200"
            + "0000000018000380140001007665746831000000000000000000000024000180090001006d6574610000000014000280"
            + "080002000000001008000100000000012c00018008000100636d70002000028008000100000000010800020000000000"
            + "0c0003800500010006000000340001800c0001007061796c6f6164002400028008000100000000010800020000000002"
            + "080003000000000208000400000000022c00018008000100636d70002000028008000100000000010800020000000000"
            + "0c0003800600010000500000140001800c000100636f756e7465720004000280300001800e000100696d6d6564696174"
            + "650000001c0002800800010000000000100002800c00028008000100000000001800070000126c696e75786e65747073"
            + "3a676f6c64656e00"),
        new("forward", "oifname \"veth1\" counter drop",
            new() { Name = "g", Direction = FirewallDirection.Forward, Action = FirewallAction.Block, OutInterfaceAlias = "veth1" },
            "010000000f0001006c696e75786e6574707300000c000200666f727761726400a400048024000180090001006d657461"
            + "0000000014000280080002000000000708000100000000013800018008000100636d70002c0002800800010000000001"
            + "0800020000000000180003801400010076657468310000000000000000000000140001800c000100636f756e74657200"
            + "04000280300001800e000100696d6d6564696174650000001c0002800800010000000000100002800c00028008000100"
            + "000000001800070000126c696e75786e657470733a676f6c64656e00"),
        new("forward", "meta nfproto ipv4 ip saddr 10.0.0.0/8 iifname \"br0\" oifname \"eth1\" meta l4proto udp counter accept",
            new() { Name = "g", Direction = FirewallDirection.Forward, RemoteAddress = ["10.0.0.0/8"], InterfaceAlias = "br0", OutInterfaceAlias = "eth1", Protocol = "UDP" },
            "010000000f0001006c696e75786e6574707300000c000200666f7277617264000002048024000180090001006d657461"
            + "0000000014000280080002000000000f08000100000000012c00018008000100636d7000200002800800010000000001"
            + "08000200000000000c0003800500010002000000340001800c0001007061796c6f616400240002800800010000000001"
            + "0800020000000001080003000000000c08000400000000012c00018008000100636d7000200002800800010000000001"
            + "08000200000000000c000380050001000a00000024000180090001006d65746100000000140002800800020000000006"
            + "08000100000000013800018008000100636d70002c000280080001000000000108000200000000001800038014000100"
            + "6272300000000000000000000000000024000180090001006d6574610000000014000280080002000000000708000100"
            + "000000013800018008000100636d70002c00028008000100000000010800020000000000180003801400010065746831"
            + "00000000000000000000000024000180090001006d657461000000001400028008000200000000100800010000000001"
            + "2c00018008000100636d700020000280080001000000000108000200000000000c000380050001001100000014000180"
            + "0c000100636f756e7465720004000280300001800e000100696d6d6564696174650000001c0002800800010000000000"
            + "100002800c00028008000100000000011800070000126c696e75786e657470733a676f6c64656e00"),
    };

    public static IEnumerable<object[]> CaseData() => Cases.Select(c => new object[] { c });

    [Theory]
    [MemberData(nameof(CaseData))]
    public void Encoder_WritesTheBytesNftWrites(Case c)
    {
        var definition = c.Request.ToDefinition();
        Assert.Equal(c.Chain, definition.Chain.Name);
        var match = Assert.Single(definition.Expand(SetFamily));
        // nft also names the set by its own transaction id of it (1 for blocked, 2 for blocked6, in the order it listed them);
        // the kernel looks the name up first, so we send the name only and put nft's id in for the comparison.
        var expressions = FirewallRuleCompiler.Compile(match)
            .Select(e => e is LookupExpression l ? l with { SetId = l.Set == "blocked6" ? 2u : 1u } : e).ToList();
        Assert.Equal(c.Hex, Hex(w => NftMessages.NewRule(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, c.Chain, expressions, "linuxnetps:golden")));
    }

    [Theory]
    [MemberData(nameof(CaseData))]
    public void Parser_ReadsNftsBytesAsTheSameRule(Case c)
    {
        var (expressions, comment) = Rule(c.Hex);
        Assert.Equal("linuxnetps:golden", comment);
        var parsed = FirewallRuleCompiler.Parse(expressions);
        Assert.NotNull(parsed);
        Assert.Equal(Assert.Single(c.Request.ToDefinition().Expand(SetFamily)), parsed.Value.Match);
        Assert.Equal(new CounterExpression(), parsed.Value.Counter);
    }

    [Fact]
    public void Parser_RejectsRulesItDidNotWrite()
    {
        var match = Assert.Single(Cases[1].Request.ToDefinition().Expand(SetFamily));
        var compiled = FirewallRuleCompiler.Compile(match);
        Assert.Null(FirewallRuleCompiler.Parse(compiled.Where(e => e is not CounterExpression).ToList()));           // no counter
        Assert.Null(FirewallRuleCompiler.Parse(compiled.Skip(2).ToList()));                                            // prefix of the wrong family
        Assert.Null(FirewallRuleCompiler.Parse([.. compiled.SkipLast(1), new UnknownExpression("verdict")]));        // a jump
        Assert.Null(FirewallRuleCompiler.Parse([.. compiled.SkipLast(1), new RejectExpression(NftaReject.TypeTcpRst, 0), new CounterExpression()]));
        Assert.Null(FirewallRuleCompiler.Parse([new MetaExpression(NftMetaKey.NfProto, 1), new CmpExpression(1, NftCmpOp.Eq, [2]), .. compiled.Skip(4)])); // a family with no address
    }

    [Fact]
    public void Lists_ExpandIntoOneRulePerCombination_InOrder()
    {
        var d = new FirewallRuleRequest { Name = "x", Protocol = "TCP", LocalPort = ["80", "443"], RemoteAddress = ["10.0.0.0/8", "fd00::/8", "192.168.0.1"] }.ToDefinition();
        var matches = d.Expand(SetFamily);
        Assert.Equal(6, matches.Count);
        Assert.Equal(["10.0.0.0/8", "10.0.0.0/8", "fd00::/8", "fd00::/8", "192.168.0.1/32", "192.168.0.1/32"], matches.Select(m => m.Source.ToString()));
        Assert.Equal([80, 443, 80, 443, 80, 443], matches.Select(m => (int)m.DestinationPort!.Value.Min));
        // An IPv6 local address with IPv4 remote addresses can match nothing.
        Assert.Throws<LinuxNetPS.Errors.NetOperationException>(() =>
            new FirewallRuleRequest { Name = "y", RemoteAddress = ["10.0.0.1"], LocalAddress = ["fd00::1"] }.ToDefinition().Expand(SetFamily));
    }

    [Fact]
    public void OutInterface_OfAnOutboundRule_IsItsOneInterface()
    {
        var viaInterface = new FirewallRuleRequest { Name = "o", Direction = FirewallDirection.Outbound, InterfaceAlias = "eth1" }.ToDefinition();
        var viaOut = new FirewallRuleRequest { Name = "o", Direction = FirewallDirection.Outbound, OutInterfaceAlias = "eth1" }.ToDefinition();
        var both = new FirewallRuleRequest { Name = "o", Direction = FirewallDirection.Outbound, InterfaceAlias = "eth1", OutInterfaceAlias = "eth1" }.ToDefinition();
        Assert.Equal(viaInterface.Key, viaOut.Key);
        Assert.Equal(viaInterface.Key, both.Key);
        Assert.Equal("eth1", Assert.Single(viaOut.Expand(SetFamily)).OutInterface);
        Assert.Null(Assert.Single(viaOut.Expand(SetFamily)).InInterface);
    }

    [Theory]
    [InlineData(FirewallDirection.Inbound, null, "veth1", "InvalidFirewallRule")]        // inbound packets leave through no interface
    [InlineData(FirewallDirection.Outbound, "eth0", "eth1", "InvalidFirewallRule")]      // an outbound packet has one interface
    [InlineData(FirewallDirection.Forward, null, "bad/name", "InvalidInterfaceName")]
    [InlineData(FirewallDirection.Forward, null, "waytoolongname-0123456789", "InterfaceNameTooLong")]
    public void OutInterface_Contradictions_AreRefused(FirewallDirection direction, string? iface, string outIface, string errorId)
    {
        var e = Assert.Throws<LinuxNetPS.Errors.NetOperationException>(() =>
            new FirewallRuleRequest { Name = "x", Direction = direction, InterfaceAlias = iface, OutInterfaceAlias = outIface }.ToDefinition());
        Assert.Equal(errorId, e.ErrorId);
        Assert.Equal(LinuxNetPS.Errors.NetErrorKind.InvalidArgument, e.Kind);
    }

    // ---- sets, elements, chains ---------------------------------------------------------------------------------------

    [Fact]
    public void NewAddressSet_IsNftsMessage()
    {
        Assert.Equal("010000000f0001006c696e75786e6574707300000b000200676f6c64656e000008000300000000040800040000000007"
            + "080005000000000408000a00000000010a000d000004020000000000", Hex(w => NftMessages.NewAddressSet(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, "golden", ipv6: false)));
        Assert.Equal("010000000f0001006c696e75786e6574707300000c000200676f6c64656e360008000300000000040800040000000008"
            + "080005000000001008000a00000000010a000d000004020000000000", Hex(w => NftMessages.NewAddressSet(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, "golden6", ipv6: true)));
    }

    private static AddressInterval Of(string prefix) => AddressInterval.Of(IPPrefix.Parse(prefix));

    [Fact]
    public void SetElements_AreNftsMessages()
    {
        // nft add element inet linuxnetps golden { 0.0.0.0/8, 10.0.0.0/8, 192.168.1.1 } (nft also names its transaction id 3 of the set)
        Assert.Equal("010000000f0001006c696e75786e6574707300000b000200676f6c64656e000008000400000000037c00038010000180"
            + "0c00018008000100000000001800028008000300000000010c0001800800010001000000100003800c00018008000100"
            + "0a0000001800048008000300000000010c000180080001000b000000100005800c00018008000100c0a8010118000680"
            + "08000300000000010c00018008000100c0a80102",
            Hex(w => NftMessages.SetElements(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, "golden", [Of("0.0.0.0/8"), Of("10.0.0.0/8"), Of("192.168.1.1")], setId: 3)));
        // nft delete element inet linuxnetps golden { 10.0.0.0/8, 192.168.1.1 }
        Assert.Equal("010000000f0001006c696e75786e6574707300000b000200676f6c64656e000054000380100001800c00018008000100"
            + "0a0000001800028008000300000000010c000180080001000b000000100003800c00018008000100c0a8010118000480"
            + "08000300000000010c00018008000100c0a80102",
            Hex(w => NftMessages.SetElements(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, "golden", [Of("10.0.0.0/8"), Of("192.168.1.1")])));
        // nft add element inet linuxnetps golden { 255.255.255.255 }: an interval open to the top has no end element
        Assert.Equal("010000000f0001006c696e75786e6574707300000b000200676f6c64656e00000800040000000003200003801c000180"
            + "0c00018008000100ffffffff0a0006000104010000000000",
            Hex(w => NftMessages.SetElements(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, "golden", [Of("255.255.255.255")], setId: 3)));
        // For an IPv6 set nft also sent an interval end at :: before the first member (it does so when the lowest member does
        // not start at the lowest address); the kernel needs no such element, and we send only the members.
    }

    [Fact]
    public void SetElements_ReadBackAsTheIntervalsSent()
    {
        var body = Convert.FromHexString("010000000f0001006c696e75786e6574707300000b000200676f6c64656e000008000400000000037c00038010000180"
            + "0c00018008000100000000001800028008000300000000010c0001800800010001000000100003800c00018008000100"
            + "0a0000001800048008000300000000010c000180080001000b000000100005800c00018008000100c0a8010118000680"
            + "08000300000000010c00018008000100c0a80102");
        var datagram = new byte[16 + body.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(datagram, (uint)datagram.Length);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(datagram.AsSpan(4), Nfnl.Type(NftMsg.NewSetElem));
        body.CopyTo(datagram, 16);
        var elements = new List<AddressSetOperations.SetElement>();
        foreach (var m in new NetlinkMessageIterator(datagram)) elements.AddRange(AddressSetOperations.ParseElements(m));
        Assert.Equal([Of("0.0.0.0/8"), Of("10.0.0.0/8"), Of("192.168.1.1")], AddressSetOperations.ToIntervals(elements));
    }

    [Fact]
    public void DelSet_AndChains_AreNftsMessages()
    {
        Assert.Equal("010000000f0001006c696e75786e6574707300000c000200676f6c64656e3600", Hex(w => NftMessages.DelSet(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, "golden6")));
        // nft add chain inet linuxnetps input { type filter hook input priority 0; policy drop; }
        Assert.Equal("010000000f0001006c696e75786e6574707300000a000300696e7075740000000b00070066696c746572000008000500"
            + "000000001400048008000100000000010800020000000000", Hex(w => NftMessages.NewBaseChain(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, FilterChain.Input, NfVerdict.Drop)));
        // nft add chain inet linuxnetps forward { type filter hook forward priority 0; policy accept; }
        Assert.Equal("010000000f0001006c696e75786e6574707300000c000300666f7277617264000b00070066696c746572000008000500000000011400048008000100000000020800020000000000",
            Hex(w => NftMessages.NewBaseChain(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, FilterChain.Forward)));
        // nft add chain inet linuxnetps disabled
        Assert.Equal("010000000f0001006c696e75786e6574707300000d00030064697361626c656400000000", Hex(w => NftMessages.NewRegularChain(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, FilterChain.Disabled)));
        // nft insert rule inet linuxnetps input position 6 counter accept comment "linuxnetps:golden"
        Assert.Equal("010000000f0001006c696e75786e6574707300000a000200696e70757400000048000480140001800c000100636f756e7465720004000280300001800e000100696d6d6564696174650000001c0002800800010000000000100002800c00028008000100000000010c00060000000000000000061800070000126c696e75786e657470733a676f6c64656e00", Hex(w => NftMessages.NewRule(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, "input",
            [new CounterExpression(), new VerdictExpression(NfVerdict.Accept)], "linuxnetps:golden", position: 6)));
    }

    private static string Hex(Action<NetlinkWriter> body)
    {
        var w = new NetlinkWriter();
        w.BeginMessage(Nfnl.Type(NftMsg.NewRule), NetlinkFlags.Request, 0);
        body(w);
        w.EndMessage();
        return Convert.ToHexString(w.Written[16..]).ToLowerInvariant();
    }

    private static (List<NftExpression> Expressions, string? Comment) Rule(string hex)
    {
        var body = Convert.FromHexString(hex);
        var r = new AttributeReader(body.AsSpan(4));
        List<NftExpression>? expressions = null;
        string? comment = null;
        while (r.Next())
        {
            if (r.Type == NftaRule.Expressions) expressions = NftExpressionList.Read(r.Data);
            if (r.Type == NftaRule.UserData) comment = RuleComment.Decode(r.Data);
        }
        Assert.Null(r.Error);
        return (expressions!, comment);
    }
}
