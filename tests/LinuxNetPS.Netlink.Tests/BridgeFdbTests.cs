using System.Net;
using System.Text.Json;
using LinuxNetPS.Bridges;
using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Neighbors;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

/// <summary>Bridge and VXLAN forwarding databases (`bridge fdb`) through the core API, `bridge -j fdb show` as the oracle.</summary>
public class BridgeFdbTests
{
    internal static List<JsonElement> BridgeFdb(string ns, params string[] filter)
    {
        var (code, stdout, stderr) = Ip.Exec("bridge", ["-n", ns, "-j", "fdb", "show", .. filter]);
        if (code != 0) throw new InvalidOperationException($"bridge fdb show failed: {stderr}");
        return JsonDocument.Parse(string.IsNullOrWhiteSpace(stdout) ? "[]" : stdout).RootElement.EnumerateArray().ToList();
    }

    /// <summary>A namespace for FDB tests with IPv6 off, so no multicast entries come and go on the ports while a test compares.</summary>
    internal static (string Ns, NetClient Client) Quiet(Lab lab, string role)
    {
        var (ns, c) = lab.CreateWithClient(role);
        Ip.Exec("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
        return (ns, c);
    }

    /// <summary>A namespace with bridge br0 and port p0 (veth to p1), up; learning on.</summary>
    private static (string Ns, NetClient Client) Bridge(Lab lab)
    {
        var (ns, c) = Quiet(lab, "br");
        Ip.Run($"-n {ns} link add br0 type bridge");
        Ip.Run($"-n {ns} link add p0 type veth peer name p1");
        Ip.Run($"-n {ns} link set p0 master br0");
        foreach (var l in new[] { "br0", "p0", "p1" }) Ip.Run($"-n {ns} link set {l} up");
        return (ns, c);
    }

    [Fact]
    public void List_MatchesBridgeFdbShow_EntryForEntry()
    {
        using var lab = new Lab();
        var (ns, c) = Bridge(lab);
        Ip.Exec("bridge", "-n", ns, "fdb", "add", "02:00:00:00:00:31", "dev", "p0", "master", "static");
        var ours = c.Fdb.List();
        var oracle = BridgeFdb(ns);
        Assert.Equal(oracle.Count, ours.Count);
        foreach (var e in oracle)
        {
            var o = Assert.Single(ours, x => x.MacAddress == e.GetProperty("mac").GetString() && x.Interface == e.GetProperty("ifname").GetString()
                && x.Bridge == (e.TryGetProperty("master", out var m) ? m.GetString() : null)
                && ((x.Flags & BridgeFdbFlags.Self) != 0) == e.GetProperty("flags").EnumerateArray().Any(f => f.GetString() == "self"));
            string state = e.TryGetProperty("state", out var s) ? s.GetString()! : "";
            Assert.Equal(state == "" ? "dynamic" : state, o.State.ToString().ToLowerInvariant());
        }
        Assert.All(c.Fdb.List(bridge: "br0"), e => Assert.True(e.Bridge == "br0" || e.Interface == "br0"));
        Assert.All(c.Fdb.List("p0"), e => Assert.Equal("p0", e.Interface));
    }

    [Fact]
    public void AddStaticOnPort_GoesToTheBridgeTable_FindAndRemove()
    {
        using var lab = new Lab();
        var (ns, c) = Bridge(lab);
        var spec = new FdbSpec { MacAddress = "02:00:00:00:00:41", Interface = "p0" };
        c.Fdb.Add(spec);
        var e = Assert.Single(BridgeFdb(ns, "dev", "p0"), x => x.GetProperty("mac").GetString() == "02:00:00:00:00:41");
        Assert.Equal("br0", e.GetProperty("master").GetString());
        Assert.Equal("static", e.GetProperty("state").GetString());
        var found = c.Fdb.Find(spec)!;
        Assert.Equal("br0", found.Bridge);
        Assert.Equal(BridgeFdbState.Static, found.State);
        Assert.Equal("master", found.Table);

        Assert.Equal(ErrorIds.FdbEntryExists, Assert.Throws<NetOperationException>(() => c.Fdb.Add(spec)).ErrorId);
        c.Fdb.Remove(spec);
        Assert.DoesNotContain(BridgeFdb(ns), x => x.GetProperty("mac").GetString() == "02:00:00:00:00:41");
        Assert.Equal(ErrorIds.FdbEntryNotFound, Assert.Throws<NetOperationException>(() => c.Fdb.Remove(spec)).ErrorId);
    }

    [Fact]
    public void LearnedEntries_AreDynamic_WithTheirAge()
    {
        using var lab = new Lab();
        var (ns, c) = Quiet(lab, "learn");
        var h = lab.Create("h");
        Ip.Run($"-n {ns} link add br0 type bridge");
        Ip.Run($"-n {ns} link set br0 up");
        Ip.Run($"-n {ns} addr add 10.97.0.1/24 dev br0");
        Ip.Run($"-n {ns} link add p0 type veth peer name h0 netns {h}");
        Ip.Run($"-n {ns} link set p0 master br0");
        Ip.Run($"-n {ns} link set p0 up");
        Ip.Run($"-n {h} addr add 10.97.0.2/24 dev h0");
        Ip.Run($"-n {h} link set h0 up");
        Assert.True(Ip.Ping(h, "10.97.0.1"));
        var mac = Ip.Links(h)["h0"].GetProperty("address").GetString();
        var learned = Assert.Single(c.Fdb.List("p0"), e => e.MacAddress == mac);
        Assert.Equal(BridgeFdbState.Dynamic, learned.State);
        Assert.Equal("br0", learned.Bridge);
        Assert.NotNull(learned.UpdatedSecondsAgo);
        Assert.InRange(learned.UpdatedSecondsAgo!.Value, 0, 60);
    }

    [Fact]
    public void VxlanHeadEndReplication_RemotesAreAppended_AndRemovedOneByOne()
    {
        using var lab = new Lab();
        var (ns, c) = Quiet(lab, "vx");
        Ip.Run($"-n {ns} link add vx0 type vxlan id 42 dstport 4789 local 10.96.0.1 nolearning");
        foreach (var remote in new[] { "10.96.0.2", "10.96.0.3" })
            c.Fdb.Add(new FdbSpec { MacAddress = "00:00:00:00:00:00", Interface = "vx0", Destination = IPAddress.Parse(remote) });
        c.Fdb.Add(new FdbSpec { MacAddress = "02:00:00:00:00:51", Interface = "vx0", Destination = IPAddress.Parse("10.96.0.2"), DestinationPort = 4790, Vni = 43 });

        var oracle = BridgeFdb(ns, "dev", "vx0");
        Assert.Equal(["10.96.0.2", "10.96.0.3"], oracle.Where(e => e.GetProperty("mac").GetString() == "00:00:00:00:00:00").Select(e => e.GetProperty("dst").GetString()).Order());
        var one = Assert.Single(oracle, e => e.GetProperty("mac").GetString() == "02:00:00:00:00:51");
        Assert.Equal(4790, one.GetProperty("port").GetInt32());
        Assert.Equal(43, one.GetProperty("vni").GetInt32());

        var ours = c.Fdb.List("vx0");
        Assert.Equal(oracle.Count, ours.Count);
        var entry = Assert.Single(ours, e => e.MacAddress == "02:00:00:00:00:51");
        Assert.Equal(IPAddress.Parse("10.96.0.2"), entry.RemoteAddress);
        Assert.Equal(4790, entry.RemotePort);
        Assert.Equal(43u, entry.Vni);
        Assert.Equal("self", entry.Table);

        var dup = Assert.Throws<NetOperationException>(() => c.Fdb.Add(new FdbSpec { MacAddress = "00:00:00:00:00:00", Interface = "vx0", Destination = IPAddress.Parse("10.96.0.3") }));
        Assert.Equal(ErrorIds.FdbEntryExists, dup.ErrorId);

        c.Fdb.Remove(new FdbSpec { MacAddress = "00:00:00:00:00:00", Interface = "vx0", Destination = IPAddress.Parse("10.96.0.3") });
        Assert.Equal(["10.96.0.2"], BridgeFdb(ns, "dev", "vx0").Where(e => e.GetProperty("mac").GetString() == "00:00:00:00:00:00").Select(e => e.GetProperty("dst").GetString()));
    }

    [Fact]
    public void BadInput_IsRefusedBeforeTheKernel_AndNothingChanges()
    {
        using var lab = new Lab();
        var (ns, c) = Bridge(lab);
        var before = BridgeFdb(ns).Count;
        void Refused(FdbSpec spec, string id) => Assert.Equal(id, Assert.Throws<NetOperationException>(() => c.Fdb.Add(spec)).ErrorId);
        Refused(new FdbSpec { MacAddress = "02:00:00:00:00", Interface = "p0" }, ErrorIds.InvalidMacAddress);
        Refused(new FdbSpec { MacAddress = "02:00:00:00:00:01", Interface = "p0", Vlan = 4095 }, ErrorIds.InvalidVlanId);
        Refused(new FdbSpec { MacAddress = "02:00:00:00:00:01", Interface = "p0", Vlan = 0 }, ErrorIds.InvalidVlanId);
        Refused(new FdbSpec { MacAddress = "02:00:00:00:00:01", Interface = "nolink" }, ErrorIds.LinkNotFound);
        Refused(new FdbSpec { MacAddress = "02:00:00:00:00:01", Interface = "p0", Destination = IPAddress.Parse("10.0.0.1") }, ErrorIds.ParameterConflict);
        Refused(new FdbSpec { MacAddress = "02:00:00:00:00:01", Interface = "br0", State = BridgeFdbState.Static }, ErrorIds.ParameterConflict);
        Refused(new FdbSpec { MacAddress = "02:00:00:00:00:01", Interface = "p1", Self = false }, ErrorIds.NotABridgePort);
        Assert.Equal(ErrorIds.BridgeNotFound, Assert.Throws<NetOperationException>(() => c.Fdb.List(bridge: "nobr")).ErrorId);
        Assert.Equal(ErrorIds.NotABridge, Assert.Throws<NetOperationException>(() => c.Fdb.List(bridge: "p0")).ErrorId);
        Assert.Equal(before, BridgeFdb(ns).Count);
    }

    [Fact]
    public void AddMany_AddsThousandsOfEntries()
    {
        using var lab = new Lab();
        var (ns, c) = Bridge(lab);
        var specs = Enumerable.Range(0, 3000).Select(i => new FdbSpec { MacAddress = $"02:00:00:01:{i / 256:x2}:{i % 256:x2}", Interface = "p0" }).ToList();
        var outcomes = c.Fdb.AddMany(specs);
        Assert.All(outcomes, Assert.Null);
        Assert.Equal(3000, BridgeFdb(ns, "dev", "p0").Count(e => e.GetProperty("mac").GetString()!.StartsWith("02:00:00:01:")));
        Assert.Equal(3000, c.Fdb.List("p0").Count(e => e.MacAddress.StartsWith("02:00:00:01:")));
    }
}
