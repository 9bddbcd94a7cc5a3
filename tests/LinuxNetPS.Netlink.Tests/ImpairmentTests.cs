using LinuxNetPS.Model;
using System.Text.Json;
using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Impairment;
using LinuxNetPS.Links;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

/// <summary>
/// Link impairment against the real kernel, with `tc -j -d qdisc show` as the oracle, in lab namespaces only.
/// This machine's kernel has tbf but no sch_netem: rate limits are checked end to end here, netem's impairments
/// through tc's own bytes (ImpairmentGoldenTests) and, on a kernel with netem, by the branch that finds it.
/// </summary>
public class ImpairmentTests
{
    private static (string Ns, NetClient Client) Veth(Lab lab)
    {
        var (ns, c) = lab.CreateWithClient("a");
        c.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1", Up = true, PeerUp = true });
        return (ns, c);
    }

    /// <summary>`tc -n NS -j [-d] qdisc show dev LINK`.</summary>
    private static List<JsonElement> Tc(string? ns, string link, bool details = true)
    {
        var args = new List<string>();
        if (ns is not null) args.AddRange(["-n", ns]);
        args.Add("-j");
        if (details) args.Add("-d");
        args.AddRange(["qdisc", "show", "dev", link]);
        var (code, stdout, stderr) = Ip.Exec("tc", args.ToArray());
        Assert.True(code == 0, $"tc failed: {stderr}");
        return JsonDocument.Parse(string.IsNullOrWhiteSpace(stdout) ? "[]" : stdout).RootElement.EnumerateArray().ToList();
    }

    private static JsonElement Root(string ns, string link) => Tc(ns, link).Single(q => q.TryGetProperty("root", out var r) && r.GetBoolean());

    private static string RootKind(string ns, string link) => Root(ns, link).GetProperty("kind").GetString()!;

    private static void RunTc(string ns, string args)
    {
        var (code, _, stderr) = Ip.Exec("tc", ["-n", ns, .. args.Split(' ')]);
        Assert.True(code == 0, $"tc {args} failed: {stderr}");
    }

    /// <summary>Whether the kernel knows netem (tried by tc itself on a lab link, then undone).</summary>
    private static bool KernelHasNetem(string ns, string link)
    {
        bool has = Ip.Exec("tc", "-n", ns, "qdisc", "replace", "dev", link, "root", "netem", "delay", "1ms").Code == 0;
        if (has) Ip.Exec("tc", "-n", ns, "qdisc", "del", "dev", link, "root");
        return has;
    }

    [Fact]
    public void RateAlone_IsATbfTheKernelReportsAsAsked()
    {
        using var lab = new Lab();
        var (ns, c) = Veth(lab);
        var set = c.Impairments.Set("v0", new LinkImpairmentSpec { RateBitsPerSecond = 1_000_000 });

        var root = Root(ns, "v0");
        Assert.Equal("tbf", root.GetProperty("kind").GetString());
        Assert.Equal(125_000, root.GetProperty("options").GetProperty("rate").GetInt64()); // bytes per second
        var plain = Tc(ns, "v0", details: false).Single(q => q.GetProperty("root").GetBoolean());
        Assert.Equal((long)QdiscCodec.TbfBurst(125_000), plain.GetProperty("options").GetProperty("burst").GetInt64());
        Assert.Equal(root.GetProperty("handle").GetString(), set.Handle);

        Assert.Equal(("tbf", 1_000_000ul, ns, "v0"), (set.Kind, set.Rate!.Value, set.Namespace, set.Interface));
        Assert.Equal(QdiscCodec.TbfBurst(125_000), set.BurstBytes);
        Assert.Null(set.Delay);
        Assert.Null(set.LossPercent);
        Assert.Equal(new LinkImpairmentSpec { RateBitsPerSecond = 1_000_000 }, set.ToSpec());
        Assert.Equal("noqueue", RootKind(ns, "v1")); // the other end is untouched
    }

