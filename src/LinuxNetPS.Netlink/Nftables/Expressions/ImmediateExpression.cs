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
        uint? verdict = null;
        bool chain = false;
        var r = new AttributeReader(data);
        while (r.Next())
            switch (r.Type)
            {
                case NftaImmediate.Dreg: dreg = r.U32BigEndian(); break;
                case NftaImmediate.Data:
                    value = ReadValue(r.Data);
                    var d = r.Nested();
                    while (d.Next())
                    {
                        if (d.Type != NftaData.Verdict) continue;
                        var v = d.Nested();
                        while (v.Next())
                            if (v.Type == NftaVerdict.Code) verdict = v.U32BigEndian();
                            else if (v.Type == NftaVerdict.Chain) chain = true;
                    }
                    break; // an error inside the nests is r's too
            }
        r.ThrowIfMalformed("nf_tables immediate expression");
        if (dreg != NftReg.Verdict) return new ImmediateExpression(dreg, value);
        // accept and drop are ours (filter rules); a jump, goto or return is not something we write.
        return verdict is { } code && !chain && code is NfVerdict.Accept or NfVerdict.Drop ? new VerdictExpression(code) : new UnknownExpression("verdict");
    }

    public override string ToString() => $"[ immediate reg {Dreg} {Hex(Data)} ]";
}
