using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Links.Kinds;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

/// <summary>
/// The two link settings publishing needs (issue 23): hairpin mode of a bridge port (IFLA_BRPORT_MODE in
/// IFLA_INFO_SLAVE_DATA) and route_localnet (IPV4_DEVCONF_ROUTE_LOCALNET in IFLA_AF_SPEC), set over netlink and read back
/// with `ip -j -d link show` and the namespace's own /proc/sys/net/ipv4/conf/IF/route_localnet; and the port isolation
/// of -DisableIcc (IFLA_BRPORT_ISOLATED, in the same IFLA_INFO_SLAVE_DATA).
/// </summary>
public class LinkHostPathSettingsTests
{
    [Fact]
    public void Hairpin_and_route_localnet_go_on_and_off_as_ip_and_proc_show()
    {
        using var lab = new Lab();
        var (ns, client) = lab.CreateWithClient("a");
        client.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1" });
        client.Bridges.Create("br0");
        client.Bridges.AddPort("br0", "v0");
        Assert.False(Hairpin(ns, "v0"));
        Assert.Equal("0", Localnet(ns, "br0"));

        client.Links.Set("v0", new LinkChanges { Hairpin = true, Alias = "port" });
        client.Links.Set("br0", new LinkChanges { RouteLocalnet = true });
        Assert.True(Hairpin(ns, "v0"));
        Assert.Equal("port", Ip.Links(ns)["v0"].GetProperty("ifalias").GetString()); // one message carries both
        Assert.Equal("1", Localnet(ns, "br0"));
        Assert.Equal("0", Localnet(ns, "v1")); // only the link named

        client.Links.Set("v0", new LinkChanges { Hairpin = false });
        client.Links.Set("br0", new LinkChanges { RouteLocalnet = false });
        Assert.False(Hairpin(ns, "v0"));
        Assert.Equal("0", Localnet(ns, "br0"));
    }

    [Fact]
    public void Isolated_goes_on_and_off_with_hairpin_in_one_message_as_ip_shows_and_details_read()
    {
        using var lab = new Lab();
        var (ns, client) = lab.CreateWithClient("a");
        client.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1" });
        client.Links.CreateVeth(new VethSpec { Name = "w0", PeerName = "w1" });
        client.Bridges.Create("br0");
        client.Bridges.AddPort("br0", "v0");
        client.Bridges.AddPort("br0", "w0");
        Assert.False(Isolated(ns, "v0"));

        client.Links.Set("v0", new LinkChanges { Isolated = true, Hairpin = true });
        Assert.True(Isolated(ns, "v0"));
        Assert.True(Hairpin(ns, "v0"));
        Assert.False(Isolated(ns, "w0")); // only the port named
        var port = Assert.IsType<BridgePortDetails>(client.Links.Get("v0").PortDetails);
        Assert.True(port.Isolated);
        Assert.EndsWith("isolated on", port.Summary);

        client.Links.Set("v0", new LinkChanges { Isolated = false });
        Assert.False(Isolated(ns, "v0"));
        Assert.True(Hairpin(ns, "v0")); // left as it was
        Assert.False(Assert.IsType<BridgePortDetails>(client.Links.Get("v0").PortDetails).Isolated);
    }

    [Fact]
    public void Isolated_on_a_link_that_is_no_bridge_port_is_refused_and_changes_nothing()
    {
        using var lab = new Lab();
        var (ns, client) = lab.CreateWithClient("a");
        client.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1" });
        var e = Assert.Throws<NetOperationException>(() => client.Links.Set("v0", new LinkChanges { Isolated = true, Alias = "x" }));
        Assert.NotEqual(NetErrorKind.Other, e.Kind);
        Assert.False(Ip.Links(ns)["v0"].TryGetProperty("ifalias", out _));
    }

    [Fact]
    public void Hairpin_on_a_link_that_is_no_bridge_port_is_refused_and_changes_nothing()
    {
        using var lab = new Lab();
        var (ns, client) = lab.CreateWithClient("a");
        client.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1" });
        var e = Assert.Throws<NetOperationException>(() => client.Links.Set("v0", new LinkChanges { Hairpin = true, Alias = "x" }));
        Assert.NotEqual(NetErrorKind.Other, e.Kind);
        Assert.False(Ip.Links(ns)["v0"].TryGetProperty("ifalias", out _));
    }

    private static bool Hairpin(string ns, string port) =>
        Ip.Links(ns)[port].GetProperty("linkinfo").GetProperty("info_slave_data").GetProperty("hairpin").GetBoolean();

    private static bool Isolated(string ns, string port) =>
        Ip.Links(ns)[port].GetProperty("linkinfo").GetProperty("info_slave_data").GetProperty("isolated").GetBoolean();

    private static string Localnet(string ns, string link) => Ip.Exec("ip", "netns", "exec", ns, "cat", $"/proc/sys/net/ipv4/conf/{link}/route_localnet").Out.Trim();
}
