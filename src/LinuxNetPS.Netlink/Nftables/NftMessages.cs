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

    /// <summary>
    /// A base chain of <paramref name="chain"/>'s type (nat or filter) on its hook, policy accept unless told otherwise, in
    /// nft 1.0's attribute order (name, type, policy, hook). The same message for an existing chain changes its policy.
    /// </summary>
    public static void NewBaseChain(NetlinkWriter w, byte family, string table, BaseChain chain, uint policy = NfVerdict.Accept)
    {
        w.Struct(NfGenMsg.For(family));
        w.String(NftaChain.Table, table);
        w.String(NftaChain.Name, chain.Name);
        w.String(NftaChain.Type, chain.Type);
        w.U32BigEndian(NftaChain.Policy, policy);
        using (w.Nested(NftaChain.Hook, markNested: true))
        {
            w.U32BigEndian(NftaHook.HookNum, chain.Hook);
            w.U32BigEndian(NftaHook.Priority, unchecked((uint)chain.Priority));
        }
    }

    /// <summary>A regular chain: a name and nothing else (no hook, no policy).</summary>
    public static void NewRegularChain(NetlinkWriter w, byte family, string table, string chain)
    {
        w.Struct(NfGenMsg.For(family));
        w.String(NftaChain.Table, table);
        w.String(NftaChain.Name, chain);
    }

    /// <summary>
    /// A named interval set of IPv4 or IPv6 addresses, as nft writes <c>add set inet T NAME { type ipv4_addr; flags interval; }</c>:
    /// nft's key type and its user data saying the key is big endian (so <c>nft list</c> prints addresses).
    /// </summary>
    public static void NewAddressSet(NetlinkWriter w, byte family, string table, string name, bool ipv6, uint id = 1)
    {
        w.Struct(NfGenMsg.For(family));
        w.String(NftaSet.Table, table);
        w.String(NftaSet.Name, name);
        w.U32BigEndian(NftaSet.Flags, NftSetFlags.Interval);
        w.U32BigEndian(NftaSet.KeyType, ipv6 ? NftSetUserData.KeyTypeIPv6 : NftSetUserData.KeyTypeIPv4);
        w.U32BigEndian(NftaSet.KeyLen, ipv6 ? 16u : 4u);
        w.U32BigEndian(NftaSet.Id, id);
        w.Bytes(NftaSet.UserData, [NftSetUserData.KeyByteOrder, 4, .. BitConverter.GetBytes(NftSetUserData.BigEndian)]);
    }

    public static void DelSet(NetlinkWriter w, byte family, string table, string name)
    {
        w.Struct(NfGenMsg.For(family));
        w.String(NftaSet.Table, table);
        w.String(NftaSet.Name, name);
    }

    /// <summary>
    /// The elements of interval set <paramref name="set"/> for intervals [start, end): a start element and an end element
    /// (NFT_SET_ELEM_INTERVAL_END) each, in ascending order, numbered from 1 as nft numbers them; an interval that reaches the
    /// top of the address space has no end element but nft's "open interval" user data. <paramref name="setId"/> is nft's
    /// transaction id of the set (golden tests only).
    /// </summary>
    public static void SetElements(NetlinkWriter w, byte family, string table, string set, IEnumerable<AddressInterval> intervals, uint? setId = null)
    {
        w.Struct(NfGenMsg.For(family));
        w.String(NftaSetElem.ListTable, table);
        w.String(NftaSetElem.ListSet, set);
        if (setId is { } id) w.U32BigEndian(NftaSetElem.ListSetId, id);
        ushort n = 0;
        using (w.Nested(NftaSetElem.ListElements, markNested: true))
            foreach (var interval in intervals)
            {
                using (w.Nested(++n, markNested: true))
                {
                    using (w.Nested(NftaSetElem.Key, markNested: true)) w.Bytes(NftaData.Value, interval.Start);
                    if (interval.End is null)
                        w.Bytes(NftaSetElem.UserData, [NftSetUserData.ElemFlags, 4, .. BitConverter.GetBytes(NftSetUserData.ElemIntervalOpen)]);
                }
                if (interval.End is { } end)
                    using (w.Nested(++n, markNested: true))
                    {
                        w.U32BigEndian(NftaSetElem.Flags, NftaSetElem.FlagIntervalEnd);
                        using (w.Nested(NftaSetElem.Key, markNested: true)) w.Bytes(NftaData.Value, end);
                    }
            }
    }

    public static void DelChain(NetlinkWriter w, byte family, string table, string chain)
    {
        w.Struct(NfGenMsg.For(family));
        w.String(NftaChain.Table, table);
        w.String(NftaChain.Name, chain);
    }

    /// <summary>A rule carrying a comment in its user data: appended (NLM_F_APPEND), or inserted before the rule with handle <paramref name="position"/>.</summary>
    public static void NewRule(NetlinkWriter w, byte family, string table, string chain, IEnumerable<NftExpression> expressions, string? comment, ulong? position = null)
    {
        w.Struct(NfGenMsg.For(family));
        w.String(NftaRule.Table, table);
        w.String(NftaRule.Chain, chain);
        NftExpressionList.Write(w, expressions);
        if (position is { } p) w.U64BigEndian(NftaRule.Position, p);
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
