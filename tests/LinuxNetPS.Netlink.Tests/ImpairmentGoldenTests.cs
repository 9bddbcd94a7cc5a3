using LinuxNetPS.Model;
using LinuxNetPS.Impairment;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Tests;

/// <summary>
/// Golden bytes: the RTM_NEWQDISC bodies (tcmsg and attributes) iproute2's tc sent for
/// <c>tc -n NS qdisc replace dev va root netem ARGS</c> (va had index 3), captured with
/// <c>strace -f -e trace=sendmsg -xx tc ...</c>. (This machine's kernel has no sch_netem, so tc's bytes, not the
/// kernel's answer, are the oracle for netem here.) Our parser must read tc's bytes as the same impairment, and our
/// encoder must write the same tc_netem_qopt and the same TCA_NETEM_* payloads; it adds LATENCY64/JITTER64 (ns),
/// which tc leaves out when the tick fields can hold the value.
/// </summary>
public class ImpairmentGoldenTests
{
    public sealed record Case(string TcArgs, LinkImpairmentSpec Spec, string Hex)
    {
        public override string ToString() => TcArgs;
    }

    public static readonly Case[] All =
    [
        new("delay 100ms 10ms loss 1% rate 10mbit",
            new LinkImpairmentSpec { Delay = TimeSpan.FromMilliseconds(100), Jitter = TimeSpan.FromMilliseconds(10), LossPercent = 1, RateBitsPerSecond = 10_000_000 },
            "000000000300000000000000ffffffff000000000a0001006e6574656d0000003000020084d71700e8030000295c8f0200000000000000005a62020014000600d0121300000000000000000000000000"),
        new("delay 5s loss 50% duplicate 2% corrupt 0.1% reorder 25% limit 500",
            new LinkImpairmentSpec { Delay = TimeSpan.FromSeconds(5), LossPercent = 50, DuplicatePercent = 2, CorruptPercent = 0.1, ReorderPercent = 25, Limit = 500 },
            "000000000300000000000000ffffffff000000000a0001006e6574656d00000034000200c817a804f4010000000000800100000052b81e05000000000c00030000000040000000000c0004003789410000000000"),
        new("loss 100%",
            new LinkImpairmentSpec { LossPercent = 100 },
            "000000000300000000000000ffffffff000000000a0001006e6574656d0000001c00020000000000e8030000ffffffff000000000000000000000000"),
    ];

