using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Netlink;

namespace LinuxNetPS.Nftables.Expressions;

/// <summary>payload load LEN bytes @ BASE header + OFFSET =&gt; reg: reads packet header bytes.</summary>
public sealed record PayloadExpression(NftPayloadBase Base, uint Offset, uint Length, uint Dreg) : NftExpression
{
    public override string Name => "payload";

    protected override void WriteData(NetlinkWriter w)
    {
        w.U32BigEndian(NftaPayload.Dreg, Dreg);
        w.U32BigEndian(NftaPayload.Base, (uint)Base);
        w.U32BigEndian(NftaPayload.Offset, Offset);
        w.U32BigEndian(NftaPayload.Len, Length);
    }

    internal static NftExpression Read(ReadOnlySpan<byte> data)
    {
        uint dreg = 0, bas = 0, offset = 0, length = 0;
        bool isWrite = false;
        var r = new AttributeReader(data);
        while (r.Next())
            switch (r.Type)
            {
                case NftaPayload.Dreg: dreg = r.U32BigEndian(); break;
                case NftaPayload.Base: bas = r.U32BigEndian(); break;
                case NftaPayload.Offset: offset = r.U32BigEndian(); break;
                case NftaPayload.Len: length = r.U32BigEndian(); break;
                default: isWrite = true; break; // sreg / checksum attributes: a payload write statement
            }
        r.ThrowIfMalformed("nf_tables payload expression");
        return isWrite ? new UnknownExpression("payload write") : new PayloadExpression((NftPayloadBase)bas, offset, length, dreg);
    }

    public override string ToString() => $"[ payload load {Length}b @ {Base} header + {Offset} => reg {Dreg} ]";
}
