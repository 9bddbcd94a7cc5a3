using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Tests.Support;
using static LinuxNetPS.Tests.LinkJson;

namespace LinuxNetPS.Tests;

/// <summary>DeleteMany, SetUpMany and DeferredBringUp: per-item outcomes in input order, checked against ip.</summary>
public class BulkOperationTests
{
    [Fact]
    public void DeleteMany_DeletesAll_AndReportsEachNameInInputOrder()
    {
        using var lab = new Lab();
        var names = Enumerable.Range(0, 5).Select(i => lab.Ns($"d{i}")).ToList();
        NetworkNamespaces.CreateMany(names);
        var asked = new List<string> { names[3], lab.Ns("missing"), names[0], "bad/name", names[1], names[2], names[4], names[0] };

        var outcomes = NetworkNamespaces.DeleteMany(asked);

        Assert.Equal(asked.Count, outcomes.Count);
        Assert.Null(outcomes[0]);
        Assert.Equal(NetErrorKind.NotFound, Assert.IsType<NetOperationException>(outcomes[1]).Kind);
        Assert.Equal(ErrorIds.NamespaceNotFound, ((NetOperationException)outcomes[1]!).ErrorId);
        Assert.Null(outcomes[2]);
        Assert.Equal(NetErrorKind.InvalidArgument, Assert.IsType<NetOperationException>(outcomes[3]).Kind);
        Assert.All(new[] { 4, 5, 6 }, i => Assert.Null(outcomes[i]));
        Assert.Equal(NetErrorKind.NotFound, Assert.IsType<NetOperationException>(outcomes[7]).Kind); // given twice: deleted once
        foreach (var n in names)
        {
            Assert.False(Ip.NetnsListed(n));
            Assert.False(File.Exists(Path.Combine(NamespaceRef.RunDirectory, n)));
        }
    }

    [Fact]
    public void DeleteMany_HubWithVeths_RemovesEveryNamespaceAndLink()
    {
        using var lab = new Lab();
        var hub = lab.Ns("hub");
        var spokes = Enumerable.Range(0, 4).Select(i => lab.Ns($"s{i}")).ToList();
        NetworkNamespaces.Create(hub);
        NetworkNamespaces.CreateMany(spokes);
        var h = NetClient.For(hub);
        h.Bridges.Create("br0", up: true);
        for (int i = 0; i < spokes.Count; i++)
            h.Links.CreateVeth(new VethSpec { Name = $"v{i}", PeerName = "eth0", PeerNamespace = NamespaceRef.Parse(spokes[i]), Master = "br0", Up = true, PeerUp = true });
        Assert.Equal(4, Ip.Links(hub).Keys.Count(k => k.StartsWith('v')));

        // Name order puts the hub last; DeleteMany still deletes every one and reports them in the order asked.
        var asked = spokes.Append(hub).ToList();
        var outcomes = NetworkNamespaces.DeleteMany(asked);
        Assert.All(outcomes, Assert.Null);
        Assert.All(asked, n => Assert.False(Ip.NetnsListed(n)));
    }

    [Fact]
    public void DeleteMany_Empty_ReturnsNothing()
    {
        Assert.Empty(NetworkNamespaces.DeleteMany(Array.Empty<string>()));
    }

    [Fact]
    public void SetUpMany_BringsUpEveryGoodName_AndReportsTheBadOnes()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("up");
        c.Links.Create(new LinkSpec { Name = "d0", Kind = "bridge" });
        c.Links.Create(new LinkSpec { Name = "d1", Kind = "bridge" });
        Assert.False(IsUp(Ip.Links(ns)["d0"]));

        var outcomes = c.Links.SetUpMany(new[] { "d0", "nosuch", "d1", "bad name", "lo" });