    public static TheoryData<Case> Cases => new(All);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parser_ReadsTcsBytesAsTheSameImpairment(Case c)
    {
        var body = Convert.FromHexString(c.Hex);
        var parsed = QdiscCodec.Parse(new NetlinkMessage(RtmType.NewQdisc, NetlinkFlags.Request, 1, body));
        Assert.NotNull(parsed);
        Assert.Equal("netem", parsed.Kind);
        Assert.Equal(3, parsed.Index);
        Assert.Equal(TcHandle.Root, parsed.Parent);
        var n = parsed.Netem!;
        Assert.Equal(Ns(c.Spec.Delay), n.DelayNs);
        Assert.Equal(Ns(c.Spec.Jitter), n.JitterNs);
        Assert.Equal(c.Spec.LossPercent ?? 0, n.LossPercent);
        Assert.Equal(c.Spec.DuplicatePercent ?? 0, n.DuplicatePercent);
        Assert.Equal(c.Spec.CorruptPercent ?? 0, n.CorruptPercent);
        Assert.Equal(c.Spec.ReorderPercent ?? 0, n.ReorderPercent);
        Assert.Equal((c.Spec.RateBitsPerSecond ?? 0) / 8, n.RateBytesPerSecond);
        Assert.Equal(c.Spec.Limit ?? 1000, n.Limit);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encoder_WritesTcsStructAndAttributes(Case c)
    {
        var tc = Options(Convert.FromHexString(c.Hex));
        var w = new NetlinkWriter();
        w.BeginMessage(RtmType.NewQdisc, NetlinkFlags.Request, 0);
        QdiscCodec.WriteRoot(w, 3, 0, c.Spec);
        w.EndMessage();
        var ours = Options(w.Written[NetlinkLayout.HeaderSize..].ToArray());

        Assert.Equal(tc.Header, ours.Header);       // the tcmsg: index 3, handle 0, parent root
        Assert.Equal("netem", ours.Kind);
        Assert.Equal(Hex(tc.Qopt), Hex(ours.Qopt)); // latency/jitter ticks, limit, loss, gap, duplicate
        foreach (var (type, payload) in tc.Attributes)
            Assert.Equal(Hex(payload), Hex(ours.Attributes[type]));
        var extra = ours.Attributes.Keys.Except(tc.Attributes.Keys).ToHashSet();
        Assert.Subset(new HashSet<ushort> { NetemAttr.Latency64, NetemAttr.Jitter64 }, extra);
        if (extra.Contains(NetemAttr.Latency64)) Assert.Equal(Ns(c.Spec.Delay), BitConverter.ToUInt64(ours.Attributes[NetemAttr.Latency64]));
        if (extra.Contains(NetemAttr.Jitter64)) Assert.Equal(Ns(c.Spec.Jitter), BitConverter.ToUInt64(ours.Attributes[NetemAttr.Jitter64]));
    }

    [Fact]
    public void Encoder_PutsRatesAboveFourGigabytesPerSecondInRate64()
    {
        var w = new NetlinkWriter();
        w.BeginMessage(RtmType.NewQdisc, NetlinkFlags.Request, 0);
        QdiscCodec.WriteRoot(w, 3, 0, new LinkImpairmentSpec { Delay = TimeSpan.FromMilliseconds(1), RateBitsPerSecond = 40_000_000_000 });
        w.EndMessage();
        var ours = Options(w.Written[NetlinkLayout.HeaderSize..].ToArray());
        Assert.Equal(uint.MaxValue, BitConverter.ToUInt32(ours.Attributes[NetemAttr.Rate]));
        Assert.Equal(5_000_000_000ul, BitConverter.ToUInt64(ours.Attributes[NetemAttr.Rate64]));
        var parsed = QdiscCodec.Parse(new NetlinkMessage(RtmType.NewQdisc, NetlinkFlags.None, 1, w.Written[NetlinkLayout.HeaderSize..]));
        Assert.Equal(5_000_000_000ul, parsed!.Netem!.RateBytesPerSecond);
    }

    [Fact]
    public void Parser_ClampsATbfWhoseBucketIsLargerThan64Bits()
    {
        // Found by the fuzzer: the largest rate with the largest bucket time; bytes = rate x time overflows 64 bits.
        var w = new NetlinkWriter();
        w.BeginMessage(RtmType.NewQdisc, NetlinkFlags.None, 1);
        w.Struct(new TcMsg { Index = 3, Handle = 0x80010000, Parent = TcHandle.Root });
        w.String(TcaAttr.Kind, "tbf");
        using (w.Nested(TcaAttr.Options))
        {
            w.StructAttribute(TbfAttr.Parms, new TcTbfQopt { Rate = new TcRateSpec { Rate = uint.MaxValue }, Buffer = uint.MaxValue });
            w.U64(TbfAttr.Rate64, ulong.MaxValue);
        }
        w.EndMessage();
        var parsed = QdiscCodec.Parse(new NetlinkMessage(RtmType.NewQdisc, NetlinkFlags.None, 1, w.Written[NetlinkLayout.HeaderSize..]));
        Assert.Equal(ulong.MaxValue, parsed!.Tbf!.RateBytesPerSecond);
        Assert.Equal(ulong.MaxValue, parsed.Tbf.BurstBytes);
    }

    [Fact]
    public void Parser_ReportsATruncatedNetemStruct()
    {
        // TCA_KIND netem, then TCA_OPTIONS with 8 of the 24 bytes of tc_netem_qopt.
        var body = Convert.FromHexString("000000000300000000000000ffffffff000000000a0001006e6574656d0000000c0002000000000000000000");
        Assert.Throws<LinuxNetPS.Errors.MalformedMessageException>(() => QdiscCodec.Parse(new NetlinkMessage(RtmType.NewQdisc, NetlinkFlags.None, 1, body)));
    }

    private static ulong Ns(TimeSpan? t) => t is { } v ? (ulong)v.Ticks * 100 : 0;

    private static string Hex(byte[] b) => Convert.ToHexString(b);

    private sealed record Decoded(byte[] Header, string Kind, byte[] Qopt, Dictionary<ushort, byte[]> Attributes);

    /// <summary>Splits a netem RTM_NEWQDISC body into tcmsg, kind, qopt and the TCA_NETEM_* payloads (by hand, not by our reader).</summary>
    private static Decoded Options(byte[] body)
    {
        var header = body[..20];
        string kind = "";
        byte[] qopt = [];
        var attributes = new Dictionary<ushort, byte[]>();
        int at = 20;
        while (at + 4 <= body.Length)
        {
            int len = BitConverter.ToUInt16(body, at);
            ushort type = BitConverter.ToUInt16(body, at + 2);
            var payload = body[(at + 4)..(at + len)];
            if (type == TcaAttr.Kind) kind = System.Text.Encoding.ASCII.GetString(payload).TrimEnd('\0');
            if (type == TcaAttr.Options)
            {
                qopt = payload[..24];
                int inner = 24;
                while (inner + 4 <= payload.Length)
                {
                    int l = BitConverter.ToUInt16(payload, inner);
                    attributes[BitConverter.ToUInt16(payload, inner + 2)] = payload[(inner + 4)..(inner + l)];
                    inner += (l + 3) & ~3;
                }
            }
            at += (len + 3) & ~3;
        }
        return new Decoded(header, kind, qopt, attributes);
    }
}

/// <summary>How stacked qdiscs (tc users' netem + tbf) are read as one impairment, from parsed records (this kernel cannot make netem).</summary>
public class ImpairmentCombineTests
{
    private static ParsedQdisc Netem(uint handle, uint parent, ulong delayNs, ulong rateBytes = 0) =>
        new(3, handle, parent, QdiscCodec.Netem) { Netem = new NetemOptions(delayNs, 0, 1, 0, 0, 0, rateBytes, 1000) };

