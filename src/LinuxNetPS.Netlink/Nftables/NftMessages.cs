using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Netlink;
using LinuxNetPS.Nftables.Expressions;

namespace LinuxNetPS.Nftables;

/// <summary>
/// Bodies (nfgenmsg + attributes) of the nf_tables messages we send, in the attribute order nft
/// uses. Kept apart from the socket so tests can compare them byte for byte with nft's.
/// </summary>
public static class NftMessages
{
    public static void NewTable(NetlinkWriter w, byte family, string table)
    {
        w.Struct(NfGenMsg.For(family));
        w.String(NftaTable.Name, table);
        w.U32BigEndian(NftaTable.Flags, 0);
    }

    public static void DelTable(NetlinkWriter w, byte family, string table)
    {
        w.Struct(NfGenMsg.For(family));
        w.String(NftaTable.Name, table);
    }

    /// <summary>A base chain of <paramref name="chain"/>'s type (nat or filter) on its hook, policy accept.</summary>
    public static void NewBaseChain(NetlinkWriter w, byte family, string table, BaseChain chain)
    {
        w.Struct(NfGenMsg.For(family));
        w.String(NftaChain.Table, table);
        w.String(NftaChain.Name, chain.Name);
        using (w.Nested(NftaChain.Hook, markNested: true))
        {
            w.U32BigEndian(NftaHook.HookNum, chain.Hook);
            w.U32BigEndian(NftaHook.Priority, unchecked((uint)chain.Priority));
        }
        w.U32BigEndian(NftaChain.Policy, NfVerdict.Accept);
        w.String(NftaChain.Type, chain.Type);
    }

    public static void DelChain(NetlinkWriter w, byte family, string table, string chain)
    {
        w.Struct(NfGenMsg.For(family));
        w.String(NftaChain.Table, table);
        w.String(NftaChain.Name, chain);
    }

    /// <summary>A rule (appended with NLM_F_APPEND) carrying a comment in its user data.</summary>
    public static void NewRule(NetlinkWriter w, byte family, string table, string chain, IEnumerable<NftExpression> expressions, string? comment)
    {
        w.Struct(NfGenMsg.For(family));
        w.String(NftaRule.Table, table);
        w.String(NftaRule.Chain, chain);
        NftExpressionList.Write(w, expressions);
        if (comment is not null) w.Bytes(NftaRule.UserData, RuleComment.Encode(comment));
    }

    /// <summary>Deletes exactly one rule, named by its handle.</summary>
    public static void DelRule(NetlinkWriter w, byte family, string table, string chain, ulong handle)
    {
        w.Struct(NfGenMsg.For(family));
        w.String(NftaRule.Table, table);
        w.String(NftaRule.Chain, chain);
        w.U64BigEndian(NftaRule.Handle, handle);
    }

    /// <summary>NFNL_MSG_BATCH_BEGIN for nf_tables; with a generation id the kernel refuses the batch (ERESTART) if the ruleset changed since.</summary>
    public static void BatchBegin(NetlinkWriter w, uint? generation)
    {
        w.Struct(NfGenMsg.Batch());
        if (generation is { } g) w.U32BigEndian(Nfnl.BatchGenId, g);
    }

    public static void BatchEnd(NetlinkWriter w) => w.Struct(NfGenMsg.Batch());
}
