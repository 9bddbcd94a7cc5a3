using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Tests.Support;
using static LinuxNetPS.Tests.LinkJson;

namespace LinuxNetPS.Tests;

public class VethTests
{
    [Fact]
    public void CreateVeth_SameNamespace_BothEndsKnowEachOther()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        var pair = c.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1" });

        var ip = Ip.Links(ns);
        AssertMatches(ip["v0"], pair.Link, ns);
        AssertMatches(ip["v1"], pair.Peer, ns);
        Assert.Equal("v1", Str(ip["v0"], "link"));
        Assert.Equal(("v0", "v1", ns, ns), (pair.Name, pair.PeerName, pair.Namespace, pair.PeerNamespace));
        Assert.Equal(pair.Peer.Index, pair.Link.PeerIndex);
        Assert.Equal(pair.Link.Index, pair.Peer.PeerIndex);

        var got = c.Links.Get("v0");
        Assert.Equal("veth", got.Kind);
        AssertPeer(got, "v1", ns);
        Assert.Null(got.LinkNetNsId);
    }

    [Fact]
    public void CreateVeth_PeerGoesStraightIntoAnotherNamespace_AndGetResolvesIt()
    {
        using var lab = new Lab();
        var (a, ca) = lab.CreateWithClient("a");
        var b = lab.Create("b");
        var pair = ca.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "ceth0", PeerNamespace = NamespaceRef.Parse(b) });

        Assert.Equal(b, pair.Peer.Namespace);
        Assert.DoesNotContain("ceth0", Ip.Links(a).Keys);
        var ipB = Ip.Links(b);
        AssertMatches(ipB["ceth0"], pair.Peer, b);
        Assert.Equal("veth", Kind(ipB["ceth0"]));

        var v0 = ca.Links.Get("v0");
        AssertPeer(v0, "ceth0", b);
        Assert.Equal(pair.Peer.Index, v0.PeerIndex);
        Assert.Equal(Ip.Links(a)["v0"].GetProperty("link_netnsid").GetInt32(), v0.LinkNetNsId);

        AssertPeer(NetClient.For(b).Links.Get("ceth0"), "v0", a);

        var listed = ca.Links.List().Single(l => l.Name == "v0");
        AssertPeer(listed, "ceth0", b);
    }

    [Fact]
    public void CreateVeth_ManyPeersInManyNamespaces_AreAllResolvedByOneList()
    {
        using var lab = new Lab();
        var (_, c) = lab.CreateWithClient("hub");
        var spokes = Enumerable.Range(0, 4).Select(i => lab.Create($"s{i}")).ToList();
        for (int i = 0; i < spokes.Count; i++)
            c.Links.CreateVeth(new VethSpec { Name = $"h{i}", PeerName = "eth0", PeerNamespace = NamespaceRef.Parse(spokes[i]) });

        var list = c.Links.List().Where(l => l.Kind == "veth").OrderBy(l => l.Name).ToList();
        Assert.Equal(spokes.Count, list.Count);
        for (int i = 0; i < spokes.Count; i++) AssertPeer(list[i], "eth0", spokes[i]);
    }

    [Fact]
    public void CreateVeth_MasterAndUpStates_InTheSameRequest()
    {
        using var lab = new Lab();
        var (a, ca) = lab.CreateWithClient("a");
        var b = lab.Create("b");
        ca.Bridges.Create("br0", up: true);
        var pair = ca.Links.CreateVeth(new VethSpec
        {
            Name = "v0", PeerName = "eth0", PeerNamespace = NamespaceRef.Parse(b), Master = "br0", Up = true, PeerUp = true,
            Mtu = 1450, MacAddress = "02:00:00:00:01:01", PeerMacAddress = "02:00:00:00:01:02",
        });

        var v0 = Ip.Links(a)["v0"];
        var eth0 = Ip.Links(b)["eth0"];
        Assert.Equal("br0", Str(v0, "master"));
        Assert.True(IsUp(v0));
        Assert.True(IsUp(eth0));
        Assert.Equal(1450, v0.GetProperty("mtu").GetInt32());
        Assert.Equal(1450, eth0.GetProperty("mtu").GetInt32());
        Assert.Equal("02:00:00:00:01:01", Str(v0, "address"));
        Assert.Equal("02:00:00:00:01:02", Str(eth0, "address"));
        Assert.Equal("br0", pair.Link.Master);
        Assert.True(pair.Link.IsUp);
        Assert.True(pair.Peer.IsUp);

        // Both ends up: the carrier comes, and the operational state follows a little later.
        v0 = WaitFor(a, "v0", j => Str(j, "operstate"), "UP");
        eth0 = WaitFor(b, "eth0", j => Str(j, "operstate"), "UP");
        AssertMatches(v0, ca.Links.Get("v0"), a);
        AssertMatches(eth0, NetClient.For(b).Links.Get("eth0"), b);
    }

    [Fact]
    public void CreateVeth_OnlyPeerUp_LeavesFirstEndDown()
    {
        using var lab = new Lab();
        var (a, c) = lab.CreateWithClient("a");
        c.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1", PeerUp = true });
        var ip = Ip.Links(a);
        Assert.False(IsUp(ip["v0"]));
        Assert.True(IsUp(ip["v1"]));
    }

    [Fact]
    public void CreateVeth_ThroughGenericCreate_WithPeerOption()
    {
        using var lab = new Lab();
        var a = lab.Create("a");
        var link = NetClient.For(a).Links.Create(new LinkSpec
        {
            Name = "v0", Kind = "veth", Mtu = 1300, Options = new Dictionary<string, string> { ["peer"] = "v1" },
        });
        Assert.Equal("v1", link.PeerName);
        var ip = Ip.Links(a);
        Assert.Equal(1300, ip["v1"].GetProperty("mtu").GetInt32());
        AssertMatches(ip["v0"], link, a);
    }

    [Fact]
    public void GenericCreate_PeerNameTaken_IsAlreadyExists_WithoutBlamingTheFreeName()
    {
        using var lab = new Lab();
        var (a, c) = lab.CreateWithClient("a");
        c.Bridges.Create("br0");
        var e = Fails(NetErrorKind.AlreadyExists, () => c.Links.Create(new LinkSpec
        {
            Name = "v0", Kind = "veth", Options = new Dictionary<string, string> { ["peer"] = "br0" },
        }));
        Assert.DoesNotContain("'v0' already exists", e.Message);
        Assert.Equal(new[] { "br0", "lo" }, Ip.Links(a).Keys.Order());
    }

    [Fact]
    public void CreateVeth_MissingPeerNamespace_IsNotFound_NamingIt_AndCreatesNothing()
    {
        using var lab = new Lab();
        var a = lab.Create("a");
        Fails(NetErrorKind.NotFound, () => NetClient.For(a).Links.CreateVeth(new VethSpec
        {
            Name = "v0", PeerName = "v1", PeerNamespace = NamespaceRef.Parse(lab.Ns("nowhere")),
        }), lab.Ns("nowhere"));
        AssertOnlyLoopback(a);
    }

    [Fact]
    public void CreateVeth_DuplicateNames_AreAlreadyExists_NamingTheClash()
    {
        using var lab = new Lab();
        var (a, ca) = lab.CreateWithClient("a");
        var b = lab.Create("b");
        ca.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "eth0", PeerNamespace = NamespaceRef.Parse(b) });
        var beforeA = Snapshot(a);
        var beforeB = Snapshot(b);

        Fails(NetErrorKind.AlreadyExists, () =>
            ca.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "eth1", PeerNamespace = NamespaceRef.Parse(b) }), "'v0'", a);
        Fails(NetErrorKind.AlreadyExists, () =>
            ca.Links.CreateVeth(new VethSpec { Name = "v9", PeerName = "eth0", PeerNamespace = NamespaceRef.Parse(b) }), "'eth0'", b);

        Assert.Equal(beforeA, Snapshot(a));
        Assert.Equal(beforeB, Snapshot(b));
    }

    [Theory]
    [InlineData("averyveryverylongname", "v1")]
    [InlineData("v0", "averyveryverylongname")]
    [InlineData("v/0", "v1")]
    [InlineData("v0", "v 1")]
    [InlineData("v0", "v0")]
    public void CreateVeth_BadNames_AreInvalidArgument_AndCreateNothing(string name, string peer)
    {
        using var lab = new Lab();
        var a = lab.Create("a");
        Fails(NetErrorKind.InvalidArgument, () => NetClient.For(a).Links.CreateVeth(new VethSpec { Name = name, PeerName = peer }));
        AssertOnlyLoopback(a);
    }

    [Fact]
    public void CreateVeth_MissingMaster_IsNotFound_AndCreatesNothing()
    {
        using var lab = new Lab();
        var a = lab.Create("a");
        var b = lab.Create("b");
        Fails(NetErrorKind.NotFound, () => NetClient.For(a).Links.CreateVeth(new VethSpec
        {
            Name = "v0", PeerName = "v1", PeerNamespace = NamespaceRef.Parse(b), Master = "nobr0",
        }), "nobr0");
        AssertOnlyLoopback(a, b);
    }

    [Fact]
    public void CreateVeth_BadMac_IsInvalidArgument_AndCreatesNothing()
    {
        using var lab = new Lab();
        var a = lab.Create("a");
        Fails(NetErrorKind.InvalidArgument, () => NetClient.For(a).Links.CreateVeth(new VethSpec
        {
            Name = "v0", PeerName = "v1", PeerMacAddress = "02:00:00:00:00",
        }));
        AssertOnlyLoopback(a);
    }
}
