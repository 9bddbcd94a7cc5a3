using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;

namespace LinuxNetPS.Nftables;

/// <summary>A base chain of somebody's table that drops forwarded packets unless a rule accepts them.</summary>
public sealed record ForwardDropChain(string Family, string Table, string Chain);

/// <summary>Finds forward-hook base chains with policy drop in any ip, ip6 or inet table (read only).</summary>
internal static class ForwardPolicyCheck
{
    public static IReadOnlyList<ForwardDropChain> DropPolicyForwardChains(NamespaceSession session) =>
        session.Netfilter.Dump(Nfnl.Type(NftMsg.GetChain), w => w.Struct(NfGenMsg.For(NfProto.Unspec)), ParseDropChain, "list nf_tables chains");

    /// <summary>The chain of one NFT_MSG_NEWCHAIN if it is a forward-hook base chain with policy drop, else null.</summary>
    internal static ForwardDropChain? ParseDropChain(in NetlinkMessage m)
    {
        var (family, table, name, hook, policy) = NftChainMessage.Parse(m);
        string? familyName = family switch { NfProto.IPv4 => "ip", NfProto.IPv6 => "ip6", NfProto.Inet => "inet", _ => null };
        bool drops = familyName is not null && hook == NfInetHook.Forward && policy == NfVerdict.Drop;
        return drops && table is not null && name is not null ? new ForwardDropChain(familyName!, table, name) : null;
    }
}
