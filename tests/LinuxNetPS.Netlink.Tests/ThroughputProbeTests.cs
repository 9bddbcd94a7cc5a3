using System.Net;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Monitoring.Probes;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Primitives;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

/// <summary>
/// The TCP stream behind Measure-NetLabLink, from C#: sockets made in two lab namespaces by this process, no iperf.
/// The kernel's byte counters of the receiving end (`ip -j -s link`) are the oracle for what crossed the veth.
/// </summary>
public class ThroughputProbeTests
{
    private static (Lab Lab, Client.NetClient A, Client.NetClient B) Pair()
    {
        var lab = new Lab();
        var (_, a) = lab.CreateWithClient("a");
        var (nsB, b) = lab.CreateWithClient("b");
        a.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1", PeerNamespace = NamespaceRef.Parse(nsB), Up = true, PeerUp = true });
        a.Addresses.Add("v0", IPPrefix.Parse("10.64.0.1/30"));
        b.Addresses.Add("v1", IPPrefix.Parse("10.64.0.2/30"));
        return (lab, a, b);
    }

    private static long RxBytes(string ns, string link)
    {
        var (code, stdout, stderr) = Ip.Exec("ip", "-n", ns, "-j", "-s", "link", "show", link);
        Assert.True(code == 0, stderr);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        return doc.RootElement[0].GetProperty("stats64").GetProperty("rx").GetProperty("bytes").GetInt64();
    }

    [Fact]
    public void A_tbf_rate_shows_in_the_measured_throughput_and_the_bytes_crossed_the_veth()
    {
        var (lab, a, b) = Pair();
        using (lab)
        {
            a.Impairments.Set("v0", new LinkImpairmentSpec { RateBitsPerSecond = 50_000_000 });
            long before = RxBytes(lab.Ns("b"), "v1");
            var progress = new List<long>();
            var outcome = ThroughputProbe.Run(a, b, IPAddress.Parse("10.64.0.2"), TimeSpan.FromSeconds(0.6), (bytes, _) => progress.Add(bytes));
            Assert.InRange(outcome.BitsPerSecond, 40e6, 52.5e6);
            Assert.True(RxBytes(lab.Ns("b"), "v1") - before >= outcome.Bytes, "the kernel counted fewer bytes on v1 than the probe says it received");
            Assert.NotEmpty(progress);
            Assert.Equal(outcome.Bytes, progress[^1]);
        }
    }

    [Fact]
    public void An_address_the_target_does_not_hold_is_ThroughputFailed_NotFound()
    {
        var (lab, a, b) = Pair();
        using (lab)
        {
            var e = Assert.Throws<NetOperationException>(() => ThroughputProbe.Run(a, b, IPAddress.Parse("10.65.0.2"), TimeSpan.FromSeconds(0.2)));
            Assert.Equal(ErrorIds.ThroughputFailed, e.ErrorId);
            Assert.Equal(NetErrorKind.NotFound, e.Kind);
        }
    }

    [Fact]
    public void A_target_address_the_source_has_no_route_to_is_ThroughputFailed_Unreachable()
    {
        var (lab, a, b) = Pair();
        using (lab)
        {
            b.Addresses.Add("v1", IPPrefix.Parse("10.66.0.2/32"));
            var e = Assert.Throws<NetOperationException>(() => ThroughputProbe.Run(a, b, IPAddress.Parse("10.66.0.2"), TimeSpan.FromSeconds(0.2)));
            Assert.Equal(ErrorIds.ThroughputFailed, e.ErrorId);
            Assert.Equal(NetErrorKind.Unreachable, e.Kind);
        }
    }
}
