using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

/// <summary>
/// The two link settings publishing needs (issue 23): hairpin mode of a bridge port (IFLA_BRPORT_MODE in
/// IFLA_INFO_SLAVE_DATA) and route_localnet (IPV4_DEVCONF_ROUTE_LOCALNET in IFLA_AF_SPEC), set over netlink and read back
/// with `ip -j -d link show` and the namespace's own /proc/sys/net/ipv4/conf/IF/route_localnet.
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

    private static string Localnet(string ns, string link) => Ip.Exec("ip", "netns", "exec", ns, "cat", $"/proc/sys/net/ipv4/conf/{link}/route_localnet").Out.Trim();
}
