using LinuxNetPS.Client;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Nftables;
using LinuxNetPS.Tests.Support;
using static LinuxNetPS.Tests.NatTestKit;

namespace LinuxNetPS.Tests;

/// <summary>
/// The NAT table state kept per ruleset generation: calls one after another must not dump the table again (that made
/// Add-PortForward O(rules) per call), and whatever they report must be what the kernel has, checked with `nft -j`,
/// including after other writers changed the ruleset.
/// </summary>
public class NatStateCacheTests
{
    /// <summary>Id -> (prerouting or postrouting handle, output handle) of our rules as nft lists them.</summary>
    private static Dictionary<string, (ulong Main, ulong? Output)> KernelRules(string ns)
    {
        var result = new Dictionary<string, (ulong Main, ulong? Output)>();
        foreach (var rule in Rules(ns, "inet", "linuxnetps"))
        {
            if (!rule.TryGetProperty("comment", out var comment)) continue; // not ours (added by hand)
            var id = comment.GetString()!["linuxnetps:".Length..];
            ulong handle = rule.GetProperty("handle").GetUInt64();
            bool output = rule.GetProperty("chain").GetString() == "output";
            result.TryGetValue(id, out var seen);
            result[id] = output ? (seen.Main, handle) : (handle, seen.Output);
        }
        return result;
    }

    /// <summary>What List() says, in the same shape.</summary>
    private static Dictionary<string, (ulong Main, ulong? Output)> Listed(NatOperations nat) =>
        nat.List().ToDictionary(r => r.Id, r => (r.Handle, r.OutputHandle));

    [Fact]
    public void Calls_one_by_one_read_the_table_once_and_report_what_the_kernel_has()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var nat = lab.Client("h").Nat;
        int before = nat.TableReads;

        var changes = new List<NatChange>();
        for (int i = 0; i < 30; i++)
            changes.Add(nat.AddPortForward(i % 2 == 0 ? "tcp" : "udp", (10000 + i).ToString(), $"192.168.0.{i + 1}", toPort: i % 3 == 0 ? 80 : null));
        changes.Add(nat.EnableMasquerade("10.10.0.0/16", excludeOutInterface: "br0")); // creates the postrouting chain
        changes.Add(nat.AddSourceNat("10.20.0.0/24", "192.0.2.7"));
        nat.RemovePortForward("tcp", "10004");
        changes.Add(nat.AddPortForward("tcp", "10004", "192.168.9.9"));
        Assert.False(nat.AddPortForward("udp", "10001", "192.168.0.2").Added); // already there: nothing sent
        _ = nat.CheckForwardPath();

