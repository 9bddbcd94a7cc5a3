using System.Text.Json;
using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Tests.Support;
using static LinuxNetPS.Tests.LinkJson;

namespace LinuxNetPS.Tests;

public class BridgeTests
{
    /// <summary>ip prints the bridge id as "8000.86:4a:d:e5:d7:c2" (bytes unpadded); brctl and we print "8000.864a0de5d7c2".</summary>
    private static string BrctlId(string ipId)
    {
        var (prio, mac) = (ipId.Split('.')[0], ipId.Split('.')[1]);
        return prio + "." + string.Concat(mac.Split(':').Select(b => b.PadLeft(2, '0')));
    }

    private static string[] IpPortNames(string ns, string bridge) =>
        Ip.Json(ns, $"link show master {bridge}").EnumerateArray().Select(l => l.GetProperty("ifname").GetString()!).Order().ToArray();

    /// <summary>The setup both multi-bridge tests start from: bridges br0 and br1 in namespace "a", and veth p0 (peer q0) on br0.</summary>
    private static (string Ns, NetClient Client) TwoBridgesWithP0OnBr0(Lab lab)
    {
        var (ns, c) = lab.CreateWithClient("a");
        c.Bridges.Create("br0");
        c.Bridges.Create("br1");
        c.Links.CreateVeth(new VethSpec { Name = "p0", PeerName = "q0", Master = "br0" });
        return (ns, c);
    }

    [Fact]
    public void Create_AndGet_MatchIproute2()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        var link = c.Bridges.Create("br0", up: true);
        Assert.Equal("bridge", link.Kind);
        Assert.True(link.IsUp);

