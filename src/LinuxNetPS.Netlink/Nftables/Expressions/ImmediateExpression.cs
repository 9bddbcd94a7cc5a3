using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Netlink;

namespace LinuxNetPS.Nftables.Expressions;

/// <summary>immediate reg = DATA: loads a constant (a NAT address or port) into a register.</summary>
public sealed record ImmediateExpression(uint Dreg, byte[] Data) : NftExpression
{
    public override string Name => "immediate";

    protected override void WriteData(NetlinkWriter w)
    {
        w.U32BigEndian(NftaImmediate.Dreg, Dreg);
        WriteValue(w, NftaImmediate.Data, Data);
    }

    internal static NftExpression Read(ReadOnlySpan<byte> data)
    {
        uint dreg = 0;
        byte[] value = [];
        var r = new AttributeReader(data);
        while (r.Next())
            switch (r.Type)
            {
                case NftaImmediate.Dreg: dreg = r.U32BigEndian(); break;
                case NftaImmediate.Data: value = ReadValue(r.Data); break;
            }
        r.ThrowIfMalformed("nf_tables immediate expression");
        // A verdict (accept, jump ...) loads the verdict register, which is not a NAT rule's job.
        return dreg == NftReg.Verdict ? new UnknownExpression("verdict") : new ImmediateExpression(dreg, value);
    }

    public override string ToString() => $"[ immediate reg {Dreg} {Hex(Data)} ]";
}
