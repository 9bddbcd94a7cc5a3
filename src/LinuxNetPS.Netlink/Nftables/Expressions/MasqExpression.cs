using LinuxNetPS.Netlink;

namespace LinuxNetPS.Nftables.Expressions;

/// <summary>masq: source NAT to the address of the outgoing interface.</summary>
public sealed record MasqExpression : NftExpression
{
    public override string Name => "masq";

    protected override void WriteData(NetlinkWriter w) { }

    internal static NftExpression Read(ReadOnlySpan<byte> data)
    {
        var r = new AttributeReader(data);
        // Flags (random, persistent) or port ranges make it a masquerade we did not write.
        bool options = false;
        while (r.Next()) options = true;
        r.ThrowIfMalformed("nf_tables masq expression");
        return options ? new UnknownExpression("masq with options") : new MasqExpression();
    }

    public override string ToString() => "[ masq ]";
}
