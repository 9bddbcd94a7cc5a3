using LinuxNetPS.Model;
using LinuxNetPS.Forwarding;
using LinuxNetPS.Tests.Support;
using static LinuxNetPS.Tests.NatTestKit;

namespace LinuxNetPS.Tests;

/// <summary>
/// Traffic through NAT between lab namespaces only: a "host" namespace with a bridge for its
/// containers (192.168.1.0/24) and a link to an "outside" namespace (10.200.0.0/24) that has no
/// route to the containers. Every connection attempt is bounded (at most a few seconds).
/// </summary>
public class NatEndToEndTests
{
    private const string HostOutside = "10.200.0.1", Outside = "10.200.0.2", Container = "192.168.1.10";

    /// <summary>host with br0 (192.168.1.1/24) and ho (10.200.0.1/24); outside with oh (10.200.0.2/24); a container on the bridge.</summary>
    private static (string Host, string Out, string Container) Build(Lab lab)
    {
        var host = lab.Create("host");
        var outside = lab.Create("out");
        var container = lab.Create("ct");
        Ip_(host, "link add br0 type bridge");
        Ip_(host, "link set br0 up");
        Ip_(host, "addr add 192.168.1.1/24 dev br0");
        Veth(host, "hc0", container, "c0");
        Ip_(host, "link set hc0 master br0");
        Ip_(container, $"addr add {Container}/24 dev c0");
        Ip_(container, "route add default via 192.168.1.1");
        Veth(host, "ho", outside, "oh");
        Ip_(host, $"addr add {HostOutside}/24 dev ho");
        Ip_(outside, $"addr add {Outside}/24 dev oh");
        return (host, outside, container);
    }

    private static bool Reaches(string fromNs, string serverNs, string serverAddress, int port, string connectTo, int connectPort, out string? peer)
    {
        using var server = new TcpServer(serverNs, serverAddress, port, seconds: 5);
        bool ok = TcpConnect(fromNs, connectTo, connectPort, seconds: 2);
        peer = ok ? server.Peer() : null;
        return ok;
    }

    [Fact]
    public void Masquerade_LetsAContainerReachTheOutside_OnlyWithForwarding_AndShowsTheHostsAddress()
    {
        using var lab = new Lab();
        var (host, outside, container) = Build(lab);
        var client = lab.Client("host");

        Assert.False(Reaches(container, outside, Outside, 7000, Outside, 7000, out _), "no forwarding, no masquerade");
        client.Forwarding.Enable(ForwardingFamily.IPv4);
        Assert.False(Reaches(container, outside, Outside, 7000, Outside, 7000, out _), "forwarding without masquerade: replies have no route back");

        client.Forwarding.Disable(ForwardingFamily.IPv4);
        var rule = client.Nat.EnableMasquerade("192.168.1.0/24", excludeOutInterface: "br0").Rule;
        Assert.False(Reaches(container, outside, Outside, 7000, Outside, 7000, out _), "masquerade without forwarding");

        client.Forwarding.Enable(ForwardingFamily.IPv4);
        Assert.True(Reaches(container, outside, Outside, 7000, Outside, 7000, out var peer), "forwarding and masquerade");
        Assert.Equal(HostOutside, peer);

        client.Nat.Remove(rule.Id);
        Assert.False(Reaches(container, outside, Outside, 7000, Outside, 7000, out _), "after the masquerade was removed");
    }

    [Fact]
    public void PortForward_ReachesTheContainer_FromOutsideAndFromTheHost_UntilRemoved()
    {
        using var lab = new Lab();
        var (host, outside, container) = Build(lab);
        var client = lab.Client("host");
        client.Forwarding.Enable(ForwardingFamily.IPv4);

        Assert.False(Reaches(outside, container, Container, 5000, HostOutside, 5000, out _), "before the port forward");

        var forward = client.Nat.AddPortForward("tcp", "5000", Container).Rule;
        Assert.True(Reaches(outside, container, Container, 5000, HostOutside, 5000, out var peer), "from outside");
        Assert.Equal(Outside, peer); // DNAT keeps the client's address
        Assert.True(Reaches(host, container, Container, 5000, HostOutside, 5000, out _), "from the host itself (output chain)");

        var mapped = client.Nat.AddPortForward("tcp", "8080", Container, toPort: 5000).Rule;
        Assert.True(Reaches(outside, container, Container, 5000, HostOutside, 8080, out _), "8080 mapped to 5000");

        client.Nat.Remove(forward.Id);
        client.Nat.Remove(mapped.Id);
        Assert.False(Reaches(outside, container, Container, 5000, HostOutside, 5000, out _), "after removal");
        Assert.Empty(Ruleset(host, "table"));
    }

    [Fact]
    public void Masquerade_WorksForIPv6_Too()
    {
        using var lab = new Lab();
        var (host, outside, container) = Build(lab);
        Ip_(host, "addr add fd00:1::1/64 dev br0 nodad");
        Ip_(container, "addr add fd00:1::10/64 dev c0 nodad");
        Ip_(container, "-6 route add default via fd00:1::1");
        Ip_(host, "addr add fd00:200::1/64 dev ho nodad");
        Ip_(outside, "addr add fd00:200::2/64 dev oh nodad");
        var client = lab.Client("host");
        client.Forwarding.Enable(ForwardingFamily.IPv6);
        foreach (var ns in new[] { host, outside, container }) WaitUntilNoTentativeAddress(ns);

        Assert.False(Reaches(container, outside, "fd00:200::2", 7000, "fd00:200::2", 7000, out _), "without masquerade");
        var rule = client.Nat.EnableMasquerade("fd00:1::/64", outInterface: "ho").Rule;
        Assert.Equal(IPFamily.IPv6, rule.Family);
        Assert.True(Reaches(container, outside, "fd00:200::2", 7000, "fd00:200::2", 7000, out var peer), "with masquerade");
        Assert.Equal("fd00:200::1", peer);
    }

    /// <summary>Link-local addresses are unusable until duplicate address detection ends (about a second); wait at most 5 s.</summary>
    private static void WaitUntilNoTentativeAddress(string ns)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Ip.Run($"-n {ns} -6 addr show tentative").Trim().Length > 0 && DateTime.UtcNow < deadline) Thread.Sleep(100);
    }
}
