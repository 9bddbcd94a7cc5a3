using LinuxNetPS.Client;
using LinuxNetPS.Compose.Networks;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Tests.Support;
using static LinuxNetPS.Tests.NatTestKit;

namespace LinuxNetPS.Tests;

/// <summary>
/// Container networks end to end, in lab namespaces only: "host" plays the host (the networks live there),
/// "out" plays the outside world behind a veth (host 10.200.0.1, outside 10.200.0.2), containers are namespaces.
/// </summary>
public class ContainerNetworkTests
{
    private const string HostOutside = "10.200.0.1", Outside = "10.200.0.2";

    private static (string Host, string Out, ContainerNetworks Nets) Build(Lab lab)
    {
        var host = lab.Create("host");
        var outside = lab.Create("out");
        Veth(host, "ho", outside, "oh");
        Ip_(host, $"addr add {HostOutside}/24 dev ho");
        Ip_(outside, $"addr add {Outside}/24 dev oh");
        Ip_(host, "link set lo up");
        return (host, outside, ContainerNetworks.For(host));
    }

    private static ContainerEndpoint Connect(ContainerNetworks nets, string network, string ns, string? ip = null, params string[] publish) =>
        nets.Connect(new ConnectSpec { Network = network, Namespace = ns, IPAddress = ip, Publish = publish });

    [Fact]
    public void Bridge_ContainersReachEachOtherAndTheGateway_AndTheOutsideSeesTheHostsAddress()
    {
        using var lab = new Lab();
        var (host, outside, nets) = Build(lab);
        var foo = nets.Create(new NetworkSpec { Name = "foo", Subnet = "172.18.0.0/16", BridgeName = "docker1" });
        Assert.Equal("docker1", foo.BridgeName);
        Assert.Equal("172.18.0.1", foo.Gateway!.ToString());
        var c1 = Connect(nets, "foo", lab.Create("c1"));
        var c2 = Connect(nets, "foo", lab.Create("c2"));
        Assert.Equal("172.18.0.2", c1.IPAddress!.ToString());
        Assert.Equal("172.18.0.3", c2.IPAddress!.ToString());

        // iproute2's view: the host end is a port of docker1, eth0 in the container has the address and the default route.
        Assert.Equal("docker1", Ip.Links(host)[c1.HostInterface!].GetProperty("master").GetString());
        Assert.Contains("172.18.0.2", Ip.Run($"-n {lab.Ns("c1")} -j addr show dev eth0"));
        Assert.Contains("172.18.0.1", Ip.Run($"-n {lab.Ns("c1")} -j route show default"));
        Assert.Equal("UNKNOWN", Ip.Links(lab.Ns("c1"))["lo"].GetProperty("operstate").GetString());

        Assert.True(Ip.Ping(lab.Ns("c1"), "172.18.0.3"));
        Assert.True(Ip.Ping(lab.Ns("c2"), "172.18.0.1"));
        using (var server = new TcpServer(outside, Outside, 7001))
        {
            Assert.True(TcpConnect(lab.Ns("c1"), Outside, 7001));
            Assert.Equal(HostOutside, server.Peer()); // masquerade: the outside sees the host's address
        }
        Assert.Equal(2, nets.Get("foo").Endpoints);
        Assert.Equal(2, nets.Endpoints("foo").Count);
    }

    [Fact]
    public void Isolation_ContainersOnTwoNetworksCannotReachEachOther_ButBothReachTheOutside()
    {
        using var lab = new Lab();
        var (host, outside, nets) = Build(lab);
        nets.Create(new NetworkSpec { Name = "foo", Subnet = "172.18.0.0/16", BridgeName = "brfoo" });
        nets.Create(new NetworkSpec { Name = "bar", Subnet = "172.19.0.0/16", BridgeName = "brbar" });
        var a = Connect(nets, "foo", lab.Create("a"));
        var b = Connect(nets, "bar", lab.Create("b"));
        Assert.False(Ip.Ping(lab.Ns("a"), b.IPAddress!.ToString(), waitSeconds: 1));
        Assert.False(Ip.Ping(lab.Ns("b"), a.IPAddress!.ToString(), waitSeconds: 1));
        Assert.True(Ip.Ping(lab.Ns("a"), Outside));
        Assert.True(Ip.Ping(lab.Ns("b"), Outside));
        // The isolation lives in our table's forward chain, as drop rules tagged iso-...
        var forward = Rules(host, "inet", "linuxnetps").Where(r => r.GetProperty("chain").GetString() == "forward").ToList();
        Assert.Equal(2, forward.Count);
        Assert.All(forward, r => Assert.StartsWith("linuxnetps:iso-", r.GetProperty("comment").GetString()));
        // nft reads our expressions back as the rule it would have written itself.
        var text = Nft(host, "list", "chain", "inet", "linuxnetps", "forward");
        Assert.Contains("type filter hook forward priority filter; policy accept;", text);
        Assert.Contains("iifname \"brfoo\" oifname \"brbar\" drop", text);
        Assert.Contains("iifname \"brbar\" oifname \"brfoo\" drop", text);
    }

