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
        Assert.Equal("v1", v0.PeerName);
        Assert.Equal(ns, v0.PeerNamespace);
        Assert.Equal("uplink", ours.Single(l => l.Name == "v1").Alias);
    }

    [Fact]
    public void List_FiltersByKindAndMaster()
    {
        using var lab = new Lab();
        var ns = lab.Create("a");
        var c = NetClient.For(ns);
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
        Assert.Equal(NetErrorKind.NotFound, Assert.Throws<NetOperationException>(() => c.Links.List(null, "nobr")).Kind);
    }

    [Fact]
    public void Get_ByNameAndIndex_AndTryGet()
    {
        using var lab = new Lab();
        var ns = lab.Create("a");
        var c = NetClient.For(ns);
        var lo = c.Links.Get("lo");
        Assert.Equal(1, lo.Index);
        Assert.Null(lo.Kind);
        Assert.Equal(ns, lo.Namespace);
        AssertMatches(Ip.Links(ns)["lo"], lo, ns);
        Assert.Equal("lo", c.Links.Get(1).Name);
        Assert.Null(c.Links.TryGet("nosuch0"));
        Assert.Equal(NetErrorKind.NotFound, Assert.Throws<NetOperationException>(() => c.Links.Get(999)).Kind);
        Assert.Equal(NetErrorKind.InvalidArgument, Assert.Throws<NetOperationException>(() => c.Links.Get(0)).Kind);
    }

    [Fact]
    public void HostLinks_HaveNoNamespace_AndMissingOnesSayHost()
    {
        // Read-only: nothing is created in the host namespace.
        var host = NetClient.Host.Links;
        Assert.All(host.List(), l => Assert.Null(l.Namespace));
        Assert.Null(host.Get("lo").Namespace);
        var e = Assert.Throws<NetOperationException>(() => host.Get("lntnosuch0"));
        Assert.Equal(NetErrorKind.NotFound, e.Kind);
        Assert.Contains("host namespace", e.Message);
    }

    [Fact]
    public void Get_UnknownLink_IsNotFound_NamingLinkAndNamespace()
    {
        using var lab = new Lab();
        var ns = lab.Create("a");
        var e = Assert.Throws<NetOperationException>(() => NetClient.For(ns).Links.Get("nosuch0"));
        Assert.Equal(NetErrorKind.NotFound, e.Kind);
        Assert.Contains("nosuch0", e.Message);
        Assert.Contains(ns, e.Message);
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
        var ns = lab.Create("a");
        var c = NetClient.For(ns);
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
        var ns = lab.Create("a");
        var c = NetClient.For(ns);
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
        var ns = lab.Create("a");
        var c = NetClient.For(ns);
        c.Links.CreateVeth(new VethSpec { Name = "p0", PeerName = "p1" });
        var options = Options((option, value));
        if (kind == "vxlan" && option != "id") options["id"] = "5";
        var before = Snapshot(ns);
        var e = Assert.Throws<NetOperationException>(() => c.Links.Create(new LinkSpec
        {
            Name = "x0", Kind = kind, Parent = parent == "" ? null : parent, Options = options,
        }));
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.NotEmpty(e.Message);
        Assert.Equal(before, Snapshot(ns));
    }

    [Fact]
    public void Create_VxlanWithoutId_IsInvalidArgument_SayingWhatToAdd()
    {
        using var lab = new Lab();
        var ns = lab.Create("a");
        var e = Assert.Throws<NetOperationException>(() => NetClient.For(ns).Links.Create(new LinkSpec { Name = "vx0", Kind = "vxlan" }));
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("id", e.Message);
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
        var ns = lab.Create("a");
        var c = NetClient.For(ns);
        c.Bridges.Create("br0");
        var before = Snapshot(ns);
        void Invalid(Action a) => Assert.Equal(NetErrorKind.InvalidArgument, Assert.Throws<NetOperationException>(a).Kind);

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
        var ns = lab.Create("a");
        var c = NetClient.For(ns);
        c.Bridges.Create("br0");
        var before = Snapshot(ns);
        var create = Assert.Throws<NetOperationException>(() => c.Links.Create(new LinkSpec { Name = "br1", Kind = "bridge", MacAddress = mac }));
        Assert.Equal(NetErrorKind.InvalidArgument, create.Kind);
        Assert.Contains(mac, create.Message);
        var set = Assert.Throws<NetOperationException>(() => c.Links.Set("br0", new LinkChanges { MacAddress = mac, Mtu = 1300 }));
        Assert.Equal(NetErrorKind.InvalidArgument, set.Kind);
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
        var e = Assert.Throws<NetOperationException>(() => NetClient.For(ns).Links.Create(new LinkSpec { Name = "x0", Kind = kind }));
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(new[] { "lo" }, Ip.Links(ns).Keys);
    }

    [Fact]
    public void Create_DuplicateName_IsAlreadyExists_NamingTheLink()
    {
        using var lab = new Lab();
        var ns = lab.Create("a");
        var c = NetClient.For(ns);
        c.Bridges.Create("br0");
        var before = Snapshot(ns);
        var e = Assert.Throws<NetOperationException>(() => c.Links.Create(new LinkSpec { Name = "br0", Kind = "bridge", Mtu = 1300 }));
        Assert.Equal(NetErrorKind.AlreadyExists, e.Kind);
        Assert.Contains("'br0'", e.Message);
        Assert.Contains(ns, e.Message);
        Assert.Equal(before, Snapshot(ns));
    }

    [Fact]
    public void Create_WithMissingMasterOrParent_IsNotFound_AndCreatesNothing()
    {
        using var lab = new Lab();
        var ns = lab.Create("a");
        var c = NetClient.For(ns);
        var master = Assert.Throws<NetOperationException>(() => c.Links.Create(new LinkSpec { Name = "x0", Kind = "bridge", Master = "nobr0" }));
        Assert.Equal(NetErrorKind.NotFound, master.Kind);
        Assert.Contains("nobr0", master.Message);
        Assert.Contains(ns, master.Message);
        var parent = Assert.Throws<NetOperationException>(() => c.Links.Create(new LinkSpec { Name = "x0", Kind = "macvlan", Parent = "noeth0" }));
        Assert.Equal(NetErrorKind.NotFound, parent.Kind);
        Assert.Contains("noeth0", parent.Message);
        Assert.Equal(new[] { "lo" }, Ip.Links(ns).Keys);
    }

    [Fact]
    public void Create_WithAMasterThatIsNoBridge_IsRefused_AndCreatesNothing()
    {
        using var lab = new Lab();
        var ns = lab.Create("a");
        var c = NetClient.For(ns);
        c.Links.CreateVeth(new VethSpec { Name = "p0", PeerName = "p1" });
        var before = Snapshot(ns);
        var e = Assert.Throws<NetOperationException>(() => c.Links.Create(new LinkSpec { Name = "br0", Kind = "bridge", Master = "p0" }));
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("'p0'", e.Message);
        Assert.Equal(before, Snapshot(ns));
    }

    [Fact]
    public void Create_WhenALaterStepFails_DeletesWhatItCreated()
    {
        // The kernel ignores IFLA_IFALIAS at creation, so the alias is a second request; an alias
        // over 255 bytes is refused there, and the bridge made by the first request must go again.
        using var lab = new Lab();
        var ns = lab.Create("a");
        var e = Assert.Throws<NetOperationException>(() => NetClient.For(ns).Links.Create(new LinkSpec
        {
            Name = "br0", Kind = "bridge", Up = true, Alias = new string('x', 300),
        }));
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("255", e.Message);
        Assert.Equal(new[] { "lo" }, Ip.Links(ns).Keys);
    }

    [Fact]
    public void Create_KindTheKernelLacks_IsNotSupported_NamingTheKind()
    {
        using var lab = new Lab();
        var ns = lab.Create("a");
        var c = NetClient.For(ns);
        var e = Assert.Throws<NetOperationException>(() => c.Links.Create(new LinkSpec { Name = "x0", Kind = "nosuchkind" }));
        Assert.Equal(NetErrorKind.NotSupported, e.Kind);
        Assert.Contains("'nosuchkind'", e.Message);
        Assert.Equal(new[] { "lo" }, Ip.Links(ns).Keys);
    }

    [Fact]
    public void Create_Dummy_WorksOrIsNotSupported_AsTheKernelDecides()
    {
        using var lab = new Lab();
        var probe = lab.Create("probe");
        bool kernelHasDummy = Ip.Exec("ip", "-n", probe, "link", "add", "d9", "type", "dummy").Code == 0;
        var ns = lab.Create("a");
        var c = NetClient.For(ns);
        if (kernelHasDummy)
        {
            var d = c.Links.Create(new LinkSpec { Name = "d0", Kind = "dummy", Up = true });
            Assert.Equal("dummy", Kind(Ip.Links(ns)["d0"]));
            Assert.Equal("dummy", d.Kind);
        }
        else
        {
            var e = Assert.Throws<NetOperationException>(() => c.Links.Create(new LinkSpec { Name = "d0", Kind = "dummy", Up = true }));
            Assert.Equal(NetErrorKind.NotSupported, e.Kind);
            Assert.Contains("'dummy'", e.Message);
            Assert.Contains("link support", e.Message);
            Assert.Equal(new[] { "lo" }, Ip.Links(ns).Keys);
        }
    }

    [Fact]
    public void Set_EachChange_IsWhatIpSees()
    {
        using var lab = new Lab();
        var ns = lab.Create("a");
        var c = NetClient.For(ns);
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
        var ns = lab.Create("a");
        var c = NetClient.For(ns);
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
    public void Set_Errors_AreClear_AndChangeNothing()
    {
        using var lab = new Lab();
        var ns = lab.Create("a");
        var c = NetClient.For(ns);
        c.Bridges.Create("br0");
        c.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1" });
        var before = Snapshot(ns);

        var missing = Assert.Throws<NetOperationException>(() => c.Links.Set("nosuch0", new LinkChanges { Up = true }));
        Assert.Equal(NetErrorKind.NotFound, missing.Kind);
        Assert.Contains("'nosuch0'", missing.Message);
        Assert.Contains(ns, missing.Message);

        var missingRename = Assert.Throws<NetOperationException>(() => c.Links.Set("nosuch0", new LinkChanges { NewName = "x" }));
        Assert.Equal(NetErrorKind.NotFound, missingRename.Kind);

        var taken = Assert.Throws<NetOperationException>(() => c.Links.Set("v0", new LinkChanges { NewName = "v1" }));
        Assert.Equal(NetErrorKind.AlreadyExists, taken.Kind);
        Assert.Contains("'v1'", taken.Message);

        var noMaster = Assert.Throws<NetOperationException>(() => c.Links.Set("v0", new LinkChanges { Master = "nobr0", Mtu = 1300 }));
        Assert.Equal(NetErrorKind.NotFound, noMaster.Kind);
        Assert.Contains("nobr0", noMaster.Message);

        var both = Assert.Throws<NetOperationException>(() => c.Links.Set("v0", new LinkChanges { Master = "br0", NoMaster = true }));
        Assert.Equal(NetErrorKind.InvalidArgument, both.Kind);

        var notBridge = Assert.Throws<NetOperationException>(() => c.Links.Set("v0", new LinkChanges { Master = "v1" }));
        Assert.Equal(NetErrorKind.InvalidArgument, notBridge.Kind);
        Assert.Contains("'v1'", notBridge.Message);

        var longAlias = Assert.Throws<NetOperationException>(() => c.Links.Set("v0", new LinkChanges { Alias = new string('y', 256) }));
        Assert.Equal(NetErrorKind.InvalidArgument, longAlias.Kind);
        Assert.Contains("255", longAlias.Message);

        Assert.Equal(before, Snapshot(ns));
    }

    [Fact]
    public void MoveTo_AnotherNamespace_WithRename_AndBack()
    {
        using var lab = new Lab();
        var a = lab.Create("a");
        var b = lab.Create("b");
        var ca = NetClient.For(a);
        ca.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1", Mtu = 1400 });

        var moved = ca.Links.MoveTo("v1", NamespaceRef.Parse(b), "eth0");
        Assert.Equal(b, moved.Namespace);
        Assert.Equal("eth0", moved.Name);
        Assert.DoesNotContain("v1", Ip.Links(a).Keys);
        var ipB = Ip.Links(b);
        AssertMatches(ipB["eth0"], moved, b);
        Assert.Equal(1400, ipB["eth0"].GetProperty("mtu").GetInt32());
        Assert.Equal("v0", moved.PeerName);
        Assert.Equal(a, moved.PeerNamespace);
        var v0 = ca.Links.Get("v0");
        Assert.Equal("eth0", v0.PeerName);
        Assert.Equal(b, v0.PeerNamespace);

        var back = NetClient.For(b).Links.MoveTo("eth0", NamespaceRef.Parse(a));
        Assert.Equal(a, back.Namespace);
        Assert.Equal("eth0", back.Name);
        Assert.Equal(new[] { "lo" }, Ip.Links(b).Keys);
        AssertMatches(Ip.Links(a)["eth0"], back, a);
        Assert.Equal("v0", back.PeerName);
        Assert.Equal(a, back.PeerNamespace);
        Assert.Null(back.LinkNetNsId);
    }

    [Fact]
    public void MoveTo_Errors_AreClear_AndChangeNothing()
    {
        using var lab = new Lab();
        var a = lab.Create("a");
        var b = lab.Create("b");
        var ca = NetClient.For(a);
        ca.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1" });
        ca.Bridges.Create("br0");
        NetClient.For(b).Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "w1" });
        var beforeA = Snapshot(a);
        var beforeB = Snapshot(b);

        var noNs = Assert.Throws<NetOperationException>(() => ca.Links.MoveTo("v1", NamespaceRef.Parse(lab.Ns("nosuch"))));
        Assert.Equal(NetErrorKind.NotFound, noNs.Kind);
        Assert.Contains(lab.Ns("nosuch"), noNs.Message);

        var noLink = Assert.Throws<NetOperationException>(() => ca.Links.MoveTo("nosuch0", NamespaceRef.Parse(b)));
        Assert.Equal(NetErrorKind.NotFound, noLink.Kind);
        Assert.Contains("nosuch0", noLink.Message);
        Assert.Contains(a, noLink.Message);

        var clash = Assert.Throws<NetOperationException>(() => ca.Links.MoveTo("v0", NamespaceRef.Parse(b)));
        Assert.Equal(NetErrorKind.AlreadyExists, clash.Kind);
        Assert.Contains("'v0'", clash.Message);
        Assert.Contains(b, clash.Message);

        var same = Assert.Throws<NetOperationException>(() => ca.Links.MoveTo("v0", NamespaceRef.Parse(a)));
        Assert.Equal(NetErrorKind.InvalidArgument, same.Kind);

        var local = Assert.Throws<NetOperationException>(() => ca.Links.MoveTo("br0", NamespaceRef.Parse(b)));
        Assert.Equal(NetErrorKind.InvalidArgument, local.Kind);
        Assert.Contains("br0", local.Message);

        Assert.Equal(beforeA, Snapshot(a));
        Assert.Equal(beforeB, Snapshot(b));
    }

    [Fact]
    public void Delete_RemovesTheLink_AndBothVethEnds()
    {
        using var lab = new Lab();
        var a = lab.Create("a");
        var b = lab.Create("b");
        var c = NetClient.For(a);
        c.Bridges.Create("br0");
        c.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1", PeerNamespace = NamespaceRef.Parse(b) });
        c.Links.Delete("br0");
        Assert.DoesNotContain("br0", Ip.Links(a).Keys);
        c.Links.Delete("v0");
        Assert.Equal(new[] { "lo" }, Ip.Links(a).Keys);
        Assert.Equal(new[] { "lo" }, Ip.Links(b).Keys);

        var e = Assert.Throws<NetOperationException>(() => c.Links.Delete("v0"));
        Assert.Equal(NetErrorKind.NotFound, e.Kind);
        Assert.Contains("'v0'", e.Message);
        Assert.Contains(a, e.Message);
    }

    [Fact]
    public void List_ManyLinks_ReadsEveryPartOfTheDump()
    {
        using var lab = new Lab();
        var ns = lab.Create("big");
        var c = NetClient.For(ns);
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
