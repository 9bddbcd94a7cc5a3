using System.Net;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Tests;

/// <summary>The one prefix arithmetic (IPAM, lab pools, capture filters and NAT rules use it), for both families and at the edges.</summary>
public class IPPrefixTests
{
    private static IPPrefix P(string text) => IPPrefix.Parse(text);
    private static IPAddress A(string text) => IPAddress.Parse(text);

    [Theory]
    [InlineData("10.10.1.10/16", "10.10.0.0/16", "255.255.0.0", "10.10.255.255")]
    [InlineData("10.1.16.9/20", "10.1.16.0/20", "255.255.240.0", "10.1.31.255")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0", "0.0.0.0", "255.255.255.255")]
    [InlineData("10.0.0.7/32", "10.0.0.7/32", "255.255.255.255", "10.0.0.7")]
    [InlineData("fd00:1::5/64", "fd00:1::/64", "ffff:ffff:ffff:ffff::", "fd00:1::ffff:ffff:ffff:ffff")]
    [InlineData("fd00::1/127", "fd00::/127", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe", "fd00::1")]
    [InlineData("::/0", "::/0", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    public void Network_Mask_And_LastAddress(string prefix, string network, string mask, string last)
    {
        var p = P(prefix);
        Assert.Equal(network, p.Network.ToString());
        Assert.Equal(mask, p.Mask.ToString());
        Assert.Equal(last, p.LastAddress.ToString());
        Assert.Equal(prefix != network, p.HasHostBits);
    }

    [Theory]
    [InlineData("10.0.0.0/24", "10.0.0.1", "10.0.0.255", "254")]
    [InlineData("10.0.0.0/30", "10.0.0.1", "10.0.0.3", "2")]
    [InlineData("10.0.0.0/31", "10.0.0.0", null, "2")] // RFC 3021: both are hosts, no broadcast
    [InlineData("10.0.0.9/32", "10.0.0.9", null, "1")]
    [InlineData("fd00::/64", "fd00::1", null, "18446744073709551615")] // IPv6: no broadcast; the subnet-router anycast address is not a host
    [InlineData("fd00::/127", "fd00::1", null, "1")]
    [InlineData("fd00::9/128", "fd00::9", null, "1")]
    [InlineData("::/0", "::1", null, "340282366920938463463374607431768211455")]
    public void Hosts_LeaveOutTheNetworkAndBroadcastAddresses(string prefix, string firstHost, string? broadcast, string count)
    {
        var p = P(prefix);
        Assert.Equal(firstHost, p.FirstHost.ToString());
        Assert.Equal(broadcast, p.Broadcast?.ToString());
        Assert.Equal(count, p.HostCount.ToString());
        Assert.Equal(firstHost, p.Hosts().First().ToString());
    }

    [Fact]
    public void Hosts_And_Addresses_Enumerate_InOrder()
    {
        Assert.Equal(["10.0.0.1", "10.0.0.2"], P("10.0.0.0/30").Hosts().Select(a => a.ToString()));
        Assert.Equal(["10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3"], P("10.0.0.0/30").Addresses().Select(a => a.ToString()));
        Assert.Equal(["255.255.255.254", "255.255.255.255"], P("255.255.255.254/31").Addresses().Select(a => a.ToString())); // no wrap-around
        Assert.Equal(["fd00::1", "fd00::2", "fd00::3"], P("fd00::/126").Hosts().Select(a => a.ToString()));
    }

    [Fact]
    public void IsHost_IsInside_AndNotReserved()
    {
        var v4 = P("10.0.0.0/24");
        Assert.True(v4.IsHost(A("10.0.0.1")));
        Assert.False(v4.IsHost(A("10.0.0.0")));
        Assert.False(v4.IsHost(A("10.0.0.255")));
        Assert.False(v4.IsHost(A("10.0.1.1")));
        var v6 = P("fd00::/64");
        Assert.False(v6.IsHost(A("fd00::")));
        Assert.True(v6.IsHost(A("fd00::ffff:ffff:ffff:ffff")));
        Assert.False(v6.IsHost(A("10.0.0.1")));
    }

    [Fact]
    public void Contains_And_Overlaps_NeverAcrossFamilies()
    {
        Assert.True(P("10.0.0.0/8").Contains(A("10.200.1.2")));
        Assert.True(P("10.0.0.7/8").Contains(A("10.200.1.2"))); // the network the prefix names, host bits or not
        Assert.False(P("10.0.0.0/8").Contains(A("11.0.0.1")));
        Assert.True(P("0.0.0.0/0").Contains(A("192.0.2.1")));
        Assert.False(P("0.0.0.0/0").Contains(A("::1")));
        Assert.False(P("::/0").Contains(A("10.0.0.1")));
        Assert.True(P("10.0.0.0/8").Contains(P("10.1.2.0/24")));
        Assert.False(P("10.1.2.0/24").Contains(P("10.0.0.0/8")));
        Assert.True(P("10.1.2.0/24").Overlaps(P("10.0.0.0/8")));
        Assert.True(P("10.0.0.0/8").Overlaps(P("10.1.2.0/24")));
        Assert.False(P("10.0.0.0/24").Overlaps(P("10.0.1.0/24")));
        Assert.False(P("10.0.0.0/8").Overlaps(P("::/0")));
        Assert.True(P("fd00:1::/48").Overlaps(P("fd00:1:0:5::/64")));
    }

    [Fact]
    public void MaxLength_IsTheFamilysAddressLength()
    {
        Assert.Equal(32, IPPrefix.MaxLengthOf(System.Net.Sockets.AddressFamily.InterNetwork));
        Assert.Equal(128, IPPrefix.MaxLengthOf(System.Net.Sockets.AddressFamily.InterNetworkV6));
        Assert.Equal(32, P("10.0.0.1").PrefixLength);
        Assert.Equal(128, P("fd00::1").PrefixLength);
    }

    [Fact]
    public void Subnets_SplitAPrefixInOrder_AsAnOverlayHandsOutPerHostSlices()
    {
        var slices = P("10.200.0.0/16").Subnets(24).ToList();
        Assert.Equal(256, slices.Count);
        Assert.Equal(P("10.200.0.0/24"), slices[0]);
        Assert.Equal(P("10.200.1.0/24"), slices[1]);
        Assert.Equal(P("10.200.255.0/24"), slices[^1]);
        Assert.Equal(["10.0.0.0/26", "10.0.0.64/26", "10.0.0.128/26", "10.0.0.192/26"], P("10.0.0.0/24").Subnets(26).Select(x => x.ToString()));
        Assert.Equal(["fd00:1::/65", "fd00:1:0:0:8000::/65"], P("fd00:1::/64").Subnets(65).Select(x => x.ToString()));
        Assert.Equal([P("10.0.0.0/24")], P("10.0.0.0/24").Subnets(24));
        Assert.Throws<ArgumentOutOfRangeException>(() => P("10.0.0.0/24").Subnets(23).ToList());
        Assert.Throws<ArgumentOutOfRangeException>(() => P("10.0.0.0/24").Subnets(33).ToList());
    }
}