        var bridge = c.Bridges.Get("br0");
        var data = Info(Ip.Links(ns)["br0"])!.Value;
        Assert.Equal(BrctlId(Str(data, "bridge_id")!), bridge.BridgeId);
        Assert.StartsWith("8000.", bridge.BridgeId);
        Assert.False(bridge.StpEnabled);
        Assert.Empty(bridge.Ports);
        Assert.Equal(ns, bridge.Namespace);
    }

    [Fact]
    public void Create_WithOptions_IsWhatIpSees()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        c.Bridges.Create("br0", options: new Dictionary<string, string>
        {
            ["stp_state"] = "on", ["priority"] = "4096", ["forward_delay"] = "400", ["mcast_snooping"] = "off",
        });
        var data = Info(Ip.Links(ns)["br0"])!.Value;
        Assert.Equal(1, data.GetProperty("stp_state").GetInt32());
        Assert.Equal(4096, data.GetProperty("priority").GetInt32());
        Assert.Equal(400, data.GetProperty("forward_delay").GetInt32());
        Assert.Equal(0, data.GetProperty("mcast_snooping").GetInt32());
        var bridge = c.Bridges.Get("br0");
        Assert.True(bridge.StpEnabled);
        Assert.StartsWith("1000.", bridge.BridgeId);
        Assert.Equal(BrctlId(Str(data, "bridge_id")!), bridge.BridgeId);
    }

    [Fact]
    public void Create_WithAnOptionTheKernelLacks_IsNotMistakenForAMissingKind()
    {
        using var lab = new Lab();
        var probe = lab.Create("probe");
        bool kernelHasVlanFiltering = Ip.Exec("ip", "-n", probe, "link", "add", "b9", "type", "bridge", "vlan_filtering", "1").Code == 0;
        var (ns, c) = lab.CreateWithClient("a");
        var options = new Dictionary<string, string> { ["vlan_filtering"] = "on" };
        if (kernelHasVlanFiltering)
        {
            c.Bridges.Create("br0", options: options);
            Assert.Equal(1, Info(Ip.Links(ns)["br0"])!.Value.GetProperty("vlan_filtering").GetInt32());
        }
        else
        {
            var e = Fails(NetErrorKind.NotSupported, () => c.Bridges.Create("br0", options: options));
            Assert.DoesNotContain("no 'bridge' link support", e.Message);
            AssertOnlyLoopback(ns);
        }
    }

    [Fact]
    public void TwoVethPorts_AddListAndRemove()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        var peers = lab.Create("b");
        c.Bridges.Create("br0", up: true);
        c.Links.CreateVeth(new VethSpec { Name = "p0", PeerName = "e0", PeerNamespace = NamespaceRef.Parse(peers), Up = true, PeerUp = true });
        c.Links.CreateVeth(new VethSpec { Name = "p1", PeerName = "e1", PeerNamespace = NamespaceRef.Parse(peers), Up = true, PeerUp = true });
        c.Links.CreateVeth(new VethSpec { Name = "other", PeerName = "e2", PeerNamespace = NamespaceRef.Parse(peers) });

        var added = c.Bridges.AddPort("br0", "p0");
        Assert.Equal(("p0", "br0", ns), (added.Name, added.Bridge, added.Namespace));
        c.Bridges.AddPort("br0", "p1");
        Assert.Equal(new[] { "p0", "p1" }, IpPortNames(ns, "br0"));

        // Ports with carrier go from disabled to forwarding (STP is off) once the kernel sees the carrier.
        foreach (var port in new[] { "p0", "p1" })
            WaitFor(ns, port, j => Info(j, "info_slave_data") is { } d ? Str(d, "state") : null, "forwarding");
        var ports = c.Bridges.GetPorts("br0");
        Assert.Equal(new[] { "p0", "p1" }, ports.Select(p => p.Name).ToArray());
        Assert.All(ports, p => Assert.Equal("forwarding", p.StpState));
        var ip = Ip.Links(ns);
        foreach (var p in ports)
        {
            Assert.Equal("br0", p.Bridge);
            Assert.Equal(ip["br0"].GetProperty("ifindex").GetInt32(), p.BridgeIndex);
            Assert.Equal(ip[p.Name].GetProperty("ifindex").GetInt32(), p.Index);
            Assert.Equal(Str(Info(ip[p.Name], "info_slave_data")!.Value, "state"), p.StpState);
        }
        var bridge = c.Bridges.Get("br0");
        Assert.Equal(new[] { "p0", "p1" }, bridge.Ports);
        // With ports the bridge id carries a MAC address (before, it is all zeros); ip must agree.
        Assert.Equal(BrctlId(Str(Info(Ip.Links(ns)["br0"])!.Value, "bridge_id")!), bridge.BridgeId);
        Assert.NotEqual("8000.000000000000", bridge.BridgeId);
        Assert.Equal(new[] { "p0", "p1" }, c.Bridges.GetPorts().Select(p => p.Name).ToArray());
        var listed = Assert.Single(c.Bridges.List());
        Assert.Equal(new[] { "p0", "p1" }, listed.Ports);
        Assert.Equal("br0", c.Links.Get("p0").Master);

        // A port that is down stays disabled.
        Assert.Equal("disabled", c.Bridges.AddPort("br0", "other").StpState);
        c.Bridges.RemovePort("other", "br0");

        c.Bridges.RemovePort("p0", "br0");
        Assert.Equal(new[] { "p1" }, IpPortNames(ns, "br0"));
        Assert.Null(Str(Ip.Links(ns)["p0"], "master"));
        c.Bridges.RemovePort("p1");
        Assert.Empty(IpPortNames(ns, "br0"));
        Assert.Empty(c.Bridges.GetPorts("br0"));
    }

    [Fact]
    public void Ports_OfSeveralBridges_AreToldApart()
    {
        using var lab = new Lab();
        var (ns, c) = TwoBridgesWithP0OnBr0(lab);
        c.Links.CreateVeth(new VethSpec { Name = "p1", PeerName = "q1", Master = "br1" });
        c.Bridges.AddPort("br1", "q0");

        Assert.Equal(new[] { "p0" }, c.Bridges.GetPorts("br0").Select(p => p.Name));
        Assert.Equal(new[] { "p1", "q0" }, c.Bridges.GetPorts("br1").Select(p => p.Name).Order());
        var all = c.Bridges.GetPorts();
        Assert.Equal(new[] { "br0:p0", "br1:p1", "br1:q0" }, all.Select(p => p.ToString()).Order());
        var bridges = c.Bridges.List();
        Assert.Equal(new[] { "br0", "br1" }, bridges.Select(b => b.Name));
        Assert.Equal(IpPortNames(ns, "br1"), bridges[1].Ports.Order().ToArray());
    }

    [Fact]
    public void PortErrors_AreClear_AndChangeNothing()
    {
        using var lab = new Lab();
        var (ns, c) = TwoBridgesWithP0OnBr0(lab);
        var before = Snapshot(ns);

        Fails(NetErrorKind.NotFound, () => c.Bridges.AddPort("nobr0", "q0"), "nobr0", ns);
        Fails(NetErrorKind.NotFound, () => c.Bridges.AddPort("p0", "q0"), "veth");
        Fails(NetErrorKind.NotFound, () => c.Bridges.AddPort("br0", "nosuch0"), "nosuch0");
        Fails(NetErrorKind.InvalidArgument, () => c.Bridges.AddPort("br0", "br0"));
        Fails(NetErrorKind.NotFound, () => c.Bridges.RemovePort("p0", "br1"), "br1", "br0");
        Fails(NetErrorKind.NotFound, () => c.Bridges.RemovePort("q0"), "q0");

        Fails(NetErrorKind.NotFound, () => c.Bridges.RemovePort("nosuch0"));
        Fails(NetErrorKind.NotFound, () => c.Bridges.Get("p0"));
        Fails(NetErrorKind.NotFound, () => c.Bridges.Get("nobr0"));
        Fails(NetErrorKind.NotFound, () => c.Bridges.GetPorts("nobr0"));
        Fails(NetErrorKind.InvalidArgument, () => c.Bridges.AddPort("br0", "a b"));
        Fails(NetErrorKind.InvalidArgument, () => c.Bridges.AddPort("averyveryverylongname", "q0"));
        Fails(NetErrorKind.InvalidArgument, () => c.Bridges.Create("x/y"));

        Assert.Equal(before, Snapshot(ns));
    }
}