    [Fact]
    public void Set_WorksOnALinkThatIsDown_AndGetReadsIt()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        c.Links.CreateVeth(new VethSpec { Name = "d0", PeerName = "d1" });
        var set = c.Impairments.Set("d0", new LinkImpairmentSpec { RateBitsPerSecond = 40_000_000_000 }); // tbf's RATE64
        Assert.Equal("tbf", RootKind(ns, "d0"));
        Assert.Equal(5_000_000_000, Root(ns, "d0").GetProperty("options").GetProperty("rate").GetInt64());
        Assert.Equal(40_000_000_000ul, set.Rate);
        Assert.Equal(set, c.Impairments.Get("d0"));
        Assert.Null(c.Impairments.Get("d1"));
        Assert.True(c.Impairments.TryRemove("d0"));
        Assert.Null(c.Impairments.Get("d0"));
    }

    [Fact]
    public void Set_Replaces_AndTheSameSpecTwiceLeavesOneQdiscWithTheSameSettings()
    {
        using var lab = new Lab();
        var (ns, c) = Veth(lab);
        c.Impairments.Set("v0", new LinkImpairmentSpec { RateBitsPerSecond = 5_000_000 });
        var first = c.Impairments.Set("v0", new LinkImpairmentSpec { RateBitsPerSecond = 2_000_000 });
        var second = c.Impairments.Set("v0", new LinkImpairmentSpec { RateBitsPerSecond = 2_000_000 });

        var qdiscs = Tc(ns, "v0");
        Assert.Single(qdiscs);
        Assert.Equal(250_000, qdiscs[0].GetProperty("options").GetProperty("rate").GetInt64());
        Assert.Equal(first with { Handle = second.Handle }, second);
        Assert.Equal(second, c.Impairments.Get("v0"));
        Assert.Single(c.Impairments.List());
    }

    [Fact]
    public void Get_ReadsATbfMadeByTc_AndIgnoresOtherQdiscs()
    {
        using var lab = new Lab();
        var (ns, c) = Veth(lab);
        RunTc(ns, "qdisc add dev v0 root tbf rate 2mbit burst 32kbit latency 400ms");
        RunTc(ns, "qdisc add dev v1 root htb");

        var got = c.Impairments.Get("v0");
        Assert.NotNull(got);
        Assert.Equal("tbf", got.Kind);
        Assert.Equal(2_000_000ul, got.Rate);
        Assert.Equal(4096ul, got.BurstBytes); // 32 kbit
        Assert.Equal(Root(ns, "v0").GetProperty("handle").GetString(), got.Handle);
        Assert.Null(c.Impairments.Get("v1"));            // htb is not an impairment
        Assert.Null(c.Impairments.Get("lo"));
        Assert.Equal(["v0"], c.Impairments.List().Select(i => i.Interface));

        var e = Assert.Throws<NetOperationException>(() => c.Impairments.Remove("v1"));
        Assert.Equal(ErrorIds.LinkImpairmentNotFound, e.ErrorId);
        Assert.Equal("htb", RootKind(ns, "v1")); // a qdisc that is not ours to remove stays
    }

    [Fact]
    public void Get_ReadsATbfWithTheHandleTcGaveIt()
    {
        using var lab = new Lab();
        var (ns, c) = Veth(lab);
        RunTc(ns, "qdisc add dev v0 root handle 1: tbf rate 3mbit burst 16kb latency 50ms");
        var got = c.Impairments.Get("v0")!;
        Assert.Equal("tbf", got.Kind);
        Assert.Equal("1:", got.Handle);
        Assert.Equal(3_000_000ul, got.Rate);
        Assert.Equal(16_384ul, got.BurstBytes); // the kernel keeps ticks, truncated: read back rounded
    }

    [Fact]
    public void Remove_RestoresTheDefault_AndASecondRemoveIsLinkImpairmentNotFound()
    {
        using var lab = new Lab();
        var (ns, c) = Veth(lab);
        c.Impairments.Set("v0", new LinkImpairmentSpec { RateBitsPerSecond = 10_000_000 });
        c.Impairments.Remove("v0");
        Assert.Equal("noqueue", RootKind(ns, "v0"));
        Assert.Null(c.Impairments.Get("v0"));
        Assert.Empty(c.Impairments.List());

        var e = Assert.Throws<NetOperationException>(() => c.Impairments.Remove("v0"));
        Assert.Equal((NetErrorKind.NotFound, ErrorIds.LinkImpairmentNotFound), (e.Kind, e.ErrorId));
        Assert.False(c.Impairments.TryRemove("v0"));
    }

    [Fact]
    public void NetemImpairments_WorkWhereTheKernelHasNetem_AndAreAClearNotSupportedWhereItHasNot()
    {
        using var lab = new Lab();
        var (ns, c) = Veth(lab);
        bool netem = KernelHasNetem(ns, "v0");
        c.Impairments.Set("v0", new LinkImpairmentSpec { RateBitsPerSecond = 1_000_000 });
        var spec = new LinkImpairmentSpec { Delay = TimeSpan.FromMilliseconds(100), Jitter = TimeSpan.FromMilliseconds(10), LossPercent = 1, RateBitsPerSecond = 10_000_000 };
        if (netem)
        {
            var set = c.Impairments.Set("v0", spec);
            Assert.Equal("netem", RootKind(ns, "v0"));
            var delay = Root(ns, "v0").GetProperty("options").GetProperty("delay");
            Assert.Equal(0.1, delay.GetProperty("delay").GetDouble(), 6);
            Assert.Equal(0.01, delay.GetProperty("jitter").GetDouble(), 6);
            Assert.Equal(spec, set.ToSpec());
        }
        else
        {
            var e = Assert.Throws<NetOperationException>(() => c.Impairments.Set("v0", spec));
            Assert.Equal((NetErrorKind.NotSupported, ErrorIds.QdiscKindNotSupported), (e.Kind, e.ErrorId));
            Assert.Contains("netem", e.Message);
            Assert.Contains("CONFIG_NET_SCH_NETEM", e.Message);
            // The failed replace left the earlier impairment as it was.
            Assert.Equal("tbf", RootKind(ns, "v0"));
            Assert.Equal(1_000_000ul, c.Impairments.Get("v0")!.Rate);
        }
    }

    [Fact]
    public void BadInput_IsRefused_AndNothingChanges()
    {
        using var lab = new Lab();
        var (ns, c) = Veth(lab);
        var before = Tc(ns, "v0").Select(q => q.ToString()).ToList();

        var invalid = Assert.Throws<NetOperationException>(() => c.Impairments.Set("v0", new LinkImpairmentSpec { LossPercent = 101 }));
        Assert.Equal(ErrorIds.InvalidImpairment, invalid.ErrorId);
        var jitter = Assert.Throws<NetOperationException>(() => c.Impairments.Set("v0", new LinkImpairmentSpec { Jitter = TimeSpan.FromMilliseconds(1) }));
        Assert.Equal(ErrorIds.InvalidImpairment, jitter.ErrorId);

        var missing = Assert.Throws<NetOperationException>(() => c.Impairments.Set("nope0", new LinkImpairmentSpec { RateBitsPerSecond = 1_000_000 }));
        Assert.Equal((NetErrorKind.NotFound, ErrorIds.LinkNotFound), (missing.Kind, missing.ErrorId));
        Assert.Equal(ErrorIds.LinkNotFound, Assert.Throws<NetOperationException>(() => c.Impairments.Get("nope0")).ErrorId);
        Assert.Equal(ErrorIds.LinkNotFound, Assert.Throws<NetOperationException>(() => c.Impairments.Remove("nope0")).ErrorId);
        Assert.Equal(ErrorIds.InterfaceNameTooLong, Assert.Throws<NetOperationException>(() => c.Impairments.Get("a-name-far-too-long")).ErrorId);

        var ns404 = Assert.Throws<NetOperationException>(() => NetClient.For(lab.Ns("missing")).Impairments.List());
        Assert.Equal(ErrorIds.NamespaceNotFound, ns404.ErrorId);

        Assert.Equal(before, Tc(ns, "v0").Select(q => q.ToString()).ToList());
    }

    [Fact]
    public void ImpairingALabLink_NeverTouchesTheHostNamespace()
    {
        string HostQdiscs() => Ip.Exec("tc", "-j", "qdisc", "show").Out;
        var host = HostQdiscs();
        using var lab = new Lab();
        var (_, c) = Veth(lab);
        c.Impairments.Set("v0", new LinkImpairmentSpec { RateBitsPerSecond = 1_000_000 });
        c.Impairments.Set("v1", new LinkImpairmentSpec { RateBitsPerSecond = 2_000_000 });
        Assert.Equal(2, c.Impairments.List().Count);
        c.Impairments.Remove("v0");
        Assert.Equal(host, HostQdiscs());
        Assert.DoesNotContain(NetClient.Host.Impairments.List(), i => i.Interface is "v0" or "v1");
    }
}
