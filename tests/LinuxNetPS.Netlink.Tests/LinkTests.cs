using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Tests.Support;
using static LinuxNetPS.Tests.LinkJson;

namespace LinuxNetPS.Tests;

public class LinkTests
{
    private static Dictionary<string, string> Options(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void List_MatchesIproute2_ForLinksMadeByIp()
    {
        using var lab = new Lab();
        var ns = lab.Create("a");
        Ip.Run($"-n {ns} link add br0 type bridge");
        Ip.Run($"-n {ns} link add v0 type veth peer name v1");
        Ip.Run($"-n {ns} link set v0 master br0 up");
        Ip.Run($"-n {ns} link set br0 up");
        Ip.Run($"-n {ns} link set v1 mtu 1400 txqueuelen 77 address 02:00:00:00:00:01");
        Ip.Run($"-n {ns} link set v1 alias uplink");

        var ours = NetClient.For(ns).Links.List();
        var ip = Ip.Links(ns);
        Assert.Equal(ip.Keys.Order(), ours.Select(l => l.Name).Order());
        Assert.Equal(ours.Select(l => l.Index).Order(), ours.Select(l => l.Index));
        foreach (var l in ours) AssertMatches(ip[l.Name], l, ns);

        var v0 = ours.Single(l => l.Name == "v0");
        Assert.Equal("br0", v0.Master);
        Assert.Equal("bridge", v0.PortKind);
        AssertPeer(v0, "v1", ns);
        Assert.Equal("uplink", ours.Single(l => l.Name == "v1").Alias);
    }

    [Fact]
    public void List_FiltersByKindAndMaster()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        c.Bridges.Create("br0");
        c.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1", Master = "br0" });
        c.Links.CreateVeth(new VethSpec { Name = "w0", PeerName = "w1" });

        Assert.Equal(new[] { "v0", "v1", "w0", "w1" }, c.Links.List("veth", null).Select(l => l.Name).Order());
        Assert.Equal(new[] { "br0" }, c.Links.List("bridge", null).Select(l => l.Name));
        var ports = c.Links.List(null, "br0");
        Assert.Equal("v0", Assert.Single(ports).Name);
        Assert.Equal("br0", ports[0].Master);
        Assert.Equal("v1", ports[0].PeerName);
        Assert.Empty(c.Links.List("nosuchkind", null));
        Fails(NetErrorKind.NotFound, () => c.Links.List(null, "nobr"));
    }

