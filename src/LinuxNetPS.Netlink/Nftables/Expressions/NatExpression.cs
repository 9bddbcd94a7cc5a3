using LinuxNetPS.Netlink;

namespace LinuxNetPS.Nftables.Expressions;

/// <summary>nat snat|dnat FAMILY addr_min reg [proto_min reg] [flags]: rewrites to the address (and port) in the registers.</summary>
public sealed record NatExpression(NftNatType Type, byte Family, uint? RegAddrMin, uint? RegProtoMin, uint Flags) : NftExpression
{
    public override string Name => "nat";

    protected override void WriteData(NetlinkWriter w)
    {
        w.U32BigEndian(NftaNat.Type, (uint)Type);
        w.U32BigEndian(NftaNat.Family, Family);
        if (RegAddrMin is { } a) w.U32BigEndian(NftaNat.RegAddrMin, a);
        if (RegProtoMin is { } p) w.U32BigEndian(NftaNat.RegProtoMin, p);
        if (Flags != 0) w.U32BigEndian(NftaNat.Flags, Flags);
    }

    internal static NftExpression Read(ReadOnlySpan<byte> data)
    {
        uint type = 0, family = 0, flags = 0;
        uint? addr = null, proto = null;
        bool ranges = false;
        var r = new AttributeReader(data);
        while (r.Next())
            switch (r.Type)
            {
                case NftaNat.Type: type = r.U32BigEndian(); break;
                case NftaNat.Family: family = r.U32BigEndian(); break;
                case NftaNat.RegAddrMin: addr = r.U32BigEndian(); break;
                case NftaNat.RegProtoMin: proto = r.U32BigEndian(); break;
                case NftaNat.Flags: flags = r.U32BigEndian(); break;
                case NftaNat.RegAddrMax or NftaNat.RegProtoMax: ranges = true; break;
            }
        return ranges ? new UnknownExpression("nat range") : new NatExpression((NftNatType)type, (byte)family, addr, proto, flags);
    }

    public override string ToString() => $"[ nat {Type} family {Family} addr_min {RegAddrMin} proto_min {RegProtoMin} flags {Flags} ]";
}
