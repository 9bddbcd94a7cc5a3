using System.Net;
using LinuxNetPS.Netlink;
using LinuxNetPS.Routes;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Tests;

/// <summary>
/// Golden bytes for multipath routes: the RTM_NEWROUTE bodies iproute2 6.1's `ip -n NS route add ... nexthop ...` sent
/// (v1 had index 3, v2 index 5), captured with <c>strace -e trace=sendmsg -xx</c>, and the kernel's dump of the same
/// routes (<c>strace -e trace=recvmsg</c> of `ip route show`) with what `ip -j route show` printed for them.
/// RTA_MULTIPATH (struct rtnexthop: len, flags, hops = weight - 1, ifindex; then RTA_GATEWAY) must be the same bytes.
/// We also send RTA_TABLE always and proto static where ip sends proto boot; the other header fields are ip's.
/// </summary>
public class MultipathGoldenTests
{
    private static readonly Dictionary<string, int> Indexes = new() { ["v1"] = 3, ["v2"] = 5 };

    private static RouteNextHopSpec Hop(string? gateway, string? dev = null, int weight = 1, bool onLink = false) =>
        new() { Gateway = gateway is null ? null : IPAddress.Parse(gateway), Interface = dev, Weight = weight, OnLink = onLink };

    public sealed record Request(string IpArgs, RouteSpec Spec, string Hex)
    {
        public override string ToString() => IpArgs;
    }

    public static readonly Request[] Requests =
    [
        new("route add 10.20.0.0/16 nexthop via 10.0.1.1 weight 1 nexthop via 10.0.2.1 weight 2",
            new RouteSpec { Destination = "10.20.0.0/16", NextHops = [Hop("10.0.1.1"), Hop("10.0.2.1", weight: 2)] },
            "02100000fe03000100000000080001000a140000240009001000000000000000080005000a0001011000000100000000080005000a000201"),
        new("route add 10.21.0.0/16 nexthop via 10.0.1.1 dev v1 weight 3 nexthop via 10.0.2.1 dev v2",
            new RouteSpec { Destination = "10.21.0.0/16", NextHops = [Hop("10.0.1.1", "v1", 3), Hop("10.0.2.1", "v2")] },
            "02100000fe03000100000000080001000a150000240009001000000203000000080005000a0001011000000005000000080005000a000201"),
        new("-6 route add fd20::/48 nexthop via fd01::1 weight 1 nexthop via fd02::1 weight 256",
            new RouteSpec { Destination = "fd20::/48", NextHops = [Hop("fd01::1"), Hop("fd02::1", weight: 256)] },
            "0a300000fe0300010000000014000100fd2000000000000000000000000000003c0009001c0000000000000014000500fd0100000000000000000000000000011c0000ff0000000014000500fd020000000000000000000000000001"),
        new("route add 10.22.0.0/16 nexthop dev v1 nexthop dev v2 weight 4",
            new RouteSpec { Destination = "10.22.0.0/16", NextHops = [Hop(null, "v1"), Hop(null, "v2", 4)] },
            "02100000fe03000100000000080001000a1600001400090008000000030000000800000305000000"),
        new("route add 10.23.0.0/16 table 100 metric 5 nexthop via 192.168.99.1 dev v1 onlink nexthop via 10.0.2.1",
            new RouteSpec { Destination = "10.23.0.0/16", Table = 100, Metric = 5, NextHops = [Hop("192.168.99.1", "v1", onLink: true), Hop("10.0.2.1")] },
            "021000006403000100000000080001000a170000080006000500000024000900100004000300000008000500c0a863011000000000000000080005000a000201"),
    ];

    public static TheoryData<Request> RequestCases => new(Requests);

    [Theory]
    [MemberData(nameof(RequestCases))]
    public void Encoder_WritesIpsMultipathBytes(Request c)
    {
        var ip = Split(Convert.FromHexString(c.Hex));
        var w = new NetlinkWriter();
        w.BeginMessage(RtmType.NewRoute, NetlinkFlags.Request, 0);
        RouteRequest.Create(c.Spec, RouteIntent.Add, name => Indexes[name]).Write(w);
        w.EndMessage();
        var ours = Split(w.Written[NetlinkLayout.HeaderSize..].ToArray());

        // rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags; ip's protocol is boot (3), ours static (4).
        Assert.Equal(Convert.ToHexString(ip.Header[..5]), Convert.ToHexString(ours.Header[..5]));
        Assert.Equal((byte)RouteProtocol.Boot, ip.Header[5]);
        Assert.Equal((byte)RouteProtocol.Static, ours.Header[5]);
        Assert.Equal(Convert.ToHexString(ip.Header[6..]), Convert.ToHexString(ours.Header[6..]));
        foreach (var (type, payload) in ip.Attributes)
            Assert.Equal(Convert.ToHexString(payload), Convert.ToHexString(ours.Attributes[type]));
        Assert.Equal([RtaAttr.Table], ours.Attributes.Keys.Except(ip.Attributes.Keys));
    }

