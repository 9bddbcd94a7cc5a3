using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

public class NamespaceTests
{
    [Fact]
    public void Create_IsVisibleToIproute2_AndDeleteRemovesIt()
    {
        using var lab = new Lab();
        var ns = NetworkNamespaces.Create(lab.Ns("a"));
        Assert.Equal(lab.Ns("a"), ns.Namespace);
        Assert.True(Ip.NetnsListed(lab.Ns("a")));
        Assert.Contains(NetworkNamespaces.List(), n => n.Namespace == lab.Ns("a") && n.Inode == ns.Inode);

        NetworkNamespaces.Delete(lab.Ns("a"));
        Assert.False(Ip.NetnsListed(lab.Ns("a")));
        Assert.False(File.Exists(ns.Path));
    }

    [Fact]
    public void NamespacesMadeByIproute2_AreListedAndUsable()
    {
        using var lab = new Lab();
        Ip.Run($"netns add {lab.Ns("ip")}");
        Assert.Contains(NetworkNamespaces.List(), n => n.Namespace == lab.Ns("ip"));
        var links = RawLinkNames(NetClient.For(lab.Ns("ip")).Route);
        Assert.Equal(new[] { "lo" }, links);
    }

    [Fact]
    public void NewNamespace_HasOnlyLoopback_AndHostIsUntouched()
    {
        using var lab = new Lab();
        lab.Create("a");
        Assert.Equal(new[] { "lo" }, RawLinkNames(lab.Client("a").Route));
        Assert.Contains("lo", RawLinkNames(NetClient.Host.Route));
    }

    [Fact]
    public void Create_Twice_IsAlreadyExists_AndLeavesTheFirst()
    {
        using var lab = new Lab();
        var first = NetworkNamespaces.Create(lab.Ns("dup"));
        var e = Assert.Throws<NetOperationException>(() => NetworkNamespaces.Create(lab.Ns("dup")));
        Assert.Equal(NetErrorKind.AlreadyExists, e.Kind);
        Assert.Contains("already exists", e.Message);
        Assert.Equal(first.Inode, NetworkNamespaces.Get(NamespaceRef.Parse(lab.Ns("dup"))).Inode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("with space")]
    [InlineData("..")]
    [InlineData("1234")]
    public void Create_BadName_IsInvalidArgument_AndCreatesNothing(string name)
    {
        var e = Assert.Throws<NetOperationException>(() => NetworkNamespaces.Create(name));
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("name", e.Message);
        if (name.Length > 0 && name != "..")
        {
            Assert.False(File.Exists(Path.Combine(NamespaceRef.RunDirectory, name)));
            Assert.False(Ip.NetnsListed(name));
        }
    }

    [Fact]
    public void UnknownNamespace_IsNotFound_WithItsName()
    {
        var e = Assert.Throws<NetOperationException>(() => NetClient.For("lnt-no-such-namespace"));
        Assert.Equal(NetErrorKind.NotFound, e.Kind);
        Assert.Contains("lnt-no-such-namespace", e.Message);
        var d = Assert.Throws<NetOperationException>(() => NetworkNamespaces.Delete("lnt-no-such-namespace"));
        Assert.Equal(NetErrorKind.NotFound, d.Kind);
    }

    [Fact]
    public void Run_ExecutesOnCallingThreadInsideNamespace_AndRestores()
    {
        using var lab = new Lab();
        var ns = NetworkNamespaces.Create(lab.Ns("run"));
        string before = new FileInfo("/proc/thread-self/ns/net").LinkTarget!;
        string inside = NetworkNamespaces.Run(NamespaceRef.Parse(lab.Ns("run")), () => new FileInfo("/proc/thread-self/ns/net").LinkTarget!);
        Assert.Equal($"net:[{ns.Inode}]", inside);
        Assert.Equal(before, new FileInfo("/proc/thread-self/ns/net").LinkTarget);
        Assert.Throws<InvalidOperationException>(() =>
            NetworkNamespaces.Run(NamespaceRef.Parse(lab.Ns("run")), (Action)(() => throw new InvalidOperationException("boom"))));
        Assert.Equal(before, new FileInfo("/proc/thread-self/ns/net").LinkTarget);
    }

    [Fact]
    public void StartProcess_RunsInsideNamespace_WithArgv()
    {
        using var lab = new Lab();
        lab.Create("exec");
        using var p = NetworkNamespaces.StartProcess(NamespaceRef.Parse(lab.Ns("exec")), "ip", new[] { "-o", "link", "show" },
            i => i.RedirectStandardOutput = true);
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        Assert.Single(output.Trim().Split('\n'));
        Assert.Contains("lo:", output);
    }

    [Fact]
    public void DeletedAndRecreated_SameName_GetsAFreshClient()
    {
        using var lab = new Lab();
        var first = NetworkNamespaces.Create(lab.Ns("re"));
        var c1 = NetClient.For(lab.Ns("re"));
        Ip.Run($"netns del {lab.Ns("re")}");
        Ip.Run($"netns add {lab.Ns("re")}");
        var c2 = NetClient.For(lab.Ns("re"));
        Assert.NotSame(c1, c2);
        Assert.NotEqual(first.Inode, c2.Inode);
    }

    internal static List<string> RawLinkNames(NetlinkSocket socket) =>
        socket.Dump(RtmType.GetLink, w => w.Struct(new IfInfoMsg()), (in NetlinkMessage m) =>
        {
            var r = m.Attributes<IfInfoMsg>();
            while (r.Next()) if (r.Type == IflaAttr.IfName) return r.String();
            return null;
        }, "list links");
}

public class CreateManyTests
{
    [Fact]
    public void CreateMany_MakesThemAll_InOrder_VisibleToIproute2()
    {
        using var lab = new Lab();
        var names = Enumerable.Range(0, 12).Select(i => lab.Ns($"m{i}")).ToList();
        var made = NetworkNamespaces.CreateMany(names);
        Assert.Equal(names, made.Select(n => n.Namespace));
        Assert.Equal(12, made.Select(n => n.Inode).Distinct().Count());
        foreach (var name in names)
        {
            Assert.True(Ip.NetnsListed(name));
            Assert.Equal(new[] { "lo" }, NamespaceTests.RawLinkNames(NetClient.For(name).Route));
        }
    }

