using LinuxNetPS.Nftables.Wire;
using System.Security.Cryptography;
using System.Text;
using LinuxNetPS.Client;
using LinuxNetPS.Compose.Networks.State;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Nftables;
using LinuxNetPS.Nftables.Expressions;

namespace LinuxNetPS.Compose.Networks;

/// <summary>
/// Docker's DOCKER-ISOLATION behaviour as filter rules in our own table (chain <c>forward</c> of
/// <c>inet linuxnetps</c>, hook forward, priority filter, policy accept):
/// <list type="bullet">
/// <item>between every two bridge networks A and B: <c>iifname brA oifname brB drop</c> (both directions, as each network adds its own);</item>
/// <item>an internal network N: <c>iifname brN oifname != brN drop</c> and <c>oifname brN iifname != brN drop</c> (nothing in or out).</item>
/// </list>
/// The rule set is derived from the networks alone: it is the filter rule group "iso-" of that chain, which
/// <see cref="FilterRules.Sync"/> makes so in one atomic batch (rules of removed networks go, new ones come, the chain
/// goes with its last rule and the table when nothing else of ours is left). Other tables are never touched.
/// </summary>
internal static class Isolation
{
    private const string Prefix = "iso-";
    private const uint R1 = NftReg.R1;

    public static void Sync(NetClient client, IEnumerable<NetworkRecord> networks)
    {
        var bridges = networks.Where(n => n.Driver == "bridge" && n.BridgeName is not null).ToList();
        var desired = new Dictionary<string, IReadOnlyList<NftExpression>>();
        foreach (var n in bridges)
        {
            if (n.Internal)
            {
                Add(desired, (NftMetaKey.IifName, NftCmpOp.Eq, n.BridgeName!), (NftMetaKey.OifName, NftCmpOp.Neq, n.BridgeName!));
                Add(desired, (NftMetaKey.OifName, NftCmpOp.Eq, n.BridgeName!), (NftMetaKey.IifName, NftCmpOp.Neq, n.BridgeName!));
            }
            foreach (var other in bridges)
                if (other != n) Add(desired, (NftMetaKey.IifName, NftCmpOp.Eq, n.BridgeName!), (NftMetaKey.OifName, NftCmpOp.Eq, other.BridgeName!));
        }

        new FilterRules(client.Session).Sync(FilterChain.Forward, Prefix, desired);
    }

    private static void Add(Dictionary<string, IReadOnlyList<NftExpression>> rules, params (uint Key, NftCmpOp Op, string Name)[] matches)
    {
        var e = new List<NftExpression>();
        foreach (var (key, op, name) in matches)
        {
            var data = new byte[NftValues.IfNameSize]; // NUL-padded to IFNAMSIZ, as nft compares names
            Encoding.UTF8.GetBytes(name, data);
            e.Add(new MetaExpression(key, R1));
            e.Add(new CmpExpression(R1, op, data));
        }
        e.Add(new VerdictExpression(NfVerdict.Drop));
        var text = string.Join('|', matches.Select(m => $"{m.Key}{m.Op}{m.Name}"));
        rules[Prefix + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 5).ToLowerInvariant()] = e;
    }
}
