using System.Net;
using System.Net.Sockets;
using LinuxNetPS.Client;
using LinuxNetPS.Bridges;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Monitoring;
using LinuxNetPS.Monitoring.Events;
using LinuxNetPS.Monitoring.Probes;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Primitives;
using LinuxNetPS.Routes;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

public class ObserveProbeTests
{
    /// <summary>Walkthrough 000: red (10.10.1.10) and green (10.10.1.20) on br0 in a namespace playing the host.</summary>
    internal static (string Host, NetClient Red, NetClient Green) Bridge(Lab lab)
    {
        var (host, ch) = lab.CreateWithClient("host");
        var (red, cr) = lab.CreateWithClient("red");
        var (green, cg) = lab.CreateWithClient("green");
        ch.Bridges.Create("br0", up: true);
        ch.Addresses.Add("br0", IPPrefix.Parse("10.10.1.1/16"));
        ch.Links.CreateVeth(new VethSpec { Name = "rb", PeerName = "rveth", PeerNamespace = NamespaceRef.Parse(red), Master = "br0", Up = true, PeerUp = true });
        ch.Links.CreateVeth(new VethSpec { Name = "gb", PeerName = "gveth", PeerNamespace = NamespaceRef.Parse(green), Master = "br0", Up = true, PeerUp = true });
        cr.Addresses.Add("rveth", IPPrefix.Parse("10.10.1.10/16"));
        cg.Addresses.Add("gveth", IPPrefix.Parse("10.10.1.20/16"));
        foreach (var c in new[] { cr, cg }) c.Links.SetUp("lo");
        Assert.True(LinkWait.Until(cr, "rveth", LinkCondition.Up, TimeSpan.FromSeconds(10)).Satisfied);
        Assert.True(LinkWait.Until(cg, "gveth", LinkCondition.Up, TimeSpan.FromSeconds(10)).Satisfied);
        return (host, cr, cg);
    }

    [Fact]
    public void Ping_across_a_bridge_succeeds_with_rtt_source_and_route()
    {
        using var lab = new Lab();
        var (_, red, _) = Bridge(lab);

        var r = ConnectionProbe.Ping(red, "10.10.1.20", IPAddress.Parse("10.10.1.20"), 3, TimeSpan.FromSeconds(3));

        Assert.True(r.Succeeded, r.Message);
        Assert.Equal((3, 3, ConnectionFailure.None), (r.Sent, r.Received, r.FailureReason));
        Assert.Equal(3, r.RoundTripTimes.Count);
        Assert.All(r.RoundTripTimes, t => Assert.True(t > 0));
        Assert.Equal(IPAddress.Parse("10.10.1.10"), r.SourceAddress);
        Assert.Equal("rveth", r.Interface);
        Assert.Null(r.NextHop);
        Assert.Equal("10.10.0.0/16", r.Route?.Destination);
        Assert.Equal(lab.Ns("red"), r.Namespace);
    }

    [Fact]
    public void PingMany_probes_every_address_at_once_and_answers_each_in_the_order_given()
    {
        using var lab = new Lab();
        var (_, red, _) = Bridge(lab);
        var addresses = new[] { "10.10.1.20", "192.0.2.1", "10.10.1.99", "10.10.1.1" }.Select(IPAddress.Parse).ToList();

        var r = ConnectionProbe.PingMany(red, addresses, 2, TimeSpan.FromSeconds(1));

        Assert.Equal(addresses, r.Select(x => x.RemoteAddress));
        Assert.Equal((true, 2, 2), (r[0].Succeeded, r[0].Sent, r[0].Received));
        Assert.Equal((ConnectionFailure.NoRoute, 0), (r[1].FailureReason, r[1].Sent));   // no route: nothing sent
        Assert.Equal((ConnectionFailure.TimedOut, 2, 0), (r[2].FailureReason, r[2].Sent, r[2].Received)); // on the link, but nobody there
        Assert.Equal((true, 2, 2), (r[3].Succeeded, r[3].Sent, r[3].Received));
        Assert.All(new[] { r[0], r[3] }, x => Assert.All(x.RoundTripTimes, t => Assert.InRange(t, 0.0, 1000.0)));
        Assert.Equal(IPAddress.Parse("10.10.1.10"), r[0].SourceAddress);
    }

