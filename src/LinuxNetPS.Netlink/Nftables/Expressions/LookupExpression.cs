using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Netlink;

namespace LinuxNetPS.Nftables.Expressions;

/// <summary>
/// lookup reg SET: whether the register's value is an element of a named set ("ip saddr @blocked"): one rule and one
/// hash or tree lookup however many addresses the set holds. <paramref name="SetId"/> is the transaction id nft also
/// sends; the kernel finds the set by name first, so it only matters for a set made in the same batch without a name.
/// </summary>
public sealed record LookupExpression(string Set, uint Sreg, bool Invert = false, uint? SetId = null) : NftExpression
{
    public override string Name => "lookup";

    protected override void WriteData(NetlinkWriter w)
    {
        w.U32BigEndian(NftaLookup.Sreg, Sreg);
        w.String(NftaLookup.Set, Set);
        if (SetId is { } id) w.U32BigEndian(NftaLookup.SetId, id);
        if (Invert) w.U32BigEndian(NftaLookup.Flags, NftaLookup.FlagInvert);
    }

    internal static NftExpression Read(ReadOnlySpan<byte> data)
    {
        string? set = null;
        uint sreg = 0, flags = 0;
        uint? id = null;
        bool map = false;
        var r = new AttributeReader(data);
        while (r.Next())
            switch (r.Type)
            {
                case NftaLookup.Set: set = r.String(); break;
                case NftaLookup.Sreg: sreg = r.U32BigEndian(); break;
                case NftaLookup.SetId: id = r.U32BigEndian(); break;
                case NftaLookup.Flags: flags = r.U32BigEndian(); break;
                case NftaLookup.Dreg: map = true; break; // a map lookup, not a membership test
            }
        r.ThrowIfMalformed("nf_tables lookup expression");
        return map || set is null ? new UnknownExpression("lookup map") : new LookupExpression(set, sreg, (flags & NftaLookup.FlagInvert) != 0, id);
    }

    public override string ToString() => $"[ lookup reg {Sreg} set {Set}{(Invert ? " 0x1" : "")} ]";
}
