using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Netlink;

namespace LinuxNetPS.Nftables.Expressions;

/// <summary>Encodes and decodes NFTA_RULE_EXPRESSIONS: the registry of expression kinds lives here.</summary>
public static class NftExpressionList
{
    private delegate NftExpression Reader(ReadOnlySpan<byte> data);

    private static readonly Dictionary<string, Reader> Readers = new(StringComparer.Ordinal)
    {
        ["meta"] = MetaExpression.Read,
        ["cmp"] = CmpExpression.Read,
        ["payload"] = PayloadExpression.Read,
        ["bitwise"] = BitwiseExpression.Read,
        ["range"] = RangeExpression.Read,
        ["immediate"] = ImmediateExpression.Read,
        ["nat"] = NatExpression.Read,
        ["masq"] = MasqExpression.Read,
        ["fib"] = FibExpression.Read,
        ["counter"] = CounterExpression.Read,
        ["ct"] = CtExpression.Read,
        ["lookup"] = LookupExpression.Read,
        ["reject"] = RejectExpression.Read,
    };

    /// <summary>Writes the NFTA_RULE_EXPRESSIONS nest.</summary>
    public static void Write(NetlinkWriter w, IEnumerable<NftExpression> expressions)
    {
        using (w.Nested(NftaRule.Expressions, markNested: true))
            foreach (var e in expressions) e.Write(w);
    }

    /// <summary>Reads the payload of NFTA_RULE_EXPRESSIONS. Throws <see cref="Errors.MalformedMessageException"/> on malformed input.</summary>
    public static List<NftExpression> Read(ReadOnlySpan<byte> nest)
    {
        var list = new List<NftExpression>();
        var r = new AttributeReader(nest);
        while (r.Next())
        {
            if (r.Type != NftaExpr.ListElem) continue;
            string? name = null;
            scoped ReadOnlySpan<byte> data = default;
            var e = r.Nested();
            while (e.Next())
            {
                if (e.Type == NftaExpr.Name) name = e.String();
                else if (e.Type == NftaExpr.Data) data = e.Data;
            }
            e.ThrowIfMalformed("nf_tables expression");
            if (name is null) throw new Errors.MalformedMessageException("nf_tables expression", "it has no name");
            list.Add(Readers.TryGetValue(name, out var read) ? read(data) : new UnknownExpression(name));
        }
        r.ThrowIfMalformed("nf_tables expression list");
        return list;
    }
}
