using System.Net;
using System.Text.Json;
using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Routes;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Tests.Support;
using static LinuxNetPS.Tests.AddressRouteSetup;

namespace LinuxNetPS.Tests;

/// <summary>Multipath (ECMP) routes against the real kernel, in lab namespaces; `ip -j route` is the oracle.</summary>
public class MultipathRouteTests
{
    /// <summary>v0 carries 10.10.1.10/16 and fd00::10/64, v1 10.20.1.10/16 and fd01::10/64: gateways on two links.</summary>
    private static NetClient Setup(Lab lab, string role, out string ns)
    {
        var client = Veth(lab, role, out ns, "10.10.1.10/16");
        Ip.Run($"-n {ns} addr add 10.20.1.10/16 dev v1");
        Ip.Run($"-n {ns} addr add fd00::10/64 dev v0 nodad");
        Ip.Run($"-n {ns} addr add fd01::10/64 dev v1 nodad");
        for (int i = 0; i < 100 && !Ip.Run($"-n {ns} -6 route show table local").Contains("local fd01::10 "); i++) Thread.Sleep(20);
        return client;
    }

    private static RouteNextHopSpec Hop(string? gateway, string? dev = null, int weight = 1) =>
        new() { Gateway = gateway is null ? null : IPAddress.Parse(gateway), Interface = dev, Weight = weight };

    /// <summary>ip's next hops of the route to <paramref name="dst"/> as "gateway dev weight".</summary>
    private static List<string> IpHops(string ns, string dst, string family = "")
    {
        var route = Assert.Single(Ip.Json(ns, $"{family} route show table all").EnumerateArray(), r => r.Str("dst") == dst);
        return route.TryGetProperty("nexthops", out var hops)
            ? hops.EnumerateArray().Select(h => $"{h.Str("gateway")} {h.Str("dev")} {h.Str("weight")}").ToList()
            : [$"{route.Str("gateway")} {route.Str("dev")} 1"];
    }

    private static List<string> Ours(NetRoute r) => r.NextHops.Select(h => $"{h.Gateway} {h.Interface} {h.Weight}").ToList();

    [Fact]
    public void Ecmp_TwoGatewaysWithWeights_IsWhatIpShows()
    {
        using var lab = new Lab();
        var client = Setup(lab, "ecmp", out var ns);
        var r = client.Routes.Add(new RouteSpec { Destination = "10.50.0.0/16", NextHops = [Hop("10.10.1.1"), Hop("10.20.1.1", weight: 2)] });
        Assert.True(r.IsMultipath);
        Assert.Null(r.Gateway);
        Assert.Null(r.Interface);
        Assert.Equal(["10.10.1.1 v0 1", "10.20.1.1 v1 2"], Ours(r));
        Assert.Equal(Ours(r), IpHops(ns, "10.50.0.0/16"));
        Assert.Equal("static", Assert.Single(Ip.Json(ns, "route show").EnumerateArray(), x => x.Str("dst") == "10.50.0.0/16").Str("protocol"));

        // Listed the same way, also when asked for either interface.
        var listed = Assert.Single(client.Routes.List(), x => x.Destination == "10.50.0.0/16");
        Assert.Equal(Ours(r), Ours(listed));
        Assert.Contains(client.Routes.List(interfaceName: "v1"), x => x.Destination == "10.50.0.0/16");
        Assert.Contains("nexthop via 10.20.1.1 dev v1 weight 2", listed.ToString());

        client.Routes.Remove(new RouteSpec { Destination = "10.50.0.0/16" });
        Assert.DoesNotContain(Ip.Json(ns, "route show").EnumerateArray(), x => x.Str("dst") == "10.50.0.0/16");
    }

    [Fact]
    public void Ecmp_IPv6_InterfacesOnly_AndAnotherTableWithMetric()
    {
        using var lab = new Lab();
        var client = Setup(lab, "ecmp6", out var ns);
        var v6 = client.Routes.Add(new RouteSpec { Destination = "default", NextHops = [Hop("fd00::1", weight: 3), Hop("fd01::1", weight: 256)] });
        Assert.Equal(IPFamily.IPv6, v6.Family);
        Assert.Equal(["fd00::1 v0 3", "fd01::1 v1 256"], Ours(v6));
        Assert.Equal(Ours(v6), IpHops(ns, "default", "-6"));

        var devs = client.Routes.Add(new RouteSpec { Destination = "10.60.0.0/16", NextHops = [Hop(null, "v0"), Hop(null, "v1", 4)] });
        Assert.Equal([" v0 1", " v1 4"], Ours(devs));
        Assert.Equal(Ours(devs), IpHops(ns, "10.60.0.0/16"));

        var table = client.Routes.Add(new RouteSpec { Destination = "10.70.0.0/16", Table = 100, Metric = 7, NextHops = [Hop("10.10.1.1", "v0"), Hop("10.20.1.1", "v1")] });
        Assert.Equal(100u, table.Table);
        Assert.Equal(7u, table.Metric);
        Assert.Equal(Ours(table), IpHops(ns, "10.70.0.0/16"));
    }

