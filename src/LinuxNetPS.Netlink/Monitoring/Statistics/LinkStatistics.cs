using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Monitoring.Statistics;

/// <summary>
/// Interface counters of one namespace: one RTM_GETLINK dump that, unlike the link listing, does not
/// ask the kernel to skip statistics, reading IFLA_STATS64 (struct rtnl_link_stats64).
/// </summary>
public sealed class LinkStatistics
{
    /// <summary>IFLA_STATS64 (linux/if_link.h).</summary>
    internal const ushort IflaStats64 = 23;

    private readonly NetClient _client;

    public LinkStatistics(NetClient client) => _client = client;

    /// <summary>The counters of every link, ordered by index.</summary>
    public IReadOnlyList<LinkStatistic> Read()
    {
        var stamp = DateTime.Now;
        var list = _client.Route.Dump(LinkRequest.Dump(statistics: true).Labelled("read link statistics", ""),
            (in NetlinkMessage m) => Parse(m, _client.NamespaceSpec, stamp));
        return list.OrderBy(s => s.Index).ToList();
    }

    /// <summary>
    /// Reads the counters twice, <paramref name="interval"/> apart, and returns the second reading with the
    /// per-second rates in between. A link that appeared in between has no rates; one that went is left out.
    /// </summary>
    public IReadOnlyList<LinkStatistic> Sample(TimeSpan interval, CancellationToken cancel = default)
    {
        if (interval <= TimeSpan.Zero)
            throw NetOperationException.Invalid($"The interval must be more than zero seconds, not {interval.TotalSeconds}.", interval.ToString());
        var first = Read().ToDictionary(s => s.Index);
        cancel.WaitHandle.WaitOne(interval);
        cancel.ThrowIfCancellationRequested();
        return Read().Select(s => first.TryGetValue(s.Index, out var before) ? WithRates(before, s) : s).ToList();
    }

    internal static LinkStatistic WithRates(LinkStatistic before, LinkStatistic after)
    {
        var span = after.Timestamp - before.Timestamp;
        double seconds = Math.Max(span.TotalSeconds, 1e-6);
        // Counters can go backwards when a device is recreated with the same index; a rate of 0 is then the honest answer.
        double Rate(ulong a, ulong b) => b >= a ? (b - a) / seconds : 0;
        return after with
        {
            Interval = span,
            RxBytesPerSecond = Rate(before.RxBytes, after.RxBytes),
            RxPacketsPerSecond = Rate(before.RxPackets, after.RxPackets),
            TxBytesPerSecond = Rate(before.TxBytes, after.TxBytes),
            TxPacketsPerSecond = Rate(before.TxPackets, after.TxPackets),
        };
    }

    /// <summary>
    /// The counters of one RTM_NEWLINK message, or null for other messages; a malformed message throws
    /// <see cref="MalformedMessageException"/>. A short IFLA_STATS64 is not malformed: older kernels send fewer fields.
    /// </summary>
    internal static LinkStatistic? Parse(in NetlinkMessage m, string? ns, DateTime stamp)
    {
        if (m.Type != RtmType.NewLink) return null;
        var header = m.Header<IfInfoMsg>();
        string? name = null;
        var oper = OperState.Unknown;
        RtnlLinkStats64 stats = default;
        var r = m.Attributes<IfInfoMsg>();
        while (r.Next())
        {
            switch (r.Type)
            {
                case IflaAttr.IfName: name = r.String(); break;
                case IflaAttr.OperState: oper = (OperState)r.U8(); break;
                case IflaStats64: stats = RtnlLinkStats64.Read(r.Data); break;
            }
        }
        r.ThrowIfMalformed("link message");
        // As for the link listing (LinkParser): the kernel names every link it reports, so a nameless one is malformed.
        if (name is null) throw new MalformedMessageException("link message", $"link {header.Index} has no IFLA_IFNAME");
        return new LinkStatistic
        {
            Namespace = ns,
            Name = name,
            Index = header.Index,
            OperState = oper,
            Timestamp = stamp,
            RxBytes = stats.RxBytes,
            RxPackets = stats.RxPackets,
            RxErrors = stats.RxErrors,
            RxDropped = stats.RxDropped,
            RxMissed = stats.RxMissedErrors,
            Multicast = stats.Multicast,
            TxBytes = stats.TxBytes,
            TxPackets = stats.TxPackets,
            TxErrors = stats.TxErrors,
            TxDropped = stats.TxDropped,
            TxCarrierErrors = stats.TxCarrierErrors,
            Collisions = stats.Collisions,
        };
    }
}
