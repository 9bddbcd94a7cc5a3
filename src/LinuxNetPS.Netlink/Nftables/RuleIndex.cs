using System.Collections.Immutable;
using System.Net.Sockets;

namespace LinuxNetPS.Nftables;

/// <summary>
/// The rules of our table, indexed the ways a change needs them: each chain's rules in the kernel's order, and the rules
/// of each id (a port forward is two kernel rules). Immutable: adding or removing one rule makes a new index sharing
/// almost everything with the old one (O(log n)), so the state after each of our commits is worked out without copying
/// the table, and a call that changes one rule costs the same at 10 rules and at 20,000.
/// </summary>
internal sealed class RuleIndex
{
    private static readonly ImmutableDictionary<string, ImmutableList<NftRuleEntry>> NoLists =
        ImmutableDictionary.Create<string, ImmutableList<NftRuleEntry>>(StringComparer.Ordinal);

    private static readonly ImmutableDictionary<(string Chain, AddressFamily Family), int> NoCounts =
        ImmutableDictionary<(string Chain, AddressFamily Family), int>.Empty;

    public static readonly RuleIndex Empty = new(NoLists, NoLists, NoCounts, 0);

    private readonly ImmutableDictionary<string, ImmutableList<NftRuleEntry>> _byChain;
    private readonly ImmutableDictionary<string, ImmutableList<NftRuleEntry>> _byId;

    /// <summary>How many rules that read back as NAT rules each chain has, per family.</summary>
    private readonly ImmutableDictionary<(string Chain, AddressFamily Family), int> _natCounts;

    private RuleIndex(ImmutableDictionary<string, ImmutableList<NftRuleEntry>> byChain, ImmutableDictionary<string, ImmutableList<NftRuleEntry>> byId,
        ImmutableDictionary<(string Chain, AddressFamily Family), int> natCounts, int count)
    {
        _byChain = byChain;
        _byId = byId;
        _natCounts = natCounts;
        Count = count;
    }

    /// <summary>How many rules the table has.</summary>
    public int Count { get; }

    /// <summary>The index of rules listed in the kernel's order (a dump of the table).</summary>
    public static RuleIndex Of(IEnumerable<NftRuleEntry> rules)
    {
        var byChain = new Dictionary<string, ImmutableList<NftRuleEntry>.Builder>(StringComparer.Ordinal);
        var byId = new Dictionary<string, ImmutableList<NftRuleEntry>.Builder>(StringComparer.Ordinal);
        var natCounts = new Dictionary<(string Chain, AddressFamily Family), int>();
        int count = 0;
        foreach (var rule in rules)
        {
            count++;
            if (rule.Definition is { } d) natCounts[(rule.Chain, d.Family)] = natCounts.GetValueOrDefault((rule.Chain, d.Family)) + 1;
            (byChain.TryGetValue(rule.Chain, out var c) ? c : byChain[rule.Chain] = ImmutableList.CreateBuilder<NftRuleEntry>()).Add(rule);
            if (rule.Id is { } id) (byId.TryGetValue(id, out var i) ? i : byId[id] = ImmutableList.CreateBuilder<NftRuleEntry>()).Add(rule);
        }
        return new RuleIndex(
            NoLists.AddRange(byChain.Select(p => KeyValuePair.Create(p.Key, p.Value.ToImmutable()))),
            NoLists.AddRange(byId.Select(p => KeyValuePair.Create(p.Key, p.Value.ToImmutable()))), NoCounts.AddRange(natCounts), count);
    }

    /// <summary>The rules of one chain, in the kernel's order (empty for a chain without rules).</summary>
    public IReadOnlyList<NftRuleEntry> InChain(string chain) => _byChain.GetValueOrDefault(chain) ?? ImmutableList<NftRuleEntry>.Empty;

    /// <summary>The rules tagged with one id, in the kernel's order within each chain (empty when there are none).</summary>
    public IReadOnlyList<NftRuleEntry> WithId(string id) => _byId.GetValueOrDefault(id) ?? ImmutableList<NftRuleEntry>.Empty;

