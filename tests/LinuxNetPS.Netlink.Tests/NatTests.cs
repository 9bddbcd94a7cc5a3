using System.Net;
using System.Text.Json;
using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Nftables;
using LinuxNetPS.Tests.Support;
using static LinuxNetPS.Tests.NatTestKit;

namespace LinuxNetPS.Tests;

/// <summary>NAT rules against the real kernel, checked with `nft -j list ruleset` in lab namespaces.</summary>
public class NatTests
{
    [Fact]
    public void EnableMasquerade_CreatesOurTableWithOneRule_ThatNftReadsAsTheSameRule()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var change = lab.Client("h").Nat.EnableMasquerade("10.10.0.0/16", excludeOutInterface: "br0");

        Assert.True(change.Added);
        var rule = change.Rule;
        Assert.Equal(ns, rule.Namespace);
        Assert.Equal(NatRuleKind.Masquerade, rule.Kind);
        Assert.Equal(IPFamily.IPv4, rule.Family);
        Assert.Equal("10.10.0.0/16", rule.Source);
        Assert.Equal("br0", rule.ExcludeOutInterface);
        Assert.Null(rule.OutInterface);
        Assert.Equal("postrouting", rule.Chain);
        Assert.StartsWith("masq-", rule.Id);

        // nft sees exactly our table, its postrouting chain and one rule with our comment and handle.
        var tables = Ruleset(ns, "table");
        Assert.Equal("inet linuxnetps", Assert.Single(tables).GetProperty("family").GetString() + " " + tables[0].GetProperty("name").GetString());
        var chain = Assert.Single(Ruleset(ns, "chain"));
        Assert.Equal("postrouting", chain.GetProperty("name").GetString());
        Assert.Equal("nat", chain.GetProperty("type").GetString());
        Assert.Equal("postrouting", chain.GetProperty("hook").GetString());
        Assert.Equal(100, chain.GetProperty("prio").GetInt32());
        var nftRule = Assert.Single(Rules(ns, "inet", "linuxnetps"));
        Assert.Equal("linuxnetps:" + rule.Id, nftRule.GetProperty("comment").GetString());
        Assert.Equal(rule.Handle, nftRule.GetProperty("handle").GetUInt64());

