using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Netlink;

namespace LinuxNetPS.Nftables.Expressions;

/// <summary>
/// immediate reg 0 = VERDICT: ends the rule with a verdict (drop, accept): the isolation rules of container networks
/// and firewall rules. <see cref="ImmediateExpression"/> reads it (an immediate into the verdict register); any other
/// verdict (jump, goto, return) reads as unknown.
/// </summary>
public sealed record VerdictExpression(uint Code) : NftExpression
{
    public override string Name => "immediate";

    protected override void WriteData(NetlinkWriter w)
    {
        w.U32BigEndian(NftaImmediate.Dreg, NftReg.Verdict);
        using (w.Nested(NftaImmediate.Data, markNested: true))
        using (w.Nested(NftaData.Verdict, markNested: true))
            w.U32BigEndian(NftaVerdict.Code, Code);
    }

    public override string ToString() => $"[ immediate reg 0 {Code switch { NfVerdict.Drop => "drop", NfVerdict.Accept => "accept", _ => Code.ToString() }} ]";
}

/// <summary>NFTA_VERDICT_* inside NFTA_DATA_VERDICT (linux/netfilter/nf_tables.h).</summary>
public static class NftaVerdict
{
    public const ushort Code = 1, Chain = 2;
}
