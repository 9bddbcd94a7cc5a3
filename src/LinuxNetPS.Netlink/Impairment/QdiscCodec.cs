using LinuxNetPS.Model;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Impairment;

/// <summary>One qdisc as the kernel reports it, with the options of the kinds we read (netem, tbf).</summary>
internal sealed record ParsedQdisc(int Index, uint Handle, uint Parent, string Kind)
{
    public NetemOptions? Netem { get; init; }
    public TbfOptions? Tbf { get; init; }
}

/// <summary>netem's settings, in the units of the model (ns, fractions of 2^32 already turned into percent).</summary>
internal sealed record NetemOptions(ulong DelayNs, ulong JitterNs, double LossPercent, double DuplicatePercent,
    double CorruptPercent, double ReorderPercent, ulong RateBytesPerSecond, uint Limit);

/// <summary>tbf's settings: rate in bytes per second, bucket in bytes, queue in bytes.</summary>
internal sealed record TbfOptions(ulong RateBytesPerSecond, ulong BurstBytes, uint LimitBytes);

/// <summary>
/// Encodes and decodes the TCA_KIND / TCA_OPTIONS of netem and tbf qdiscs (linux/pkt_sched.h). The messages are
/// the ones `tc qdisc replace dev X root netem delay 100ms 10ms loss 1% rate 10mbit` and
/// `tc qdisc replace dev X root tbf rate 1mbit burst 16k latency 50ms` send (checked byte for byte in the tests).
/// </summary>
internal static class QdiscCodec
{
    public const string Netem = "netem";
    public const string Tbf = "tbf";

    /// <summary>How long tbf may queue a packet at the rate (tc's `latency`), which sizes its byte limit.</summary>
    public static readonly TimeSpan TbfLatency = TimeSpan.FromMilliseconds(50);

    /// <summary>The smallest tbf bucket: ten full-size Ethernet frames, so a burst of MTU-sized packets passes whole at low rates.</summary>
    public const uint MinTbfBurstBytes = 10 * 1514;

    /// <summary>
    /// The body of an RTM_NEWQDISC that puts <paramref name="spec"/> on the root of link <paramref name="index"/>, with
    /// <paramref name="handle"/> (0: the kernel picks one, as for `tc qdisc replace ... root netem`).
    /// </summary>
    public static void WriteRoot(NetlinkWriter w, int index, uint handle, LinkImpairmentSpec spec)
    {
        w.Struct(new TcMsg { Family = AddressFamily.Unspec, Index = index, Handle = handle, Parent = TcHandle.Root });
        if (spec.NeedsNetem) WriteNetem(w, spec);
        else WriteTbf(w, spec.RateBitsPerSecond ?? throw new ArgumentException("A spec without netem impairments needs a rate.", nameof(spec)));
    }

    /// <summary>
    /// netem: TCA_OPTIONS holds a tc_netem_qopt followed (not nested) by TCA_NETEM_* attributes. The times go both in
    /// the struct (psched ticks, as older kernels read them) and as LATENCY64/JITTER64 in ns, which newer kernels prefer
    /// and which hold delays beyond the ~275 s of a u32 tick count.
    /// </summary>
    public static void WriteNetem(NetlinkWriter w, LinkImpairmentSpec spec)
    {
        ulong delayNs = Nanoseconds(spec.Delay);
        ulong jitterNs = Nanoseconds(spec.Jitter);
        bool reorder = spec.ReorderPercent is > 0;
        w.String(TcaAttr.Kind, Netem);
        using (w.Nested(TcaAttr.Options))
        {
            w.Struct(new TcNetemQopt
            {
                Latency = PschedTicks.FromNanoseconds(delayNs),
                Limit = spec.Limit ?? Model.LinkImpairment.Defaults.NetemLimit,
                Loss = Probability(spec.LossPercent),
                // netem only re-orders when a gap is set; gap 1 makes every packet a candidate, as tc does.
                Gap = reorder ? 1u : 0u,
                Duplicate = Probability(spec.DuplicatePercent),
                Jitter = PschedTicks.FromNanoseconds(jitterNs),
            });
            if (reorder) w.StructAttribute(NetemAttr.Reorder, new TcNetemProbability { Probability = Probability(spec.ReorderPercent) });
            if (spec.CorruptPercent is > 0) w.StructAttribute(NetemAttr.Corrupt, new TcNetemProbability { Probability = Probability(spec.CorruptPercent) });
            if (spec.RateBitsPerSecond is { } bits)
            {
                ulong bytes = bits / 8;
                w.StructAttribute(NetemAttr.Rate, new TcNetemRate { Rate = (uint)Math.Min(bytes, uint.MaxValue) });
                if (bytes > uint.MaxValue) w.U64(NetemAttr.Rate64, bytes);
            }
            if (delayNs > 0) w.U64(NetemAttr.Latency64, delayNs);
            if (jitterNs > 0) w.U64(NetemAttr.Jitter64, jitterNs);
        }
    }

