using System.Net;
using System.Text.Json;
using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Neighbors;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

/// <summary>Neighbour entries (`ip neigh`) through the core API, with `ip -j neigh show nud all` as the oracle and ping as the proof.</summary>
public class NeighborTests
{
    /// <summary>Two namespaces joined by a veth pair a0 (10.99.0.1/24) — b0 (10.99.0.2/24), both ends up.</summary>
    private static (string A, string B, NetClient Ca, NetClient Cb) Pair(Lab lab)
    {
        var (a, ca) = lab.CreateWithClient("a");
        var (b, cb) = lab.CreateWithClient("b");
        Ip.Run($"-n {a} link add a0 type veth peer name b0 netns {b}");
        Ip.Run($"-n {a} addr add 10.99.0.1/24 dev a0");
        Ip.Run($"-n {b} addr add 10.99.0.2/24 dev b0");
        Ip.Run($"-n {a} link set a0 up");
        Ip.Run($"-n {b} link set b0 up");
        return (a, b, ca, cb);
    }

    /// <summary>`ip neigh show nud all`, without the entries the kernel makes by itself for IPv6 multicast (they come and go as links talk).</summary>
    private static List<JsonElement> IpNeigh(string ns, string extra = "") =>
        Ip.Json(ns, $"neigh show nud all {extra}".Trim()).EnumerateArray().Where(n => !IPAddress.Parse(n.GetProperty("dst").GetString()!).IsIPv6Multicast).ToList();

    private static string Mac(string ns, string link) => Ip.Links(ns)[link].GetProperty("address").GetString()!;

    [Fact]
    public void Add_PermanentEntry_IsWhatIpShows_AndListReadsIt()
    {
        using var lab = new Lab();
        var (a, _, ca, _) = Pair(lab);
        var added = ca.Neighbors.Add(new NeighborSpec { Interface = "a0", Address = IPAddress.Parse("10.99.0.7"), LinkLayerAddress = "02:00:00:00:00:07" });

        Assert.Equal(a, added.Namespace);
        Assert.Equal("a0", added.Interface);
        Assert.Equal(IPAddress.Parse("10.99.0.7"), added.IPAddress);
        Assert.Equal("02:00:00:00:00:07", added.LinkLayerAddress);
        Assert.Equal(NeighborState.Permanent, added.State);
        Assert.Equal(IPFamily.IPv4, added.Family);

        var ip = Assert.Single(IpNeigh(a), n => n.GetProperty("dst").GetString() == "10.99.0.7");
        Assert.Equal("a0", ip.GetProperty("dev").GetString());
        Assert.Equal("02:00:00:00:00:07", ip.GetProperty("lladdr").GetString());
        Assert.Equal("PERMANENT", ip.GetProperty("state")[0].GetString());

        var listed = Assert.Single(ca.Neighbors.List("a0"), n => n.IPAddress.Equals(IPAddress.Parse("10.99.0.7")));
        Assert.Equal(added with { UpdatedSecondsAgo = listed.UpdatedSecondsAgo }, listed);
    }

    [Fact]
    public void List_MatchesIpForEveryEntry_IPv4AndIPv6_AndFamilyFilters()
    {
        using var lab = new Lab();
        var (a, _, ca, _) = Pair(lab);
        Ip.Run($"-n {a} neigh add 10.99.0.20 lladdr 02:00:00:00:00:20 dev a0 nud stale");
        Ip.Run($"-n {a} neigh add 10.99.0.21 lladdr 02:00:00:00:00:21 dev a0 nud noarp");
        Ip.Run($"-n {a} neigh add fd00:99::5 lladdr 02:00:00:00:00:22 dev a0 nud reachable router");
        Ip.Run($"-n {a} neigh add 10.99.0.23 dev a0 nud failed");

        var ours = ca.Neighbors.List().Where(n => !n.IPAddress.IsIPv6Multicast).ToList();
        var ip = IpNeigh(a);
        Assert.Equal(ip.Count, ours.Count);
        foreach (var n in ip)
        {
            var dst = IPAddress.Parse(n.GetProperty("dst").GetString()!);
            var o = Assert.Single(ours, x => x.IPAddress.Equals(dst) && x.Interface == n.GetProperty("dev").GetString());
            Assert.Equal(n.TryGetProperty("lladdr", out var l) ? l.GetString() : null, o.LinkLayerAddress);
            Assert.Equal(n.GetProperty("state")[0].GetString(), o.StateText);
            Assert.Equal(n.TryGetProperty("router", out _), o.IsRouter);
        }
        Assert.All(ca.Neighbors.List(family: IPFamily.IPv6), n => Assert.Equal(IPFamily.IPv6, n.Family));
        Assert.Contains(ca.Neighbors.List(family: IPFamily.IPv6), n => n.IsRouter && n.State == NeighborState.Reachable);
        Assert.Contains(ours, n => n.State == NeighborState.Failed && n.LinkLayerAddress is null);
    }

