using System.Net;
using System.Text.Json;
using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Routes;
using LinuxNetPS.Routes.Rules;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Tests.Support;
using static LinuxNetPS.Tests.AddressRouteSetup;

namespace LinuxNetPS.Tests;

/// <summary>Policy routing rules (`ip rule`) against the real kernel, in lab namespaces; `ip -j rule` is the oracle.</summary>
public class RuleTests
{
    /// <summary>`ip -j rule` of both families as "PRIORITY: SELECTOR ACTION" lines, in ip's words.</summary>
    private static List<string> IpRules(string ns) =>
        Ip.Json(ns, "rule show").EnumerateArray().Concat(Ip.Json(ns, "-6 rule show").EnumerateArray()).Select(Describe).ToList();

    private static string Describe(JsonElement r)
    {
        string Prefix(string key, string len) => r.Str(key) is { } a && a != "all" ? (r.Str(len) is { } l ? $"{a}/{l}" : a) : "all";
        var text = $"{r.Str("priority")}: from {Prefix("src", "srclen")}";
        if (Prefix("dst", "dstlen") is var to && to != "all") text += $" to {to}";
        if (r.Str("fwmark") is { } mark) text += $" fwmark {mark}" + (r.Str("fwmask") is { } mask ? $"/{mask}" : "");
        if (r.Str("iif") is { } iif) text += $" iif {iif}";
        if (r.Str("oif") is { } oif) text += $" oif {oif}";
        text += r.Str("action") is { } action ? $" {action}" : $" lookup {r.Str("table")}";
        return text;
    }

    private static string Ours(NetRoutingRule r) => $"{r.Priority}: {r.Selector} {r.ActionText}";

    private static string Snapshot(string ns) => string.Join('\n', IpRules(ns)) + "\n" + Ip.Json(ns, "route show table all").GetRawText();

    private static NetOperationException FailsAndChangesNothing(string ns, NetErrorKind kind, string? errorId, Action action)
    {
        string before = Snapshot(ns);
        var e = Assert.Throws<NetOperationException>(action);
        Assert.Equal(kind, e.Kind);
        if (errorId is not null) Assert.Equal(errorId, e.ErrorId);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
        Assert.Equal(before, Snapshot(ns));
        return e;
    }

    [Fact]
    public void List_ShowsTheDefaultRules_AsIpRuleDoes()
    {
        using var lab = new Lab();
        var (ns, client) = lab.CreateWithClient("dflt");
        var rules = client.Rules.List();
        Assert.Equal(IpRules(ns), rules.Select(Ours).ToList());
        Assert.Equal(new[] { "0: from all lookup local", "32766: from all lookup main", "32767: from all lookup default" },
            client.Rules.List(IPFamily.IPv4).Select(Ours));
        Assert.Equal(new[] { "0: from all lookup local", "32766: from all lookup main" }, client.Rules.List(IPFamily.IPv6).Select(Ours));
        Assert.All(rules, r => Assert.Equal(ns, r.Namespace));
        Assert.All(rules, r => Assert.Equal(RouteProtocol.Kernel, r.Protocol));
        Assert.Equal(RtTable.Local, rules[0].Table);
    }

    [Fact]
    public void Add_EverySelectorAndAction_IsWhatIpShows_AndRemoveTakesItAway()
    {
        using var lab = new Lab();
        var client = Veth(lab, "add", out var ns);
        var added = new[]
        {
            client.Rules.Add(new RuleSpec { From = "10.1.0.0/24", Table = 100, Priority = 1000 }),
            client.Rules.Add(new RuleSpec { To = "192.168.5.0/24", InInterface = "v0", FirewallMark = 0x10, FirewallMask = 0xff, Table = 1000, Priority = 1100 }),
            client.Rules.Add(new RuleSpec { OutInterface = "v1", Action = RoutingRuleAction.Blackhole, Priority = 1200 }),
            client.Rules.Add(new RuleSpec { From = "10.3.0.0/16", Action = RoutingRuleAction.Unreachable, Priority = 1300 }),
            client.Rules.Add(new RuleSpec { FirewallMark = 7, Action = RoutingRuleAction.Prohibit, Priority = 1400 }),
            client.Rules.Add(new RuleSpec { From = "fd01::/64", Table = 200, Priority = 1500 }),
            client.Rules.Add(new RuleSpec { Family = IPFamily.IPv6, To = "fd99::/48", Table = RtTable.Main, Priority = 1600 }),
        };
        Assert.Equal(
            ["1000: from 10.1.0.0/24 lookup 100", "1100: from all to 192.168.5.0/24 fwmark 0x10/0xff iif v0 lookup 1000",
             "1200: from all oif v1 blackhole", "1300: from 10.3.0.0/16 unreachable", "1400: from all fwmark 0x7 prohibit",
             "1500: from fd01::/64 lookup 200", "1600: from all to fd99::/48 lookup main"],
            added.Select(Ours));
        Assert.Equal(IpRules(ns), client.Rules.List().Select(Ours).ToList());
        Assert.All(added, r => Assert.Equal(ns, r.Namespace));

        client.Rules.Remove(new RuleSpec { Priority = 1100 });
        client.Rules.Remove(new RuleSpec { From = "10.3.0.0/16" });
        client.Rules.Remove(new RuleSpec { Family = IPFamily.IPv6, Priority = 1600, Table = RtTable.Main });
        var left = IpRules(ns);
        Assert.DoesNotContain(left, l => l.StartsWith("1100:") || l.StartsWith("1300:") || l.StartsWith("1600:"));
        Assert.Contains("1000: from 10.1.0.0/24 lookup 100", left);
        Assert.Equal(left, client.Rules.List().Select(Ours).ToList());
    }

