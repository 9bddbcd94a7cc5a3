using System.Net;
using System.Text.Json;
using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Routes;
using LinuxNetPS.Tests.Support;
using static LinuxNetPS.Tests.AddressRouteSetup;

namespace LinuxNetPS.Tests;

public class RouteTests
{
    /// <summary>v0 carries 10.10.1.10/16 and fd00::10/64 (no DAD), so gateways in those networks are reachable.</summary>
    private static NetClient Setup(Lab lab, string role, out string ns)
    {
        var client = Veth(lab, role, out ns, "10.10.1.10/16");
        Ip.Run($"-n {ns} addr add fd00::10/64 dev v0 nodad");
        // Even without DAD the kernel installs the address's local route from a work queue, a moment
        // later; wait for it so "nothing changed" comparisons do not see it arrive.
        for (int i = 0; i < 100 && !Ip.Run($"-n {ns} -6 route show table local").Contains("local fd00::10 "); i++) Thread.Sleep(20);
        return client;
    }

    /// <summary>ip's routes (IPv4 and IPv6, all tables) with the given destination as ip writes it.</summary>
    private static List<JsonElement> IpRoutes(string ns, string dst, string table = "main") =>
        Ip.Json(ns, "route show table all").EnumerateArray().Where(r => r.Str("dst") == dst && r.Str("table") == table).ToList();

    [Fact]
    public void DefaultViaGateway_IsWhatIpShows()
    {
        using var lab = new Lab();
        var client = Setup(lab, "def", out var ns);
        var r = client.Routes.Add(new RouteSpec { Destination = "default", Gateway = IPAddress.Parse("10.10.1.1") });

        Assert.Equal(ns, r.Namespace);
        Assert.Equal(IPFamily.IPv4, r.Family);
        Assert.Equal("default", r.Destination);
        Assert.Equal(IPAddress.Parse("10.10.1.1"), r.Gateway);
        Assert.Equal("v0", r.Interface); // the kernel chose it from the gateway
        Assert.Equal(Ip.Links(ns)["v0"].GetProperty("ifindex").GetInt32(), r.InterfaceIndex);
        Assert.Equal(RtTable.Main, r.Table);
        Assert.Equal(RouteScope.Universe, r.Scope);
        Assert.Equal(RouteProtocol.Static, r.Protocol);
        Assert.Equal(RouteType.Unicast, r.Type);

        var ip = Assert.Single(IpRoutes(ns, "default"));
        Assert.Equal("10.10.1.1", ip.Str("gateway"));
        Assert.Equal("v0", ip.Str("dev"));
        Assert.Equal("static", ip.Str("protocol"));
        Assert.Equal("global", ip.Str("scope"));
        Assert.Equal("unicast", ip.Str("type"));
    }

    [Fact]
    public void PrefixViaDevice_HasLinkScope_AsIproute2()
    {
        using var lab = new Lab();
        var client = Setup(lab, "dev", out var ns);
        var r = client.Routes.Add(new RouteSpec { Destination = "192.168.50.0/24", Interface = "v1" });
        Assert.Equal("192.168.50.0/24", r.Destination);
        Assert.Null(r.Gateway);
        Assert.Equal("v1", r.Interface);
        Assert.Equal(RouteScope.Link, r.Scope);

        var ip = Assert.Single(IpRoutes(ns, "192.168.50.0/24"));
        Assert.Equal("v1", ip.Str("dev"));
        Assert.Equal("link", ip.Str("scope"));
        Assert.Null(ip.Str("gateway"));
    }

    [Fact]
    public void PrefixViaGateway_WithDevice()
    {
        using var lab = new Lab();
        var client = Setup(lab, "pgw", out var ns);
        var r = client.Routes.Add(new RouteSpec { Destination = "10.30.0.0/16", Gateway = IPAddress.Parse("10.10.1.1"), Interface = "v0" });
        Assert.Equal("10.30.0.0/16", r.Destination);
        Assert.Equal(RouteScope.Universe, r.Scope);
        var ip = Assert.Single(IpRoutes(ns, "10.30.0.0/16"));
        Assert.Equal("10.10.1.1", ip.Str("gateway"));
        Assert.Equal("v0", ip.Str("dev"));
    }

