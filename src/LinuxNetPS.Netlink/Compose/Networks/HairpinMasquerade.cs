using System.Security.Cryptography;
using System.Text;
using LinuxNetPS.Client;
using LinuxNetPS.Compose.Networks.State;
using LinuxNetPS.Nftables;
using LinuxNetPS.Nftables.Expressions;
using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Compose.Networks;

/// <summary>
/// The masquerade Docker adds for hairpinned traffic: a container connects to a port the host publishes, the DNAT sends
/// the connection to a container on the same bridge, and without this the answer would go straight back over the bridge
/// from the second container's own address, which the first does not expect (it talked to the host), so the connection
/// never opens. <c>ip saddr SUBNET oifname BR ct status dnat masquerade</c> in postrouting (and the IPv6 subnet's) makes
/// the second container see, and answer, the gateway; conntrack undoes both translations on the way back. It works whether
/// or not br_netfilter passes bridged frames through the IP hooks (bridge-nf-call-iptables 0 or 1).
/// The rules are derived from the networks alone, like <see cref="Isolation"/>: the group "hp-" of chain postrouting,
/// one pair per bridge network that publishes ports (nat gateway mode, not internal) and masquerades (not -DisableMasquerade).
/// </summary>
internal static class HairpinMasquerade
{
    private const string Prefix = "hp-";
    private const uint R1 = NftReg.R1;

    public static void Sync(NetClient client, IEnumerable<NetworkRecord> networks)
    {
        var desired = new Dictionary<string, IReadOnlyList<NftExpression>>();
        // enable_ip_masquerade=false: the user wants no masquerade of the subnet at all, hairpinned connections included.
        foreach (var n in networks.Where(n => Publishes(n) && n.Masquerades))
            foreach (var subnet in new[] { n.Subnet, n.SubnetV6 }.OfType<string>())
                desired[Prefix + Hash(n.BridgeName + "|" + subnet)] = Rule(IPPrefix.Parse(subnet), n.BridgeName!);
        new FilterRules(client.Session).Sync(NatChain.PostRouting, Prefix, desired);
    }

    /// <summary>Whether ports published on the network are DNAT'd to its containers (so hairpinned connections exist).</summary>
    public static bool Publishes(NetworkRecord n) => n.Driver == "bridge" && n.BridgeName is not null && !n.Internal && n.GatewayMode != "routed";

    internal static List<NftExpression> Rule(IPPrefix subnet, string bridge)
    {
        var e = new List<NftExpression>
        {
            new MetaExpression(NftMetaKey.NfProto, R1),
            new CmpExpression(R1, NftCmpOp.Eq, [NatRuleCompiler.NatFamily(subnet.Family)]),
        };
        NatRuleCompiler.MatchAddress(e, subnet.Family, source: true, subnet, NftCmpOp.Eq);
        e.Add(new MetaExpression(NftMetaKey.OifName, R1));
        e.Add(new CmpExpression(R1, NftCmpOp.Eq, LoopbackPublishing.Name(bridge)));
        e.Add(new CtExpression(NftaCt.KeyStatus, R1));
        e.Add(new BitwiseExpression(R1, R1, BitConverter.GetBytes(NfCtStatus.DstNat), new byte[4])); // host byte order, as ct stores it
        e.Add(new CmpExpression(R1, NftCmpOp.Neq, new byte[4]));
        e.Add(new MasqExpression());
        return e;
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 5).ToLowerInvariant();
}