    [Fact]
    public void Internal_NetworkDoesNotReachTheOutside_ButItsContainersReachEachOther()
    {
        using var lab = new Lab();
        var (host, _, nets) = Build(lab);
        nets.Create(new NetworkSpec { Name = "sealed", Subnet = "172.20.0.0/24", Internal = true });
        var a = Connect(nets, "sealed", lab.Create("a"));
        Connect(nets, "sealed", lab.Create("b"));
        Assert.True(Ip.Ping(lab.Ns("b"), a.IPAddress!.ToString()));
        Ip_(lab.Ns("a"), "route add default via 172.20.0.1"); // even with a route by hand, the host drops it
        Assert.False(Ip.Ping(lab.Ns("a"), Outside, waitSeconds: 1));
        Assert.DoesNotContain(Rules(host, "inet", "linuxnetps"), r => r.GetProperty("chain").GetString() == "postrouting");
    }

    [Fact]
    public void Publish_ReachesTheContainer_FromTheOutside_AndFromTheHostItself()
    {
        using var lab = new Lab();
        var (host, outside, nets) = Build(lab);
        nets.Create(new NetworkSpec { Name = "web", Subnet = "172.21.0.0/16" });
        var web = Connect(nets, "web", lab.Create("web"), null, "8080:80");
        Assert.Equal(["8080:80/tcp"], web.Ports);
        var ip = web.IPAddress!.ToString();
        using (var server = new TcpServer(lab.Ns("web"), ip, 80))
        {
            Assert.True(TcpConnect(outside, HostOutside, 8080));
            Assert.Equal(Outside, server.Peer());
        }
        using (new TcpServer(lab.Ns("web"), ip, 80))
            Assert.True(TcpConnect(host, HostOutside, 8080), "from the host namespace itself (output chain)");

        nets.Disconnect("web", lab.Ns("web"));
        Assert.DoesNotContain(Rules(host, "inet", "linuxnetps"), r => r.GetProperty("chain").GetString() == "prerouting");
    }

    [Fact]
    public void Publish_OnEveryAddress_0000_MatchesEveryAddress_AndAFreeHostPortIsChosenAndReported()
    {
        using var lab = new Lab();
        var (host, outside, nets) = Build(lab);
        nets.Create(new NetworkSpec { Name = "web", Subnet = "172.21.0.0/16" });
        var web = Connect(nets, "web", lab.Create("web"), null, "0.0.0.0:8081:80", "80", $"{HostOutside}:8082-8083:80-81");
        Assert.Equal("0.0.0.0:8081:80/tcp", web.Ports[0]);
        var chosen = int.Parse(web.Ports[1].Split(':')[0]);
        Assert.InRange(chosen, PublishedPort.EphemeralMin, PublishedPort.EphemeralMax);
        Assert.Equal($"{chosen}:80/tcp", web.Ports[1]);
        Assert.Equal([$"{HostOutside}:8082:80/tcp", $"{HostOutside}:8083:81/tcp"], web.Ports.Skip(2));
        // No rule matches the unspecified address, which no packet is ever sent to.
        Assert.DoesNotContain("0.0.0.0", Nft(host, "list", "table", "inet", "linuxnetps"));
        var ip = web.IPAddress!.ToString();
        foreach (var port in new[] { 8081, chosen, 8082 })
            using (var server = new TcpServer(lab.Ns("web"), ip, 80))
            {
                Assert.True(TcpConnect(outside, HostOutside, port), $"host port {port}");
                Assert.Equal(Outside, server.Peer());
            }
        using (new TcpServer(lab.Ns("web"), ip, 81))
            Assert.True(TcpConnect(outside, HostOutside, 8083), "the second port of the range");

        // The next container without a host port gets another free one; one already taken by a port forward is passed over.
        NetClient.For(host).Nat.AddPortForward("tcp", (chosen + 1).ToString(), ip, 80, destination: "0.0.0.0");
        var second = Connect(nets, "web", lab.Create("web2"), null, "80/udp", "80");
        Assert.Equal($"{chosen}:80/udp", second.Ports[0]); // another protocol: the same number is free
        Assert.Equal($"{chosen + 2}:80/tcp", second.Ports[1]);
        using (new TcpServer(lab.Ns("web"), ip, 80))
            Assert.True(TcpConnect(outside, HostOutside, chosen + 1), "Add-PortForward -Destination 0.0.0.0 matches every address");
    }