    [Fact]
    public void StaticArp_LetsTwoNamespacesWithArpOffReachEachOther()
    {
        using var lab = new Lab();
        var (a, b, ca, cb) = Pair(lab);
        Ip.Run($"-n {a} link set a0 arp off");
        Ip.Run($"-n {b} link set b0 arp off");

        ca.Neighbors.Add(new NeighborSpec { Interface = "a0", Address = IPAddress.Parse("10.99.0.2"), LinkLayerAddress = Mac(b, "b0") });
        cb.Neighbors.Add(new NeighborSpec { Interface = "b0", Address = IPAddress.Parse("10.99.0.1"), LinkLayerAddress = Mac(a, "a0"), State = NeighborState.Permanent });
        Assert.True(Ip.Ping(a, "10.99.0.2"));
        Assert.True(Ip.Ping(b, "10.99.0.1"));

        ca.Neighbors.Remove("a0", IPAddress.Parse("10.99.0.2"));
        Assert.DoesNotContain(IpNeigh(a), n => n.GetProperty("dst").GetString() == "10.99.0.2");
        // Without the entry a NOARP link cannot resolve: the kernel makes a NOARP entry with the link's own MAC, which the peer drops.
        Assert.False(Ip.Ping(a, "10.99.0.2", 1, 1));
    }

    [Fact]
    public void Set_ChangesAddressAndState_KeepsStateWhenNotGiven_AndMissingIsNeighborNotFound()
    {
        using var lab = new Lab();
        var (a, _, ca, _) = Pair(lab);
        var ip = IPAddress.Parse("10.99.0.8");
        ca.Neighbors.Add(new NeighborSpec { Interface = "a0", Address = ip, LinkLayerAddress = "02:00:00:00:00:08", State = NeighborState.NoArp });

        var changed = ca.Neighbors.Set(new NeighborSpec { Interface = "a0", Address = ip, LinkLayerAddress = "02:00:00:00:00:09" });
        Assert.Equal("02:00:00:00:00:09", changed.LinkLayerAddress);
        Assert.Equal(NeighborState.NoArp, changed.State);
        changed = ca.Neighbors.Set(new NeighborSpec { Interface = "a0", Address = ip, State = NeighborState.Stale });
        Assert.Equal(NeighborState.Stale, changed.State);
        Assert.Equal("STALE", Assert.Single(IpNeigh(a), n => n.GetProperty("dst").GetString() == "10.99.0.8").GetProperty("state")[0].GetString());

        var e = Assert.Throws<NetOperationException>(() => ca.Neighbors.Set(new NeighborSpec { Interface = "a0", Address = IPAddress.Parse("10.99.0.99"), State = NeighborState.Permanent, LinkLayerAddress = "02:00:00:00:00:01" }));
        Assert.Equal(ErrorIds.NeighborNotFound, e.ErrorId);
        Assert.DoesNotContain(IpNeigh(a), n => n.GetProperty("dst").GetString() == "10.99.0.99");
    }

    [Fact]
    public void AddTwice_IsNeighborExists_RemoveMissing_IsNeighborNotFound()
    {
        using var lab = new Lab();
        var (a, _, ca, _) = Pair(lab);
        var spec = new NeighborSpec { Interface = "a0", Address = IPAddress.Parse("fd00:99::7"), LinkLayerAddress = "02:00:00:00:00:17" };
        ca.Neighbors.Add(spec);
        var before = IpNeigh(a).Count;
        var exists = Assert.Throws<NetOperationException>(() => ca.Neighbors.Add(spec with { LinkLayerAddress = "02:00:00:00:00:18" }));
        Assert.Equal(ErrorIds.NeighborExists, exists.ErrorId);
        Assert.Equal(NetErrorKind.AlreadyExists, exists.Kind);
        Assert.Equal("02:00:00:00:00:17", ca.Neighbors.TryGet("a0", spec.Address)!.LinkLayerAddress);

        var missing = Assert.Throws<NetOperationException>(() => ca.Neighbors.Remove("a0", IPAddress.Parse("fd00:99::8")));
        Assert.Equal(ErrorIds.NeighborNotFound, missing.ErrorId);
        Assert.Equal(before, IpNeigh(a).Count);
    }