    [Theory]
    [InlineData(100u)]
    [InlineData(1000u)] // above 255: only RTA_TABLE can carry it
    public void OtherTable_IsUsedAndListed(uint table)
    {
        using var lab = new Lab();
        var client = Setup(lab, "tbl", out var ns);
        var r = client.Routes.Add(new RouteSpec { Destination = "10.20.0.0/16", Gateway = IPAddress.Parse("10.10.1.1"), Table = table });
        Assert.Equal(table, r.Table);

        var ip = Assert.Single(IpRoutes(ns, "10.20.0.0/16", table.ToString()));
        Assert.Equal("10.10.1.1", ip.Str("gateway"));
        Assert.Empty(IpRoutes(ns, "10.20.0.0/16"));

        Assert.DoesNotContain(client.Routes.List(), x => x.Destination == "10.20.0.0/16");
        Assert.Contains(client.Routes.List(table: table), x => x.Destination == "10.20.0.0/16" && x.Table == table);
        Assert.Contains(client.Routes.List(table: 0), x => x.Destination == "10.20.0.0/16" && x.Table == table);

        client.Routes.Remove(new RouteSpec { Destination = "10.20.0.0/16", Table = table });
        Assert.Empty(IpRoutes(ns, "10.20.0.0/16", table.ToString()));
    }

    [Fact]
    public void Metric_IsSet_AndRoutesDifferingInMetricCoexist()
    {
        using var lab = new Lab();
        var client = Setup(lab, "met", out var ns);
        var a = client.Routes.Add(new RouteSpec { Destination = "10.40.0.0/16", Gateway = IPAddress.Parse("10.10.1.1"), Metric = 50 });
        var b = client.Routes.Add(new RouteSpec { Destination = "10.40.0.0/16", Gateway = IPAddress.Parse("10.10.1.2"), Metric = 100 });
        Assert.Equal(50u, a.Metric);
        Assert.Equal(100u, b.Metric);
        Assert.Equal(IPAddress.Parse("10.10.1.2"), b.Gateway);

        var ip = IpRoutes(ns, "10.40.0.0/16");
        Assert.Equal(new[] { "50 10.10.1.1", "100 10.10.1.2" }, ip.Select(x => $"{x.Str("metric")} {x.Str("gateway")}"));

        client.Routes.Remove(new RouteSpec { Destination = "10.40.0.0/16", Metric = 100 });
        Assert.Equal("10.10.1.1", Assert.Single(IpRoutes(ns, "10.40.0.0/16")).Str("gateway"));
    }

    [Fact]
    public void Replace_ChangesTheGateway()
    {
        using var lab = new Lab();
        var client = Setup(lab, "rep", out var ns);
        client.Routes.Add(new RouteSpec { Destination = "default", Gateway = IPAddress.Parse("10.10.1.1") });
        var r = client.Routes.Replace(new RouteSpec { Destination = "default", Gateway = IPAddress.Parse("10.10.1.2") });
        Assert.Equal(IPAddress.Parse("10.10.1.2"), r.Gateway);
        Assert.Equal("10.10.1.2", Assert.Single(IpRoutes(ns, "default")).Str("gateway"));

        // Replace also creates when nothing is there.
        var created = client.Routes.Replace(new RouteSpec { Destination = "10.50.0.0/16", Interface = "v0" });
        Assert.Equal("10.50.0.0/16", created.Destination);
        Assert.Single(IpRoutes(ns, "10.50.0.0/16"));
    }

    [Fact]
    public void Replace_ThatChangesNothing_ReturnsTheRoute_WithItsInterfaceName()
    {
        using var lab = new Lab();
        var client = Setup(lab, "same", out var ns);
        var spec = new RouteSpec { Destination = "10.50.0.0/16", Interface = "v0" };
        var first = client.Routes.Replace(spec);
        // The kernel echoes nothing for a replace that changes nothing (a script run again): the route is looked up.
        var again = client.Routes.Replace(spec);
        Assert.Equal((first.Destination, first.Interface, first.InterfaceIndex, first.Metric, first.Table, first.Scope),
            (again.Destination, again.Interface, again.InterfaceIndex, again.Metric, again.Table, again.Scope));
        Assert.Equal("v0", again.Interface);
        Assert.Single(IpRoutes(ns, "10.50.0.0/16"));
    }

