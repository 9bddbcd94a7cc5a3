using System.Runtime.InteropServices;

namespace LinuxNetPS.Rtnetlink;

/// <summary>struct tcmsg (20 bytes, linux/rtnetlink.h): the fixed header of qdisc, class and filter messages.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct TcMsg
{
    public byte Family;
    public byte Pad1;
    public ushort Pad2;
    public int Index;
    public uint Handle;
    public uint Parent;
    public uint Info;
}

/// <summary>Attributes of a tcmsg (TCA_*).</summary>
public static class TcaAttr
{
    public const ushort Kind = 1, Options = 2, Stats = 3, XStats = 4, Rate = 5, Fcnt = 6, Stats2 = 7;
}

/// <summary>Qdisc handles (linux/pkt_sched.h TC_H_*): major:minor in one u32.</summary>
public static class TcHandle
{
    public const uint Unspec = 0, Root = 0xFFFFFFFF;
    public const uint MajorMask = 0xFFFF0000;

    /// <summary>The handle as tc prints it: "8001:" for a qdisc, "8001:1" for a class.</summary>
    public static string Format(uint handle) =>
        handle == Root ? "root" : (handle & 0xFFFF) == 0 ? $"{handle >> 16:x}:" : $"{handle >> 16:x}:{handle & 0xFFFF:x}";
}

/// <summary>
/// The scheduler clock unit of tc_netem_qopt and tc_tbf_qopt time fields (PSCHED_SHIFT 6 in
/// include/net/pkt_sched.h): one "tick" is 64 ns, which is what tc reads from /proc/net/psched.
/// </summary>
public static class PschedTicks
{
    public const int NanosecondsPerTick = 64;

    public static uint FromNanoseconds(ulong ns) => (uint)Math.Min(ns / NanosecondsPerTick, uint.MaxValue);

    public static ulong ToNanoseconds(uint ticks) => (ulong)ticks * NanosecondsPerTick;
}

/// <summary>enum tc_link_layer: how a rate's per-packet size is counted.</summary>
public static class TcLinkLayer
{
    public const byte Unaware = 0, Ethernet = 1, Atm = 2;
}

/// <summary>struct tc_ratespec (12 bytes): a rate in bytes per second (u32; larger rates go in a *_RATE64 attribute).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct TcRateSpec
{
    public byte CellLog;
    public byte LinkLayer;
    public ushort Overhead;
    public short CellAlign;
    public ushort Mpu;
    public uint Rate;
}

/// <summary>struct tc_tbf_qopt (36 bytes): the TCA_TBF_PARMS of a token bucket filter.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct TcTbfQopt
{
    public TcRateSpec Rate;
    public TcRateSpec PeakRate;
    /// <summary>Queue size in bytes.</summary>
    public uint Limit;
    /// <summary>Bucket size as the time to send it at <see cref="Rate"/>, in psched ticks.</summary>
    public uint Buffer;
    public uint Mtu;
}

/// <summary>TCA_TBF_* attributes (inside TCA_OPTIONS of a tbf qdisc, a normal nest).</summary>
public static class TbfAttr
{
    public const ushort Parms = 1, RateTable = 2, PeakTable = 3, Rate64 = 4, PeakRate64 = 5, Burst = 6, PeakBurst = 7, Pad = 8;
}

/// <summary>
/// struct tc_netem_qopt (24 bytes). netem's TCA_OPTIONS is not a plain nest: this struct comes first and the
/// TCA_NETEM_* attributes follow it. Probabilities are u32 fractions of 2^32-1 (0 = never, ~0 = always).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct TcNetemQopt
{
    /// <summary>Added delay in psched ticks (TCA_NETEM_LATENCY64 overrides it, in ns).</summary>
    public uint Latency;
    /// <summary>Queue size in packets.</summary>
    public uint Limit;
    public uint Loss;
    /// <summary>Re-ordering gap (0 = none).</summary>
    public uint Gap;
    public uint Duplicate;
    /// <summary>Jitter in psched ticks (TCA_NETEM_JITTER64 overrides it, in ns).</summary>
    public uint Jitter;
}

/// <summary>struct tc_netem_reorder / tc_netem_corrupt (8 bytes): a probability and its correlation.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct TcNetemProbability
{
    public uint Probability;
    public uint Correlation;
}

/// <summary>struct tc_netem_rate (16 bytes): netem's own rate limit in bytes per second (TCA_NETEM_RATE64 when larger).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct TcNetemRate
{
    public uint Rate;
    public int PacketOverhead;
    public uint CellSize;
    public int CellOverhead;
}

/// <summary>TCA_NETEM_* attributes (after the tc_netem_qopt in TCA_OPTIONS).</summary>
public static class NetemAttr
{
    public const ushort Corr = 1, DelayDist = 2, Reorder = 3, Corrupt = 4, Loss = 5, Rate = 6, Ecn = 7, Rate64 = 8,
        Pad = 9, Latency64 = 10, Jitter64 = 11, Slot = 12, SlotDist = 13, PrngSeed = 14;
}