    [Fact]
    public void Replace_TurnsOnePathIntoSeveral_AndBack()
    {
        using var lab = new Lab();
        var client = Setup(lab, "repl", out var ns);
        client.Routes.Add(new RouteSpec { Destination = "default", Gateway = IPAddress.Parse("10.10.1.1") });
        var multi = client.Routes.Replace(new RouteSpec { Destination = "default", NextHops = [Hop("10.10.1.1"), Hop("10.20.1.1", weight: 5)] });
        Assert.Equal(["10.10.1.1 v0 1", "10.20.1.1 v1 5"], IpHops(ns, "default"));
        Assert.Equal(Ours(multi), IpHops(ns, "default"));
        var single = client.Routes.Replace(new RouteSpec { Destination = "default", Gateway = IPAddress.Parse("10.20.1.1") });
        Assert.Equal(["10.20.1.1 v1 1"], IpHops(ns, "default"));
        Assert.Equal(Ours(single), IpHops(ns, "default"));
        Assert.Equal(IPAddress.Parse("10.20.1.1"), single.Gateway);
    }

    // ---- bad input: InvalidNextHop (or the link's own id), a clear message, nothing changed ----

    [Theory]
    [InlineData(0, "from 1 to 256")]
    [InlineData(257, "from 1 to 256")]
    [InlineData(-1, "from 1 to 256")]
    public void WeightOutOfRange_IsInvalidNextHop(int weight, string hint)
    {
        using var lab = new Lab();
        var client = Setup(lab, "wgt", out var ns);
        var e = FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument,
            () => client.Routes.Add(new RouteSpec { Destination = "10.50.0.0/16", NextHops = [Hop("10.10.1.1"), Hop("10.20.1.1", weight: weight)] }));
        Assert.Equal(ErrorIds.InvalidNextHop, e.ErrorId);
        Assert.Contains(hint, e.Message);
    }

    [Fact]
    public void InconsistentNextHops_AreInvalidNextHop_BeforeTheKernel()
    {
        using var lab = new Lab();
        var client = Setup(lab, "inc", out var ns);
        void Refused(RouteSpec spec, string hint)
        {
            var e = FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument, () => client.Routes.Add(spec));
            Assert.Equal(ErrorIds.InvalidNextHop, e.ErrorId);
            Assert.Contains(hint, e.Message);
            Assert.Equal(0, e.Errno);
        }
        Refused(new RouteSpec { Destination = "10.50.0.0/16", NextHops = [Hop("10.10.1.1"), Hop("fd00::1")] }, "of the route's family");
        Refused(new RouteSpec { Destination = "default", NextHops = [Hop("fd00::1"), Hop("10.10.1.1")] }, "IPv4");
        Refused(new RouteSpec { Destination = "10.50.0.0/16", NextHops = [Hop("10.10.1.1")] }, "two or more");
        Refused(new RouteSpec { Destination = "10.50.0.0/16", Gateway = IPAddress.Parse("10.10.1.1"), NextHops = [Hop("10.10.1.1"), Hop("10.20.1.1")] }, "leave the route's own gateway");
        Refused(new RouteSpec { Destination = "10.50.0.0/16", Type = RouteType.Blackhole, NextHops = [Hop("10.10.1.1"), Hop("10.20.1.1")] }, "Only unicast");
        Refused(new RouteSpec { Destination = "10.50.0.0/16", NextHops = [Hop("10.10.1.1"), Hop(null)] }, "gateway, an interface, or both");
        Refused(new RouteSpec { Destination = "10.50.0.0/16", NextHops = [Hop("10.10.1.1"), new RouteNextHopSpec { Gateway = IPAddress.Parse("10.20.1.1"), OnLink = true }] }, "OnLink");

        var link = FailsAndChangesNothing(ns, NetErrorKind.NotFound,
            () => client.Routes.Add(new RouteSpec { Destination = "10.50.0.0/16", NextHops = [Hop("10.10.1.1", "v0"), Hop("10.20.1.1", "nosuch0")] }));
        Assert.Equal(ErrorIds.LinkNotFound, link.ErrorId);
        FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument,
            () => client.Routes.Add(new RouteSpec { Destination = "10.50.0.0/16", NextHops = [Hop("10.10.1.1", "much-too-long-name"), Hop("10.20.1.1")] }));
        // A gateway no link reaches: the kernel's refusal, and nothing half-made.
        FailsAndChangesNothing(ns, NetErrorKind.Unreachable,
            () => client.Routes.Add(new RouteSpec { Destination = "10.50.0.0/16", NextHops = [Hop("10.10.1.1"), Hop("192.168.77.1")] }));
    }
}