    /// <summary>(the kernel's RTM_NEWROUTE in a dump, destination, then each next hop as gateway/ifindex/weight/flags, as `ip -j route` showed them).</summary>
    public static readonly (string Hex, string Destination, uint Table, (string? Gateway, int Index, int Weight, NextHopFlags Flags)[] Hops)[] Dump =
    [
        ("02100000fe0300010000000008000f00fe000000080001000a140000240009001000000003000000080005000a0001011000000105000000080005000a000201",
            "10.20.0.0/16", RtTable.Main, [("10.0.1.1", 3, 1, NextHopFlags.None), ("10.0.2.1", 5, 2, NextHopFlags.None)]),
        ("02100000fe0300010000000008000f00fe000000080001000a150000240009001000000203000000080005000a0001011000000005000000080005000a000201",
            "10.21.0.0/16", RtTable.Main, [("10.0.1.1", 3, 3, NextHopFlags.None), ("10.0.2.1", 5, 1, NextHopFlags.None)]),
        ("02100000fe0300010000000008000f00fe000000080001000a1600001400090008000000030000000800000305000000",
            "10.22.0.0/16", RtTable.Main, [(null, 3, 1, NextHopFlags.None), (null, 5, 4, NextHopFlags.None)]),
        ("0a300000fe0300010000000008000f00fe00000014000100fd20000000000000000000000000000008000600000400003c0009001c0000000300000014000500fd0100000000000000000000000000011c0000ff0500000014000500fd02000000000000000000000000000124000c0000000000000000000000000000000000000000000000000000000000000000000500140000000000",
            "fd20::/48", RtTable.Main, [("fd01::1", 3, 1, NextHopFlags.None), ("fd02::1", 5, 256, NextHopFlags.None)]),
        ("02100000640300010000000008000f0064000000080001000a170000080006000500000024000900100004000300000008000500c0a863011000000005000000080005000a000201",
            "10.23.0.0/16", 100, [("192.168.99.1", 3, 1, NextHopFlags.OnLink), ("10.0.2.1", 5, 1, NextHopFlags.None)]),
    ];

    [Fact]
    public void Parser_ReadsTheKernelsMultipathRoutesAsIpPrintsThem()
    {
        foreach (var (hex, destination, table, hops) in Dump)
        {
            var route = RouteParser.Parse(new NetlinkMessage(RtmType.NewRoute, NetlinkFlags.Multi, 1, Convert.FromHexString(hex)), null);
            Assert.NotNull(route);
            Assert.Equal(destination, route.Destination);
            Assert.Equal(table, route.Table);
            Assert.True(route.IsMultipath);
            Assert.Null(route.Gateway);
            Assert.Null(route.InterfaceIndex);
            Assert.Equal(hops, route.NextHops.Select(h => (h.Gateway?.ToString(), h.InterfaceIndex ?? 0, h.Weight, h.Flags)).ToArray());
        }
    }

    [Fact]
    public void Parser_GivesAOnePathRouteOneNextHop_AndARejectRouteNone()
    {
        var w = new NetlinkWriter();
        w.BeginMessage(RtmType.NewRoute, NetlinkFlags.None, 1);
        RouteRequest.Create(new RouteSpec { Destination = "10.5.0.0/16", Gateway = IPAddress.Parse("10.0.1.1"), Interface = "v1", OnLink = true },
            RouteIntent.Add, name => Indexes[name]).Write(w);
        w.EndMessage();
        var route = RouteParser.Parse(new NetlinkMessage(RtmType.NewRoute, NetlinkFlags.None, 1, w.Written[NetlinkLayout.HeaderSize..]), null)!;
        var hop = Assert.Single(route.NextHops);
        Assert.Equal((IPAddress.Parse("10.0.1.1"), 3, 1, NextHopFlags.OnLink), (hop.Gateway, hop.InterfaceIndex, hop.Weight, hop.Flags));
        Assert.False(route.IsMultipath);

        w.Reset();
        w.BeginMessage(RtmType.NewRoute, NetlinkFlags.None, 1);
        RouteRequest.Create(new RouteSpec { Destination = "10.6.0.0/16", Type = RouteType.Blackhole }, RouteIntent.Add, name => Indexes[name]).Write(w);
        w.EndMessage();
        Assert.Empty(RouteParser.Parse(new NetlinkMessage(RtmType.NewRoute, NetlinkFlags.None, 1, w.Written[NetlinkLayout.HeaderSize..]), null)!.NextHops);
    }

    [Theory]
    [InlineData("0800090001020304", "fewer than a struct rtnexthop")]                 // 4 bytes: less than a path's header
    [InlineData("0c0009001000000000000000", "claims 16 bytes")]                       // a path longer than the attribute
    [InlineData("140009000e00000000000000060005000a000000", "in a next hop")]          // a gateway of 2 bytes
    public void Parser_RefusesBrokenMultipath(string multipath, string hint)
    {
        var body = Convert.FromHexString("02100000fe03000100000000080001000a140000" + multipath);
        var e = Assert.Throws<LinuxNetPS.Errors.MalformedMessageException>(() => RouteParser.Parse(new NetlinkMessage(RtmType.NewRoute, NetlinkFlags.None, 1, body), null));
        Assert.Contains(hint, e.Message);
    }

    private sealed record Decoded(byte[] Header, Dictionary<ushort, byte[]> Attributes);

    /// <summary>rtmsg and the RTA_* payloads, taken apart by hand (not by our reader).</summary>
    private static Decoded Split(byte[] body)
    {
        var attributes = new Dictionary<ushort, byte[]>();
        for (int at = 12; at + 4 <= body.Length;)
        {
            int len = BitConverter.ToUInt16(body, at);
            attributes[BitConverter.ToUInt16(body, at + 2)] = body[(at + 4)..(at + len)];
            at += (len + 3) & ~3;
        }
        return new Decoded(body[..12], attributes);
    }
}
