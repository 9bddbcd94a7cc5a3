using LinuxNetPS.Model;
using System.Net;
using LinuxNetPS.Errors;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Support;

namespace LinuxNetPS.Module.UnitTests;

public class RouteArgumentsTests
{
    [Fact]
    public void Default_via_gateway()
    {
        var spec = new RouteArguments { Destination = "default", Gateway = "10.10.1.1" }.ToSpec();
        Assert.Equal("default", spec.Destination);
        Assert.Equal(IPAddress.Parse("10.10.1.1"), spec.Gateway);
        Assert.Null(spec.Table);
    }

    [Fact]
    public void Ipv6_default_keeps_its_family()
    {
        Assert.Equal("::/0", new RouteArguments { Destination = "default", Gateway = "fd00::1" }.ToSpec().Destination);
        Assert.Equal("::/0", new RouteArguments { Destination = "default", Interface = "eth0", Family = IPFamily.IPv6 }.ToSpec().Destination);
    }

    [Fact]
    public void Empty_strings_from_pipeline_mean_not_given()
    {
        var spec = new RouteArguments { Destination = "10.0.0.0/8", Gateway = "", Interface = "", Table = "" }.ToSpec();
        Assert.Null(spec.Gateway);
        Assert.Null(spec.Interface);
        Assert.Null(spec.Table);
    }

    [Fact]
    public void Table_numbers_from_Get_NetRoute_and_names_both_work()
    {
        Assert.Equal(254u, new RouteArguments { Destination = "10.0.0.0/8", Table = "254" }.ToSpec().Table);
        Assert.Equal(100u, new RouteArguments { Destination = "10.0.0.0/8", Table = "100" }.ToSpec().Table);
        Assert.Equal(255u, new RouteArguments { Destination = "10.0.0.0/8", Table = "LOCAL" }.ToSpec().Table);
    }

    [Theory]
    [InlineData("10.10.1.10/16", null, null, "host bits")]
    [InlineData("10.0.0.0/8", "fd00::1", null, "IPv6")]
    [InlineData("fd00::/64", "10.0.0.1", null, "IPv4")]
    [InlineData("10.0.0.0/33", null, null, "prefix length")]
    [InlineData("nonsense", null, null, "not a valid IP")]
    [InlineData("10.0.0.0/8", "10.0.0.1/24", null, "without a prefix length")]
    [InlineData("10.0.0.0/8", null, "this-name-is-far-too-long", "at most 15")]
    public void Bad_input_is_rejected_with_a_clear_message(string destination, string? gateway, string? iface, string fragment)
    {
        var e = Assert.Throws<NetOperationException>(() =>
            new RouteArguments { Destination = destination, Gateway = gateway, Interface = iface }.ToSpec());
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(fragment, e.Message);
    }

    [Theory]
    [InlineData("all")]
    [InlineData("0")]
    public void A_route_cannot_go_in_every_table(string table)
    {
        var e = Assert.Throws<NetOperationException>(() => new RouteArguments { Destination = "default", Gateway = "10.0.0.1", Table = table }.ToSpec());
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("one table", e.Message);
    }

    [Fact]
    public void OnLink_needs_a_gateway()
    {
        var e = Assert.Throws<NetOperationException>(() => new RouteArguments { Destination = "default", Interface = "eth0", OnLink = true }.ToSpec());
        Assert.Contains("-Gateway", e.Message);
    }

    [Fact]
    public void Family_must_agree_with_the_destination()
    {
        var e = Assert.Throws<NetOperationException>(() => new RouteArguments { Destination = "10.0.0.0/8", Family = IPFamily.IPv6 }.ToSpec());
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void Settings_pass_through()
    {
        var spec = new RouteArguments
        {
            Destination = "192.168.0.0/24", Gateway = "10.0.0.1", Interface = "veth0", Metric = 50, Scope = RouteScope.Universe,
            Protocol = RouteProtocol.Boot, Type = RouteType.Unicast, Source = "10.0.0.2", OnLink = true,
        }.ToSpec();
        Assert.Equal("192.168.0.0/24", spec.Destination);
        Assert.Equal(50u, spec.Metric);
        Assert.Equal(RouteProtocol.Boot, spec.Protocol);
        Assert.Equal(IPAddress.Parse("10.0.0.2"), spec.PreferredSource);
        Assert.True(spec.OnLink);
        Assert.Equal("192.168.0.0/24 via 10.0.0.1 dev veth0 metric 50", RouteArguments.Describe(spec));
    }
}
