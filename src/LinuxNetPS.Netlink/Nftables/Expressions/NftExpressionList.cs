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
    };

    /// <summary>Writes the NFTA_RULE_EXPRESSIONS nest.</summary>
    public static void Write(NetlinkWriter w, IEnumerable<NftExpression> expressions)
    {
        using (w.Nested(NftaRule.Expressions, markNested: true))
            foreach (var e in expressions) e.Write(w);
    }

    /// <summary>Reads the payload of NFTA_RULE_EXPRESSIONS. Throws InvalidDataException on malformed input.</summary>
    public static List<NftExpression> Read(ReadOnlySpan<byte> nest)
    {
        var list = new List<NftExpression>();
        var r = new AttributeReader(nest);
        while (r.Next())
        {
            if (r.Type != NftaExpr.ListElem) continue;
            string? name = null;
            ReadOnlySpan<byte> data = default;
            var e = r.Nested();
            while (e.Next())
            {
                if (e.Type == NftaExpr.Name) name = e.String();
                else if (e.Type == NftaExpr.Data) data = e.Data;
            }
            if (e.Error is { } inner) throw new InvalidDataException("Malformed nf_tables expression: " + inner);
            if (name is null) throw new InvalidDataException("An nf_tables expression has no name.");
            list.Add(Readers.TryGetValue(name, out var read) ? read(data) : new UnknownExpression(name));
        }
        if (r.Error is { } error) throw new InvalidDataException("Malformed nf_tables expression list: " + error);
        return list;
    }
}
