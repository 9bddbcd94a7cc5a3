using LinuxNetPS.Compose.Networks;
using LinuxNetPS.Netlink;
using LinuxNetPS.Nftables;
using LinuxNetPS.Nftables.Expressions;
using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Tests;

/// <summary>
/// Golden bytes for the rules container networks add for hairpinned connections and for publishing on 127.0.0.1: the
/// NFT_MSG_NEWRULE bodies nft 1.0.6 sent, captured with <c>strace -f -e trace=sendmsg -e write=3 nft add rule inet linuxnetps
/// CHAIN RULE comment "linuxnetps:golden"</c> in a throw-away namespace holding our table. `nft --debug=netlink` reads them as
/// <c>ct load status => reg 1; bitwise reg 1 = (reg 1 &amp; 0x20) ^ 0; cmp neq reg 1 0</c> (ct status dnat) and
/// <c>ct load state => reg 1; bitwise reg 1 = (reg 1 &amp; 0x06) ^ 0; cmp eq reg 1 0</c> (ct state ! established,related, as nft writes it without an explicit &amp;).
/// </summary>
public class HostPathGoldenTests
{
    /// <summary>meta nfproto ipv4 ip saddr 172.21.0.0/16 oifname "br-x" ct status dnat masquerade</summary>
    private const string Hairpin =
        "010000000f0001006c696e75786e65747073000010000200706f7374726f7574696e6700b40104802400018009000100"
        + "6d6574610000000014000280080002000000000f08000100000000012c00018008000100636d70002000028008000100"
        + "0000000108000200000000000c0003800500010002000000340001800c0001007061796c6f6164002400028008000100"
        + "000000010800020000000001080003000000000c08000400000000022c00018008000100636d70002000028008000100"
        + "0000000108000200000000000c00038006000100ac15000024000180090001006d657461000000001400028008000200"
        + "0000000708000100000000013800018008000100636d70002c0002800800010000000001080002000000000018000380"
        + "1400010062722d7800000000000000000000000020000180070001006374000014000280080002000000000208000100"
        + "00000001440001800c000100626974776973650034000280080001000000000108000200000000010800030000000004"
        + "0c00048008000100200000000c00058008000100000000002c00018008000100636d7000200002800800010000000001"
        + "08000200000000010c000380080001000000000014000180090001006d61737100000000040002801800070000126c69"
        + "6e75786e657470733a676f6c64656e00"
        ;

    /// <summary>meta nfproto ipv4 iifname "br-x" ip daddr 127.0.0.0/8 ct state ! established,related drop</summary>
    private const string Guard =
        "010000000f0001006c696e75786e6574707300000a000200696e707574000000d001048024000180090001006d657461"
        + "0000000014000280080002000000000f08000100000000012c00018008000100636d7000200002800800010000000001"
        + "08000200000000000c000380050001000200000024000180090001006d65746100000000140002800800020000000006"
        + "08000100000000013800018008000100636d70002c000280080001000000000108000200000000001800038014000100"
        + "62722d78000000000000000000000000340001800c0001007061796c6f61640024000280080001000000000108000200"
        + "00000001080003000000001008000400000000012c00018008000100636d700020000280080001000000000108000200"
        + "000000000c000380050001007f0000002000018007000100637400001400028008000200000000000800010000000001"
        + "440001800c0001006269747769736500340002800800010000000001080002000000000108000300000000040c000480"
        + "08000100060000000c00058008000100000000002c00018008000100636d700020000280080001000000000108000200"
        + "000000000c0003800800010000000000300001800e000100696d6d6564696174650000001c0002800800010000000000"
        + "100002800c00028008000100000000001800070000126c696e75786e657470733a676f6c64656e00"
        ;

    private static string Encode(string chain, IReadOnlyList<NftExpression> expressions)
    {
        var w = new NetlinkWriter();
        w.BeginMessage(Nfnl.Type(NftMsg.NewRule), NetlinkFlags.Request, 0);
        NftMessages.NewRule(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, chain, expressions, "linuxnetps:golden");
        w.EndMessage();
        return Convert.ToHexString(w.Written[16..]).ToLowerInvariant();
    }

    [Fact]
    public void HairpinMasquerade_WritesTheBytesNftWrites() =>
        Assert.Equal(Hairpin, Encode("postrouting", HairpinMasquerade.Rule(IPPrefix.Parse("172.21.0.0/16"), "br-x")));

    [Fact]
    public void LoopbackGuard_WritesTheBytesNftWrites() =>
        Assert.Equal(Guard, Encode("input", LoopbackPublishing.Guard("br-x")));

    [Fact]
    public void LoopbackMasquerade_IsTheMasqueradeOfTheLoopbackNetOutOfTheInterface() =>
        Assert.Equal(Encode("postrouting", NatRuleCompiler.Compile(NatRuleDefinition.Masquerade("127.0.0.0/8", outInterface: "br-x")).Single().Expressions),
            Encode("postrouting", LoopbackPublishing.Masquerade("br-x")));

    [Fact]
    public void PortForward_OfALoopbackAddress_IsTheOutputRuleAlone()
    {
        // Only the namespace's own programs reach its 127.0.0.1: a prerouting rule would forward what a neighbour sends there.
        var loopback = NatRuleCompiler.Compile(NatRuleDefinition.PortForward("tcp", "8080", "172.21.0.2", 80, destination: "127.0.0.1"));
        Assert.Equal([NatChain.Output], loopback.Select(c => c.Chain));
        var other = NatRuleCompiler.Compile(NatRuleDefinition.PortForward("tcp", "8080", "172.21.0.2", 80, destination: "10.0.0.1"));
        Assert.Equal([NatChain.PreRouting, NatChain.Output], other.Select(c => c.Chain));
    }
}