    [Fact]
    public void ProxyEntries_AreAddedListedAndRemovedApartFromNeighbours()
    {
        using var lab = new Lab();
        var (a, _, ca, _) = Pair(lab);
        var ip = IPAddress.Parse("10.99.0.50");
        var added = ca.Neighbors.Add(new NeighborSpec { Interface = "a0", Address = ip, Proxy = true });
        Assert.True(added.IsProxy);
        Assert.Null(added.LinkLayerAddress);

        var oracle = Ip.Json(a, "neigh show proxy").EnumerateArray().ToList();
        Assert.Contains(oracle, n => n.GetProperty("dst").GetString() == "10.99.0.50" && n.GetProperty("dev").GetString() == "a0");
        Assert.Single(ca.Neighbors.List(proxy: true), n => n.IPAddress.Equals(ip) && n.IsProxy);
        Assert.DoesNotContain(ca.Neighbors.List(), n => n.IPAddress.Equals(ip));

        Assert.Equal(ErrorIds.NeighborNotFound, Assert.Throws<NetOperationException>(() => ca.Neighbors.Remove("a0", ip)).ErrorId);
        ca.Neighbors.Remove("a0", ip, proxy: true);
        Assert.Empty(Ip.Json(a, "neigh show proxy").EnumerateArray());
    }

    [Theory]
    [InlineData("zz:00:00:00:00:01", ErrorIds.InvalidMacAddress)]
    [InlineData("01:00:5e:00:00:01", ErrorIds.InvalidMacAddress)]
    [InlineData("02:00:00:00:01", ErrorIds.InvalidMacAddress)]
    public void BadHardwareAddress_IsRefusedBeforeTheKernel(string mac, string id)
    {
        using var lab = new Lab();
        var (a, _, ca, _) = Pair(lab);
        var before = IpNeigh(a).Count;
        var e = Assert.Throws<NetOperationException>(() => ca.Neighbors.Add(new NeighborSpec { Interface = "a0", Address = IPAddress.Parse("10.99.0.9"), LinkLayerAddress = mac }));
        Assert.Equal(id, e.ErrorId);
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(0, e.Errno);
        Assert.Equal(before, IpNeigh(a).Count);
    }

    [Fact]
    public void PermanentWithoutHardwareAddress_MulticastAddress_AndUnknownLink_AreClearErrors()
    {
        using var lab = new Lab();
        var (_, _, ca, _) = Pair(lab);
        Assert.Equal(ErrorIds.ParameterConflict,
            Assert.Throws<NetOperationException>(() => ca.Neighbors.Add(new NeighborSpec { Interface = "a0", Address = IPAddress.Parse("10.99.0.9") })).ErrorId);
        Assert.Equal(ErrorIds.InvalidAddress,
            Assert.Throws<NetOperationException>(() => ca.Neighbors.Add(new NeighborSpec { Interface = "a0", Address = IPAddress.Parse("224.0.0.5"), LinkLayerAddress = "02:00:00:00:00:01" })).ErrorId);
        Assert.Equal(ErrorIds.LinkNotFound,
            Assert.Throws<NetOperationException>(() => ca.Neighbors.Add(new NeighborSpec { Interface = "nolink", Address = IPAddress.Parse("10.99.0.9"), LinkLayerAddress = "02:00:00:00:00:01" })).ErrorId);
        Assert.Equal(ErrorIds.InvalidNeighborState, Assert.Throws<NetOperationException>(() => NeighborStates.Parse("sleepy")).ErrorId);
    }

    [Fact]
    public void AddMany_AddsThousandsInOneSend_AndReportsEachFailureInPlace()
    {
        using var lab = new Lab();
        var (a, _, ca, _) = Pair(lab);
        var specs = Enumerable.Range(0, 2000).Select(i => new NeighborSpec
        {
            Interface = "a0",
            Address = IPAddress.Parse($"10.98.{i / 250}.{i % 250 + 1}"),
            LinkLayerAddress = $"02:00:00:00:{i / 256:x2}:{i % 256:x2}",
        }).ToList();
        Ip.Run($"-n {a} neigh add 10.98.0.5 lladdr 02:00:00:00:00:05 dev a0");
        var outcomes = ca.Neighbors.AddMany(specs);
        Assert.Equal(2000, outcomes.Count);
        Assert.Equal(ErrorIds.NeighborExists, outcomes[4]!.ErrorId);
        Assert.Single(outcomes, o => o is not null);
        Assert.Equal(2000, IpNeigh(a).Count(n => n.GetProperty("dst").GetString()!.StartsWith("10.98.")));
        Assert.Equal(2000, ca.Neighbors.List("a0").Count(n => n.IPAddress.ToString().StartsWith("10.98.")));
    }
}
