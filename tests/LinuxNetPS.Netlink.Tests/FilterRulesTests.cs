using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Nftables;
using LinuxNetPS.Nftables.Expressions;
using LinuxNetPS.Tests.Support;
using static LinuxNetPS.Tests.NatTestKit;

namespace LinuxNetPS.Tests;

/// <summary>
/// The filter side of our table: groups of filter rules in a filter chain live beside each other and beside the NAT
/// rules, each synced without touching the others; the chain goes with its last rule and the table with the last of ours.
/// Checked with nft in a lab namespace.
/// </summary>
public class FilterRulesTests
{
    private static Dictionary<string, IReadOnlyList<NftExpression>> Drops(params string[] ids) =>
        ids.ToDictionary(id => id, IReadOnlyList<NftExpression> (_) => [new VerdictExpression(NfVerdict.Drop)]);

    private static string[] Comments(string ns) =>
        Rules(ns, "inet", LinuxNetPsTable.Name).Select(r => r.TryGetProperty("comment", out var c) ? c.GetString()! : "").Order().ToArray();

    private static string[] Chains(string ns) =>
        Ruleset(ns, "chain").Where(c => c.GetProperty("table").GetString() == LinuxNetPsTable.Name).Select(c => c.GetProperty("name").GetString()!).Order().ToArray();

    [Fact]
    public void Groups_AreSyncedIndependently_AndTheChainAndTableGoWithTheirLastRule()
    {
        using var lab = new Lab();
        var (ns, client) = lab.CreateWithClient("h");
        var filter = new FilterRules(client.Session);

        Assert.True(filter.Sync(FilterChain.Forward, "a-", Drops("a-1", "a-2")));
        Assert.True(filter.Sync(FilterChain.Forward, "b-", Drops("b-1")));
        Assert.False(filter.Sync(FilterChain.Forward, "a-", Drops("a-1", "a-2"))); // already so: nothing sent
        Assert.Equal(["linuxnetps:a-1", "linuxnetps:a-2", "linuxnetps:b-1"], Comments(ns));
        var forward = Assert.Single(Ruleset(ns, "chain"), c => c.GetProperty("table").GetString() == LinuxNetPsTable.Name);
        Assert.Equal(("forward", "filter", "forward", 0), (forward.GetProperty("name").GetString(), forward.GetProperty("type").GetString(),
            forward.GetProperty("hook").GetString(), forward.GetProperty("prio").GetInt32()));

        client.Nat.EnableMasquerade("10.9.0.0/16");
        Assert.True(filter.Sync(FilterChain.Forward, "a-", Drops("a-2")));
        Assert.Equal(["forward", "postrouting"], Chains(ns));
        Assert.True(filter.Sync(FilterChain.Forward, "b-", Drops()));
        Assert.True(filter.Sync(FilterChain.Forward, "a-", Drops()));
        Assert.Equal(["postrouting"], Chains(ns)); // the filter chain went with its last rule; the NAT rule stays
        Assert.Single(client.Nat.List());

        client.Nat.DisableMasquerade("10.9.0.0/16");
        Assert.DoesNotContain(Ruleset(ns, "table"), t => t.GetProperty("name").GetString() == LinuxNetPsTable.Name);
    }

    [Fact]
    public void Sync_RefusesARuleOfAnotherGroup()
    {
        using var lab = new Lab();
        var (_, client) = lab.CreateWithClient("h");
        Assert.Throws<ArgumentException>(() => new FilterRules(client.Session).Sync(FilterChain.Forward, "a-", Drops("b-1")));
    }
}
