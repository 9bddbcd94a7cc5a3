using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

/// <summary>The client cache lets go of namespaces others deleted, and clients have an explicit lifetime (issue 9, item 2).</summary>
[Collection("FaultPoint")] // sets FaultPoint.Callback: never in parallel with another user of it
public class ClientCacheTests
{
    /// <summary>Waits (bounded) for the kernel's asynchronous namespace cleanup; not a timing assert.</summary>
    private static bool Eventually(Func<bool> condition, int tries = 200)
    {
        for (int i = 0; i < tries; i++)
        {
            if (condition()) return true;
            Thread.Sleep(50);
        }
        return condition();
    }

    [Fact]
    public void NamespaceDeletedByAnotherTool_IsNoLongerPinned_OnceTheCacheIsPruned()
    {
        using var lab = new Lab();
        var (gone, goneClient) = lab.CreateWithClient("gone");
        var (stay, _) = lab.CreateWithClient("stay");
        goneClient.Links.CreateVeth(new VethSpec { Name = "vg", PeerName = "vs", PeerNamespace = NamespaceRef.Parse(stay) });
        Assert.Contains("vs", Ip.Links(stay).Keys);

        Ip.Run($"netns del {gone}"); // our cached client still holds the namespace: its veth end lives on
        Assert.True(NetClient.PruneStale() >= 1);
        Assert.True(Eventually(() => !Ip.Links(stay).ContainsKey("vs")), "the deleted namespace (and its veth) was kept alive");
        Assert.Throws<ObjectDisposedException>(() => goneClient.Links.List());
    }

    [Fact]
    public void An_idle_process_lets_go_of_a_namespace_deleted_by_another_tool_without_another_call()
    {
        using var lab = new Lab();
        var (gone, goneClient) = lab.CreateWithClient("idle");
        var (stay, stayClient) = lab.CreateWithClient("idlestay");
        goneClient.Links.CreateVeth(new VethSpec { Name = "vi", PeerName = "vj", PeerNamespace = NamespaceRef.Parse(stay) });
        Assert.Contains("vj", Ip.Links(stay).Keys);

        Ip.Run($"netns del {gone}"); // by another tool; this process makes no call after it
        Assert.True(Eventually(() => goneClient.Session.IsClosed, tries: 600), $"the session of {gone} was still open after the sweep interval ({NamespaceSession.SweepInterval})");
        Assert.True(Eventually(() => !Ip.Links(stay).ContainsKey("vj")), "the deleted namespace (and its veth) was kept alive");
        Assert.False(stayClient.Session.IsClosed); // a namespace still named is kept
    }

    [Fact]
    public void MakingANewClient_PrunesByItself()
    {
        using var lab = new Lab();
        var (gone, goneClient) = lab.CreateWithClient("gone2");
        var route = goneClient.Route;
        Ip.Run($"netns del {gone}");
        Ip.Run($"netns add {lab.Ns("next")}");
        NetClient.For(lab.Ns("next")); // a client not in the cache is opened: the cache checks the others
        Assert.Throws<ObjectDisposedException>(() => route.Execute(Rtnetlink.RtmType.GetLink, Netlink.NetlinkFlags.None,
            w => w.Struct(new Rtnetlink.IfInfoMsg { Index = 1 }), "find link"));
    }

    [Fact]
    public void DisposedClient_IsClosedAndForgotten_AndForGivesAWorkingNewOne()
    {
        using var lab = new Lab();
        var (ns, client) = lab.CreateWithClient("dispose");
        client.Dispose();
        Assert.Throws<ObjectDisposedException>(() => client.Links.List());
        var again = NetClient.For(ns);
        Assert.NotSame(client, again);
        Assert.Contains(again.Links.List(), l => l.Name == "lo");
    }

    [Fact]
    public void TheCache_IsBounded()
    {
        using var lab = new Lab();
        var names = Enumerable.Range(0, NetClient.MaxCached + 8).Select(i => lab.Ns($"c{i}")).ToList();
        NetworkNamespaces.CreateMany(names);
        foreach (var name in names) NetClient.For(name);
        Assert.InRange(NetClient.CachedCount, 1, NetClient.MaxCached);
    }

    [Fact]
    public void VethIntoAPeerNamespaceDeletedMeanwhile_LeavesNoHostEnd()
    {
        using var lab = new Lab();
        var (home, client) = lab.CreateWithClient("vhome");
        var peer = lab.Create("vpeer");
        FaultPoint.Callback = (point, subject) =>
        {
            if (point == "veth-peer-namespace-opened" && subject == peer) Ip.Run($"netns del {peer}", check: false);
        };
        try
        {
            var e = Assert.Throws<NetOperationException>(() =>
                client.Links.CreateVeth(new VethSpec { Name = "vh0", PeerName = "vp0", PeerNamespace = NamespaceRef.Parse(peer) }));
            Assert.Equal(NetErrorKind.NotFound, e.Kind);
        }
        finally
        {
            FaultPoint.Callback = null;
        }
        Assert.DoesNotContain("vh0", Ip.Links(home).Keys);
    }
}
