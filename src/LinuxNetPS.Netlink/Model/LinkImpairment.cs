
namespace LinuxNetPS.Model;

/// <summary>
/// The impairment a link end has: its root queueing discipline when that is netem or tbf (with a netem or tbf
/// child, as `tc` users often stack them), as the kernel reports it (`tc -d qdisc show dev IFACE`).
/// Made by Set-NetLinkImpairment, or by `tc` itself: both are read the same way.
/// </summary>
public sealed record LinkImpairment
{
    /// <summary>Namespace the link lives in (null = host).</summary>
    public string? Namespace { get; init; }

    /// <summary>The link's name.</summary>
    public required string Interface { get; init; }

    /// <summary>The link's index.</summary>
    public int Index { get; init; }

    /// <summary>Added delay (netem), or null.</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>Jitter of the delay (netem), or null.</summary>
    public TimeSpan? Jitter { get; init; }

    /// <summary>Random loss in percent (netem), or null.</summary>
    public double? LossPercent { get; init; }

    /// <summary>Duplicated packets in percent (netem), or null.</summary>
    public double? DuplicatePercent { get; init; }

    /// <summary>Corrupted packets in percent (netem), or null.</summary>
    public double? CorruptPercent { get; init; }

    /// <summary>Re-ordered packets in percent (netem), or null.</summary>
    public double? ReorderPercent { get; init; }

    /// <summary>Rate limit in bits per second (netem's rate or tbf's), or null.</summary>
    public ulong? Rate { get; init; }

    /// <summary>netem's queue limit in packets, or null when there is no netem.</summary>
    public uint? Limit { get; init; }

    /// <summary>tbf's bucket size in bytes, or null when there is no tbf.</summary>
    public ulong? BurstBytes { get; init; }

    /// <summary>tbf's queue limit in bytes, or null when there is no tbf.</summary>
    public uint? LimitBytes { get; init; }

    /// <summary>The queueing disciplines, root first: "netem", "tbf", "netem+tbf".</summary>
    public required string Kind { get; init; }

    /// <summary>The root qdisc's handle as tc prints it ("8001:").</summary>
    public required string Handle { get; init; }

    /// <summary>The impairment as a spec (what Set-NetLinkImpairment would take to make it again).</summary>
    public LinkImpairmentSpec ToSpec() => new()
    {
        Delay = Delay, Jitter = Jitter, LossPercent = LossPercent, DuplicatePercent = DuplicatePercent,
        CorruptPercent = CorruptPercent, ReorderPercent = ReorderPercent, RateBitsPerSecond = Rate,
        Limit = Kind.StartsWith("netem", StringComparison.Ordinal) && Limit != Defaults.NetemLimit ? Limit : null,
    };

    /// <summary>The impairment in tc's words ("delay 100ms loss 1%").</summary>
    public string Summary => (ToSpec() with { Limit = null }).ToString();

    public override string ToString() => $"{Interface}: {Kind} {Summary}";

    /// <summary>Values used when a spec leaves them out.</summary>
    public static class Defaults
    {
        /// <summary>netem's queue length in packets when none is given (tc's default).</summary>
        public const uint NetemLimit = 1000;
    }
}
