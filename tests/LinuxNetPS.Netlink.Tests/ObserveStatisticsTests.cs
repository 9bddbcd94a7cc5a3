using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Monitoring.Statistics;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Primitives;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

public class ObserveStatisticsTests
{
    /// <summary>Two namespaces joined by a veth (a: v0 10.77.0.1, b: v1 10.77.0.2), both ends up.</summary>
    internal static (string A, NetClient Ca, string B, NetClient Cb) Pair(Lab lab)
    {
        var (a, ca) = lab.CreateWithClient("a");
        var (b, cb) = lab.CreateWithClient("b");
        ca.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1", PeerNamespace = NamespaceRef.Parse(b), Up = true, PeerUp = true });
        ca.Addresses.Add("v0", IPPrefix.Parse("10.77.0.1/24"));
        cb.Addresses.Add("v1", IPPrefix.Parse("10.77.0.2/24"));
        return (a, ca, b, cb);
    }

    [Fact]
    public void Counters_rise_by_at_least_the_packets_sent_between_two_namespaces()
    {
        using var lab = new Lab();
        var (a, ca, b, cb) = Pair(lab);
        var sentBefore = new LinkStatistics(ca).Read().Single(s => s.Name == "v0");
        var receivedBefore = new LinkStatistics(cb).Read().Single(s => s.Name == "v1");

        Assert.True(Ip.Ping(a, "10.77.0.2", count: 5));

        var sentAfter = new LinkStatistics(ca).Read().Single(s => s.Name == "v0");
        var receivedAfter = new LinkStatistics(cb).Read().Single(s => s.Name == "v1");
        Assert.True(sentAfter.TxPackets - sentBefore.TxPackets >= 5, $"v0 sent {sentAfter.TxPackets - sentBefore.TxPackets} packets");
        Assert.True(receivedAfter.RxPackets - receivedBefore.RxPackets >= 5, $"v1 received {receivedAfter.RxPackets - receivedBefore.RxPackets} packets");
        // Five echo requests of 84 bytes of IP, plus Ethernet headers.
        Assert.True(sentAfter.TxBytes - sentBefore.TxBytes >= 5 * 98);
        Assert.Equal(a, sentAfter.Namespace);

        // iproute2 reads the same counters later, so never fewer.
        var ip = Ip.Json(a, "-s link show v0")[0].GetProperty("stats64");
        Assert.True(ip.GetProperty("tx").GetProperty("packets").GetUInt64() >= sentAfter.TxPackets);
        Assert.True(ip.GetProperty("rx").GetProperty("packets").GetUInt64() >= sentAfter.RxPackets);
    }

    [Fact]
    public void Sample_gives_rates_over_the_interval()
    {
        using var lab = new Lab();
        var (_, ca, _, _) = Pair(lab);
        var sampled = new LinkStatistics(ca).Sample(TimeSpan.FromMilliseconds(200));
        var v0 = sampled.Single(s => s.Name == "v0");
        Assert.NotNull(v0.Interval);
        Assert.True(v0.Interval!.Value >= TimeSpan.FromMilliseconds(150));
        Assert.NotNull(v0.RxBytesPerSecond);
        Assert.True(v0.TxPacketsPerSecond >= 0);
    }

    [Fact]
    public void Sample_refuses_an_interval_of_zero()
    {
        using var lab = new Lab();
        var (_, c) = lab.CreateWithClient("a");
        var e = Assert.Throws<NetOperationException>(() => new LinkStatistics(c).Sample(TimeSpan.Zero));
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void Cancelled_sample_stops_without_result()
    {
        using var lab = new Lab();
        var (_, c) = lab.CreateWithClient("a");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new LinkStatistics(c).Sample(TimeSpan.FromSeconds(30), cancel.Token));
    }
}