    [Fact]
    public void Bridge_HasAFixedMac_ThatNoPortChangesWhileTheNetworkLives()
    {
        using var lab = new Lab();
        var (host, _, nets) = Build(lab);
        var foo = nets.Create(new NetworkSpec { Name = "foo", Subnet = "172.18.0.0/16", BridgeName = "brmac" });
        Assert.Matches("^[0-9a-f][26ae](:[0-9a-f]{2}){5}$", foo.MacAddress!); // unicast, locally administered
        string BridgeMac() => Ip.Links(host)["brmac"].GetProperty("address").GetString()!;
        Assert.Equal(foo.MacAddress, BridgeMac());
        // Ports with MACs below the bridge's would take over an address the kernel chose; one that was set stays.
        var eps = Enumerable.Range(1, 3).Select(i => nets.Connect(new ConnectSpec { Network = "foo", Namespace = lab.Create($"m{i}"), MacAddress = $"02:00:00:00:00:0{i}" })).ToList();
        Assert.Equal(foo.MacAddress, BridgeMac());
        foreach (var ep in eps)
        {
            nets.Disconnect("foo", ep.Namespace!);
            Assert.Equal(foo.MacAddress, BridgeMac());
        }
        Assert.Equal(foo.MacAddress, nets.Get("foo").MacAddress);
    }

    [Fact]
    public void Macvlan_ContainersOnOneParentReachEachOtherAndTheParentsPeer()
    {
        using var lab = new Lab();
        var (host, outside, nets) = Build(lab);
        Veth(host, "mvp", outside, "mvo");
        Ip_(outside, "addr add 10.60.0.1/24 dev mvo");
        nets.Create(new NetworkSpec { Name = "lan", Driver = "macvlan", Parent = "mvp", Subnet = "10.60.0.0/24", Gateway = "10.60.0.1", IPRange = "10.60.0.128/25" });
        var a = Connect(nets, "lan", lab.Create("a"));
        var b = Connect(nets, "lan", lab.Create("b"));
        Assert.Equal("10.60.0.128", a.IPAddress!.ToString());
        Assert.Equal("macvlan", Ip.Links(lab.Ns("a"))["eth0"].GetProperty("linkinfo").GetProperty("info_kind").GetString());
        Assert.True(Ip.Ping(lab.Ns("a"), b.IPAddress!.ToString()));
        Assert.True(Ip.Ping(lab.Ns("b"), "10.60.0.1"));
        nets.Disconnect("lan", lab.Ns("a"));
        Assert.False(Ip.Links(lab.Ns("a")).ContainsKey("eth0"));
    }

    [Fact]
    public void Ipvlan_IsNotSupportedByThisKernel_AndNothingIsCreated()
    {
        using var lab = new Lab();
        var (host, _, nets) = Build(lab);
        var before = Ip.Run($"-n {host} -br link");
        var e = Assert.Throws<NetOperationException>(() => nets.Create(new NetworkSpec { Name = "ipv", Driver = "ipvlan", Parent = "ho", Subnet = "10.61.0.0/24" }));
        Assert.Equal(NetErrorKind.NotSupported, e.Kind);
        Assert.Contains("ipvlan", e.Message);
        Assert.Equal(before, Ip.Run($"-n {host} -br link"));
        Assert.DoesNotContain(nets.List(), n => n.Network == "ipv");
    }

