using LinuxNetPS.Client;
using LinuxNetPS.Links;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Primitives;
using LinuxNetPS.Routes;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

/// <summary>
/// Walkthroughs 000 and 002 end to end through the core API only: red and green namespaces,
/// veth pairs into a bridge in a namespace playing the host, addresses, loopback up, default
/// routes via the bridge; then traffic between them; then removal, leaving nothing behind.
/// </summary>
public class WalkthroughTopologyTests
{
    [Fact]
    public void RedAndGreenOnABridge_ReachEachOtherAndTheGateway_ThenVanishCompletely()
    {
        var lab = new Lab();
        try
        {
            string hostNs = lab.Create("host"), red = lab.Create("red"), green = lab.Create("green");
            var host = NetClient.For(hostNs);

            // ip link add br0 type bridge; ip link set br0 up; ip addr add 10.10.1.1/16 dev br0
            host.Bridges.Create("br0", up: true);
            host.Addresses.Add("br0", IPPrefix.Parse("10.10.1.1/16"));

            foreach (var (ns, inside, outside, address) in new[] { (red, "rveth", "rbveth", "10.10.1.10/16"), (green, "gveth", "gbveth", "10.10.1.20/16") })
            {
                // ip link add rbveth type veth peer name rveth netns red; ip link set rbveth master br0 up; ...
                var pair = host.Links.CreateVeth(new VethSpec
                {
                    Name = outside, PeerName = inside, PeerNamespace = NamespaceRef.Parse(ns), Master = "br0", Up = true, PeerUp = true,
                });
                Assert.Equal(ns, pair.PeerNamespace);

                var client = NetClient.For(ns);
                client.Links.SetUp("lo");
                client.Addresses.Add(inside, IPPrefix.Parse(address));
                client.Routes.Add(new RouteSpec { Destination = "default", Gateway = System.Net.IPAddress.Parse("10.10.1.1") });
            }

            // Oracle: iproute2 sees what we built.
            var hostLinks = Ip.Links(hostNs);
            Assert.Equal("br0", hostLinks["rbveth"].GetProperty("master").GetString());
            Assert.Equal("br0", hostLinks["gbveth"].GetProperty("master").GetString());
            var redRoutes = Ip.Json(red, "route show");
            Assert.Contains(redRoutes.EnumerateArray(), r => r.GetProperty("dst").GetString() == "default" && r.GetProperty("gateway").GetString() == "10.10.1.1");

            // ip netns exec red ping 10.10.1.20 — once through iproute2, once through our own exec.
            Assert.True(Ip.Ping(red, "10.10.1.20", count: 2, waitSeconds: 3), "red should reach green through the bridge");
            using (var ping = NetworkNamespaces.StartProcess(NamespaceRef.Parse(red), "ping", new[] { "-c", "1", "-W", "3", "-q", "10.10.1.1" }))
            {
                ping.WaitForExit();
                Assert.Equal(0, ping.ExitCode);
            }
            Assert.True(Ip.Ping(green, "10.10.1.10", count: 1, waitSeconds: 3), "green should reach red");

            // Teardown: deleting the namespaces takes every link with it.
            foreach (var ns in new[] { red, green, hostNs }) NetworkNamespaces.Delete(ns);
            Assert.DoesNotContain(NetworkNamespaces.List(), n => lab.Owns(n.Namespace));
            Assert.False(Ip.NetnsListed(red) || Ip.NetnsListed(green) || Ip.NetnsListed(hostNs));
            Assert.DoesNotContain(Ip.Links(null).Keys, name => name is "rbveth" or "gbveth" or "rveth" or "gveth");
        }
        finally
        {
            lab.Dispose();
        }
    }
}
