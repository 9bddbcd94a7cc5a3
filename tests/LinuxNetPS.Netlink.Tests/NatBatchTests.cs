using System.Text.Json;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Nftables;
using LinuxNetPS.Tests.Support;
using static LinuxNetPS.Tests.NatTestKit;

namespace LinuxNetPS.Tests;

/// <summary>Many NAT rules in one nf_tables transaction (AddMany / AddPortForwards), checked with `nft -j list ruleset`.</summary>
public class NatBatchTests
{
    /// <summary>N distinct port forwards: tcp and udp alternating, ports from 10000, targets spread over 192.168.x.y, every third with another target port.</summary>
    private static List<PortForwardRequest> Forwards(int count, int firstPort = 10000) =>
        Enumerable.Range(0, count).Select(i => new PortForwardRequest(
            i % 2 == 0 ? "tcp" : "udp", (firstPort + i).ToString(), $"192.168.{i / 250}.{i % 250 + 1}",
            ToPort: i % 3 == 0 ? 8000 + i % 100 : null)).ToList();

    /// <summary>What a request means in the words we read from nft: "tcp 10000 -> 192.168.0.1:8000" (the port kept when none is given).</summary>
    private static string Expected(PortForwardRequest r) => $"{r.Protocol} {r.Port} -> {r.ToAddress}:{r.ToPort ?? int.Parse(r.Port)}";

    /// <summary>The same, read from one rule of `nft -j`: its protocol and dport match and its dnat statement.</summary>
    private static string Described(JsonElement rule)
    {
        string? protocol = null, address = null;
        int? port = null, toPort = null;
        foreach (var e in rule.GetProperty("expr").EnumerateArray())
        {
            if (e.TryGetProperty("match", out var m) && m.GetProperty("left").TryGetProperty("payload", out var p)
                && p.TryGetProperty("field", out var f) && f.GetString() == "dport")
            {
                protocol = p.GetProperty("protocol").GetString();
                port = m.GetProperty("right").GetInt32();
            }
            if (e.TryGetProperty("dnat", out var d))
            {
                address = d.GetProperty("addr").GetString();
                toPort = d.TryGetProperty("port", out var tp) ? tp.GetInt32() : null;
            }
        }
        return $"{protocol} {port} -> {address}:{toPort ?? port}";
    }

    /// <summary>The whole ruleset as `nft -j` prints it: a batch that fails must leave this text exactly as it was.</summary>
    private static string RulesetText(string ns) => Nft(ns, "-j", "list", "ruleset");

    /// <summary>
    /// Makes our output chain a filter chain, as if somebody else had: the kernel then refuses every forward's output
    /// rule (a dnat in a filter chain) while accepting its prerouting rule, so it must roll a batch back.
    /// </summary>
    private static void MakeOurOutputChainAFilterChain(string ns)
    {
        Nft(ns, "add table inet linuxnetps");
        Nft(ns, "add chain inet linuxnetps output { type filter hook output priority 0; }");
    }

    /// <summary>After a refused batch every answer must have been read or discarded: with the blocking table gone, the same socket adds 1000 forwards.</summary>
    private static void AssertTheNextBatchWorks(string ns, NatOperations nat)
    {
        Nft(ns, "delete table inet linuxnetps");
        Assert.All(nat.AddPortForwards(Forwards(1000)), c => Assert.True(c.Added));
        Assert.Equal(2000, Rules(ns, "inet", "linuxnetps").Count);
    }

    [Fact]
    public void AddPortForwards_1000InOneBatch_AppearExactlyOnceEach_AndListRoundTrips()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var nat = lab.Client("h").Nat;
        var requests = Forwards(1000);

        var changes = nat.AddPortForwards(requests);

        Assert.Equal(1000, changes.Count);
        Assert.All(changes, c => Assert.True(c.Added));
        Assert.Equal(1000, changes.Select(c => c.Rule.Id).Distinct().Count());

        // nft: each forward is one prerouting and one output rule, each tagged with its id exactly once per chain,
        // and each says what its request said.
        var rules = Rules(ns, "inet", "linuxnetps");
        Assert.Equal(2000, rules.Count);
        foreach (var chain in new[] { "prerouting", "output" })
        {
            var inChain = rules.Where(r => r.GetProperty("chain").GetString() == chain).ToList();
            Assert.Equal(1000, inChain.Count);
            var byComment = inChain.ToDictionary(r => r.GetProperty("comment").GetString()!); // throws on a duplicate
            for (int i = 0; i < requests.Count; i++)
            {
                var rule = byComment["linuxnetps:" + changes[i].Rule.Id];
                Assert.Equal(Expected(requests[i]), Described(rule));
                var handle = rule.GetProperty("handle").GetUInt64();
                Assert.Equal(handle, chain == "prerouting" ? changes[i].Rule.Handle : changes[i].Rule.OutputHandle);
            }
        }