        // The same statement written by nft in another table compiles to the same expressions.
        Nft(ns, "add", "table", "inet", "oracle");
        Nft(ns, "add chain inet oracle post { type nat hook postrouting priority srcnat; }");
        Nft(ns, "add rule inet oracle post ip saddr 10.10.0.0/16 oifname != \"br0\" masquerade");
        var oracle = Assert.Single(Rules(ns, "inet", "oracle"));
        Assert.Equal(oracle.GetProperty("expr").GetRawText(), nftRule.GetProperty("expr").GetRawText());
    }

    [Fact]
    public void EnableMasquerade_Twice_LeavesOneRule_AndSaysItWasThere()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var nat = lab.Client("h").Nat;
        var first = nat.EnableMasquerade("10.10.0.0/16", outInterface: "eth0");
        var second = nat.EnableMasquerade("10.10.0.5/16", outInterface: "eth0"); // host bits: same network

        Assert.True(first.Added);
        Assert.False(second.Added);
        Assert.Equal(first.Rule, second.Rule);
        Assert.Single(Rules(ns, "inet", "linuxnetps"));
        Assert.Single(nat.List());
    }

    [Fact]
    public void List_RoundTripsEveryKind_AndRemoveDeletesExactlyOne()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var nat = lab.Client("h").Nat;
        var masq = nat.EnableMasquerade("10.10.0.0/20").Rule;
        var masq6 = nat.EnableMasquerade("fd00:10::/64", outInterface: "wan0").Rule;
        var snat = nat.AddSourceNat("10.20.0.0/24", "192.0.2.7", "wan0").Rule;
        var fwd = nat.AddPortForward("udp", "8000-8010", "192.168.1.10", 9000, source: "10.0.0.0/8", destination: "10.9.9.9").Rule;
        var fwd6 = nat.AddPortForward("TCP", "80", "fd00::2").Rule;

        var listed = nat.List();
        Assert.Equal(new[] { masq, masq6, snat, fwd, fwd6 }.OrderBy(r => r.Id), listed.OrderBy(r => r.Id));
        Assert.Equal(5, listed.Select(r => r.Id).Distinct().Count());

        Assert.Equal(IPFamily.IPv6, masq6.Family);
        Assert.Equal("wan0", masq6.OutInterface);
        Assert.Equal(IPAddress.Parse("192.0.2.7"), snat.ToAddress);
        Assert.Equal(NatRuleKind.PortForward, fwd.Kind);
        Assert.Equal("udp", fwd.Protocol);
        Assert.Equal("8000-8010", fwd.Port);
        Assert.Equal("10.0.0.0/8", fwd.Source);
        Assert.Equal(IPAddress.Parse("10.9.9.9"), fwd.Destination);
        Assert.Equal(9000, fwd.ToPort);
        Assert.Equal("prerouting", fwd.Chain);
        Assert.NotNull(fwd.OutputHandle);
        Assert.Equal("tcp", fwd6.Protocol);
        Assert.Null(fwd6.ToPort);

        // 1 + 1 + 1 + 2 + 2 kernel rules; removing the udp forward deletes its two and nothing else.
        Assert.Equal(7, Rules(ns, "inet", "linuxnetps").Count);
        var removed = nat.Remove(fwd.Id);
        Assert.Equal(fwd, removed);
        var left = Rules(ns, "inet", "linuxnetps");
        Assert.Equal(5, left.Count);
        Assert.DoesNotContain(left, r => r.GetProperty("comment").GetString() == "linuxnetps:" + fwd.Id);
        Assert.Equal(new[] { masq, masq6, snat, fwd6 }.OrderBy(r => r.Id), nat.List().OrderBy(r => r.Id));
        Assert.Equal(new[] { fwd6 }, nat.List(NatRuleKind.PortForward));
        Assert.Equal(snat, nat.Get(snat.Id));
        Assert.Equal("ip6 saddr fd00:10::/64 oifname wan0 masquerade", masq6.ToString());
        Assert.Equal("tcp dport 80 dnat to fd00::2", fwd6.ToString());
        Assert.Equal("ip saddr 10.0.0.0/8 ip daddr 10.9.9.9 udp dport 8000-8010 dnat to 192.168.1.10:9000", fwd.ToString());
    }

    [Fact]
    public void EmptyChainsAndTheTable_AreDeletedWithTheirLastRule()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var nat = lab.Client("h").Nat;
        var masq = nat.EnableMasquerade("10.10.0.0/16").Rule;
        var fwd = nat.AddPortForward("tcp", "5000", "192.168.1.10").Rule;
        Assert.Equal(new[] { "output", "postrouting", "prerouting" }, Ruleset(ns, "chain").Select(c => c.GetProperty("name").GetString()).Order());

        nat.RemovePortForward("tcp", "5000", "192.168.1.10");
        Assert.Equal(new[] { "postrouting" }, Ruleset(ns, "chain").Select(c => c.GetProperty("name").GetString()));

        Assert.Equal(masq, nat.DisableMasquerade("10.10.0.0/16"));
        Assert.Empty(Ruleset(ns, "table"));
        Assert.Empty(nat.List());
        Assert.NotEqual(masq.Id, fwd.Id);
    }

    [Fact]
    public void OtherTables_AreNeverTouched_ByAddOrRemove()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        Nft(ns, "add table ip filter");
        Nft(ns, "add chain ip filter FORWARD { type filter hook forward priority 0; policy accept; }");
        Nft(ns, "add rule ip filter FORWARD ip saddr 10.1.0.0/16 counter accept");
        Nft(ns, "add table ip nat");
        Nft(ns, "add chain ip nat POSTROUTING { type nat hook postrouting priority srcnat; }");
        Nft(ns, "add rule ip nat POSTROUTING ip saddr 172.17.0.0/16 oifname != \"docker0\" masquerade");
        var before = OthersSnapshot(ns);

        var nat = lab.Client("h").Nat;
        var a = nat.EnableMasquerade("10.10.0.0/16").Rule;
        var b = nat.AddPortForward("tcp", "8080", "10.10.1.10", 80).Rule;
        Assert.Equal(before, OthersSnapshot(ns));
        // Rules of other tables are never listed as ours, even a masquerade.
        Assert.Equal(2, nat.List().Count);
        nat.Remove(a.Id);
        nat.Remove(b.Id);
        Assert.Equal(before, OthersSnapshot(ns));
        Assert.DoesNotContain(Ruleset(ns, "table"), t => t.GetProperty("name").GetString() == "linuxnetps");
    }

    [Fact]
    public void RulesOfOthersInOurTable_AreKept_AndKeepTheTable()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var nat = lab.Client("h").Nat;
        var masq = nat.EnableMasquerade("10.10.0.0/16").Rule;
        Nft(ns, "add rule inet linuxnetps postrouting ip saddr 10.99.0.0/16 masquerade comment \"by hand\"");

        nat.Remove(masq.Id);
        var left = Assert.Single(Rules(ns, "inet", "linuxnetps"));
        Assert.Equal("by hand", left.GetProperty("comment").GetString());
        Assert.Empty(nat.List());
    }

    [Fact]
    public void AddPortForward_ForTheSamePortElsewhere_IsAlreadyExists_AndChangesNothing()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var nat = lab.Client("h").Nat;
        var first = nat.AddPortForward("tcp", "5000", "192.168.1.10").Rule;
        var before = Nft(ns, "-j", "list", "ruleset");

        var e = Assert.Throws<NetOperationException>(() => nat.AddPortForward("tcp", "5000", "192.168.1.11"));
        Assert.Equal(NetErrorKind.AlreadyExists, e.Kind);
        Assert.Contains(first.Id, e.Message);
        Assert.Contains("192.168.1.10", e.Message);
        Assert.Equal(before, Nft(ns, "-j", "list", "ruleset"));

        var r = Assert.Throws<NetOperationException>(() => nat.RemovePortForward("tcp", "5000", "192.168.1.11"));
        Assert.Equal(NetErrorKind.NotFound, r.Kind);
        Assert.Equal(before, Nft(ns, "-j", "list", "ruleset"));
    }

    [Fact]
    public void AKernelRefusal_MidTransaction_LeavesNothingBehind()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        // Somebody made our output chain a filter chain: the port forward's second rule cannot go there.
        Nft(ns, "add table inet linuxnetps");
        Nft(ns, "add chain inet linuxnetps output { type filter hook output priority 0; }");
        var before = Nft(ns, "-j", "list", "ruleset");

        var e = Assert.Throws<NetOperationException>(() => lab.Client("h").Nat.AddPortForward("tcp", "5000", "192.168.1.10"));
        Assert.Equal(NetErrorKind.NotSupported, e.Kind);
        Assert.Contains("add NAT rule", e.Message);
        // The prerouting chain and rule earlier in the same batch were not applied either.
        Assert.Equal(before, Nft(ns, "-j", "list", "ruleset"));
    }

    public static IEnumerable<object[]> BadInput() => new[]
    {
        new object[] { "bad prefix", (Action<NatOperations>)(n => n.EnableMasquerade("10.10.0.0/33")) },
        new object[] { "not an address", (Action<NatOperations>)(n => n.EnableMasquerade("ten.ten.0.0/16")) },
        new object[] { "empty source", (Action<NatOperations>)(n => n.EnableMasquerade("")) },
        new object[] { "port 0", (Action<NatOperations>)(n => n.AddPortForward("tcp", "0", "192.168.1.10")) },
        new object[] { "port 70000", (Action<NatOperations>)(n => n.AddPortForward("tcp", "70000", "192.168.1.10")) },
        new object[] { "backwards range", (Action<NatOperations>)(n => n.AddPortForward("tcp", "8010-8000", "192.168.1.10")) },
        new object[] { "port text", (Action<NatOperations>)(n => n.AddPortForward("tcp", "http", "192.168.1.10")) },
        new object[] { "to port 70000", (Action<NatOperations>)(n => n.AddPortForward("tcp", "80", "192.168.1.10", 70000)) },
        new object[] { "unknown protocol", (Action<NatOperations>)(n => n.AddPortForward("icmp", "80", "192.168.1.10")) },
        new object[] { "IPv6 target for IPv4 source", (Action<NatOperations>)(n => n.AddSourceNat("10.0.0.0/8", "fd00::1")) },
        new object[] { "IPv6 target for IPv4 destination", (Action<NatOperations>)(n => n.AddPortForward("tcp", "80", "fd00::2", destination: "10.0.0.1")) },
        new object[] { "target with prefix", (Action<NatOperations>)(n => n.AddPortForward("tcp", "80", "192.168.1.10/24")) },
        new object[] { "both interface options", (Action<NatOperations>)(n => n.EnableMasquerade("10.0.0.0/8", "eth0", "eth1")) },
        new object[] { "interface name too long", (Action<NatOperations>)(n => n.EnableMasquerade("10.0.0.0/8", "a-very-long-interface-name")) },
        new object[] { "empty id", (Action<NatOperations>)(n => n.Remove(" ")) },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void BadInput_IsInvalidArgument_AndChangesNothing(string why, Action<NatOperations> call)
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var e = Assert.Throws<NetOperationException>(() => call(lab.Client("h").Nat));
        Assert.True(e.Kind == NetErrorKind.InvalidArgument, $"{why}: {e.Kind} {e.Message}");
        Assert.Equal(0, e.Errno);
        Assert.Empty(Ruleset(ns, "table"));
    }

    [Fact]
    public void Removing_ARuleThatIsNotThere_IsNotFound()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var nat = lab.Client("h").Nat;
        var e = Assert.Throws<NetOperationException>(() => nat.Remove("masq-00000000"));
        Assert.Equal(NetErrorKind.NotFound, e.Kind);
        Assert.Contains("masq-00000000", e.Message);
        Assert.Equal(NetErrorKind.NotFound, Assert.Throws<NetOperationException>(() => nat.DisableMasquerade("10.0.0.0/8")).Kind);
        Assert.Equal(NetErrorKind.NotFound, Assert.Throws<NetOperationException>(() => nat.RemoveSourceNat("10.0.0.0/8")).Kind);
        Assert.Equal(NetErrorKind.NotFound, Assert.Throws<NetOperationException>(() => nat.Get("dnat-00000000")).Kind);

        nat.EnableMasquerade("10.0.0.0/8");
        Assert.Equal(NetErrorKind.NotFound, Assert.Throws<NetOperationException>(() => nat.DisableMasquerade("10.0.0.0/8", outInterface: "eth0")).Kind);
        Assert.Single(Rules(ns, "inet", "linuxnetps"));
    }

    [Fact]
    public void UnknownNamespace_IsNotFound()
    {
        var e = Assert.Throws<NetOperationException>(() => NetClient.For("lnt-no-such-nat-namespace").Nat.List());
        Assert.Equal(NetErrorKind.NotFound, e.Kind);
        Assert.Contains("lnt-no-such-nat-namespace", e.Message);
    }

    [Fact]
    public void CheckForwardPath_NamesAnotherTablesDropPolicyChain_AndForwardingOff()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var client = lab.Client("h");
        Assert.Empty(client.Nat.CheckForwardPath());

        client.Nat.EnableMasquerade("10.10.0.0/16");
        var off = Assert.Single(client.Nat.CheckForwardPath());
        Assert.Contains("IPv4 forwarding is off", off);

        client.Forwarding.Enable(IPFamily.IPv4);
        Assert.Empty(client.Nat.CheckForwardPath());

        // What iptables-nft makes of `iptables -P FORWARD DROP`.
        Ip.Exec("ip", "netns", "exec", ns, "iptables", "-P", "FORWARD", "DROP");
        var warning = Assert.Single(client.Nat.CheckForwardPath());
        Assert.Contains("'ip filter'", warning);
        Assert.Contains("'FORWARD'", warning);
        Assert.Contains("policy drop", warning);
        Assert.Contains(ns, warning);
    }

    [Fact]
    public void AConcurrentChange_BetweenReadAndCommit_IsRetriedFromTheNewState()
    {
        using var lab = new Lab();
        var ns = lab.Create("h");
        var table = new LinuxNetPsTable(lab.Client("h").Session);
        int plans = 0;
        table.Change((state, batch) =>
        {
            plans++;
            if (plans == 1) Nft(ns, "add table ip sneaky"); // the generation moves on after our read
            if (!state.TableExists) batch.NewTable();
            return true;
        });
        Assert.Equal(2, plans);
        Assert.Equal(new[] { "linuxnetps", "sneaky" }, Ruleset(ns, "table").Select(t => t.GetProperty("name").GetString()).Order());
    }
}
