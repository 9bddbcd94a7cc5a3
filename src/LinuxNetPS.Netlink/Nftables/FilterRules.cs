using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Nftables.Expressions;

namespace LinuxNetPS.Nftables;

/// <summary>
/// The filter side of our table in one namespace: rules in <see cref="FilterChain"/>s (and rules of the networks in the NAT
/// chains that no NAT cmdlet owns, such as the hairpin masquerade), kept in groups. A group is the
/// rules whose ids (the "linuxnetps:ID" comment) start with one prefix, such as "iso-" for container network isolation,
/// and belongs to the one feature that derives it. <see cref="Sync"/> makes the kernel's group what its feature says
/// it should be in one atomic batch, touching no other group, no NAT rule and no other table. New rules are appended
/// to their chain, so the kernel evaluates a group after the rules already there.
/// </summary>
internal sealed class FilterRules
{
    private readonly LinuxNetPsTable _table;

    public FilterRules(NamespaceSession session) => _table = LinuxNetPsTable.For(session);

    /// <summary>
    /// Makes the rules of <paramref name="group"/> exactly <paramref name="desired"/> (id → expressions; every id starts
    /// with <paramref name="group"/>) in <paramref name="chain"/>: rules of the group that are not desired, or sit in
    /// another chain, go; desired ones that are missing come. A chain goes with its last rule, and the table when
    /// nothing of ours is left. Returns whether anything was sent.
    /// </summary>
    public bool Sync(BaseChain chain, string group, IReadOnlyDictionary<string, IReadOnlyList<NftExpression>> desired)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        if (desired.Keys.FirstOrDefault(id => !id.StartsWith(group, StringComparison.Ordinal)) is { } stranger)
            throw new ArgumentException($"The rule id '{stranger}' is not of the group '{group}'.", nameof(desired));
        bool changed = false;
        _table.Change((state, batch) =>
        {
            var ours = state.Rules.Where(r => r.Id is not null && r.Id.StartsWith(group, StringComparison.Ordinal)).ToList();
            var stale = ours.Where(r => !desired.ContainsKey(r.Id!) || r.Chain != chain.Name).ToList();
            var missing = desired.Where(d => !ours.Any(r => r.Id == d.Key && r.Chain == chain.Name)).ToList();
            changed = stale.Count > 0 || missing.Count > 0;
            if (!changed) return false;
            if (missing.Count == 0)
            {
                LinuxNetPsTable.PlanRemoval(state, stale, batch);
                return true;
            }
            LinuxNetPsTable.PlanRuleRemoval(stale, batch);
            LinuxNetPsTable.PlanCreation(state, batch, [chain]);
            foreach (var (id, expressions) in missing) batch.NewRule(chain.Name, expressions, RuleComment.Tag(id));
            return true;
        }, "filter rules");
        return changed;
    }
}
