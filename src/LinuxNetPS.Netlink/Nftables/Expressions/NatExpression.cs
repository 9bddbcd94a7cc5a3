using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Netlink;

namespace LinuxNetPS.Nftables.Expressions;

/// <summary>
/// nat snat|dnat FAMILY addr_min reg [proto_min reg] [flags]: rewrites to the address (and port) in the registers.
/// The kernel lists a single address or port as a range with max = min, and adds NF_NAT_RANGE_MAP_IPS to the flags.
/// </summary>
public sealed record NatExpression(NftNatType Type, byte Family, uint? RegAddrMin, uint? RegProtoMin, uint Flags,
    uint? RegAddrMax = null, uint? RegProtoMax = null) : NftExpression
{
    public override string Name => "nat";

    protected override void WriteData(NetlinkWriter w)
    {
        w.U32BigEndian(NftaNat.Type, (uint)Type);
        w.U32BigEndian(NftaNat.Family, Family);
        if (RegAddrMin is { } a) w.U32BigEndian(NftaNat.RegAddrMin, a);
        if (RegAddrMax is { } am) w.U32BigEndian(NftaNat.RegAddrMax, am);
        if (RegProtoMin is { } p) w.U32BigEndian(NftaNat.RegProtoMin, p);
        if (RegProtoMax is { } pm) w.U32BigEndian(NftaNat.RegProtoMax, pm);
        if (Flags != 0) w.U32BigEndian(NftaNat.Flags, Flags);
    }

    internal static NftExpression Read(ReadOnlySpan<byte> data)
    {
        uint type = 0, family = 0, flags = 0;
        uint? addr = null, proto = null, addrMax = null, protoMax = null;
        var r = new AttributeReader(data);
        while (r.Next())
            switch (r.Type)
            {
                case NftaNat.Type: type = r.U32BigEndian(); break;
                case NftaNat.Family: family = r.U32BigEndian(); break;
                case NftaNat.RegAddrMin: addr = r.U32BigEndian(); break;
                case NftaNat.RegProtoMin: proto = r.U32BigEndian(); break;
                case NftaNat.Flags: flags = r.U32BigEndian(); break;
                case NftaNat.RegAddrMax: addrMax = r.U32BigEndian(); break;
                case NftaNat.RegProtoMax: protoMax = r.U32BigEndian(); break;
            }
        r.ThrowIfMalformed("nf_tables nat expression");
        return new NatExpression((NftNatType)type, (byte)family, addr, proto, flags, addrMax, protoMax);
    }

    public override string ToString() => $"[ nat {Type} family {Family} addr_min {RegAddrMin} proto_min {RegProtoMin} flags {Flags} ]";
}