    [Fact]
    public void ReplaceUnseen_ChangesWhatReplaceChanges_AndFailsAsReplaceFails()
    {
        using var lab = new Lab();
        var client = Setup(lab, "uns", out var ns);
        client.Routes.ReplaceUnseen(new RouteSpec { Destination = "default", Gateway = IPAddress.Parse("10.10.1.1") });
        client.Routes.ReplaceUnseen(new RouteSpec { Destination = "default", Gateway = IPAddress.Parse("10.10.1.1") }); // changes nothing
        Assert.Equal("10.10.1.1", Assert.Single(IpRoutes(ns, "default")).Str("gateway"));
        client.Routes.ReplaceUnseen(new RouteSpec { Destination = "default", Gateway = IPAddress.Parse("10.10.1.2") });
        Assert.Equal("10.10.1.2", Assert.Single(IpRoutes(ns, "default")).Str("gateway"));

        // Set-NetRoute without -PassThru calls ReplaceUnseen: the same errors, word for word, as Replace gives.
        foreach (var spec in new[]
                 {
                     new RouteSpec { Destination = "10.60.0.0/16", Gateway = IPAddress.Parse("192.0.2.1") },
                     new RouteSpec { Destination = "10.60.0.0/16", Interface = "nosuch0" },
                 })
        {
            var byReplace = Assert.Throws<NetOperationException>(() => client.Routes.Replace(spec));
            var byUnseen = Assert.Throws<NetOperationException>(() => client.Routes.ReplaceUnseen(spec));
            Assert.Equal((byReplace.Kind, byReplace.ErrorId, byReplace.Message), (byUnseen.Kind, byUnseen.ErrorId, byUnseen.Message));
        }
        Assert.Empty(IpRoutes(ns, "10.60.0.0/16"));
    }

    [Fact]
    public void IPv6Default_ViaGateway()
    {
        using var lab = new Lab();
        var client = Setup(lab, "v6", out var ns);
        var r = client.Routes.Add(new RouteSpec { Destination = "default", Gateway = IPAddress.Parse("fd00::1") });
        Assert.Equal(IPFamily.IPv6, r.Family);
        Assert.Equal("default", r.Destination);
        Assert.Equal(IPAddress.Parse("fd00::1"), r.Gateway);
        Assert.Equal("v0", r.Interface);
        Assert.Equal(1024u, r.Metric); // the kernel's IPv6 default

        var ip = Assert.Single(Ip.Json(ns, "-6 route show").EnumerateArray(), x => x.Str("dst") == "default");
        Assert.Equal("fd00::1", ip.Str("gateway"));
        Assert.Equal("v0", ip.Str("dev"));
        Assert.Equal("static", ip.Str("protocol"));
        Assert.Equal("1024", ip.Str("metric"));

        var v6 = client.Routes.List(IPFamily.IPv6);
        Assert.All(v6, x => Assert.Equal(IPFamily.IPv6, x.Family));
        Assert.Contains(v6, x => x.Destination == "fd00::/64" && x.Interface == "v0" && x.Protocol == RouteProtocol.Kernel);

        var prefix = client.Routes.Add(new RouteSpec { Destination = "fd99::/48", Gateway = IPAddress.Parse("fd00::2"), Metric = 7 });
        Assert.Equal("fd99::/48", prefix.Destination);
        client.Routes.Remove(new RouteSpec { Destination = "default", Gateway = IPAddress.Parse("fd00::1") });
        client.Routes.Remove(new RouteSpec { Destination = "fd99::/48" });
        Assert.DoesNotContain(Ip.Json(ns, "-6 route show").EnumerateArray(), x => x.Str("dst") is "default" or "fd99::/48");
    }

    [Theory]
    [InlineData(RouteType.Blackhole, "blackhole")]
    [InlineData(RouteType.Unreachable, "unreachable")]
    [InlineData(RouteType.Prohibit, "prohibit")]
    public void RejectRoutes_NeedNoInterface(RouteType type, string word)
    {
        using var lab = new Lab();
        var client = Setup(lab, "bh", out var ns);
        var r = client.Routes.Add(new RouteSpec { Destination = "10.99.0.0/16", Type = type });
        Assert.Equal(type, r.Type);
        Assert.Null(r.Interface);
        Assert.Equal(word, Assert.Single(IpRoutes(ns, "10.99.0.0/16")).Str("type"));
        var r6 = client.Routes.Add(new RouteSpec { Destination = "fd99::/64", Type = type });
        Assert.Equal(type, r6.Type);
        Assert.Equal(word, Assert.Single(IpRoutes(ns, "fd99::/64")).Str("type"));
        client.Routes.Remove(new RouteSpec { Destination = "10.99.0.0/16" });
        Assert.Empty(IpRoutes(ns, "10.99.0.0/16"));
    }

