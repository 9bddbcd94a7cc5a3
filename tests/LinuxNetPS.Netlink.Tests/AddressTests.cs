using LinuxNetPS.Client;
using LinuxNetPS.Model;
using System.Net;
using LinuxNetPS.Addresses;
using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Primitives;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Tests.Support;
using static LinuxNetPS.Tests.AddressRouteSetup;

namespace LinuxNetPS.Tests;

public class AddressTests
{
    [Fact]
    public void AddIPv4_ReturnsWhatIpShows()
    {
        using var lab = new Lab();
        var client = Veth(lab, "a4", out var ns);
        var a = client.Addresses.Add("v0", IPPrefix.Parse("10.10.1.10/16"));

        Assert.Equal(ns, a.Namespace);
        Assert.Equal("v0", a.Interface);
        Assert.Equal(Ip.Links(ns)["v0"].GetProperty("ifindex").GetInt32(), a.InterfaceIndex);
        Assert.Equal(IPAddress.Parse("10.10.1.10"), a.IPAddress);
        Assert.Equal(16, a.PrefixLength);
        Assert.Equal(IPFamily.IPv4, a.Family);
        Assert.Equal(RouteScope.Universe, a.Scope);
        Assert.Equal("v0", a.Label);
        Assert.Null(a.Broadcast);
        Assert.True(a.Flags.HasFlag(IfaFlags.Permanent));

        var ip = Assert.Single(IpAddresses(ns, "v0"));
        Assert.Equal("inet", ip.Str("family"));
        Assert.Equal("10.10.1.10", ip.Str("local"));
        Assert.Equal("16", ip.Str("prefixlen"));
        Assert.Equal("global", ip.Str("scope"));
        Assert.Equal("v0", ip.Str("label"));
        Assert.Null(ip.Str("broadcast"));
    }

    [Fact]
    public void AddIPv6_NoDad_ReturnsWhatIpShows()
    {
        using var lab = new Lab();
        var client = Veth(lab, "a6", out var ns);
        var a = client.Addresses.Add("v0", IPPrefix.Parse("fd00:10::10/64"), new AddressOptions { NoDad = true });

        Assert.Equal(IPFamily.IPv6, a.Family);
        Assert.Equal("v0", a.Interface);
        Assert.Equal(64, a.PrefixLength);
        Assert.Equal(IPAddress.Parse("fd00:10::10"), a.IPAddress);
        Assert.Equal(RouteScope.Universe, a.Scope);
        Assert.True(a.Flags.HasFlag(IfaFlags.NoDad));
        Assert.False(a.Flags.HasFlag(IfaFlags.Tentative));

        var ip = Assert.Single(IpAddresses(ns, "v0"));
        Assert.Equal("inet6", ip.Str("family"));
        Assert.Equal("fd00:10::10", ip.Str("local"));
        Assert.Equal("64", ip.Str("prefixlen"));
        Assert.Equal("global", ip.Str("scope"));
        Assert.True(ip.GetProperty("nodad").GetBoolean());
    }

    [Theory]
    [InlineData("10.0.0.7", "inet", 32)]
    [InlineData("fd00::7", "inet6", 128)]
    public void BareAddress_MeansHostPrefix(string text, string family, int length)
    {
        using var lab = new Lab();
        var client = Veth(lab, "bare", out var ns);
        var a = client.Addresses.Add("v0", IPPrefix.Parse(text), new AddressOptions { NoDad = true });
        Assert.Equal(length, a.PrefixLength);
        var ip = Assert.Single(IpAddresses(ns, "v0"));
        Assert.Equal(family, ip.Str("family"));
        Assert.Equal(text, ip.Str("local"));
        Assert.Equal(length.ToString(), ip.Str("prefixlen"));
    }

    [Fact]
    public void BroadcastLabelAndScope_ReachTheKernel()
    {
        using var lab = new Lab();
        var client = Veth(lab, "brd", out var ns);
        var a = client.Addresses.Add("v0", IPPrefix.Parse("10.1.2.3/24"), new AddressOptions
        {
            Broadcast = IPAddress.Parse("10.1.2.255"),
            Label = "v0:web",
            Scope = RouteScope.Link,
        });
        Assert.Equal(IPAddress.Parse("10.1.2.255"), a.Broadcast);
        Assert.Equal("v0:web", a.Label);
        Assert.Equal(RouteScope.Link, a.Scope);

        var ip = Assert.Single(IpAddresses(ns, "v0"));
        Assert.Equal("10.1.2.255", ip.Str("broadcast"));
        Assert.Equal("v0:web", ip.Str("label"));
        Assert.Equal("link", ip.Str("scope"));
    }

