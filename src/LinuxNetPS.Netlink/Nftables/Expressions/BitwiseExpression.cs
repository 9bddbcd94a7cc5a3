using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Netlink;

namespace LinuxNetPS.Nftables.Expressions;

/// <summary>bitwise reg = (reg &amp; MASK) ^ XOR: how nft matches a prefix that is not whole bytes.</summary>
public sealed record BitwiseExpression(uint Sreg, uint Dreg, byte[] Mask, byte[] Xor) : NftExpression
{
    public override string Name => "bitwise";

    protected override void WriteData(NetlinkWriter w)
    {
        w.U32BigEndian(NftaBitwise.Sreg, Sreg);
        w.U32BigEndian(NftaBitwise.Dreg, Dreg);
        w.U32BigEndian(NftaBitwise.Len, (uint)Mask.Length);
        WriteValue(w, NftaBitwise.Mask, Mask);
        WriteValue(w, NftaBitwise.Xor, Xor);
    }

    internal static NftExpression Read(ReadOnlySpan<byte> data)
    {
        uint sreg = 0, dreg = 0, op = 0;
        byte[] mask = [], xor = [];
        var r = new AttributeReader(data);
        while (r.Next())
            switch (r.Type)
            {
                case NftaBitwise.Sreg: sreg = r.U32BigEndian(); break;
                case NftaBitwise.Dreg: dreg = r.U32BigEndian(); break;
                case NftaBitwise.Mask: mask = ReadValue(r.Data); break;
                case NftaBitwise.Xor: xor = ReadValue(r.Data); break;
                case NftaBitwise.Op: op = r.U32BigEndian(); break;
            }
        r.ThrowIfMalformed("nf_tables bitwise expression");
        // NFT_BITWISE_BOOL (0) is mask-and-xor; shifts and the like are not ours.
        return op == 0 ? new BitwiseExpression(sreg, dreg, mask, xor) : new UnknownExpression("bitwise shift");
    }

    public override string ToString() => $"[ bitwise reg {Dreg} = (reg {Sreg} & {Hex(Mask)}) ^ {Hex(Xor)} ]";
}
