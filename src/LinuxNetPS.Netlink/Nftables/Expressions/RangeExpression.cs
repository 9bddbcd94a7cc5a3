using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Netlink;

namespace LinuxNetPS.Nftables.Expressions;

/// <summary>range OP reg FROM TO: another encoding of "port 8000-8010" (nft 1.0.6 writes two cmps instead; we read both).</summary>
public sealed record RangeExpression(uint Sreg, NftRangeOp Op, byte[] From, byte[] To) : NftExpression
{
    public override string Name => "range";

    protected override void WriteData(NetlinkWriter w)
    {
        w.U32BigEndian(NftaRange.Sreg, Sreg);
        w.U32BigEndian(NftaRange.Op, (uint)Op);
        WriteValue(w, NftaRange.FromData, From);
        WriteValue(w, NftaRange.ToData, To);
    }

    internal static NftExpression Read(ReadOnlySpan<byte> data)
    {
        uint sreg = 0, op = 0;
        byte[] from = [], to = [];
        var r = new AttributeReader(data);
        while (r.Next())
            switch (r.Type)
            {
                case NftaRange.Sreg: sreg = r.U32BigEndian(); break;
                case NftaRange.Op: op = r.U32BigEndian(); break;
                case NftaRange.FromData: from = ReadValue(r.Data); break;
                case NftaRange.ToData: to = ReadValue(r.Data); break;
            }
        r.ThrowIfMalformed("nf_tables range expression");
        return new RangeExpression(sreg, (NftRangeOp)op, from, to);
    }

    public override string ToString() => $"[ range {Op} reg {Sreg} {Hex(From)} {Hex(To)} ]";
}
