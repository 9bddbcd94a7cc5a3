using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Tests.Support;
using static LinuxNetPS.Tests.LinkJson;

namespace LinuxNetPS.Tests;

/// <summary>NamespaceOptions at creation, checked from inside the namespace with `ip netns exec NS cat /proc/sys/...`.</summary>
public class NamespaceOptionsTests
{
    private static string Sysctl(string ns, string path)
    {
        var (code, stdout, stderr) = Ip.Exec("ip", "netns", "exec", ns, "cat", "/proc/sys/net/ipv6/conf/" + path);
        Assert.True(code == 0, stderr);
        return stdout.Trim();
    }

    [Fact]
    public void Create_DisableIPv6_TurnsItOffForLoAndForLinksMadeLater()
    {
        using var lab = new Lab();
        var name = lab.Ns("v6off");
        string hostBefore = File.ReadAllText("/proc/sys/net/ipv6/conf/default/disable_ipv6").Trim();
        NetworkNamespaces.Create(name, new NamespaceOptions { DisableIPv6 = true });

        Assert.Equal("1", Sysctl(name, "all/disable_ipv6"));
        Assert.Equal("1", Sysctl(name, "default/disable_ipv6"));
        Assert.Equal("1", Sysctl(name, "lo/disable_ipv6"));

        var client = NetClient.For(name);
        client.Links.SetUp("lo");
        client.Links.Create(new LinkSpec { Name = "d0", Kind = "bridge", Up = true });
        Assert.Equal("1", Sysctl(name, "d0/disable_ipv6"));
        // No IPv6 address at all, not even ::1 on lo or a link-local one on d0.
        var addresses = Ip.Json(name, "addr show");
        Assert.DoesNotContain(addresses.EnumerateArray().SelectMany(l => l.GetProperty("addr_info").EnumerateArray()),
            a => a.GetProperty("family").GetString() == "inet6");
        // The host keeps its own setting: the write happened inside the new namespace only.
        Assert.Equal(hostBefore, File.ReadAllText("/proc/sys/net/ipv6/conf/default/disable_ipv6").Trim());
    }

    [Fact]
    public void Create_WithoutOptions_LeavesIPv6On()
    {
        using var lab = new Lab();
        var a = lab.Ns("plain");
        var b = lab.Ns("nulloptions");
        NetworkNamespaces.Create(a);
        NetworkNamespaces.Create(b, null);
        NetworkNamespaces.Create(lab.Ns("default"), new NamespaceOptions());
        foreach (var ns in new[] { a, b, lab.Ns("default") })
        {
            Assert.Equal("0", Sysctl(ns, "all/disable_ipv6"));
            Assert.Equal("0", Sysctl(ns, "lo/disable_ipv6"));
        }
    }

    [Fact]
    public void CreateMany_DisableIPv6_AppliesToEveryNamespace()
    {
        using var lab = new Lab();
        var names = Enumerable.Range(0, 6).Select(i => lab.Ns($"m{i}")).ToList();
        var made = NetworkNamespaces.CreateMany(names, new NamespaceOptions { DisableIPv6 = true });
        Assert.Equal(names, made.Select(n => n.Namespace));
        foreach (var ns in names)
        {
            Assert.True(Ip.NetnsListed(ns));
            Assert.Equal("1", Sysctl(ns, "all/disable_ipv6"));
            Assert.Equal("1", Sysctl(ns, "default/disable_ipv6"));
            Assert.Equal("1", Sysctl(ns, "lo/disable_ipv6"));
        }
    }

    [Fact]
    public void CreateMany_WithOptions_BadNameCreatesNothing()
    {
        using var lab = new Lab();
        var names = new[] { lab.Ns("ok"), "bad/name" };
        var e = Assert.Throws<NetOperationException>(() => NetworkNamespaces.CreateMany(names, new NamespaceOptions { DisableIPv6 = true }));
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.False(Ip.NetnsListed(lab.Ns("ok")));
    }
}