    [Fact]
    public void Remove_LeavesNothing_AndRefusesWhileContainersAreConnected_UnlessForced()
    {
        using var lab = new Lab();
        var (host, _, nets) = Build(lab);
        var linksBefore = Ip.Links(host).Keys.Order().ToList();
        var foo = nets.Create(new NetworkSpec { Name = "foo" });
        Assert.Equal("172.18.0.0/16", foo.Subnet);
        Assert.Equal("br-" + foo.NetworkId[..12], foo.BridgeName);
        Connect(nets, "foo", lab.Create("c1"));
        var busy = Assert.Throws<NetOperationException>(() => nets.Remove("foo"));
        Assert.Equal(NetErrorKind.Busy, busy.Kind);
        nets.Remove("foo", force: true);
        Assert.Equal(linksBefore, Ip.Links(host).Keys.Order().ToList());
        Assert.Empty(Ruleset(host, "table"));
        Assert.False(Ip.Links(lab.Ns("c1")).ContainsKey("eth0"));
        Assert.DoesNotContain(nets.List(), n => n.Network == "foo");
    }

    [Fact]
    public void List_ShowsTheBuiltInNetworks_AndTheDefaultBridgeIsMadeOnFirstUse()
    {
        using var lab = new Lab();
        var (host, _, nets) = Build(lab);
        Assert.Equal(["bridge", "host", "none"], nets.List().Select(n => n.Network));
        Assert.All(nets.List(), n => Assert.Equal(ContainerNetworkStatus.BuiltIn, n.Status));
        var c = Connect(nets, "bridge", lab.Create("c1"));
        Assert.Equal("172.17.0.2", c.IPAddress!.ToString());
        Assert.True(Ip.Links(host).ContainsKey("docker0"));
        Assert.Equal(ContainerNetworkStatus.Ready, nets.Get("bridge").Status);

        var none = Connect(nets, "none", lab.Create("n1"));
        Assert.Null(none.IPAddress);
        Assert.Equal(["lo"], Ip.Links(lab.Ns("n1")).Keys);
        var hostMode = Assert.Throws<NetOperationException>(() => Connect(nets, "host", lab.Create("h1")));
        Assert.Contains("Invoke-NetNamespace", hostMode.Message);
        nets.Remove("bridge", force: true);
    }

    [Fact]
    public void Reconcile_FreesTheAddressOfAGoneNamespace_AndShowsAHandDeletedBridgeAsBroken()
    {
        using var lab = new Lab();
        var (host, _, nets) = Build(lab);
        nets.Create(new NetworkSpec { Name = "foo", Subnet = "172.18.0.0/24", BridgeName = "brfoo" });
        Connect(nets, "foo", lab.Create("c1"));
        NetworkNamespaces.Delete(lab.Ns("c1"));
        Assert.Empty(nets.Endpoints("foo"));
        Assert.Equal("172.18.0.2", Connect(nets, "foo", lab.Create("c2")).IPAddress!.ToString());

        Ip_(host, "link del brfoo");
        var broken = nets.Get("foo");
        Assert.Equal(ContainerNetworkStatus.Broken, broken.Status);
        Assert.Contains("brfoo", broken.Problem);
        nets.Remove("foo", force: true);
    }

