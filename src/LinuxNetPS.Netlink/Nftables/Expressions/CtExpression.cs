using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Netlink;

namespace LinuxNetPS.Nftables.Expressions;

/// <summary>ct load KEY =&gt; reg: connection tracking data of the packet; "ct state" is key 0, a bit per state.</summary>
public sealed record CtExpression(uint Key, uint Dreg) : NftExpression
{
    public override string Name => "ct";

    protected override void WriteData(NetlinkWriter w)
    {
        w.U32BigEndian(NftaCt.Key, Key);
        w.U32BigEndian(NftaCt.Dreg, Dreg);
    }

    internal static NftExpression Read(ReadOnlySpan<byte> data)
    {
        uint key = 0, dreg = 0;
        bool other = false;
        var r = new AttributeReader(data);
        while (r.Next())
            switch (r.Type)
            {
                case NftaCt.Key: key = r.U32BigEndian(); break;
                case NftaCt.Dreg: dreg = r.U32BigEndian(); break;
                default: other = true; break; // a direction or a source register (ct set): not a load we write
            }
        r.ThrowIfMalformed("nf_tables ct expression");
        return other ? new UnknownExpression("ct with options") : new CtExpression(key, dreg);
    }

    public override string ToString() => $"[ ct load {Key} => reg {Dreg} ]";
}