        // List() reads all 1000 back as the same rules, in chain order.
        var listed = nat.List();
        Assert.Equal(1000, listed.Count);
        Assert.Equal(changes.Select(c => c.Rule), listed);
        for (int i = 0; i < requests.Count; i++)
        {
            var r = listed[i];
            Assert.Equal(NatRuleKind.PortForward, r.Kind);
            Assert.Equal(Expected(requests[i]), $"{r.Protocol} {r.Port} -> {r.ToAddress}:{r.ToPort ?? int.Parse(r.Port!)}");
        }
        Assert.Equal(1000, nat.List(NatRuleKind.PortForward).Count);
        Assert.Empty(nat.List(NatRuleKind.Masquerade));
    }

    [Fact]
    public void AddPortForwards_Again_AddsNothing_AndAMixedBatchAddsOnlyTheNewOnes()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var nat = lab.Client("h").Nat;
        var first = Forwards(1000);
        nat.AddPortForwards(first);
        var before = RulesetText(ns);

        var again = nat.AddPortForwards(first);
        Assert.All(again, c => Assert.False(c.Added));
        Assert.Equal(before, RulesetText(ns)); // not even a handle changed

        // Half old, half new: only the new half is added, each once.
        var mixed = first.Skip(500).Concat(Forwards(500, firstPort: 20000)).ToList();
        var changes = nat.AddPortForwards(mixed);
        Assert.Equal(Enumerable.Repeat(false, 500).Concat(Enumerable.Repeat(true, 500)), changes.Select(c => c.Added));
        Assert.Equal(3000, Rules(ns, "inet", "linuxnetps").Count);
        Assert.Equal(1500, nat.List().Count);
    }

    [Fact]
    public void AddMany_MixesKinds_AndARepeatInTheListIsReportedAsThere()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var nat = lab.Client("h").Nat;
        var masq = NatRuleDefinition.Masquerade("10.10.0.0/16", excludeOutInterface: "br0");
        var snat = NatRuleDefinition.SourceNat("10.20.0.0/24", "192.0.2.7", "wan0");
        var fwd6 = NatRuleDefinition.PortForward("tcp", "443", "fd00::2", 8443);

        var changes = nat.AddMany([masq, snat, fwd6, NatRuleDefinition.Masquerade("10.10.0.9/16", excludeOutInterface: "br0")]);

        Assert.Equal(new[] { true, true, true, false }, changes.Select(c => c.Added));
        Assert.Equal(changes[0].Rule, changes[3].Rule);
        Assert.Equal(new[] { masq.Id, snat.Id, fwd6.Id, masq.Id }, changes.Select(c => c.Rule.Id));
        Assert.Equal(4, Rules(ns, "inet", "linuxnetps").Count); // masquerade, snat, and the forward's two rules
        Assert.Equal(3, Ruleset(ns, "chain").Count);
        Assert.Equal(new[] { NatRuleKind.Masquerade, NatRuleKind.SourceNat, NatRuleKind.PortForward }.Order(), nat.List().Select(r => r.Kind).Order());

        Assert.Empty(nat.AddMany([]));
        Assert.Equal(4, Rules(ns, "inet", "linuxnetps").Count);
    }

    public static IEnumerable<object[]> BadBatches() => new[]
    {
        new object[] { "port 70000", new PortForwardRequest("tcp", "70000", "192.168.9.9") },
        new object[] { "port 0", new PortForwardRequest("udp", "0", "192.168.9.9") },
        new object[] { "to port 70000", new PortForwardRequest("tcp", "30000", "192.168.9.9", 70000) },
        new object[] { "bad target", new PortForwardRequest("tcp", "30000", "192.168.9.300") },
        new object[] { "bad protocol", new PortForwardRequest("icmp", "30000", "192.168.9.9") },
        new object[] { "bad source", new PortForwardRequest("tcp", "30000", "192.168.9.9", Source: "10.0.0.0/40") },
        new object[] { "mixed families", new PortForwardRequest("tcp", "30000", "fd00::9", Destination: "10.0.0.1") },
    };

    [Theory]
    [MemberData(nameof(BadBatches))]
    public void AddPortForwards_WithOneBadRequest_IsInvalidArgument_NamesIt_AndChangesNothing(string why, PortForwardRequest bad)
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var nat = lab.Client("h").Nat;
        nat.AddPortForward("tcp", "80", "192.168.1.1"); // something there already, which must stay as it is
        var before = RulesetText(ns);
        var batch = Forwards(1000);
        batch[499] = bad;

        var e = Assert.Throws<NetOperationException>(() => nat.AddPortForwards(batch));

        Assert.True(e.Kind == NetErrorKind.InvalidArgument, $"{why}: {e.Kind} {e.Message}");
        Assert.Equal(0, e.Errno);
        Assert.Contains("#500 of 1000", e.Message);
        Assert.Contains("Nothing was added", e.Message);
        Assert.Equal(before, RulesetText(ns));
    }

    [Fact]
    public void AddPortForwards_WithANullRequest_IsInvalidArgument_AndChangesNothing()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var batch = Forwards(3);
        batch[1] = null!;
        var e = Assert.Throws<NetOperationException>(() => lab.Client("h").Nat.AddPortForwards(batch));
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("#2 of 3", e.Message);
        Assert.Empty(Ruleset(ns, "table"));
    }

    [Fact]
    public void ABatchConflictingWithAnExistingRule_IsAlreadyExists_AndChangesNothing()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var nat = lab.Client("h").Nat;
        var existing = nat.AddPortForward("tcp", "10500", "192.168.50.50").Rule;
        var before = RulesetText(ns);

        var e = Assert.Throws<NetOperationException>(() => nat.AddPortForwards(Forwards(1000))); // #501 is tcp 10500 elsewhere

        Assert.Equal(NetErrorKind.AlreadyExists, e.Kind);
        Assert.Contains(existing.Id, e.Message);
        Assert.Contains("192.168.50.50", e.Message);
        Assert.Contains("None of the 1000 rules was added", e.Message);
        Assert.Equal(before, RulesetText(ns));
    }

    [Fact]
    public void TwoRulesInOneBatch_ForTheSameTrafficToDifferentPlaces_AreInvalidArgument_AndChangeNothing()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var batch = Forwards(10);
        batch.Add(batch[3] with { ToAddress = "192.168.77.77" });

        var e = Assert.Throws<NetOperationException>(() => lab.Client("h").Nat.AddPortForwards(batch));

        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("#4", e.Message);
        Assert.Contains("#11", e.Message);
        Assert.Contains("192.168.77.77", e.Message);
        Assert.Empty(Ruleset(ns, "table"));
    }

    [Fact]
    public void AKernelRefusalOfEveryOtherMessage_InABigBatch_AppliesNothing_ReportsAll_AndLeavesTheSocketUsable()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        // 1000 output rules refused (1000 kernel errors), 1000 accepted prerouting rules to roll back.
        MakeOurOutputChainAFilterChain(ns);
        var before = RulesetText(ns);
        var nat = lab.Client("h").Nat;

        var e = Assert.Throws<NetOperationException>(() => nat.AddPortForwards(Forwards(1000)));

        Assert.Equal(NetErrorKind.NotSupported, e.Kind);
        Assert.Contains("add NAT rule", e.Message);
        // All 1000 output rules were refused (the kernel may refuse more), and every refusal was read.
        var more = System.Text.RegularExpressions.Regex.Match(e.Message, @"\((\d+) more request\(s\) in the same batch failed too\.\)");
        Assert.True(more.Success, e.Message);
        Assert.InRange(int.Parse(more.Groups[1].Value), 999, 2001);
        Assert.Equal(before, RulesetText(ns));

        // Every error was read: the same socket serves the next transaction correctly.
        AssertTheNextBatchWorks(ns, nat);
    }

    [Fact]
    public void TenThousandPortForwards_InOneBatch_DoNotOverflowTheSocket()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var nat = lab.Client("h").Nat;
        var requests = Forwards(10000);

        var changes = nat.AddPortForwards(requests);

        Assert.All(changes, c => Assert.True(c.Added));
        Assert.Equal(20000, Rules(ns, "inet", "linuxnetps").Count);
        Assert.Equal(10000, nat.List().Count);
        Assert.All(nat.AddPortForwards(requests), c => Assert.False(c.Added));
    }

    [Fact]
    public void ABatchTooBigForOneNetlinkMessage_IsResourceExhausted_AndChangesNothing()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var nat = lab.Client("h").Nat;
        nat.AddPortForward("tcp", "80", "192.168.1.1");
        var before = RulesetText(ns);

        // About 1.2 KB per port forward: 20000 are more than the 16 MiB a netlink message may have.
        var e = Assert.Throws<NetOperationException>(() => nat.AddPortForwards(Forwards(20000)));

        Assert.Equal(NetErrorKind.ResourceExhausted, e.Kind);
        Assert.Equal(90, e.Errno); // EMSGSIZE
        Assert.Contains("nothing changed", e.Message);
        Assert.Contains("fewer rules", e.Message);
        Assert.Equal(before, RulesetText(ns));
        Assert.True(nat.AddPortForwards(Forwards(10)).All(c => c.Added)); // the socket is fine
    }

    [Fact]
    public void SoManyKernelRefusals_ThatTheirErrorsOverflowTheSocket_AreReported_AndChangeNothing()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        MakeOurOutputChainAFilterChain(ns);
        var before = RulesetText(ns);
        var nat = lab.Client("h").Nat;

        // 14000 output rules refused (and the kernel refuses most prerouting ones after them): more errors than
        // the receive buffer holds, so some are dropped (ENOBUFS) and the end of the answers cannot be seen.
        var e = Assert.Throws<NetOperationException>(() => nat.AddPortForwards(Forwards(14000)));

        Assert.Equal(NetErrorKind.ResourceExhausted, e.Kind);
        Assert.Equal(105, e.Errno); // ENOBUFS
        Assert.Contains("nothing changed", e.Message);
        Assert.Contains("Operation not supported", e.Message); // the first refusal, which was read
        Assert.Equal(before, RulesetText(ns));

        // The rest of the answers was discarded: the next transaction on the same socket works.
        AssertTheNextBatchWorks(ns, nat);
    }
}
