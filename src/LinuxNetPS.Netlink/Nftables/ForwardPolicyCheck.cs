using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;

namespace LinuxNetPS.Nftables;

/// <summary>A base chain of somebody's table that drops forwarded packets unless a rule accepts them.</summary>
public sealed record ForwardDropChain(string Family, string Table, string Chain);

/// <summary>Finds forward-hook base chains with policy drop in any ip, ip6 or inet table (read only).</summary>
internal static class ForwardPolicyCheck
{
    public static IReadOnlyList<ForwardDropChain> DropPolicyForwardChains(NetClient client) =>
        client.Netfilter.Dump(Nfnl.Type(NftMsg.GetChain), w => w.Struct(NfGenMsg.For(NfProto.Unspec)), ParseDropChain, "list nf_tables chains");

    /// <summary>The chain of one NFT_MSG_NEWCHAIN if it is a forward-hook base chain with policy drop, else null.</summary>
    internal static ForwardDropChain? ParseDropChain(in NetlinkMessage m)
    {
        byte family = m.Header<NfGenMsg>().Family;
        string? table = null, name = null;
        uint? hook = null, policy = null;
        var r = m.Attributes<NfGenMsg>();
        while (r.Next())
            switch (r.Type)
            {
                case NftaChain.Table: table = r.String(); break;
                case NftaChain.Name: name = r.String(); break;
                case NftaChain.Policy: policy = r.U32BigEndian(); break;
                case NftaChain.Hook:
                    var h = r.Nested();
                    while (h.Next())
                        if (h.Type == NftaHook.HookNum) hook = h.U32BigEndian();
                    break; // an error inside the nest is r's too
            }
        r.ThrowIfMalformed("nf_tables chain message");
        string? familyName = family switch { NfProto.IPv4 => "ip", NfProto.IPv6 => "ip6", NfProto.Inet => "inet", _ => null };
        bool drops = familyName is not null && hook == NfInetHook.Forward && policy == NfVerdict.Drop;
        return drops && table is not null && name is not null ? new ForwardDropChain(familyName!, table, name) : null;
    }
}