        // Only the first call read the table; every later state was worked out and confirmed with one rule.
        Assert.Equal(1, nat.TableReads - before);
        var kernel = KernelRules(ns);
        Assert.Equal(32, kernel.Count);
        Assert.Equal(kernel.OrderBy(k => k.Key), Listed(nat).OrderBy(k => k.Key));
        changes.RemoveAt(4); // tcp 10004 was removed and added again with another target: its first handles are gone
        foreach (var change in changes)
            Assert.Equal(kernel[change.Rule.Id], (change.Rule.Handle, change.Rule.OutputHandle));
        // And the order is the kernel's chain order, as a fresh read (nothing cached) gives it.
        var fresh = new LinuxNetPsTable(NetClient.For(ns).Session).Read().Rules.Select(r => r.Id).Distinct();
        Assert.Equal(fresh, nat.List().Select(r => r.Id));
    }

    [Fact]
    public void Removing_the_last_rule_and_adding_again_stays_exact()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var nat = lab.Client("h").Nat;
        nat.AddPortForward("tcp", "5000", "192.168.1.10");
        nat.RemovePortForward("tcp", "5000"); // deletes the table
        Assert.Empty(nat.List());
        Assert.DoesNotContain("linuxnetps", Nft(ns, "list", "tables"));
        var again = nat.AddPortForward("tcp", "5000", "192.168.1.11");
        Assert.True(again.Added);
        Assert.Equal(KernelRules(ns)[again.Rule.Id], (again.Rule.Handle, again.Rule.OutputHandle));
    }

    [Fact]
    public void Changes_by_other_writers_are_seen()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var nat = lab.Client("h").Nat;
        var a = nat.AddPortForward("tcp", "5000", "192.168.1.10");
        var b = nat.AddPortForward("tcp", "5001", "192.168.1.11");

        // Another table (a firewall): the generation moves, our table does not change.
        Nft(ns, "add table ip somebody");
        Assert.Equal(2, nat.List().Count);

        // Somebody deletes one of our rules by hand: the next call sees it gone.
        Nft(ns, $"delete rule inet linuxnetps prerouting handle {a.Rule.Handle}");
        Nft(ns, $"delete rule inet linuxnetps output handle {a.Rule.OutputHandle}");
        Assert.Equal([b.Rule.Id], nat.List().Select(r => r.Id));

        // And adds a rule to our table by hand (it takes a handle the cache cannot know of): still exact.
        Nft(ns, "add rule inet linuxnetps prerouting tcp dport 7777 accept");
        var c = nat.AddPortForward("tcp", "5002", "192.168.1.12");
        Assert.Equal(KernelRules(ns)[c.Rule.Id], (c.Rule.Handle, c.Rule.OutputHandle));
        Assert.Equal(new[] { b.Rule.Id, c.Rule.Id }.Order(), nat.List().Select(r => r.Id).Order());
    }

    [Fact]
    public void A_rule_deleted_by_hand_between_two_calls_is_seen_and_adding_stays_idempotent()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var nat = lab.Client("h").Nat;
        var first = nat.AddPortForward("tcp", "5000", "192.168.1.10");
        Assert.True(first.Added);
        int reads = nat.TableReads;
        Assert.False(nat.AddPortForward("tcp", "5000", "192.168.1.10").Added); // the cached state says it is there
        Assert.Equal(reads, nat.TableReads);

        // nft deletes both kernel rules of the forward: the generation moves, the next call reads the table again and adds it back.
        Nft(ns, $"delete rule inet linuxnetps prerouting handle {first.Rule.Handle}");
        Nft(ns, $"delete rule inet linuxnetps output handle {first.Rule.OutputHandle}");
        var again = nat.AddPortForward("tcp", "5000", "192.168.1.10");
        Assert.True(again.Added);
        Assert.True(nat.TableReads > reads);
        Assert.Equal(KernelRules(ns)[again.Rule.Id], (again.Rule.Handle, again.Rule.OutputHandle));
        reads = nat.TableReads;
        Assert.False(nat.AddPortForward("tcp", "5000", "192.168.1.10").Added);
        Assert.Equal(reads, nat.TableReads); // known again without a dump

        // A change elsewhere in the ruleset moves the generation too: the rule is still found, nothing is added twice,
        // and the same traffic sent elsewhere is still a conflict.
        Nft(ns, "add table ip somebody");
        Assert.False(nat.AddPortForward("tcp", "5000", "192.168.1.10").Added);
        var conflict = Assert.Throws<LinuxNetPS.Errors.NetOperationException>(() => nat.AddPortForward("tcp", "5000", "192.168.1.99"));
        Assert.Equal(LinuxNetPS.Errors.ErrorIds.NatRuleConflict, conflict.ErrorId);
        Assert.Single(KernelRules(ns));
        Assert.Equal(2, Rules(ns, "inet", "linuxnetps").Count);
    }

    [Fact]
    public void The_state_worked_out_after_nat_and_firewall_changes_is_what_a_fresh_read_gives()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var client = lab.Client("h");
        var nat = client.Nat;
        for (int i = 0; i < 20; i++) nat.AddPortForward("tcp", (6000 + i).ToString(), $"192.168.2.{i + 1}");
        // Firewall rules go in before others of their chain (inserted, not appended) through the same table state.
        client.Firewall.Add([new FirewallRuleRequest { Name = "late", Protocol = "TCP", LocalPort = ["80"], Action = FirewallAction.Block, Priority = 500 }]);
        client.Firewall.Add([new FirewallRuleRequest { Name = "early", Protocol = "TCP", LocalPort = ["22"], Action = FirewallAction.Block, Priority = 100 }]);
        client.Firewall.Add([new FirewallRuleRequest { Name = "mid", Protocol = "UDP", LocalPort = ["53"], Action = FirewallAction.Allow, Priority = 300 }]);
        for (int i = 0; i < 20; i += 3) nat.RemovePortForward("tcp", (6000 + i).ToString());
        nat.EnableMasquerade("10.10.0.0/16");
        nat.AddPortForward("udp", "7000", "fd00::7");
        client.Firewall.Remove("mid");

        var cached = LinuxNetPsTable.For(client.Session).Read();
        var fresh = new LinuxNetPsTable(client.Session).Read();
        Assert.Equal(fresh.Generation, cached.Generation);
        Assert.Equal(fresh.Rules, cached.Rules);
        Assert.Equal(fresh.Rules.Count, cached.Index.Count);
        Assert.Equal(fresh.ChainOrder, cached.ChainOrder);
        foreach (var rule in fresh.Rules.Where(r => r.Id is not null))
            Assert.Equal(fresh.Rules.Where(r => r.Id == rule.Id), cached.Index.WithId(rule.Id!));
        Assert.Equal(new[] { "fw-early", "fw-late" }, Rules(ns, "inet", "linuxnetps").Where(r => r.GetProperty("chain").GetString() == "input")
            .Select(r => r.GetProperty("comment").GetString()!["linuxnetps:".Length..].Split(' ')[0]));
    }

    [Fact]
    public void CheckForwardPath_only_new_says_each_warning_once_per_namespace()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var nat = lab.Client("h").Nat;
        var said = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            nat.AddPortForward("tcp", (5000 + i).ToString(), "192.168.1.10");
            said.AddRange(nat.CheckForwardPath(onlyNew: true));
        }
        Assert.Contains("IPv4 forwarding is off", Assert.Single(said));
        Assert.Single(nat.CheckForwardPath()); // still true, and said to whoever asks for all warnings

        // A new family is a new warning, once; so is another table's forward chain that drops.
        nat.AddPortForward("tcp", "5000", "fd00::10");
        Assert.Contains("IPv6 forwarding is off", Assert.Single(nat.CheckForwardPath(onlyNew: true)));
        Assert.Empty(nat.CheckForwardPath(onlyNew: true));
        Nft(ns, "add table ip filter");
        Nft(ns, "add chain ip filter FORWARD { type filter hook forward priority 0; policy drop; }");
        Assert.Contains("'ip filter' chain 'FORWARD'", Assert.Single(nat.CheckForwardPath(onlyNew: true)));
        Assert.Empty(nat.CheckForwardPath(onlyNew: true));
        Assert.Equal(3, nat.CheckForwardPath().Count);
    }
}
