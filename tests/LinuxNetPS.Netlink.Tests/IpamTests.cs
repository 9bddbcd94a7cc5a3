using System.Net;
using LinuxNetPS.Compose.Networks;
using LinuxNetPS.Errors;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Tests;

/// <summary>IPAM arithmetic and Docker's -p syntax: no kernel needed.</summary>
public class IpamTests
{
    private static HashSet<IPAddress> Taken(params string[] a) => a.Select(IPAddress.Parse).ToHashSet();

    [Fact]
    public void Defaults_TheGatewayIsTheFirstAddress_AndAllocationSkipsItAndTheNetwork()
    {
        var ipam = Ipam.Create("172.18.0.0/16");
        Assert.Equal("172.18.0.1", ipam.Gateway.ToString());
        Assert.Equal("172.18.0.2", ipam.Allocate(Taken()).ToString());
        Assert.Equal("172.18.0.4", ipam.Allocate(Taken("172.18.0.2", "172.18.0.3")).ToString());
    }

    [Fact]
    public void Range_AllocatesInsideIt_UntilExhausted_ThenResourceExhausted()
    {
        var ipam = Ipam.Create("10.0.0.0/24", "10.0.0.1", "10.0.0.254/31");
        Assert.Equal("10.0.0.254", ipam.Allocate(Taken()).ToString());
        var e = Assert.Throws<NetOperationException>(() => ipam.Allocate(Taken("10.0.0.254"))); // .255 is the broadcast
        Assert.Equal(NetErrorKind.ResourceExhausted, e.Kind);
    }

    [Theory]
    [InlineData("172.18.0.0/16", "172.19.0.1", null, "outside", ErrorIds.InvalidGateway)]
    [InlineData("172.18.0.0/16", "172.18.0.0", null, "network", ErrorIds.InvalidGateway)]
    [InlineData("172.18.0.0/16", "172.18.255.255", null, "broadcast", ErrorIds.InvalidGateway)]
    [InlineData("172.18.0.1/16", null, null, "host bits", ErrorIds.InvalidSubnet)]
    [InlineData("172.18.0.0", null, null, "prefix length", ErrorIds.InvalidSubnet)]
    [InlineData("fd00::/64", null, null, "IPv4", ErrorIds.InvalidSubnet)]
    [InlineData("10.0.0.0/31", null, null, "too small", ErrorIds.InvalidSubnet)]
    [InlineData("10.0.0.0/24", null, "10.0.1.0/25", "not inside", ErrorIds.InvalidIPRange)]
    [InlineData("10.0.0.0/24", "fd00::1", null, "IPv4", ErrorIds.InvalidGateway)]
    [InlineData("10.0.0.0/24", null, "10.0.0.129/25", "host bits", ErrorIds.InvalidIPRange)]
    [InlineData("10.0.0.0/24", null, "10.0.0.1/32", "only the gateway 10.0.0.1", ErrorIds.InvalidIPRange)]
    [InlineData("10.0.0.0/24", "10.0.0.1", "10.0.0.0/31", "holds no address", ErrorIds.InvalidIPRange)]
    [InlineData("10.0.0.0/24", null, "10.0.0.255/32", "network or broadcast", ErrorIds.InvalidIPRange)]
    [InlineData("10.0.0.0/24", null, "fd00::/120", "not IPv4", ErrorIds.InvalidIPRange)]
    [InlineData("224.1.0.0/24", null, null, "multicast", ErrorIds.InvalidSubnet)]
    [InlineData("127.5.0.0/24", null, null, "loopback", ErrorIds.InvalidSubnet)]
    [InlineData("169.254.3.0/24", null, null, "link-local", ErrorIds.InvalidSubnet)]
    [InlineData("0.0.0.0/24", null, null, "this network", ErrorIds.InvalidSubnet)]
    [InlineData("112.0.0.0/4", null, null, "overlaps 127.0.0.0/8", ErrorIds.InvalidSubnet)]
    public void BadSettings_AreInvalidArgument_SayingWhy(string subnet, string? gateway, string? range, string why, string id)
    {
        var e = Assert.Throws<NetOperationException>(() => Ipam.Create(subnet, gateway, range));
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(why, e.Message);
        Assert.Equal(id, e.ErrorId);
    }

