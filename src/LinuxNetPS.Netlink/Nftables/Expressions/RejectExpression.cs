using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Netlink;

namespace LinuxNetPS.Nftables.Expressions;

/// <summary>reject TYPE CODE: drops the packet and answers with a TCP reset or an ICMP error (a terminal statement).</summary>
public sealed record RejectExpression(uint Type, byte Code) : NftExpression
{
    public override string Name => "reject";

    protected override void WriteData(NetlinkWriter w)
    {
        w.U32BigEndian(NftaReject.Type, Type);
        w.U8(NftaReject.IcmpCode, Code);
    }

    internal static NftExpression Read(ReadOnlySpan<byte> data)
    {
        uint type = 0;
        byte code = 0;
        var r = new AttributeReader(data);
        while (r.Next())
            switch (r.Type)
            {
                case NftaReject.Type: type = r.U32BigEndian(); break;
                case NftaReject.IcmpCode: code = r.U8(); break;
            }
        r.ThrowIfMalformed("nf_tables reject expression");
        return new RejectExpression(type, code);
    }

    public override string ToString() => $"[ reject type {Type} code {Code} ]";
}