    [Fact]
    public void LoopbackAddress_GetsHostScope_AsIproute2()
    {
        using var lab = new Lab();
        var client = Veth(lab, "lo", out var ns);
        var a = client.Addresses.Add("v0", IPPrefix.Parse("127.0.0.9/8"));
        Assert.Equal(RouteScope.Host, a.Scope);
        Assert.Equal("host", Assert.Single(IpAddresses(ns, "v0")).Str("scope"));
    }

    [Fact]
    public void NoPrefixRoute_UsesThe32BitFlags_AndAddsNoRoute()
    {
        using var lab = new Lab();
        var client = Veth(lab, "npr", out var ns);
        var a = client.Addresses.Add("v0", IPPrefix.Parse("10.5.0.1/24"), new AddressOptions { NoPrefixRoute = true });
        Assert.True(a.Flags.HasFlag(IfaFlags.NoPrefixRoute)); // only IFA_FLAGS carries this bit
        Assert.True(Assert.Single(IpAddresses(ns, "v0")).GetProperty("noprefixroute").GetBoolean());
        Assert.DoesNotContain(Ip.Json(ns, "route show").EnumerateArray(), r => r.Str("dst") == "10.5.0.0/24");
        Assert.True(client.Addresses.List("v0").Single().Flags.HasFlag(IfaFlags.NoPrefixRoute));
    }

    [Fact]
    public void List_MatchesIp_AndFiltersByInterfaceAndFamily()
    {
        using var lab = new Lab();
        var client = Veth(lab, "list", out var ns);
        Ip.Run($"-n {ns} link set lo up");
        client.Addresses.Add("v0", IPPrefix.Parse("10.10.1.10/16"));
        client.Addresses.Add("v0", IPPrefix.Parse("fd00::10/64"), new AddressOptions { NoDad = true });
        client.Addresses.Add("v1", IPPrefix.Parse("10.10.1.20/16"));

        var ours = client.Addresses.List();
        var theirs = Ip.Json(ns, "addr show").EnumerateArray()
            .SelectMany(l => l.TryGetProperty("addr_info", out var ai)
                ? ai.EnumerateArray().Select(x => $"{l.Str("ifname")} {x.Str("local")}/{x.Str("prefixlen")} {x.Str("scope")} {x.Str("label")}")
                : [])
            .ToList();
        Assert.Equal(theirs, ours.Select(a => $"{a.Interface} {a.Cidr} {ScopeWord(a.Scope)} {a.Label}").ToList());
        Assert.Contains(ours, a => a.Interface == "lo" && a.Cidr == "127.0.0.1/8");
        Assert.All(ours, a => Assert.Equal(ns, a.Namespace));

        Assert.Equal(new[] { "10.10.1.10/16", "fd00::10/64" }, client.Addresses.List("v0").Select(a => a.Cidr));
        Assert.Equal(new[] { "fd00::10/64" }, client.Addresses.List("v0", IPFamily.IPv6).Select(a => a.Cidr));
        Assert.Equal(new[] { "10.10.1.20/16" }, client.Addresses.List("v1", IPFamily.IPv4).Select(a => a.Cidr));
        Assert.All(client.Addresses.List(family: IPFamily.IPv4), a => Assert.Equal(IPFamily.IPv4, a.Family));
        Assert.Contains(client.Addresses.List(family: IPFamily.IPv6), a => a.Interface == "lo" && a.Cidr == "::1/128");
    }

    private static string ScopeWord(RouteScope s) => s switch
    {
        RouteScope.Universe => "global", RouteScope.Host => "host", RouteScope.Link => "link", _ => s.ToString(),
    };

