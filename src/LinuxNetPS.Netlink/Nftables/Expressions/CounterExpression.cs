using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Netlink;

namespace LinuxNetPS.Nftables.Expressions;

/// <summary>
/// counter: counts the packets and bytes that reach it. Written empty, as nft writes a new counter (the kernel starts it
/// at zero), or with values to carry a count over when a rule is re-created (disabling and enabling a firewall rule).
/// </summary>
public sealed record CounterExpression(ulong Packets = 0, ulong Bytes = 0) : NftExpression
{
    public override string Name => "counter";

    protected override void WriteData(NetlinkWriter w)
    {
        if (Packets == 0 && Bytes == 0) return;
        w.U64BigEndian(NftaCounter.Bytes, Bytes);
        w.U64BigEndian(NftaCounter.Packets, Packets);
    }

    internal static NftExpression Read(ReadOnlySpan<byte> data)
    {
        ulong bytes = 0, packets = 0;
        var r = new AttributeReader(data);
        while (r.Next())
            switch (r.Type)
            {
                case NftaCounter.Bytes: bytes = r.U64BigEndian(); break;
                case NftaCounter.Packets: packets = r.U64BigEndian(); break;
            }
        r.ThrowIfMalformed("nf_tables counter expression");
        return new CounterExpression(packets, bytes);
    }

    public override string ToString() => $"[ counter pkts {Packets} bytes {Bytes} ]";
}
