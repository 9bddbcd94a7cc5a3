using LinuxNetPS.Nftables.Wire;
namespace LinuxNetPS.Nftables;

/// <summary>
/// The filter base chains of our table (type filter), whose rules <see cref="FilterRules"/> keeps in groups, one group
/// per feature that filters. Today there is one chain, <see cref="Forward"/>, holding one group: the isolation rules
/// of container networks (Compose/Networks/Isolation). A filter feature of its own (a user chain evaluated before the
/// networks' rules, as Docker's DOCKER-USER is) is a new group here, or a new chain in this list and in
/// <see cref="BaseChain.All"/>; <see cref="FilterRules.Sync"/> and the table's create-with-the-first-rule,
/// delete-with-the-last handling serve it as they serve isolation.
/// </summary>
public sealed record FilterChain(string Name, uint Hook, int Priority) : BaseChain(Name, Hook, Priority, "filter")
{
    /// <summary>Filtering of forwarded packets (isolation between container networks): hook forward, priority filter (0).</summary>
    public static FilterChain Forward { get; } = new("forward", NfInetHook.Forward, NfIpPriority.Filter);
}