    /// <summary>Whether any rule is tagged with this id.</summary>
    public bool HasId(string id) => _byId.ContainsKey(id);

    /// <summary>The families of the NAT rules that can take effect (rules that read back as NAT rules, in chains not listed in
    /// <paramref name="misshapen"/>), from counts kept per chain: no pass over the rules.</summary>
    public IReadOnlySet<AddressFamily> NatFamilies(IReadOnlySet<string> misshapen) =>
        _natCounts.Where(c => c.Value > 0 && !misshapen.Contains(c.Key.Chain)).Select(c => c.Key.Family).ToHashSet();

    private static ImmutableDictionary<(string Chain, AddressFamily Family), int> Counted(
        ImmutableDictionary<(string Chain, AddressFamily Family), int> counts, NftRuleEntry rule, int delta)
    {
        if (rule.Definition is not { } d) return counts;
        var key = (rule.Chain, d.Family);
        int n = counts.GetValueOrDefault(key) + delta;
        return n > 0 ? counts.SetItem(key, n) : counts.Remove(key);
    }

    /// <summary>With <paramref name="rule"/> appended to its chain, or inserted just before the rule with handle
    /// <paramref name="before"/>; null when that rule is not in the chain.</summary>
    public RuleIndex? Add(NftRuleEntry rule, ulong? before)
    {
        var chain = _byChain.GetValueOrDefault(rule.Chain) ?? ImmutableList<NftRuleEntry>.Empty;
        if (before is { } anchor)
        {
            int at = Find(chain, anchor);
            if (at < 0) return null;
            chain = chain.Insert(at, rule);
        }
        else chain = chain.Add(rule);
        var byId = _byId;
        if (rule.Id is { } id) byId = byId.SetItem(id, (byId.GetValueOrDefault(id) ?? ImmutableList<NftRuleEntry>.Empty).Add(rule));
        return new RuleIndex(_byChain.SetItem(rule.Chain, chain), byId, Counted(_natCounts, rule, +1), Count + 1);
    }

    /// <summary>Without the rule with this handle in this chain (the same index when there is none).</summary>
    public RuleIndex Remove(string chainName, ulong handle)
    {
        if (_byChain.GetValueOrDefault(chainName) is not { } chain) return this;
        int at = Find(chain, handle);
        if (at < 0) return this;
        var rule = chain[at];
        var byId = _byId;
        if (rule.Id is { } id && byId.GetValueOrDefault(id) is { } tagged)
        {
            var left = tagged.Remove(rule);
            byId = left.IsEmpty ? byId.Remove(id) : byId.SetItem(id, left);
        }
        var rest = chain.RemoveAt(at);
        return new RuleIndex(rest.IsEmpty ? _byChain.Remove(chainName) : _byChain.SetItem(chainName, rest), byId, Counted(_natCounts, rule, -1), Count - 1);
    }

    /// <summary>Without a chain and its rules.</summary>
    public RuleIndex WithoutChain(string chainName)
    {
        var index = this;
        foreach (var rule in InChain(chainName).ToList()) index = index.Remove(chainName, rule.Handle);
        return index;
    }

    /// <summary>
    /// Where the rule with <paramref name="handle"/> is in a chain, or -1. Rules appended to a chain have ascending handles
    /// (the kernel numbers them from one counter), so a binary search finds it; a chain with rules inserted before others
    /// (firewall rules) may not be sorted, and is then searched from the start.
    /// </summary>
    private static int Find(ImmutableList<NftRuleEntry> chain, ulong handle)
    {
        int at = chain.BinarySearch(new NftRuleEntry("", handle, null, null), ByHandle.Instance);
        if (at >= 0 && chain[at].Handle == handle) return at;
        return chain.FindIndex(r => r.Handle == handle);
    }

    private sealed class ByHandle : IComparer<NftRuleEntry>
    {
        public static readonly ByHandle Instance = new();
        public int Compare(NftRuleEntry? x, NftRuleEntry? y) => x!.Handle.CompareTo(y!.Handle);
    }
}