        Assert.Equal(5, outcomes.Count);
        Assert.Null(outcomes[0]);
        var missing = Assert.IsType<NetOperationException>(outcomes[1]);
        Assert.Equal(NetErrorKind.NotFound, missing.Kind);
        Assert.Contains("nosuch", missing.Message);
        Assert.Null(outcomes[2]);
        Assert.Equal(NetErrorKind.InvalidArgument, Assert.IsType<NetOperationException>(outcomes[3]).Kind);
        Assert.Null(outcomes[4]);
        var ip = Ip.Links(ns);
        Assert.True(IsUp(ip["d0"]));
        Assert.True(IsUp(ip["d1"]));
        Assert.True(IsUp(ip["lo"]));
    }

    [Fact]
    public void SetUpMany_MoreThanOneSend_AllComeUp()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("many");
        var names = Enumerable.Range(0, 520).Select(i => $"d{i}").ToList();
        c.ExecuteDummies(names);
        var outcomes = c.Links.SetUpMany(names);
        Assert.All(outcomes, Assert.Null);
        var ip = Ip.Links(ns);
        Assert.All(names, n => Assert.True(IsUp(ip[n]), n));
    }

    [Fact]
    public void DeferredPeerUp_PeersStayDownUntilFlush_ThenAllAreUp()
    {
        using var lab = new Lab();
        var (host, h) = lab.CreateWithClient("host");
        var spokes = Enumerable.Range(0, 3).Select(i => lab.Create($"c{i}")).ToList();
        h.Bridges.Create("br0", up: true);
        var deferred = new DeferredBringUp();
        for (int i = 0; i < spokes.Count; i++)
        {
            var pair = h.Links.CreateVeth(new VethSpec { Name = $"v{i}", PeerName = "eth0", PeerNamespace = NamespaceRef.Parse(spokes[i]), Master = "br0", Up = true, PeerUp = true }, deferred);
            Assert.False(pair.Peer.Flags.HasFlag(Rtnetlink.InterfaceFlags.Up));
        }
        Assert.Equal(3, deferred.Count);
        Assert.All(spokes, s => Assert.False(IsUp(Ip.Links(s)["eth0"])));
        Assert.All(Enumerable.Range(0, 3), i => Assert.True(IsUp(Ip.Links(host)[$"v{i}"])));

        var outcomes = deferred.Flush();

        Assert.Equal(spokes, outcomes.Select(o => o.Namespace));
        Assert.All(outcomes, o => Assert.Null(o.Error));
        Assert.All(outcomes, o => Assert.Equal("eth0", o.Name));
        Assert.All(spokes, s => Assert.True(IsUp(Ip.Links(s)["eth0"])));
        Assert.Equal(0, deferred.Count);
        Assert.Empty(deferred.Flush());
    }

    [Fact]
    public void DeferredBringUp_ReportsFailuresPerLink_InTheOrderAdded()
    {
        using var lab = new Lab();
        var (a, ca) = lab.CreateWithClient("a");
        var (b, cb) = lab.CreateWithClient("b");
        ca.Links.Create(new LinkSpec { Name = "d0", Kind = "bridge" });
        cb.Links.Create(new LinkSpec { Name = "d1", Kind = "bridge" });
        var deferred = new DeferredBringUp();
        deferred.Add(cb.Session, "d1");
        deferred.Add(ca.Session, "gone");
        deferred.Add(ca.Session, "d0");

        var outcomes = deferred.Flush();

        Assert.Equal(new[] { ("d1", b), ("gone", a), ("d0", a) }, outcomes.Select(o => (o.Name, o.Namespace!)));
        Assert.Null(outcomes[0].Error);
        Assert.Equal(NetErrorKind.NotFound, Assert.IsType<NetOperationException>(outcomes[1].Error).Kind);
        Assert.Null(outcomes[2].Error);
        Assert.True(IsUp(Ip.Links(a)["d0"]));
        Assert.True(IsUp(Ip.Links(b)["d1"]));
    }
}

internal static class DummyBatch
{
    /// <summary>Creates links (bridges: this kernel has no dummy module) without bringing them up (ip -batch would do the same; this is setup, not the subject).</summary>
    public static void ExecuteDummies(this NetClient c, IEnumerable<string> names)
    {
        foreach (var n in names) c.Links.Create(new LinkSpec { Name = n, Kind = "bridge" });
    }
}

public class DeleteManyParallelTests
{
    [Fact]
    public void DeleteMany_OfManyNamespaces_OnSeveralThreads_DeletesEachOnceAndReportsInOrder()
    {
        using var lab = new Lab();
        var names = Enumerable.Range(0, 40).Select(i => lab.Ns($"p{i}")).ToList();
        NetworkNamespaces.CreateMany(names);
        var asked = names.Concat(new[] { names[5], lab.Ns("none") }).ToList();

        var outcomes = NetworkNamespaces.DeleteMany(asked);

        Assert.Equal(asked.Count, outcomes.Count);
        Assert.All(outcomes.Take(40), Assert.Null);
        Assert.Equal(NetErrorKind.NotFound, Assert.IsType<NetOperationException>(outcomes[40]).Kind);
        Assert.Equal(NetErrorKind.NotFound, Assert.IsType<NetOperationException>(outcomes[41]).Kind);
        var listed = Ip.Run("netns list");
        Assert.DoesNotContain(lab.Prefix + "-", listed);
    }
}