    [Fact]
    public void PreferredSource_ScopeAndProtocol_ReachTheKernel()
    {
        using var lab = new Lab();
        var client = Setup(lab, "src", out var ns);
        var r = client.Routes.Add(new RouteSpec
        {
            Destination = "10.60.0.0/16", Gateway = IPAddress.Parse("10.10.1.1"),
            PreferredSource = IPAddress.Parse("10.10.1.10"), Protocol = RouteProtocol.Boot,
        });
        Assert.Equal(IPAddress.Parse("10.10.1.10"), r.PreferredSource);
        Assert.Equal(RouteProtocol.Boot, r.Protocol);
        var ip = Assert.Single(IpRoutes(ns, "10.60.0.0/16"));
        Assert.Equal("10.10.1.10", ip.Str("prefsrc"));
        Assert.Equal("boot", ip.Str("protocol"));

        var host = client.Routes.Add(new RouteSpec { Destination = "10.61.0.0/16", Interface = "v0", Scope = RouteScope.Host });
        Assert.Equal(RouteScope.Host, host.Scope);
        Assert.Equal("host", Assert.Single(IpRoutes(ns, "10.61.0.0/16")).Str("scope"));
    }

    [Fact]
    public void OnLink_AllowsAGatewayOutsideTheInterfaceNetworks()
    {
        using var lab = new Lab();
        var client = Setup(lab, "onl", out var ns);
        var spec = new RouteSpec { Destination = "10.70.0.0/16", Gateway = IPAddress.Parse("192.168.99.1"), Interface = "v0" };
        var e = FailsAndChangesNothing(ns, NetErrorKind.Unreachable, () => client.Routes.Add(spec));
        // The kernel's "Nexthop has invalid gateway" alone does not say what to do.
        Assert.Contains("has an address in the subnet of 192.168.99.1", e.Message);
        Assert.Contains("OnLink", e.Message);

        var r = client.Routes.Add(spec with { OnLink = true });
        Assert.Equal(IPAddress.Parse("192.168.99.1"), r.Gateway);
        var ip = Assert.Single(IpRoutes(ns, "10.70.0.0/16"));
        Assert.Contains("onlink", ip.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public void BareAddressDestination_MeansHostRoute()
    {
        using var lab = new Lab();
        var client = Setup(lab, "host", out var ns);
        var r = client.Routes.Add(new RouteSpec { Destination = "10.80.0.1", Interface = "v0" });
        Assert.Equal("10.80.0.1/32", r.Destination);
        Assert.Single(IpRoutes(ns, "10.80.0.1")); // ip writes host routes without /32
    }

    [Fact]
    public void List_AllTables_MatchesIp()
    {
        using var lab = new Lab();
        var client = Setup(lab, "all", out var ns);
        client.Routes.Add(new RouteSpec { Destination = "default", Gateway = IPAddress.Parse("10.10.1.1") });
        client.Routes.Add(new RouteSpec { Destination = "10.20.0.0/16", Gateway = IPAddress.Parse("10.10.1.1"), Table = 100, Metric = 3 });
        client.Routes.Add(new RouteSpec { Destination = "default", Gateway = IPAddress.Parse("fd00::1") });
        client.Routes.Add(new RouteSpec { Destination = "10.99.0.0/16", Type = RouteType.Blackhole });

        var ours = client.Routes.List(table: 0);
        var theirs = Ip.Json(ns, "route show table all").EnumerateArray().Select(x =>
            $"{x.Str("type")} {x.Str("dst")} {x.Str("gateway")} {x.Str("dev")} {x.Str("table")} {x.Str("metric") ?? "0"} {x.Str("scope")} {x.Str("prefsrc")}").ToList();
        Assert.Equal(theirs, ours.Select(Describe).ToList());
        Assert.All(ours, r => Assert.Equal(ns, r.Namespace));

        // Main table by default, both families; one family; one interface.
        var main = client.Routes.List();
        Assert.All(main, r => Assert.Equal(RtTable.Main, r.Table));
        Assert.Contains(main, r => r.Family == IPFamily.IPv6 && r.Destination == "default");
        Assert.Contains(main, r => r.Family == IPFamily.IPv4 && r.Destination == "default");
        Assert.All(client.Routes.List(IPFamily.IPv4), r => Assert.Equal(IPFamily.IPv4, r.Family));
        Assert.All(client.Routes.List(interfaceName: "v0"), r => Assert.Equal("v0", r.Interface));
        Assert.DoesNotContain(client.Routes.List(interfaceName: "v0"), r => r.Type == RouteType.Blackhole);
    }

    /// <summary>A route in iproute2's JSON words, host routes without /32 or /128 as ip writes them.</summary>
    private static string Describe(NetRoute r)
    {
        string dst = r.Destination.EndsWith(r.Family == IPFamily.IPv4 ? "/32" : "/128") ? r.Destination[..r.Destination.LastIndexOf('/')] : r.Destination;
        string table = r.Table switch { RtTable.Main => "main", RtTable.Local => "local", _ => r.Table.ToString() };
        string scope = r.Scope switch { RouteScope.Universe => "global", RouteScope.Link => "link", RouteScope.Host => "host", _ => r.Scope.ToString() };
        return $"{r.Type.ToString().ToLowerInvariant()} {dst} {r.Gateway} {r.Interface} {table} {r.Metric} {scope} {r.PreferredSource}";
    }

    [Fact]
    public void Remove_ByGatewayAndInterface()
    {
        using var lab = new Lab();
        var client = Setup(lab, "rm", out var ns);
        client.Routes.Add(new RouteSpec { Destination = "default", Gateway = IPAddress.Parse("10.10.1.1") });
        client.Routes.Add(new RouteSpec { Destination = "192.168.7.0/24", Interface = "v1" });
        client.Routes.Remove(new RouteSpec { Destination = "default", Gateway = IPAddress.Parse("10.10.1.1"), Interface = "v0" });
        client.Routes.Remove(new RouteSpec { Destination = "192.168.7.0/24", Interface = "v1" });
        Assert.Empty(IpRoutes(ns, "default"));
        Assert.Empty(IpRoutes(ns, "192.168.7.0/24"));
    }

    // ---- bad input: the right kind, a clear message, nothing changed ----

    [Theory]
    [InlineData("10.0.0.300/24", "10.10.1.10/16")]
    [InlineData("10.0.0.1/33", "from 0 to 32")]
    [InlineData("abc", "10.10.1.10/16")]
    [InlineData("", "10.10.1.10/16")]
    [InlineData("fd00::/129", "from 0 to 128")]
    public void BadDestination_IsInvalidArgument(string destination, string hint)
    {
        using var lab = new Lab();
        var client = Setup(lab, "bad", out var ns);
        var e = FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument,
            () => client.Routes.Add(new RouteSpec { Destination = destination, Interface = "v0" }));
        Assert.Contains(hint, e.Message);
        FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument, () => client.Routes.Remove(new RouteSpec { Destination = destination }));
    }