    [Fact]
    public void Remove_IPv4AndIPv6_AreGoneFromIp()
    {
        using var lab = new Lab();
        var client = Veth(lab, "rm", out var ns);
        client.Addresses.Add("v0", IPPrefix.Parse("10.10.1.10/16"));
        client.Addresses.Add("v0", IPPrefix.Parse("10.10.1.11/16"));
        client.Addresses.Add("v0", IPPrefix.Parse("fd00::10/64"), new AddressOptions { NoDad = true });

        client.Addresses.Remove("v0", IPPrefix.Parse("10.10.1.11/16"));
        client.Addresses.Remove("v0", IPPrefix.Parse("fd00::10/64"));

        var left = IpAddresses(ns, "v0");
        Assert.Equal("10.10.1.10", Assert.Single(left).Str("local"));
        Assert.Equal(new[] { "10.10.1.10/16" }, client.Addresses.List("v0").Select(a => a.Cidr));
    }

    [Fact]
    public void Replace_OfAnExistingAddress_SucceedsWithoutDuplicating()
    {
        using var lab = new Lab();
        var client = Veth(lab, "rep", out var ns);
        client.Addresses.Add("v0", IPPrefix.Parse("10.1.0.1/24"));
        client.Addresses.Add("v0", IPPrefix.Parse("fd00::1/64"), new AddressOptions { NoDad = true });
        var a = client.Addresses.Add("v0", IPPrefix.Parse("10.1.0.1/24"), new AddressOptions { Replace = true });
        Assert.Equal("10.1.0.1/24", a.Cidr);
        var b = client.Addresses.Add("v0", IPPrefix.Parse("fd00::1/64"), new AddressOptions { Replace = true, NoDad = true });
        Assert.Equal("fd00::1/64", b.Cidr);
        Assert.Equal(new[] { "10.1.0.1", "fd00::1" }, IpAddresses(ns, "v0").Select(x => x.Str("local")));
    }

    // ---- bad input: the right kind, a clear message, nothing changed ----

