using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Model;

/// <summary>
/// The counters of one interface (IFLA_STATS64, what `ip -s link` shows), read at <see cref="Timestamp"/>.
/// With a sampling interval the per-second rates over it are filled in too.
/// </summary>
public sealed record LinkStatistic
{
    public string? Namespace { get; init; }
    public required string Name { get; init; }
    public int Index { get; init; }
    public OperState OperState { get; init; }
    public DateTime Timestamp { get; init; }

    public ulong RxBytes { get; init; }
    public ulong RxPackets { get; init; }
    public ulong RxErrors { get; init; }
    public ulong RxDropped { get; init; }
    public ulong RxMissed { get; init; }
    public ulong Multicast { get; init; }
    public ulong TxBytes { get; init; }
    public ulong TxPackets { get; init; }
    public ulong TxErrors { get; init; }
    public ulong TxDropped { get; init; }
    public ulong TxCarrierErrors { get; init; }
    public ulong Collisions { get; init; }

    /// <summary>The time between the two readings the rates come from; null without -Interval.</summary>
    public TimeSpan? Interval { get; init; }
    public double? RxBytesPerSecond { get; init; }
    public double? RxPacketsPerSecond { get; init; }
    public double? TxBytesPerSecond { get; init; }
    public double? TxPacketsPerSecond { get; init; }

    public override string ToString() => Name;
}