    [Theory]
    [InlineData("10.10.1.10/16", "10.10.0.0/16")]
    [InlineData("192.168.1.77/24", "192.168.1.0/24")]
    [InlineData("fd00::10/64", "fd00::/64")]
    public void DestinationWithHostBits_SaysWhichNetworkWasMeant(string destination, string meant)
    {
        using var lab = new Lab();
        var client = Setup(lab, "hb", out var ns);
        var e = FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument,
            () => client.Routes.Add(new RouteSpec { Destination = destination, Interface = "v0" }));
        Assert.Contains($"did you mean {meant}?", e.Message);
        Assert.Equal(0, e.Errno);
    }

    [Fact]
    public void GatewayOfTheOtherFamily_IsInvalidArgument()
    {
        using var lab = new Lab();
        var client = Setup(lab, "fam", out var ns);
        var e = FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument,
            () => client.Routes.Add(new RouteSpec { Destination = "fd50::/64", Gateway = IPAddress.Parse("10.10.1.1") }));
        Assert.Contains("IPv4", e.Message);
        Assert.Contains("IPv6", e.Message);
        FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument,
            () => client.Routes.Add(new RouteSpec { Destination = "10.50.0.0/16", Gateway = IPAddress.Parse("fd00::1") }));
        FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument,
            () => client.Routes.Replace(new RouteSpec { Destination = "10.50.0.0/16", Gateway = IPAddress.Parse("10.10.1.1"), PreferredSource = IPAddress.Parse("fd00::10") }));
    }

    [Fact]
    public void UnknownInterface_IsNotFound_NamingItAndTheNamespace()
    {
        using var lab = new Lab();
        var client = Setup(lab, "unk", out var ns);
        var e = FailsAndChangesNothing(ns, NetErrorKind.NotFound,
            () => client.Routes.Add(new RouteSpec { Destination = "10.50.0.0/16", Interface = "nosuch0" }));
        Assert.Contains("nosuch0", e.Message);
        Assert.Contains(ns, e.Message);
        FailsAndChangesNothing(ns, NetErrorKind.NotFound,
            () => client.Routes.Remove(new RouteSpec { Destination = "10.10.0.0/16", Interface = "nosuch0" }));
        FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument,
            () => client.Routes.Add(new RouteSpec { Destination = "10.50.0.0/16", Interface = "name-much-too-long" }));
        Assert.Equal(NetErrorKind.NotFound, Assert.Throws<NetOperationException>(() => client.Routes.List(interfaceName: "nosuch0")).Kind);
    }

    [Fact]
    public void UnknownNamespace_IsNotFound()
    {
        var e = Assert.Throws<NetOperationException>(() => NetClient.For("lnt-no-such-ns-route"));
        Assert.Equal(NetErrorKind.NotFound, e.Kind);
        Assert.Contains("lnt-no-such-ns-route", e.Message);
    }

    [Fact]
    public void Duplicate_IsAlreadyExists()
    {
        using var lab = new Lab();
        var client = Setup(lab, "dup", out var ns);
        var spec = new RouteSpec { Destination = "default", Gateway = IPAddress.Parse("10.10.1.1") };
        client.Routes.Add(spec);
        var e = FailsAndChangesNothing(ns, NetErrorKind.AlreadyExists, () => client.Routes.Add(spec));
        Assert.Contains("already exists", e.Message);
        Assert.Equal(17, e.Errno);
        var v6 = new RouteSpec { Destination = "fd70::/64", Gateway = IPAddress.Parse("fd00::1") };
        client.Routes.Add(v6);
        FailsAndChangesNothing(ns, NetErrorKind.AlreadyExists, () => client.Routes.Add(v6));
    }

    [Fact]
    public void RemoveMissing_IsNotFound()
    {
        using var lab = new Lab();
        var client = Setup(lab, "miss", out var ns);
        client.Routes.Add(new RouteSpec { Destination = "default", Gateway = IPAddress.Parse("10.10.1.1") });
        var e = FailsAndChangesNothing(ns, NetErrorKind.NotFound, () => client.Routes.Remove(new RouteSpec { Destination = "10.123.0.0/16" }));
        Assert.Contains("no such route 10.123.0.0/16", e.Message);
        Assert.Contains(ns, e.Message);
        // Present destination, other gateway: still not that route.
        FailsAndChangesNothing(ns, NetErrorKind.NotFound,
            () => client.Routes.Remove(new RouteSpec { Destination = "default", Gateway = IPAddress.Parse("10.10.1.2") }));
        FailsAndChangesNothing(ns, NetErrorKind.NotFound, () => client.Routes.Remove(new RouteSpec { Destination = "fd71::/64" }));
        FailsAndChangesNothing(ns, NetErrorKind.NotFound, () => client.Routes.Remove(new RouteSpec { Destination = "default", Table = 100 }));
    }

    [Fact]
    public void InconsistentSpecs_AreInvalidArgument_BeforeTheKernel()
    {
        using var lab = new Lab();
        var client = Setup(lab, "inc", out var ns);
        var e = FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument,
            () => client.Routes.Add(new RouteSpec { Destination = "10.50.0.0/16" }));
        Assert.Contains("needs a gateway or an interface", e.Message);
        e = FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument,
            () => client.Routes.Add(new RouteSpec { Destination = "10.50.0.0/16", Type = RouteType.Blackhole, Gateway = IPAddress.Parse("10.10.1.1") }));
        Assert.Contains("blackhole", e.Message);
        FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument,
            () => client.Routes.Add(new RouteSpec { Destination = "10.50.0.0/16", Interface = "v0", OnLink = true }));
        Assert.Equal(NetErrorKind.InvalidArgument, Assert.Throws<NetOperationException>(() => client.Routes.List((IPFamily)99)).Kind);
    }
}