    private static ParsedQdisc Tbf(uint handle, uint parent, ulong rateBytes) =>
        new(3, handle, parent, QdiscCodec.Tbf) { Tbf = new TbfOptions(rateBytes, 16384, 30000) };

    [Fact]
    public void NetemRootWithATbfChild_IsOneImpairment_WithTheTbfsRate()
    {
        var got = ImpairmentOperations.Combine([Netem(0x10000, TcHandle.Root, 100_000_000), Tbf(0x20000, 0x10001, 125_000)], "v0", "red")!;
        Assert.Equal(("netem+tbf", "1:", "red", "v0"), (got.Kind, got.Handle, got.Namespace, got.Interface));
        Assert.Equal(TimeSpan.FromMilliseconds(100), got.Delay);
        Assert.Equal(1.0, got.LossPercent);
        Assert.Equal(1_000_000ul, got.Rate);
        Assert.Equal(16384ul, got.BurstBytes);
    }

    [Fact]
    public void TbfRootWithANetemChild_TakesTheSmallerRate()
    {
        var got = ImpairmentOperations.Combine([Tbf(0x10000, TcHandle.Root, 125_000), Netem(0x20000, 0x10001, 5_000_000, rateBytes: 62_500)], "v0", null)!;
        Assert.Equal("tbf+netem", got.Kind);
        Assert.Equal(500_000ul, got.Rate);
        Assert.Equal(TimeSpan.FromMilliseconds(5), got.Delay);
    }

    [Fact]
    public void OtherRoots_AndChildrenOfOtherParents_AreNotImpairments()
    {
        Assert.Null(ImpairmentOperations.Combine([new ParsedQdisc(3, 0x10000, TcHandle.Root, "htb"), Netem(0x20000, 0x10001, 1000)], "v0", null));
        Assert.Null(ImpairmentOperations.Combine([Netem(0x20000, 0x10001, 1000)], "v0", null)); // no root
        var alone = ImpairmentOperations.Combine([Tbf(0x10000, TcHandle.Root, 125_000), Netem(0x30000, 0x50001, 1000)], "v0", null)!;
        Assert.Equal("tbf", alone.Kind); // the netem hangs under another parent
        Assert.Null(alone.Delay);
    }
}
