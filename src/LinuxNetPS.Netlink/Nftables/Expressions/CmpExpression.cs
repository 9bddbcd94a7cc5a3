using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Netlink;

namespace LinuxNetPS.Nftables.Expressions;

/// <summary>cmp OP reg DATA: compares a register with a constant.</summary>
public sealed record CmpExpression(uint Sreg, NftCmpOp Op, byte[] Data) : NftExpression
{
    public override string Name => "cmp";

    protected override void WriteData(NetlinkWriter w)
    {
        w.U32BigEndian(NftaCmp.Sreg, Sreg);
        w.U32BigEndian(NftaCmp.Op, (uint)Op);
        WriteValue(w, NftaCmp.Data, Data);
    }

    internal static NftExpression Read(ReadOnlySpan<byte> data)
    {
        uint sreg = 0, op = 0;
        byte[] value = [];
        var r = new AttributeReader(data);
        while (r.Next())
            switch (r.Type)
            {
                case NftaCmp.Sreg: sreg = r.U32BigEndian(); break;
                case NftaCmp.Op: op = r.U32BigEndian(); break;
                case NftaCmp.Data: value = ReadValue(r.Data); break;
            }
        r.ThrowIfMalformed("nf_tables cmp expression");
        return new CmpExpression(sreg, (NftCmpOp)op, value);
    }

    public override string ToString() => $"[ cmp {Op} reg {Sreg} {Hex(Data)} ]";
}
