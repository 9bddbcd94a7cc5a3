using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

/// <summary>Multi-step link changes either complete or change nothing (issue 9, item 6).</summary>
public class LinkHalfApplyTests
{
    [Fact]
    public void Move_WithANewNameTakenInTheTarget_LeavesTheLinkWhereItWas()
    {
        using var lab = new Lab();
        var (src, client) = lab.CreateWithClient("msrc");
        var dst = lab.Create("mdst");
        Ip.Run($"-n {src} link add lm0 type veth peer name lm1");
        Ip.Run($"-n {dst} link add taken type bridge");

        var e = Assert.Throws<NetOperationException>(() => client.Links.MoveTo("lm0", NamespaceRef.Parse(dst), "taken"));
        Assert.Equal(NetErrorKind.AlreadyExists, e.Kind);
        Assert.Contains("lm0", Ip.Links(src).Keys); // not moved
        Assert.Equal("bridge", Ip.Links(dst)["taken"].GetProperty("linkinfo").GetProperty("info_kind").GetString());
        Assert.DoesNotContain("lm0", Ip.Links(dst).Keys);
    }

    [Fact]
    public void Set_MtuWithANewNameThatIsTaken_ChangesNothing()
    {
        using var lab = new Lab();
        var (ns, client) = lab.CreateWithClient("hset");
        Ip.Run($"-n {ns} link add h0 type bridge");
        Ip.Run($"-n {ns} link add h1 type bridge");
        int mtu = Ip.Links(ns)["h0"].GetProperty("mtu").GetInt32();

        var e = Assert.Throws<NetOperationException>(() => client.Links.Set("h0", new LinkChanges { Mtu = 1400, NewName = "h1" }));
        Assert.Equal(NetErrorKind.AlreadyExists, e.Kind);
        Assert.Equal(mtu, Ip.Links(ns)["h0"].GetProperty("mtu").GetInt32());
    }
}