    [Fact]
    public void APendingEndpoint_LeftByAProcessThatDied_IsReportedByAReadAndRolledBackByTheNextChange()
    {
        using var lab = new Lab();
        var (host, _, nets) = Build(lab);
        nets.Create(new NetworkSpec { Name = "foo", Subnet = "172.18.0.0/24" });
        var c1 = lab.Create("c1");
        var ep = Connect(nets, "foo", c1, null, "8081:81");
        // What a process killed after its last kernel step but before its final write leaves: the kernel objects,
        // and the endpoint still marked Pending in the state file.
        var path = Directory.GetFiles(Path.Combine(Environment.GetEnvironmentVariable(Compose.State.StateDirectory.RootVariable) is { Length: > 0 } root ? root : Compose.State.StateDirectory.DefaultRoot, "networks"), $"netns-{NetClient.For(host).Inode}-*.json").Single();
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"Connected\"", "\"Pending\""));

        // A read changes nothing: the stale endpoint is left out of the listing and named in the network's Problem.
        Assert.Empty(nets.Endpoints("foo"));
        Assert.Contains("stale endpoint", nets.Get("foo").Problem);
        Assert.True(Ip.Links(host).ContainsKey(ep.HostInterface!));
        // The next change rolls it back (what is provably ours), then does its own work.
        Assert.Equal(ep.IPAddress, Connect(nets, "foo", c1).IPAddress); // the address is free again
        Assert.False(Ip.Links(host).ContainsKey(ep.HostInterface!));
        Assert.DoesNotContain(Rules(host, "inet", "linuxnetps"), r => r.GetProperty("chain").GetString() == "prerouting");
    }

    [Fact]
    public void BadInput_IsRefusedWithTheRightKind_AndChangesNothing()
    {
        using var lab = new Lab();
        var (host, _, nets) = Build(lab);
        nets.Create(new NetworkSpec { Name = "foo", Subnet = "172.18.0.0/16" });
        nets.Create(new NetworkSpec { Name = "tiny", Subnet = "172.30.0.0/24", IPRange = "172.30.0.4/31" });
        var c1 = lab.Create("c1");
        Connect(nets, "foo", c1, "172.18.0.10", "8080:80");
        var c2 = lab.Create("c2");
        // Names, not operstate: a new bridge's state settles from UNKNOWN to UP by itself.
        string Snapshot() => string.Join(",", Ip.Links(host).Keys.Order()) + string.Join(",", Ip.Links(c2).Keys.Order()) + Ip.Run($"-n {c2} -br addr") + Nft(host, "list", "ruleset") + string.Join(",", nets.List().Select(n => $"{n.Network}:{n.Endpoints}"));
        var before = Snapshot();

        void Refused(NetErrorKind kind, Action action, string? mention = null)
        {
            var e = Assert.Throws<NetOperationException>(action);
            Assert.Equal(kind, e.Kind);
            if (mention is not null) Assert.Contains(mention, e.Message);
            Assert.Equal(before, Snapshot());
        }

        Refused(NetErrorKind.AlreadyExists, () => nets.Create(new NetworkSpec { Name = "bar", Subnet = "172.18.5.0/24" }), "overlaps");
        Refused(NetErrorKind.InvalidArgument, () => nets.Create(new NetworkSpec { Name = "bar", Subnet = "172.22.0.0/16", Gateway = "172.23.0.1" }), "outside");
        Refused(NetErrorKind.InvalidArgument, () => nets.Create(new NetworkSpec { Name = "bar", Subnet = "not-a-prefix" }));
        Refused(NetErrorKind.AlreadyExists, () => nets.Create(new NetworkSpec { Name = "foo", Subnet = "172.24.0.0/16" }));
        Refused(NetErrorKind.InvalidArgument, () => nets.Create(new NetworkSpec { Name = "bad name", Subnet = "172.24.0.0/16" }));
        Refused(NetErrorKind.NotFound, () => nets.Create(new NetworkSpec { Name = "mv", Driver = "macvlan", Parent = "nosuch0", Subnet = "10.9.0.0/24" }), "nosuch0");
        Refused(NetErrorKind.InvalidArgument, () => nets.Create(new NetworkSpec { Name = "x", Driver = "overlayish" }));
        Refused(NetErrorKind.AlreadyExists, () => Connect(nets, "foo", c2, "172.18.0.10"), "in use");
        Refused(NetErrorKind.InvalidArgument, () => Connect(nets, "foo", c2, "10.1.1.1"), "outside");
        Refused(NetErrorKind.AlreadyExists, () => Connect(nets, "foo", c2, null, "8080:80"), "published");
        Refused(NetErrorKind.InvalidArgument, () => Connect(nets, "foo", c2, null, "8080-8082:80-81"), "same length");
        Refused(NetErrorKind.InvalidArgument, () => Connect(nets, "foo", c2, null, "0:80"), "1 to 65535");
        Refused(NetErrorKind.InvalidArgument, () => Connect(nets, "foo", c2, null, "8081:80/icmp"), "sctp");
        Refused(NetErrorKind.InvalidArgument, () => Connect(nets, "foo", c2, null, "10.9.9.9:8081:80"), "not an address of");
        Refused(NetErrorKind.AlreadyExists, () => Connect(nets, "foo", c2, null, "0.0.0.0:8080:80"), "published");
        Refused(NetErrorKind.NotFound, () => Connect(nets, "nosuch", c2), "nosuch");
        Refused(NetErrorKind.NotFound, () => Connect(nets, "foo", lab.Ns("nosuch")));
        Refused(NetErrorKind.AlreadyExists, () => Connect(nets, "foo", c1), "already");
        Refused(NetErrorKind.InvalidArgument, () => Connect(nets, "foo", host), "lives in");
        Connect(nets, "tiny", lab.Create("t1"));
        Connect(nets, "tiny", lab.Create("t2"));
        before = Snapshot();
        Refused(NetErrorKind.ResourceExhausted, () => Connect(nets, "tiny", c2), "172.30.0.4/31");
    }

    [Fact]
    public void ConcurrentConnects_FromManyThreads_GetDistinctAddresses()
    {
        using var lab = new Lab();
        var (_, _, nets) = Build(lab);
        nets.Create(new NetworkSpec { Name = "foo", Subnet = "172.18.0.0/24" });
        var names = Enumerable.Range(0, 12).Select(i => lab.Create($"k{i}")).ToList();
        var addresses = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.ForEach(names, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            n => addresses.Add(ContainerNetworks.For(lab.Ns("host")).Connect(new ConnectSpec { Network = "foo", Namespace = n }).IPAddress!.ToString()));
        Assert.Equal(12, addresses.Distinct().Count());
        Assert.Equal(12, nets.Get("foo").Endpoints);
    }

    [Fact]
    public void ConnectMany_ConnectsEachOnItsOwn_ABadRequestFailsAlone_InOrder()
    {
        using var lab = new Lab();
        var (host, _, nets) = Build(lab);
        nets.Create(new NetworkSpec { Name = "foo", Subnet = "172.18.0.0/24" });
        var (a, b) = (lab.Create("a"), lab.Create("b"));
        var specs = new[]
        {
            new ConnectSpec { Network = "foo", Namespace = a },
            new ConnectSpec { Network = "foo", Namespace = a },                        // connected already, by the one before
            new ConnectSpec { Network = "foo", Namespace = lab.Ns("nosuch") },
            new ConnectSpec { Network = "foo", Namespace = b, IPAddress = "172.18.0.2" }, // taken, by the first
            new ConnectSpec { Network = "foo", Namespace = b },
        };
        var outcomes = nets.ConnectMany(specs);
        Assert.Equal([ConnectStatus.Connected, ConnectStatus.Failed, ConnectStatus.Failed, ConnectStatus.Failed, ConnectStatus.Connected], outcomes.Select(o => o.Status));
        Assert.Equal([NetErrorKind.AlreadyExists, NetErrorKind.NotFound, NetErrorKind.AlreadyExists], outcomes.Where(o => o.Error is not null).Select(o => o.Error!.Kind));
        Assert.Equal("172.18.0.2", outcomes[0].Endpoint!.IPAddress!.ToString());
        Assert.Equal("172.18.0.3", outcomes[4].Endpoint!.IPAddress!.ToString());
        Assert.Contains("172.18.0.3", Ip.Run($"-n {b} -j addr show dev eth0"));
        Assert.Equal(2, nets.Get("foo").Endpoints);
        Assert.Equal(2, Ip.Links(host).Values.Count(l => l.TryGetProperty("master", out var m) && m.GetString() == nets.Get("foo").BridgeName));

        // Stopping at the first error: the one before is connected, the ones after are not tried; declined ones change nothing.
        var (c, d, e) = (lab.Create("c"), lab.Create("d"), lab.Create("e"));
        outcomes = nets.ConnectMany([new ConnectSpec { Network = "foo", Namespace = c }, new ConnectSpec { Network = "foo", Namespace = a },
            new ConnectSpec { Network = "foo", Namespace = d }], stopAtFirstError: true);
        Assert.Equal([ConnectStatus.Connected, ConnectStatus.Failed, ConnectStatus.NotAttempted], outcomes.Select(o => o.Status));
        outcomes = nets.ConnectMany([new ConnectSpec { Network = "foo", Namespace = d }, new ConnectSpec { Network = "foo", Namespace = e }],
            approve: (spec, steps) => spec.Namespace == e && steps.Count > 0);
        Assert.Equal([ConnectStatus.Declined, ConnectStatus.Connected], outcomes.Select(o => o.Status));
        Assert.Equal("172.18.0.5", outcomes[1].Endpoint!.IPAddress!.ToString());
        Assert.DoesNotContain("eth0", Ip.Links(d).Keys);
        Assert.Equal(4, nets.Get("foo").Endpoints);
    }
}