    [Fact]
    public void Get_ByNameAndIndex_AndTryGet()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        var lo = c.Links.Get("lo");
        Assert.Equal(1, lo.Index);
        Assert.Null(lo.Kind);
        Assert.Equal(ns, lo.Namespace);
        AssertMatches(Ip.Links(ns)["lo"], lo, ns);
        Assert.Equal("lo", c.Links.Get(1).Name);
        Assert.Null(c.Links.TryGet("nosuch0"));
        Fails(NetErrorKind.NotFound, () => c.Links.Get(999));
        Fails(NetErrorKind.InvalidArgument, () => c.Links.Get(0));
    }

    [Fact]
    public void HostLinks_HaveNoNamespace_AndMissingOnesSayHost()
    {
        // Read-only: nothing is created in the host namespace.
        var host = NetClient.Host.Links;
        Assert.All(host.List(), l => Assert.Null(l.Namespace));
        Assert.Null(host.Get("lo").Namespace);
        Fails(NetErrorKind.NotFound, () => host.Get("lntnosuch0"), "host namespace");
    }

    [Fact]
    public void Get_UnknownLink_IsNotFound_NamingLinkAndNamespace()
    {
        using var lab = new Lab();
        var ns = lab.Create("a");
        Fails(NetErrorKind.NotFound, () => NetClient.For(ns).Links.Get("nosuch0"), "nosuch0", ns);
    }

    [Fact]
    public void Create_Bridge_WithMtuMacUpAndAlias_InOneCall()
    {
        using var lab = new Lab();
        var ns = lab.Create("a");
        var link = NetClient.For(ns).Links.Create(new LinkSpec
        {
            Name = "br0", Kind = "bridge", Mtu = 1400, MacAddress = "02:00:00:AA:BB:01", Up = true, Alias = "lab bridge",
        });
        var ip = Ip.Links(ns)["br0"];
        AssertMatches(ip, link, ns);
        Assert.Equal("bridge", Kind(ip));
        Assert.Equal(1400, ip.GetProperty("mtu").GetInt32());
        Assert.Equal("02:00:00:aa:bb:01", Str(ip, "address"));
        Assert.Equal("lab bridge", Str(ip, "ifalias"));
        Assert.True(IsUp(ip));
        Assert.True(link.IsUp);
    }

    [Fact]
    public void Create_Macvlan_OnParent_WithMode()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        c.Links.CreateVeth(new VethSpec { Name = "p0", PeerName = "p1" });
        var link = c.Links.Create(new LinkSpec { Name = "mv0", Kind = "macvlan", Parent = "p0", Options = Options(("mode", "bridge")) });
        var ip = Ip.Links(ns)["mv0"];
        AssertMatches(ip, link, ns);
        Assert.Equal("macvlan", Kind(ip));
        Assert.Equal("bridge", Str(Info(ip)!.Value, "mode"));
        Assert.Equal("p0", Str(ip, "link"));
        Assert.Null(link.PeerIndex); // IFLA_LINK of a macvlan is its parent, not a peer

        c.Links.Create(new LinkSpec { Name = "mv1", Kind = "macvlan", Parent = "p0", Options = Options(("MODE", "Private")) });
        Assert.Equal("private", Str(Info(Ip.Links(ns)["mv1"])!.Value, "mode"));
    }

    [Fact]
    public void Create_Vxlan_WithIdPortLocalRemoteAndParent()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        c.Links.CreateVeth(new VethSpec { Name = "p0", PeerName = "p1" });
        var link = c.Links.Create(new LinkSpec
        {
            Name = "vx0", Kind = "vxlan", Parent = "p0",
            Options = Options(("id", "42"), ("port", "4789"), ("local", "10.9.0.1"), ("remote", "10.9.0.2"), ("ttl", "9"), ("learning", "off")),
        });
        var ip = Ip.Links(ns)["vx0"];
        AssertMatches(ip, link, ns);
        var data = Info(ip)!.Value;
        Assert.Equal(42, data.GetProperty("id").GetInt32());
        Assert.Equal(4789, data.GetProperty("port").GetInt32());
        Assert.Equal("10.9.0.1", Str(data, "local"));
        Assert.Equal("10.9.0.2", Str(data, "remote"));
        Assert.Equal("p0", Str(data, "link"));
        Assert.Equal(9, data.GetProperty("ttl").GetInt32());
        Assert.False(data.GetProperty("learning").GetBoolean());

        c.Links.Create(new LinkSpec { Name = "vx1", Kind = "vxlan", Parent = "p0", Options = Options(("id", "7"), ("group", "239.1.1.1"), ("dstport", "8472")) });
        var group = Info(Ip.Links(ns)["vx1"])!.Value;
        Assert.Equal("239.1.1.1", Str(group, "group"));
        Assert.Equal(8472, group.GetProperty("port").GetInt32());

        c.Links.Create(new LinkSpec { Name = "vx6", Kind = "vxlan", Options = Options(("id", "8"), ("local", "fd00::1"), ("remote", "fd00::2")) });
        var v6 = Info(Ip.Links(ns)["vx6"])!.Value;
        Assert.Equal("fd00::1", Str(v6, "local6"));
        Assert.Equal("fd00::2", Str(v6, "remote6"));
    }

    [Theory]
    [InlineData("vxlan", "", "id", "abc")]
    [InlineData("vxlan", "", "id", "16777216")]
    [InlineData("vxlan", "", "port", "0")]
    [InlineData("vxlan", "", "remote", "10.0.0.0/24")]
    [InlineData("vxlan", "", "group", "10.0.0.1")]
    [InlineData("vxlan", "", "remote", "239.1.1.1")]
    [InlineData("vxlan", "", "learning", "maybe")]
    [InlineData("vxlan", "", "colour", "blue")]
    [InlineData("macvlan", "p0", "mode", "weird")]
    [InlineData("macvlan", "", "mode", "bridge")]
    [InlineData("bridge", "", "stp_state", "sometimes")]
    [InlineData("bridge", "", "priority", "70000")]
    [InlineData("bridge", "p0", "stp_state", "on")]
    [InlineData("dummy", "", "size", "1")]
    [InlineData("nosuchkind", "", "a", "1")]
    public void Create_BadOptions_AreInvalidArgument_AndCreateNothing(string kind, string parent, string option, string value)
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        c.Links.CreateVeth(new VethSpec { Name = "p0", PeerName = "p1" });
        var options = Options((option, value));
        if (kind == "vxlan" && option != "id") options["id"] = "5";
        var before = Snapshot(ns);
        var e = Fails(NetErrorKind.InvalidArgument, () => c.Links.Create(new LinkSpec
        {
            Name = "x0", Kind = kind, Parent = parent == "" ? null : parent, Options = options,
        }));
        Assert.NotEmpty(e.Message);
        Assert.Equal(before, Snapshot(ns));
    }

    [Fact]
    public void Create_VxlanWithoutId_IsInvalidArgument_SayingWhatToAdd()
    {
        using var lab = new Lab();
        var ns = lab.Create("a");
        Fails(NetErrorKind.InvalidArgument, () => NetClient.For(ns).Links.Create(new LinkSpec { Name = "vx0", Kind = "vxlan" }), "id");
        Assert.DoesNotContain("vx0", Ip.Links(ns).Keys);
    }

    [Theory]
    [InlineData("averyveryverylongname")]
    [InlineData("a/b")]
    [InlineData("with space")]
    [InlineData("")]
    public void BadNames_AreInvalidArgument_AndChangeNothing(string bad)
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        c.Bridges.Create("br0");
        var before = Snapshot(ns);
        void Invalid(Action a) => Fails(NetErrorKind.InvalidArgument, a);

        Invalid(() => c.Links.Create(new LinkSpec { Name = bad, Kind = "bridge" }));
        Invalid(() => c.Links.Create(new LinkSpec { Name = "ok0", Kind = "bridge", Master = bad }));
        Invalid(() => c.Links.Create(new LinkSpec { Name = "ok0", Kind = "macvlan", Parent = bad }));
        Invalid(() => c.Links.Create(new LinkSpec { Name = "ok0", Kind = "veth", Options = Options(("peer", bad)) }));
        Invalid(() => c.Links.Get(bad));
        Invalid(() => c.Links.Set(bad, new LinkChanges { Up = true }));
        Invalid(() => c.Links.Set("br0", new LinkChanges { NewName = bad }));
        Invalid(() => c.Links.Set("br0", new LinkChanges { Master = bad }));
        Invalid(() => c.Links.MoveTo(bad, NamespaceRef.Parse(ns)));
        Invalid(() => c.Links.Delete(bad));
        Assert.Equal(before, Snapshot(ns));
    }

    [Theory]
    [InlineData("zz:00:00:00:00:01")]
    [InlineData("02:00:00:00:01")]
    [InlineData("01:00:5e:00:00:01")]
    [InlineData("00:00:00:00:00:00")]
    [InlineData("not a mac")]
    public void BadMac_IsInvalidArgument_AndChangesNothing(string mac)
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        c.Bridges.Create("br0");
        var before = Snapshot(ns);
        Fails(NetErrorKind.InvalidArgument, () => c.Links.Create(new LinkSpec { Name = "br1", Kind = "bridge", MacAddress = mac }), mac);
        Fails(NetErrorKind.InvalidArgument, () => c.Links.Set("br0", new LinkChanges { MacAddress = mac, Mtu = 1300 }));
        Assert.Equal(before, Snapshot(ns));
    }

    [Theory]
    [InlineData("bad kind")]
    [InlineData("a/b")]
    [InlineData("")]
    public void BadKind_IsInvalidArgument(string kind)
    {
        using var lab = new Lab();
        var ns = lab.Create("a");
        Fails(NetErrorKind.InvalidArgument, () => NetClient.For(ns).Links.Create(new LinkSpec { Name = "x0", Kind = kind }));
        AssertOnlyLoopback(ns);
    }

    [Fact]
    public void Create_DuplicateName_IsAlreadyExists_NamingTheLink()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        c.Bridges.Create("br0");
        var before = Snapshot(ns);
        Fails(NetErrorKind.AlreadyExists, () => c.Links.Create(new LinkSpec { Name = "br0", Kind = "bridge", Mtu = 1300 }), "'br0'", ns);
        Assert.Equal(before, Snapshot(ns));
    }

    [Fact]
    public void Create_WithMissingMasterOrParent_IsNotFound_AndCreatesNothing()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        Fails(NetErrorKind.NotFound, () => c.Links.Create(new LinkSpec { Name = "x0", Kind = "bridge", Master = "nobr0" }), "nobr0", ns);
        Fails(NetErrorKind.NotFound, () => c.Links.Create(new LinkSpec { Name = "x0", Kind = "macvlan", Parent = "noeth0" }), "noeth0");
        AssertOnlyLoopback(ns);
    }

    [Fact]
    public void Create_WithAMasterThatIsNoBridge_IsRefused_AndCreatesNothing()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        c.Links.CreateVeth(new VethSpec { Name = "p0", PeerName = "p1" });
        var before = Snapshot(ns);
        Fails(NetErrorKind.InvalidArgument, () => c.Links.Create(new LinkSpec { Name = "br0", Kind = "bridge", Master = "p0" }), "'p0'");
        Assert.Equal(before, Snapshot(ns));
    }

    [Fact]
    public void Create_WhenALaterStepFails_DeletesWhatItCreated()
    {
        // The kernel ignores IFLA_IFALIAS at creation, so the alias is a second request; an alias
        // over 255 bytes is refused there, and the bridge made by the first request must go again.
        using var lab = new Lab();
        var ns = lab.Create("a");
        Fails(NetErrorKind.InvalidArgument, () => NetClient.For(ns).Links.Create(new LinkSpec
        {
            Name = "br0", Kind = "bridge", Up = true, Alias = new string('x', 300),
        }), "255");
        AssertOnlyLoopback(ns);
    }

    [Fact]
    public void Create_KindNobodyKnows_IsInvalidArgument_NamingTheKindAndTheKnownOnes()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        var e = Fails(NetErrorKind.InvalidArgument, () => c.Links.Create(new LinkSpec { Name = "x0", Kind = "nosuchkind" }), "'nosuchkind'", "bridge, dummy");
        Assert.Equal(ErrorIds.InvalidLinkKind, e.ErrorId);
        AssertOnlyLoopback(ns);
    }

    [Fact]
    public void Create_Dummy_WorksOrIsNotSupported_AsTheKernelDecides()
    {
        using var lab = new Lab();
        var probe = lab.Create("probe");
        bool kernelHasDummy = Ip.Exec("ip", "-n", probe, "link", "add", "d9", "type", "dummy").Code == 0;
        var (ns, c) = lab.CreateWithClient("a");
        if (kernelHasDummy)
        {
            var d = c.Links.Create(new LinkSpec { Name = "d0", Kind = "dummy", Up = true });
            Assert.Equal("dummy", Kind(Ip.Links(ns)["d0"]));
            Assert.Equal("dummy", d.Kind);
        }
        else
        {
            Fails(NetErrorKind.NotSupported, () => c.Links.Create(new LinkSpec { Name = "d0", Kind = "dummy", Up = true }), "'dummy'", "link support");
            AssertOnlyLoopback(ns);
        }
    }

    [Fact]
    public void Set_EachChange_IsWhatIpSees()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        c.Bridges.Create("br0");
        c.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1" });

        var l = c.Links.SetUp("v0");
        Assert.True(IsUp(Ip.Links(ns)["v0"]));
        AssertMatches(Ip.Links(ns)["v0"], l, ns);

        l = c.Links.Set("v0", new LinkChanges { Up = false });
        Assert.False(IsUp(Ip.Links(ns)["v0"]));
        Assert.False(l.IsUp);

        l = c.Links.Set("v0", new LinkChanges { Mtu = 1280 });
        Assert.Equal(1280, Ip.Links(ns)["v0"].GetProperty("mtu").GetInt32());

        l = c.Links.Set("v0", new LinkChanges { MacAddress = "02-00-00-00-00-0A" });
        Assert.Equal("02:00:00:00:00:0a", Str(Ip.Links(ns)["v0"], "address"));

        l = c.Links.Set("v0", new LinkChanges { Alias = "to the router" });
        Assert.Equal("to the router", Str(Ip.Links(ns)["v0"], "ifalias"));
        l = c.Links.Set("v0", new LinkChanges { Alias = "" });
        Assert.Null(Str(Ip.Links(ns)["v0"], "ifalias"));
        Assert.Null(l.Alias);

        l = c.Links.Set("v0", new LinkChanges { TxQueueLength = 321 });
        Assert.Equal(321, Ip.Links(ns)["v0"].GetProperty("txqlen").GetInt32());

        l = c.Links.Set("v0", new LinkChanges { Master = "br0" });
        Assert.Equal("br0", Str(Ip.Links(ns)["v0"], "master"));
        Assert.Equal("br0", l.Master);
        l = c.Links.Set("v0", new LinkChanges { NoMaster = true });
        Assert.Null(Str(Ip.Links(ns)["v0"], "master"));
        Assert.Null(l.Master);

        l = c.Links.Set("v0", new LinkChanges { NewName = "eth7" });
        var ip = Ip.Links(ns);
        Assert.DoesNotContain("v0", ip.Keys);
        AssertMatches(ip["eth7"], l, ns);
        Assert.Equal("eth7", c.Links.Get("v1").PeerName);
    }

    [Fact]
    public void Set_ManyChanges_InOneCall()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        c.Bridges.Create("br0", up: true);
        c.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1" });
        var l = c.Links.Set("v0", new LinkChanges
        {
            Up = true, Mtu = 1400, MacAddress = "02:00:00:00:00:0b", NewName = "port0", Alias = "a port", Master = "br0", TxQueueLength = 500,
        });
        var ip = Ip.Links(ns)["port0"];
        AssertMatches(ip, l, ns);
        Assert.True(IsUp(ip));
        Assert.Equal(1400, ip.GetProperty("mtu").GetInt32());
        Assert.Equal("02:00:00:00:00:0b", Str(ip, "address"));
        Assert.Equal("a port", Str(ip, "ifalias"));
        Assert.Equal("br0", Str(ip, "master"));
        Assert.Equal(500, ip.GetProperty("txqlen").GetInt32());
    }

    [Fact]
    public void Apply_ChangesWhatSetChanges_AndFailsAsSetFails()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        c.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1" });

        c.Links.Apply("v0", new LinkChanges { Up = true, Mtu = 1300 });
        Assert.True(IsUp(Ip.Links(ns)["v0"]));
        Assert.Equal(1300, Ip.Links(ns)["v0"].GetProperty("mtu").GetInt32());

        // Set-NetLink without -PassThru calls Apply: the same errors, word for word, as Set gives.
        foreach (var changes in new[] { new LinkChanges { Up = true }, new LinkChanges { Master = "nobr0" }, new LinkChanges { NewName = "v1" } })
        {
            var name = changes.NewName is null ? "nosuch0" : "v0";
            var bySet = Assert.Throws<NetOperationException>(() => c.Links.Set(name, changes));
            var byApply = Assert.Throws<NetOperationException>(() => c.Links.Apply(name, changes));
            Assert.Equal((bySet.Kind, bySet.ErrorId, bySet.Message), (byApply.Kind, byApply.ErrorId, byApply.Message));
        }
    }

    [Fact]
    public void Set_Errors_AreClear_AndChangeNothing()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        c.Bridges.Create("br0");
        c.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1" });
        var before = Snapshot(ns);

        Fails(NetErrorKind.NotFound, () => c.Links.Set("nosuch0", new LinkChanges { Up = true }), "'nosuch0'", ns);
        Fails(NetErrorKind.NotFound, () => c.Links.Set("nosuch0", new LinkChanges { NewName = "x" }));
        Fails(NetErrorKind.AlreadyExists, () => c.Links.Set("v0", new LinkChanges { NewName = "v1" }), "'v1'");
        Fails(NetErrorKind.NotFound, () => c.Links.Set("v0", new LinkChanges { Master = "nobr0", Mtu = 1300 }), "nobr0");
        Fails(NetErrorKind.InvalidArgument, () => c.Links.Set("v0", new LinkChanges { Master = "br0", NoMaster = true }));
        Fails(NetErrorKind.InvalidArgument, () => c.Links.Set("v0", new LinkChanges { Master = "v1" }), "'v1'");
        Fails(NetErrorKind.InvalidArgument, () => c.Links.Set("v0", new LinkChanges { Alias = new string('y', 256) }), "255");

        Assert.Equal(before, Snapshot(ns));
    }

    [Fact]
    public void MoveTo_AnotherNamespace_WithRename_AndBack()
    {
        using var lab = new Lab();
        var (a, ca) = lab.CreateWithClient("a");
        var b = lab.Create("b");
        ca.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1", Mtu = 1400 });

        var moved = ca.Links.MoveTo("v1", NamespaceRef.Parse(b), "eth0");
        Assert.Equal(b, moved.Namespace);
        Assert.Equal("eth0", moved.Name);
        Assert.DoesNotContain("v1", Ip.Links(a).Keys);
        var ipB = Ip.Links(b);
        AssertMatches(ipB["eth0"], moved, b);
        Assert.Equal(1400, ipB["eth0"].GetProperty("mtu").GetInt32());
        AssertPeer(moved, "v0", a);
        AssertPeer(ca.Links.Get("v0"), "eth0", b);

        var back = NetClient.For(b).Links.MoveTo("eth0", NamespaceRef.Parse(a));
        Assert.Equal(a, back.Namespace);
        Assert.Equal("eth0", back.Name);
        AssertOnlyLoopback(b);
        AssertMatches(Ip.Links(a)["eth0"], back, a);
        AssertPeer(back, "v0", a);
        Assert.Null(back.LinkNetNsId);
    }

    [Fact]
    public void MoveTo_Errors_AreClear_AndChangeNothing()
    {
        using var lab = new Lab();
        var (a, ca) = lab.CreateWithClient("a");
        var b = lab.Create("b");
        ca.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1" });
        ca.Bridges.Create("br0");
        NetClient.For(b).Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "w1" });
        var beforeA = Snapshot(a);
        var beforeB = Snapshot(b);

        Fails(NetErrorKind.NotFound, () => ca.Links.MoveTo("v1", NamespaceRef.Parse(lab.Ns("nosuch"))), lab.Ns("nosuch"));
        Fails(NetErrorKind.NotFound, () => ca.Links.MoveTo("nosuch0", NamespaceRef.Parse(b)), "nosuch0", a);
        Fails(NetErrorKind.AlreadyExists, () => ca.Links.MoveTo("v0", NamespaceRef.Parse(b)), "'v0'", b);
        Fails(NetErrorKind.InvalidArgument, () => ca.Links.MoveTo("v0", NamespaceRef.Parse(a)));
        Fails(NetErrorKind.InvalidArgument, () => ca.Links.MoveTo("br0", NamespaceRef.Parse(b)), "br0");

        Assert.Equal(beforeA, Snapshot(a));
        Assert.Equal(beforeB, Snapshot(b));
    }

    [Fact]
    public void Delete_RemovesTheLink_AndBothVethEnds()
    {
        using var lab = new Lab();
        var (a, c) = lab.CreateWithClient("a");
        var b = lab.Create("b");
        c.Bridges.Create("br0");
        c.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1", PeerNamespace = NamespaceRef.Parse(b) });
        c.Links.Delete("br0");
        Assert.DoesNotContain("br0", Ip.Links(a).Keys);
        c.Links.Delete("v0");
        AssertOnlyLoopback(a, b);

        Fails(NetErrorKind.NotFound, () => c.Links.Delete("v0"), "'v0'", a);
    }

    [Fact]
    public void List_ManyLinks_ReadsEveryPartOfTheDump()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("big");
        const int pairs = 500;
        for (int i = 0; i < pairs; i++)
            c.Links.CreateVeth(new VethSpec { Name = $"a{i}", PeerName = $"b{i}" });

        var links = c.Links.List();
        Assert.Equal(2 * pairs + 1, links.Count);
        var names = links.Select(l => l.Name).ToHashSet();
        for (int i = 0; i < pairs; i++)
        {
            Assert.Contains($"a{i}", names);
            Assert.Contains($"b{i}", names);
        }
        Assert.All(links.Where(l => l.Kind == "veth"), l => Assert.Equal(l.Name[0] == 'a' ? "b" + l.Name[1..] : "a" + l.Name[1..], l.PeerName));
        Assert.Equal(Ip.Links(ns).Count, links.Count);
    }
}
