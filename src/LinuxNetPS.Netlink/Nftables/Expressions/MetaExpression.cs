using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Netlink;

namespace LinuxNetPS.Nftables.Expressions;

/// <summary>meta load KEY =&gt; reg: packet metadata such as nfproto, l4proto or oifname.</summary>
public sealed record MetaExpression(uint Key, uint Dreg) : NftExpression
{
    public override string Name => "meta";

    protected override void WriteData(NetlinkWriter w)
    {
        w.U32BigEndian(NftaMeta.Key, Key);
        w.U32BigEndian(NftaMeta.Dreg, Dreg);
    }

    internal static NftExpression Read(ReadOnlySpan<byte> data)
    {
        uint key = 0, dreg = 0;
        bool isSet = false;
        var r = new AttributeReader(data);
        while (r.Next())
            switch (r.Type)
            {
                case NftaMeta.Key: key = r.U32BigEndian(); break;
                case NftaMeta.Dreg: dreg = r.U32BigEndian(); break;
                case NftaMeta.Sreg: isSet = true; break; // a statement, not a load
            }
        r.ThrowIfMalformed("nf_tables meta expression");
        return isSet ? new UnknownExpression("meta set") : new MetaExpression(key, dreg);
    }

    public override string ToString() => $"[ meta load {Key} => reg {Dreg} ]";
}