    [Fact]
    public void CreateMany_WithOneExisting_IsAlreadyExists_AndLeavesOnlyWhatWasThere()
    {
        using var lab = new Lab();
        var existing = NetworkNamespaces.Create(lab.Ns("m3"));
        var names = Enumerable.Range(0, 8).Select(i => lab.Ns($"m{i}")).ToList();
        var e = Assert.Throws<NetOperationException>(() => NetworkNamespaces.CreateMany(names));
        Assert.Equal(NetErrorKind.AlreadyExists, e.Kind);
        Assert.Contains(lab.Ns("m3"), e.Message);
        Assert.Equal(new[] { lab.Ns("m3") }, NetworkNamespaces.List().Where(n => lab.Owns(n.Namespace)).Select(n => n.Namespace));
        Assert.Equal(existing.Inode, NetworkNamespaces.Get(NamespaceRef.Parse(lab.Ns("m3"))).Inode);
    }

    [Fact]
    public void CreateMany_BadOrDuplicateName_IsInvalidArgument_BeforeAnythingIsMade()
    {
        using var lab = new Lab();
        var bad = Assert.Throws<NetOperationException>(() => NetworkNamespaces.CreateMany(new[] { lab.Ns("a"), "no/slash" }));
        Assert.Equal(NetErrorKind.InvalidArgument, bad.Kind);
        var dup = Assert.Throws<NetOperationException>(() => NetworkNamespaces.CreateMany(new[] { lab.Ns("a"), lab.Ns("a") }));
        Assert.Equal(NetErrorKind.InvalidArgument, dup.Kind);
        Assert.False(Ip.NetnsListed(lab.Ns("a")));
    }
}