    /// <summary>
    /// tbf with an Ethernet link layer, so the kernel computes its own rate table (no TCA_TBF_RTAB), the bucket given
    /// in bytes (TCA_TBF_BURST) and, for the struct, in ticks; the queue holds <see cref="TbfLatency"/> at the rate
    /// plus one bucket.
    /// </summary>
    public static void WriteTbf(NetlinkWriter w, ulong rateBitsPerSecond)
    {
        ulong bytes = rateBitsPerSecond / 8;
        ulong burst = TbfBurst(bytes);
        ulong limit = Math.Min(bytes * (ulong)TbfLatency.TotalMilliseconds / 1000 + burst, uint.MaxValue);
        w.String(TcaAttr.Kind, Tbf);
        using (w.Nested(TcaAttr.Options))
        {
            w.StructAttribute(TbfAttr.Parms, new TcTbfQopt
            {
                Rate = new TcRateSpec { LinkLayer = TcLinkLayer.Ethernet, Rate = (uint)Math.Min(bytes, uint.MaxValue) },
                Limit = (uint)limit,
                Buffer = PschedTicks.FromNanoseconds((ulong)((decimal)burst * 1_000_000_000m / bytes)),
            });
            if (bytes > uint.MaxValue) w.U64(TbfAttr.Rate64, bytes);
            w.U32(TbfAttr.Burst, (uint)burst);
        }
    }

    /// <summary>The bucket: 10 ms at the rate, at least <see cref="MinTbfBurstBytes"/>, at most what a u32 holds.</summary>
    public static ulong TbfBurst(ulong bytesPerSecond) => Math.Clamp(bytesPerSecond / 100, MinTbfBurstBytes, uint.MaxValue);

    /// <summary>A percentage as netem's probability: a u32 fraction of 2^32-1, rounded as tc rounds it.</summary>
    public static uint Probability(double? percent) =>
        percent is { } p and > 0 ? (uint)Math.Min(Math.Round(p / 100.0 * uint.MaxValue, MidpointRounding.ToEven), uint.MaxValue) : 0;

    /// <summary>netem's probability as a percentage (6 decimals, so 1% reads back as 1, not 1.0000000012).</summary>
    public static double Percent(uint probability) => Math.Round(probability / (double)uint.MaxValue * 100.0, 6);

    private static ulong Nanoseconds(TimeSpan? value) => value is { Ticks: > 0 } v ? (ulong)v.Ticks * 100 : 0;

    /// <summary>One Parse for a dump entry: null for messages of other links when <paramref name="onlyIndex"/> is given.</summary>
    public static ParsedQdisc? Parse(in NetlinkMessage message, int? onlyIndex = null)
    {
        if (message.Type != RtmType.NewQdisc) return null;
        var header = message.Header<TcMsg>();
        if (onlyIndex is { } want && header.Index != want) return null;
        string? kind = null;
        NetemOptions? netem = null;
        TbfOptions? tbf = null;
        var r = message.Attributes<TcMsg>();
        // TCA_KIND comes before TCA_OPTIONS in every kernel reply; the options are read by the kind seen so far.
        while (r.Next())
        {
            switch (r.Type)
            {
                case TcaAttr.Kind: kind = r.String(); break;
                case TcaAttr.Options when kind == Netem: netem = ReadNetem(ref r); break;
                case TcaAttr.Options when kind == Tbf: tbf = ReadTbf(ref r); break;
            }
        }
        r.ThrowIfMalformed("qdisc message");
        return new ParsedQdisc(header.Index, header.Handle, header.Parent, kind ?? "") { Netem = netem, Tbf = tbf };
    }

    private static NetemOptions? ReadNetem(ref AttributeReader options)
    {
        var qopt = options.Struct<TcNetemQopt>();
        if (options.Error is not null) return null;
        ulong delay = PschedTicks.ToNanoseconds(qopt.Latency), jitter = PschedTicks.ToNanoseconds(qopt.Jitter);
        ulong rate = 0;
        uint reorder = 0, corrupt = 0;
        var r = options.NestedAfter(System.Runtime.CompilerServices.Unsafe.SizeOf<TcNetemQopt>());
        while (r.Next())
        {
            switch (r.Type)
            {
                case NetemAttr.Latency64: delay = r.U64(); break;
                case NetemAttr.Jitter64: jitter = r.U64(); break;
                case NetemAttr.Rate: rate = Math.Max(rate, r.Struct<TcNetemRate>().Rate); break;
                case NetemAttr.Rate64: rate = Math.Max(rate, r.U64()); break;
                case NetemAttr.Reorder: reorder = r.Struct<TcNetemProbability>().Probability; break;
                case NetemAttr.Corrupt: corrupt = r.Struct<TcNetemProbability>().Probability; break;
            }
        }
        // A gap of 0 means no re-ordering whatever the probability says.
        if (qopt.Gap == 0) reorder = 0;
        return new NetemOptions(delay, jitter, Percent(qopt.Loss), Percent(qopt.Duplicate), Percent(corrupt), Percent(reorder), rate, qopt.Limit);
    }

    private static TbfOptions? ReadTbf(ref AttributeReader options)
    {
        TcTbfQopt? parms = null;
        ulong rate64 = 0;
        var r = options.Nested();
        while (r.Next())
        {
            switch (r.Type)
            {
                case TbfAttr.Parms: parms = r.Struct<TcTbfQopt>(); break;
                case TbfAttr.Rate64: rate64 = r.U64(); break;
            }
        }
        if (parms is not { } p) return null;
        ulong rate = Math.Max(p.Rate.Rate, rate64);
        // The kernel reports the bucket as the time to send it at the rate, as tc's `burst` is derived.
        // 128 bits: no product of the two overflows. Rounded, as the tick count was truncated (4096 bytes at 3mbit read back as 4095.98).
        UInt128 burst = ((UInt128)rate * PschedTicks.ToNanoseconds(p.Buffer) + 500_000_000) / 1_000_000_000;
        return new TbfOptions(rate, burst > ulong.MaxValue ? ulong.MaxValue : (ulong)burst, p.Limit);
    }
}
