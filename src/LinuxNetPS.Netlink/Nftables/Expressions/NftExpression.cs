using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Netlink;

namespace LinuxNetPS.Nftables.Expressions;

/// <summary>
/// One nf_tables expression of a rule (meta, cmp, payload, nat ...). A rule is a list of them,
/// each encoded as NFTA_LIST_ELEM { NFTA_EXPR_NAME, NFTA_EXPR_DATA { ... } }. Every kind is a
/// small record that writes and reads its own NFTA_EXPR_DATA; <see cref="NftExpressionList"/>
/// finds the reader by name, so a new kind is a new file plus one registry line.
/// </summary>
public abstract record NftExpression
{
    /// <summary>The kernel's name of the expression ("meta", "cmp" ...).</summary>
    public abstract string Name { get; }

    /// <summary>Writes the attributes inside NFTA_EXPR_DATA.</summary>
    protected abstract void WriteData(NetlinkWriter w);

    internal void Write(NetlinkWriter w)
    {
        using (w.Nested(NftaExpr.ListElem, markNested: true))
        {
            w.String(NftaExpr.Name, Name);
            using (w.Nested(NftaExpr.Data, markNested: true)) WriteData(w);
        }
    }

    /// <summary>Writes an NFTA_DATA_VALUE nest (the form cmp, immediate and range use for constants).</summary>
    protected static void WriteValue(NetlinkWriter w, ushort type, byte[] value)
    {
        using (w.Nested(type, markNested: true)) w.Bytes(NftaData.Value, value);
    }

    /// <summary>Reads the NFTA_DATA_VALUE inside a data nest; empty if it holds something else (a verdict).</summary>
    protected static byte[] ReadValue(ReadOnlySpan<byte> nest)
    {
        var r = new AttributeReader(nest);
        byte[]? value = null;
        while (r.Next())
            if (r.Type == NftaData.Value) value ??= r.Bytes();
        r.ThrowIfMalformed("nf_tables data value");
        return value ?? [];
    }

    protected static string Hex(byte[] data) => Convert.ToHexString(data).ToLowerInvariant();
}

/// <summary>An expression we do not model; kept so a rule with it is recognised as not ours to interpret.</summary>
public sealed record UnknownExpression(string ExpressionName) : NftExpression
{
    public override string Name => ExpressionName;
    protected override void WriteData(NetlinkWriter w) =>
        throw new InvalidOperationException($"The nf_tables expression '{ExpressionName}' cannot be written by LinuxNetPS.");
}