    [Theory]
    [InlineData("10.0.0.300/24", "10.10.1.10/16")] // the message says what to type instead
    [InlineData("abc", "10.10.1.10/16")]
    [InlineData("10.0.0.1/33", "from 0 to 32")]
    [InlineData("fd00::1/129", "from 0 to 128")]
    [InlineData("10.0.0.1/", "from 0 to 32")]
    [InlineData("", "10.10.1.10/16")]
    public void BadPrefix_IsInvalidArgument(string text, string hint)
    {
        using var lab = new Lab();
        var client = Veth(lab, "bad", out var ns);
        var e = FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument, () => client.Addresses.Add("v0", IPPrefix.Parse(text)));
        Assert.Contains(hint, e.Message);
        FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument, () => client.Addresses.Remove("v0", IPPrefix.Parse(text)));
    }

    [Fact]
    public void EmptyPrefixValue_IsInvalidArgument()
    {
        using var lab = new Lab();
        var client = Veth(lab, "empty", out var ns);
        FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument, () => client.Addresses.Add("v0", default));
        FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument, () => client.Addresses.Remove("v0", default));
    }

    [Fact]
    public void Duplicate_IsAlreadyExists_AndChangesNothing()
    {
        using var lab = new Lab();
        var client = Veth(lab, "dup", out var ns);
        client.Addresses.Add("v0", IPPrefix.Parse("10.10.1.10/16"));
        client.Addresses.Add("v0", IPPrefix.Parse("fd00::10/64"), new AddressOptions { NoDad = true });
        var e = FailsAndChangesNothing(ns, NetErrorKind.AlreadyExists, () => client.Addresses.Add("v0", IPPrefix.Parse("10.10.1.10/16")));
        Assert.Contains("already has the address 10.10.1.10/16", e.Message);
        Assert.Equal(17, e.Errno);
        FailsAndChangesNothing(ns, NetErrorKind.AlreadyExists,
            () => client.Addresses.Add("v0", IPPrefix.Parse("fd00::10/64"), new AddressOptions { NoDad = true }));
    }

    [Fact]
    public void RemoveMissing_IsNotFound_NamingWhatIsThere()
    {
        using var lab = new Lab();
        var client = Veth(lab, "miss", out var ns);
        client.Addresses.Add("v0", IPPrefix.Parse("10.10.1.10/16"));

        var e = FailsAndChangesNothing(ns, NetErrorKind.NotFound, () => client.Addresses.Remove("v0", IPPrefix.Parse("10.10.9.9/16")));
        Assert.Contains("does not have the address 10.10.9.9/16", e.Message);
        Assert.Contains("10.10.1.10/16", e.Message);
        Assert.Contains(ns, e.Message);

        // Right address, wrong length (a bare address means /32): point at the length.
        e = FailsAndChangesNothing(ns, NetErrorKind.NotFound, () => client.Addresses.Remove("v0", IPPrefix.Parse("10.10.1.10")));
        Assert.Contains("did you mean that prefix length", e.Message);

        e = FailsAndChangesNothing(ns, NetErrorKind.NotFound, () => client.Addresses.Remove("v1", IPPrefix.Parse("fd00::1/64")));
        Assert.Contains("no IPv6 addresses", e.Message);
    }

    [Fact]
    public void UnknownInterface_IsNotFound_NamingItAndTheNamespace()
    {
        using var lab = new Lab();
        var client = Veth(lab, "unk", out var ns);
        var e = FailsAndChangesNothing(ns, NetErrorKind.NotFound, () => client.Addresses.Add("nosuch0", IPPrefix.Parse("10.0.0.1/24")));
        Assert.Contains("nosuch0", e.Message);
        Assert.Contains(ns, e.Message);
        e = FailsAndChangesNothing(ns, NetErrorKind.NotFound, () => client.Addresses.Remove("nosuch0", IPPrefix.Parse("10.0.0.1/24")));
        Assert.Contains("nosuch0", e.Message);
        Assert.Equal(NetErrorKind.NotFound, Assert.Throws<NetOperationException>(() => client.Addresses.List("nosuch0")).Kind);
    }

    [Theory]
    [InlineData("this-name-is-far-too-long")]
    [InlineData("a/b")]
    [InlineData("")]
    public void BadInterfaceName_IsInvalidArgument(string name)
    {
        using var lab = new Lab();
        var client = Veth(lab, "bname", out var ns);
        FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument, () => client.Addresses.Add(name, IPPrefix.Parse("10.0.0.1/24")));
        FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument, () => client.Addresses.Remove(name, IPPrefix.Parse("10.0.0.1/24")));
    }

    [Fact]
    public void UnknownNamespace_IsNotFound()
    {
        var e = Assert.Throws<NetOperationException>(() => NetClient.For("lnt-no-such-ns-addr"));
        Assert.Equal(NetErrorKind.NotFound, e.Kind);
        Assert.Contains("lnt-no-such-ns-addr", e.Message);
    }

    [Theory]
    [InlineData("web")]       // does not start with the interface name
    [InlineData("v1:web")]    // another interface's name
    [InlineData("v0:far-too-long-label")]
    public void BadLabel_IsInvalidArgument_BeforeTheKernel(string label)
    {
        using var lab = new Lab();
        var client = Veth(lab, "lbl", out var ns);
        var e = FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument,
            () => client.Addresses.Add("v0", IPPrefix.Parse("10.0.0.1/24"), new AddressOptions { Label = label }));
        Assert.Equal(0, e.Errno); // rejected by us, not by the kernel
        Assert.Contains(label, e.Message);
    }

    [Fact]
    public void IPv4OnlyOptions_OnIPv6_AreInvalidArgument()
    {
        using var lab = new Lab();
        var client = Veth(lab, "v6opt", out var ns);
        FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument,
            () => client.Addresses.Add("v0", IPPrefix.Parse("fd00::1/64"), new AddressOptions { Label = "v0:x" }));
        FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument,
            () => client.Addresses.Add("v0", IPPrefix.Parse("fd00::1/64"), new AddressOptions { Broadcast = IPAddress.Parse("10.0.0.255") }));
        FailsAndChangesNothing(ns, NetErrorKind.InvalidArgument,
            () => client.Addresses.Add("v0", IPPrefix.Parse("10.0.0.1/24"), new AddressOptions { Broadcast = IPAddress.Parse("fd00::ff") }));
    }

    [Fact]
    public void BadFamily_IsInvalidArgument()
    {
        using var lab = new Lab();
        var client = Veth(lab, "fam", out _);
        var e = Assert.Throws<NetOperationException>(() => client.Addresses.List(family: (IPFamily)5));
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("IPv4 or IPv6", e.Message);
    }
}