    [Fact]
    public void Ping_without_a_route_fails_with_NoRoute_and_sends_nothing()
    {
        using var lab = new Lab();
        var (_, red, _) = Bridge(lab);

        var r = ConnectionProbe.Ping(red, "192.0.2.1", IPAddress.Parse("192.0.2.1"), 1, TimeSpan.FromSeconds(1));

        Assert.False(r.Succeeded);
        Assert.Equal(ConnectionFailure.NoRoute, r.FailureReason);
        Assert.Equal(0, r.Sent);
        Assert.Contains("no route", r.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Ping_of_a_silent_address_times_out_and_the_route_through_a_gateway_is_named()
    {
        using var lab = new Lab();
        var (_, red, _) = Bridge(lab);
        red.Routes.Add(new RouteSpec { Destination = "default", Gateway = IPAddress.Parse("10.10.1.1") });

        // The namespace playing the host does not forward, so nothing answers for 198.51.100.7.
        var r = ConnectionProbe.Ping(red, "198.51.100.7", IPAddress.Parse("198.51.100.7"), 1, TimeSpan.FromSeconds(1));

        Assert.False(r.Succeeded);
        Assert.Equal(ConnectionFailure.TimedOut, r.FailureReason);
        Assert.Equal((1, 0), (r.Sent, r.Received));
        Assert.Equal(IPAddress.Parse("10.10.1.1"), r.NextHop);
        Assert.Equal("default", r.Route?.Destination);
    }

    [Fact]
    public void Tcp_connect_succeeds_to_a_listener_and_is_refused_elsewhere()
    {
        using var lab = new Lab();
        var (_, red, green) = Bridge(lab);
        using var listener = InNamespace.Create(green, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        listener.Bind(new IPEndPoint(IPAddress.Any, 8080));
        listener.Listen();

        var ok = ConnectionProbe.Connect(red, "10.10.1.20", IPAddress.Parse("10.10.1.20"), 8080, 2, TimeSpan.FromSeconds(3));
        var refused = ConnectionProbe.Connect(red, "10.10.1.20", IPAddress.Parse("10.10.1.20"), 8081, 1, TimeSpan.FromSeconds(3));

        Assert.True(ok.Succeeded, ok.Message);
        Assert.Equal((2, 2, "TCP", 8080), (ok.Sent, ok.Received, ok.Protocol, ok.RemotePort));
        Assert.Equal(IPAddress.Parse("10.10.1.10"), ok.SourceAddress);
        Assert.False(refused.Succeeded);
        Assert.Equal(ConnectionFailure.Refused, refused.FailureReason);
    }

    [Fact]
    public void Route_lookup_names_source_interface_and_gateway()
    {
        using var lab = new Lab();
        var (_, red, _) = Bridge(lab);
        red.Routes.Add(new RouteSpec { Destination = "203.0.113.0/24", Gateway = IPAddress.Parse("10.10.1.1") });

        var choice = RouteLookup.For(red, IPAddress.Parse("203.0.113.9"));

        Assert.Equal((IPAddress.Parse("10.10.1.10"), "rveth", IPAddress.Parse("10.10.1.1")), (choice.Source, choice.Interface, choice.Gateway));
        Assert.Equal("203.0.113.0/24", choice.Route?.Destination);
    }

    [Fact]
    public void Echo_request_checksum_verifies()
    {
        var packet = EchoPacket.Request(v6: false, id: 0x1234, sequence: 7);
        Assert.Equal(0, EchoPacket.Checksum(packet));
        Assert.Equal(EchoPacket.Answer.Unrelated, EchoPacket.Classify(packet, false, 0x1234, 7, anyId: false, out _));
        packet[0] = EchoPacket.EchoReplyV4;
        Assert.Equal(EchoPacket.Answer.Reply, EchoPacket.Classify(packet, false, 0x1234, 7, anyId: false, out _));
        Assert.Equal(EchoPacket.Answer.Unrelated, EchoPacket.Classify(packet, false, 0x1234, 8, anyId: false, out _));
    }
}