    [Theory]
    [InlineData("fe80::/64", "link-local")]
    [InlineData("ff05::/64", "multicast")]
    [InlineData("::/126", "unspecified")]
    public void ReservedIPv6Subnets_AreInvalidSubnet(string subnet, string why)
    {
        var e = Assert.Throws<NetOperationException>(() => Ipam.Create(subnet, family: System.Net.Sockets.AddressFamily.InterNetworkV6));
        Assert.Equal(ErrorIds.InvalidSubnet, e.ErrorId);
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void PrivateAndPublicSubnets_AndARangeBesideTheGateway_AreFine()
    {
        foreach (var subnet in new[] { "10.0.0.0/8", "172.18.0.0/16", "192.168.5.0/24", "100.64.0.0/10", "203.0.113.0/24" })
            Assert.Equal(subnet, Ipam.Create(subnet).Subnet.ToString());
        Assert.Equal("10.0.0.2", Ipam.Create("10.0.0.0/24", null, "10.0.0.0/30").Allocate(Taken()).ToString());
        Assert.Equal("fd00:1::/64", Ipam.Create("fd00:1::/64", family: System.Net.Sockets.AddressFamily.InterNetworkV6).Subnet.ToString());
    }

    [Fact]
    public void Claim_RefusesReservedTakenAndOutsideAddresses()
    {
        var ipam = Ipam.Create("10.0.0.0/24");
        Assert.Equal("10.0.0.9", ipam.Claim("10.0.0.9", Taken()).ToString());
        Assert.Equal(NetErrorKind.AlreadyExists, Assert.Throws<NetOperationException>(() => ipam.Claim("10.0.0.9", Taken("10.0.0.9"))).Kind);
        Assert.Equal(NetErrorKind.InvalidArgument, Assert.Throws<NetOperationException>(() => ipam.Claim("10.0.0.1", Taken())).Kind);
        Assert.Equal(NetErrorKind.InvalidArgument, Assert.Throws<NetOperationException>(() => ipam.Claim("10.0.1.1", Taken())).Kind);
        Assert.Equal(NetErrorKind.InvalidArgument, Assert.Throws<NetOperationException>(() => ipam.Claim("nonsense", Taken())).Kind);
    }

    [Fact]
    public void FreeSubnet_SkipsUsedPools_AndOverlapIsSymmetric()
    {
        Assert.Equal("172.18.0.0/16", Ipam.FreeSubnet([]).ToString());
        Assert.Equal("172.20.0.0/16", Ipam.FreeSubnet([IPPrefix.Parse("172.18.0.0/16"), IPPrefix.Parse("172.19.5.0/24")]).ToString());
        Assert.True(Ipam.Overlap(IPPrefix.Parse("10.0.0.0/8"), IPPrefix.Parse("10.1.2.0/24")));
        Assert.True(Ipam.Overlap(IPPrefix.Parse("10.1.2.0/24"), IPPrefix.Parse("10.0.0.0/8")));
        Assert.False(Ipam.Overlap(IPPrefix.Parse("10.0.0.0/24"), IPPrefix.Parse("10.0.1.0/24")));
    }

    [Fact]
    public void IPv6_SameArithmetic_TheGatewayIsTheFirstAddress_NoBroadcast()
    {
        var v6 = System.Net.Sockets.AddressFamily.InterNetworkV6;
        var ipam = Ipam.Create("fd00:1::/64", family: v6);
        Assert.Equal("fd00:1::1", ipam.Gateway.ToString());
        Assert.Equal("fd00:1::2", ipam.Allocate(Taken()).ToString());
        Assert.Equal("fd00:1::4", ipam.Allocate(Taken("fd00:1::2", "fd00:1::3")).ToString());
        Assert.Equal("fd00:1::ffff:ffff:ffff:ffff", ipam.Claim("fd00:1::ffff:ffff:ffff:ffff", Taken()).ToString()); // no broadcast in IPv6
        Assert.Equal(NetErrorKind.InvalidArgument, Assert.Throws<NetOperationException>(() => ipam.Claim("fd00:1::", Taken())).Kind);
        Assert.Equal(NetErrorKind.InvalidArgument, Assert.Throws<NetOperationException>(() => ipam.Claim("10.0.0.5", Taken())).Kind);
        var tiny = Ipam.Create("fd00:2::/126", "fd00:2::3", family: v6);
        Assert.Equal("fd00:2::1", tiny.Allocate(Taken()).ToString());
        Assert.Equal(NetErrorKind.ResourceExhausted, Assert.Throws<NetOperationException>(() => tiny.Allocate(Taken("fd00:2::1", "fd00:2::2"))).Kind);
        Assert.True(Ipam.Overlap(IPPrefix.Parse("fd00:1::/48"), IPPrefix.Parse("fd00:1:0:5::/64")));
        Assert.False(Ipam.Overlap(IPPrefix.Parse("fd00:1::/64"), IPPrefix.Parse("fd00:2::/64")));
        Assert.False(Ipam.Overlap(IPPrefix.Parse("10.0.0.0/8"), IPPrefix.Parse("::/0"))); // families never overlap
        Assert.Matches("^fd[0-9a-f]{2}:[0-9a-f]{1,4}:[0-9a-f]{1,4}::/64$", Ipam.UniqueLocalSubnet(new string('a', 64)).ToString());
    }

    [Theory]
    [InlineData("10.0.0.0/24", null, "not IPv6")]
    [InlineData("fd00::5/64", null, "host bits")]
    [InlineData("fd00::/127", null, "too small")]
    [InlineData("fd00::/64", "fd01::1", "outside")]
    [InlineData("fd00::/64", "10.0.0.1", "not an IPv6")]
    [InlineData("fd00::/64", "fd00::", "network")]
    public void IPv6_BadSettings_AreInvalidArgument_SayingWhy(string subnet, string? gateway, string why)
    {
        var e = Assert.Throws<NetOperationException>(() => Ipam.Create(subnet, gateway, family: System.Net.Sockets.AddressFamily.InterNetworkV6));
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(why, e.Message);
    }

    [Theory]
    [InlineData("8080:80", null, 8080, 80, "tcp")]
    [InlineData("5353:53/udp", null, 5353, 53, "udp")]
    [InlineData("10.200.0.1:8080:80/TCP", "10.200.0.1", 8080, 80, "tcp")]
    [InlineData("0.0.0.0:8080:80", "0.0.0.0", 8080, 80, "tcp")]
    [InlineData("[::]:8080:80", "::", 8080, 80, "tcp")]
    [InlineData("[fd00::1]:8080:80/sctp", "fd00::1", 8080, 80, "sctp")]
    public void PublishedPort_ReadsDockersSyntax(string text, string? hostAddress, int hostPort, int containerPort, string protocol)
    {
        var p = PublishedPort.Parse(text);
        Assert.Equal((hostAddress, hostPort, containerPort, protocol), (p.HostAddress, p.HostPort, p.ContainerPort, p.Protocol));
    }

    /// <summary>Every form of `docker run -p`: which host ports are given, which are chosen, which container ports.</summary>
    [Theory]
    [InlineData("80", null, 0, 0, 80, 80, "tcp")]
    [InlineData("80-81/udp", null, 0, 0, 80, 81, "udp")]
    [InlineData("127.0.0.1::80", "127.0.0.1", 0, 0, 80, 80, "tcp")]
    [InlineData("[::1]::80", "::1", 0, 0, 80, 80, "tcp")]
    [InlineData("8080-8081:80-81", null, 8080, 8081, 80, 81, "tcp")]
    [InlineData("8000-8010:80", null, 8000, 8010, 80, 80, "tcp")]
    [InlineData("[::1]:8080-8081:80-81/sctp", "::1", 8080, 8081, 80, 81, "sctp")]
    public void PublishedPort_ReadsEveryFormOfDockerRunP(string text, string? host, int hMin, int hMax, int cMin, int cMax, string protocol)
    {
        var s = PublishedPort.ParseSpec(text);
        Assert.Equal((host, hMin, hMax, cMin, cMax, protocol), (s.HostAddressText, s.HostPortMin, s.HostPortMax, s.ContainerPortMin, s.ContainerPortMax, s.Protocol));
    }

    [Fact]
    public void PublishedPort_Expands_ChoosingHostPortsOnlyWhereNoneIsGiven()
    {
        int next = 40000;
        Assert.Equal(["8080:80/tcp", "8081:81/tcp"], PublishedPort.ParseSpec("8080-8081:80-81").Expand((_, _) => throw new Xunit.Sdk.XunitException("chose")).Select(p => p.ToString()));
        Assert.Equal(["40000:80/udp", "40001:81/udp"], PublishedPort.ParseSpec("80-81/udp").Expand((min, max) => { Assert.Equal((32768, 60999), (min, max)); return next++; }).Select(p => p.ToString()));
        Assert.Equal(["[::1]:8005:80/tcp"], PublishedPort.ParseSpec("[::1]:8000-8010:80").Expand((min, max) => { Assert.Equal((8000, 8010), (min, max)); return 8005; }).Select(p => p.ToString()));
    }

    [Theory]
    [InlineData("8080:80/icmp", "InvalidProtocol")]
    [InlineData("0:80", "InvalidPort")]
    [InlineData("8080:0", "InvalidPort")]
    [InlineData("65536:80", "InvalidPort")]
    [InlineData("8080:70000", "InvalidPort")]
    [InlineData("8081-8080:80-81", "InvalidPort")]
    [InlineData("8080-8082:80-81", "PortRangeMismatch")]
    [InlineData("8080:80-81", "PortRangeMismatch")]
    [InlineData("x:8080:80", "InvalidAddress")]
    [InlineData("::1:8080:80", "InvalidPublishSpec")]
    [InlineData("[127.0.0.1]:8080:80", "InvalidPublishSpec")]
    [InlineData("[::1]8080:80", "InvalidPublishSpec")]
    [InlineData("8080:", "InvalidPublishSpec")]
    [InlineData("", "InvalidPublishSpec")]
    public void PublishedPort_BadSyntax_IsInvalidArgument_WithItsId(string text, string id)
    {
        var e = Assert.Throws<NetOperationException>(() => PublishedPort.ParseSpec(text));
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(id, e.ErrorId);
    }

    [Fact]
    public void PublishedPort_ParseFixed_RefusesAChosenHostPort() =>
        Assert.Equal("InvalidPublishSpec", Assert.Throws<NetOperationException>(() => PublishedPort.ParseFixed("127.0.0.1::80")).ErrorId);
}