    [Fact]
    public void Add_WithoutPriority_GetsTheKernelsChoice_AndReturnsIt()
    {
        using var lab = new Lab();
        var (ns, client) = lab.CreateWithClient("auto");
        var rule = client.Rules.Add(new RuleSpec { From = "10.5.0.0/16", Table = 5 });
        Assert.Equal(32765u, rule.Priority); // one below the first rule after 0 (main at 32766), as with `ip rule add`
        Assert.Contains("32765: from 10.5.0.0/16 lookup 5", IpRules(ns));
    }

    /// <summary>
    /// Source-based routing, end to end: src has two source addresses (10.9.1.1, 10.9.2.1) and two routers; main sends
    /// everything through r1, table 100 through r2, and a rule sends 10.9.2.0/24 to table 100. Both pings to dst reach it,
    /// and the packet counters of the routers show each took its own path; without the rule both go through r1.
    /// </summary>
    [Fact]
    public void SourceRule_SendsOneSubnetThroughTheSecondTable()
    {
        using var lab = new Lab();
        string src = lab.Create("src"), r1 = lab.Create("r1"), r2 = lab.Create("r2"), dst = lab.Create("dst");
        // IPv4 only: IPv6's own start-up packets (DAD, router solicitations, MLD) would count as traffic through the routers.
        foreach (var n in new[] { src, r1, r2, dst })
            Ip.Exec("ip", "netns", "exec", n, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
        void Link(string a, string aDev, string aAddr, string b, string bDev, string bAddr)
        {
            Ip.Run($"-n {a} link add {aDev} type veth peer name {bDev} netns {b}");
            Ip.Run($"-n {a} addr add {aAddr} dev {aDev}");
            Ip.Run($"-n {b} addr add {bAddr} dev {bDev}");
            Ip.Run($"-n {a} link set {aDev} up");
            Ip.Run($"-n {b} link set {bDev} up");
        }
        Link(src, "s1", "10.0.1.2/24", r1, "r1s", "10.0.1.1/24");
        Link(src, "s2", "10.0.2.2/24", r2, "r2s", "10.0.2.1/24");
        Link(r1, "r1d", "10.0.3.1/24", dst, "d1", "10.0.3.2/24");
        Link(r2, "r2d", "10.0.4.1/24", dst, "d2", "10.0.4.2/24");
        foreach (var n in new[] { src, r1, r2, dst }) Ip.Run($"-n {n} link set lo up");
        Ip.Run($"-n {src} addr add 10.9.1.1/32 dev lo");
        Ip.Run($"-n {src} addr add 10.9.2.1/32 dev lo");
        Ip.Run($"-n {dst} addr add 10.9.9.9/32 dev lo");
        foreach (var (r, back, fwd) in new[] { (r1, "10.0.1.2", "10.0.3.2"), (r2, "10.0.2.2", "10.0.4.2") })
        {
            Ip.Exec("ip", "netns", "exec", r, "sysctl", "-qw", "net.ipv4.ip_forward=1");
            Ip.Run($"-n {r} route add 10.9.0.0/16 via {back}");
            Ip.Run($"-n {r} route add 10.9.9.9/32 via {fwd}");
        }
        Ip.Run($"-n {dst} route add 10.9.1.0/24 via 10.0.3.1");
        Ip.Run($"-n {dst} route add 10.9.2.0/24 via 10.0.4.1");

        var client = NetClient.For(src);
        client.Routes.Add(new RouteSpec { Destination = "default", Gateway = IPAddress.Parse("10.0.1.1") });
        client.Routes.Add(new RouteSpec { Destination = "default", Gateway = IPAddress.Parse("10.0.2.1"), Table = 100 });

        long Forwarded(string router, string dev) => Ip.Json(router, $"-s link show {dev}")[0].GetProperty("stats64").GetProperty("rx").GetProperty("packets").GetInt64();
        // Ten echo requests: far more than the few ARP packets a router may also see meanwhile.
        bool Ping(string from) => Ip.Exec("ip", "netns", "exec", src, "ping", "-c", "10", "-i", "0.05", "-W", "2", "-q", "-I", from, "10.9.9.9").Code == 0;

        // Without the rule: both sources through r1.
        long r1Before = Forwarded(r1, "r1s"), r2Before = Forwarded(r2, "r2s");
        Assert.True(Ping("10.9.2.1"));
        Assert.True(Forwarded(r1, "r1s") - r1Before >= 10);
        Assert.True(Forwarded(r2, "r2s") - r2Before < 5);

        var rule = client.Rules.Add(new RuleSpec { From = "10.9.2.0/24", Table = 100, Priority = 100 });
        Assert.Equal("100: from 10.9.2.0/24 lookup 100", Ours(rule));
        Assert.Contains("via 10.0.2.1", Ip.Run($"-n {src} route get 10.9.9.9 from 10.9.2.1"));
        Assert.Contains("via 10.0.1.1", Ip.Run($"-n {src} route get 10.9.9.9 from 10.9.1.1"));

        r1Before = Forwarded(r1, "r1s");
        r2Before = Forwarded(r2, "r2s");
        Assert.True(Ping("10.9.2.1"));
        Assert.True(Forwarded(r2, "r2s") - r2Before >= 10, "10.9.2.1's echo requests went through r2");
        Assert.True(Forwarded(r1, "r1s") - r1Before < 5, "and not through r1");

        r1Before = Forwarded(r1, "r1s");
        r2Before = Forwarded(r2, "r2s");
        Assert.True(Ping("10.9.1.1"));
        Assert.True(Forwarded(r1, "r1s") - r1Before >= 10, "10.9.1.1 still goes through r1");
        Assert.True(Forwarded(r2, "r2s") - r2Before < 5);

        // r2 alone knows a second destination: only the ruled subnet reaches it.
        Ip.Run($"-n {dst} addr add 10.9.8.8/32 dev lo");
        Ip.Run($"-n {r2} route add 10.9.8.8/32 via 10.0.4.2");
        bool PingTo(string from, string to) => Ip.Exec("ip", "netns", "exec", src, "ping", "-c", "1", "-W", "1", "-q", "-I", from, to).Code == 0;
        Assert.True(PingTo("10.9.2.1", "10.9.8.8"));
        Assert.False(PingTo("10.9.1.1", "10.9.8.8"));

        client.Rules.Remove(new RuleSpec { Priority = 100 });
        Assert.False(PingTo("10.9.2.1", "10.9.8.8"));
    }

    // ---- bad input: the right kind and id, a clear message, nothing changed ----

    [Fact]
    public void PriorityTaken_IsRoutingRuleExists_NamingTheHolder()
    {
        using var lab = new Lab();
        var (ns, client) = lab.CreateWithClient("prio");
        client.Rules.Add(new RuleSpec { From = "10.1.0.0/24", Table = 100, Priority = 1000 });
        var e = FailsAndChangesNothing(ns, NetErrorKind.AlreadyExists, ErrorIds.RoutingRuleExists,
            () => client.Rules.Add(new RuleSpec { From = "10.2.0.0/24", Table = 200, Priority = 1000 }));
        Assert.Contains("priority 1000 is taken", e.Message);
        Assert.Contains("from 10.1.0.0/24 lookup 100", e.Message);
        // A default rule's priority is taken as well; the other family's 1000 is free.
        FailsAndChangesNothing(ns, NetErrorKind.AlreadyExists, ErrorIds.RoutingRuleExists,
            () => client.Rules.Add(new RuleSpec { From = "10.2.0.0/24", Table = 200, Priority = 32766 }));
        client.Rules.Add(new RuleSpec { From = "fd00::/64", Table = 200, Priority = 1000 });
        // Without a priority the kernel would add an equal rule again at a new priority (`ip rule add` twice makes two).
        var first = client.Rules.Add(new RuleSpec { From = "10.7.0.0/24", Table = 7 });
        e = FailsAndChangesNothing(ns, NetErrorKind.AlreadyExists, ErrorIds.RoutingRuleExists,
            () => client.Rules.Add(new RuleSpec { From = "10.7.0.0/24", Table = 7 }));
        Assert.Contains($"at priority {first.Priority}", e.Message);
    }

    [Fact]
    public void BadSpecs_AreRefusedBeforeTheKernel()
    {
        using var lab = new Lab();
        var client = Veth(lab, "bad", out var ns);
        void Refused(RuleSpec spec, string? id, string hint)
        {
            var e = FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument, id, () => client.Rules.Add(spec));
            Assert.Contains(hint, e.Message);
            Assert.Equal(0, e.Errno);
        }
        Refused(new RuleSpec { From = "10.1.0.0/33", Table = 100 }, ErrorIds.InvalidPrefix, "from 0 to 32");
        Refused(new RuleSpec { From = "nonsense", Table = 100 }, ErrorIds.InvalidPrefix, "not a valid IP address");
        Refused(new RuleSpec { From = "10.1.0.7/24", Table = 100 }, ErrorIds.InvalidPrefix, "did you mean 10.1.0.0/24?");
        Refused(new RuleSpec { From = "10.1.0.0/24", To = "fd00::/64", Table = 100 }, ErrorIds.InvalidAddressFamily, "IPv6");
        Refused(new RuleSpec { Family = IPFamily.IPv6, From = "10.1.0.0/24", Table = 100 }, ErrorIds.InvalidAddressFamily, "IPv4");
        Refused(new RuleSpec { From = "10.1.0.0/24", Table = 0 }, ErrorIds.InvalidRouteTable, "main, local, default");
        Refused(new RuleSpec { From = "10.1.0.0/24", Table = 100, Action = RoutingRuleAction.Blackhole }, ErrorIds.ParameterConflict, "no table");
        Refused(new RuleSpec { From = "10.1.0.0/24" }, null, "Say where the matching traffic goes");
        Refused(new RuleSpec { FirewallMask = 0xff, Table = 100 }, ErrorIds.InvalidFirewallMark, "needs a mark");
        Refused(new RuleSpec { InInterface = "much-too-long-name", Table = 100 }, ErrorIds.InterfaceNameTooLong, "15");
        Refused(new RuleSpec { Action = RoutingRuleAction.Goto }, null, "not supported");

        var e = FailsAndChangesNothing(ns, NetErrorKind.NotFound, ErrorIds.LinkNotFound,
            () => client.Rules.Add(new RuleSpec { InInterface = "nosuch0", Table = 100 }));
        Assert.Contains("nosuch0", e.Message);
        FailsAndChangesNothing(ns, NetErrorKind.NotFound, ErrorIds.LinkNotFound,
            () => client.Rules.Add(new RuleSpec { OutInterface = "nosuch1", Table = 100 }));
    }

    [Fact]
    public void RemoveMissing_IsRoutingRuleNotFound_AndRemoveOfNothingIsRefused()
    {
        using var lab = new Lab();
        var (ns, client) = lab.CreateWithClient("miss");
        var e = FailsAndChangesNothing(ns, NetErrorKind.NotFound, ErrorIds.RoutingRuleNotFound,
            () => client.Rules.Remove(new RuleSpec { Priority = 4242 }));
        Assert.Contains("4242", e.Message);
        Assert.Contains(ns, e.Message);
        FailsAndChangesNothing(ns, NetErrorKind.NotFound, ErrorIds.RoutingRuleNotFound,
            () => client.Rules.Remove(new RuleSpec { From = "10.77.0.0/16", Table = 100 }));
        e = FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument, null, () => client.Rules.Remove(new RuleSpec()));
        Assert.Contains("Say which rule", e.Message);
    }

    [Fact]
    public void UnknownNamespace_IsNotFound()
    {
        var e = Assert.Throws<NetOperationException>(() => NetClient.For("lnt-no-such-ns-rule").Rules.List());
        Assert.Equal(NetErrorKind.NotFound, e.Kind);
        Assert.Equal(ErrorIds.NamespaceNotFound, e.ErrorId);
    }
}
