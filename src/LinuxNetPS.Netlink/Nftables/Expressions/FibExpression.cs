using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Netlink;

namespace LinuxNetPS.Nftables.Expressions;

/// <summary>fib FLAGS RESULT =&gt; reg: a routing lookup; "fib daddr type" tells whether the destination is local.</summary>
public sealed record FibExpression(uint Flags, uint Result, uint Dreg) : NftExpression
{
    public override string Name => "fib";

    protected override void WriteData(NetlinkWriter w)
    {
        w.U32BigEndian(NftaFib.Flags, Flags);
        w.U32BigEndian(NftaFib.Result, Result);
        w.U32BigEndian(NftaFib.Dreg, Dreg);
    }

    internal static NftExpression Read(ReadOnlySpan<byte> data)
    {
        uint dreg = 0, result = 0, flags = 0;
        var r = new AttributeReader(data);
        while (r.Next())
            switch (r.Type)
            {
                case NftaFib.Dreg: dreg = r.U32BigEndian(); break;
                case NftaFib.Result: result = r.U32BigEndian(); break;
                case NftaFib.Flags: flags = r.U32BigEndian(); break;
            }
        r.ThrowIfMalformed("nf_tables fib expression");
        return new FibExpression(flags, result, dreg);
    }

    public override string ToString() => $"[ fib flags {Flags} result {Result} => reg {Dreg} ]";
}
