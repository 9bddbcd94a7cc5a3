using LinuxNetPS.Client;
using LinuxNetPS.Model;
using LinuxNetPS.Errors;
using LinuxNetPS.Forwarding;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Tests.Support;
using static LinuxNetPS.Tests.NatTestKit;

namespace LinuxNetPS.Tests;

/// <summary>IP forwarding per namespace, checked with `ip netns exec NS sysctl`. Only lab namespaces are ever written.</summary>
public class ForwardingTests
{
    [Fact]
    public void EnableAndDisable_ChangeOnlyThatNamespace()
    {
        using var lab = new Lab();
        var a = lab.Create("a");
        var b = lab.Create("b");
        string hostV4 = File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim();
        var fwd = lab.Client("a").Forwarding;

        var initial = fwd.Get();
        Assert.Equal(a, initial.Namespace);
        Assert.False(initial.IPv4);
        Assert.False(initial.IPv6);

        var on = fwd.Enable();
        Assert.True(on.IPv4);
        Assert.True(on.IPv6);
        Assert.Equal("1", Sysctl(a, "net.ipv4.ip_forward"));
        Assert.Equal("1", Sysctl(a, "net.ipv6.conf.all.forwarding"));
        Assert.Equal("0", Sysctl(b, "net.ipv4.ip_forward"));
        Assert.False(lab.Client("b").Forwarding.Get().IPv4);

        var v6only = fwd.Disable(IPFamily.IPv4);
        Assert.False(v6only.IPv4);
        Assert.True(v6only.IPv6);
        Assert.Equal("0", Sysctl(a, "net.ipv4.ip_forward"));
        Assert.Equal("1", Sysctl(a, "net.ipv6.conf.all.forwarding"));

        Assert.Equal(new LinuxNetPS.Model.IPForwarding { Namespace = a, IPv4 = true, IPv6 = false }, fwd.Set(ipv4: true, ipv6: false));
        Assert.Equal(hostV4, File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim()); // read only: the host is never written
    }

    [Fact]
    public void TheCallingThread_StaysInItsNamespace()
    {
        using var lab = new Lab();
        lab.Create("a");
        var before = new FileInfo("/proc/thread-self/ns/net").LinkTarget;
        lab.Client("a").Forwarding.Enable(IPFamily.IPv4);
        lab.Client("a").Forwarding.Get();
        Assert.Equal(before, new FileInfo("/proc/thread-self/ns/net").LinkTarget);
    }

    [Fact]
    public void UnknownNamespace_IsNotFound()
    {
        var e = Assert.Throws<NetOperationException>(() => NetClient.For("lnt-no-such-fwd-namespace").Forwarding.Get());
        Assert.Equal(NetErrorKind.NotFound, e.Kind);
        Assert.Contains("lnt-no-such-fwd-namespace", e.Message);
    }
}
