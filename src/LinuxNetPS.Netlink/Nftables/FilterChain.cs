using LinuxNetPS.Nftables.Wire;
namespace LinuxNetPS.Nftables;

/// <summary>
/// The filter base chains of our table (type filter, priority filter), whose rules come in groups, one group per
/// feature that filters: the user's firewall rules (<see cref="FirewallOperations"/>, comments "fw-...") sit at the head
/// of <see cref="Input"/>, <see cref="Output"/> and <see cref="Forward"/>, so they are evaluated before any rule the module
/// adds for its networks, which <see cref="FilterRules"/> appends (the isolation of container networks, "iso-...", in
/// <see cref="Forward"/>): Docker's DOCKER-USER contract. An accept there is final for the chain, so a user rule can open
/// what isolation closes; a drop is final everywhere, so it can close what publishing opens.
/// The names are unique in the table, which also holds the NAT chains: the output filter chain is "filter-output"
/// because "output" is the NAT chain of locally sent packets.
/// </summary>
public sealed record FilterChain(string Name, uint Hook, int Priority) : BaseChain(Name, Hook, Priority, "filter")
{
    /// <summary>Packets for this namespace (Inbound rules): hook input, priority filter (0).</summary>
    public static FilterChain Input { get; } = new("input", NfInetHook.LocalIn, NfIpPriority.Filter);

    /// <summary>Packets this namespace sends (Outbound rules): hook output, priority filter (0).</summary>
    public static FilterChain Output { get; } = new("filter-output", NfInetHook.LocalOut, NfIpPriority.Filter);

    /// <summary>Forwarded packets (Forward rules, isolation between container networks): hook forward, priority filter (0).</summary>
    public static FilterChain Forward { get; } = new("forward", NfInetHook.Forward, NfIpPriority.Filter);

    /// <summary>
    /// A regular chain (no hook, never jumped to) that holds disabled firewall rules: still in the kernel, listed by
    /// <c>nft list ruleset</c>, never evaluated. Enabling a rule moves it back into its base chain.
    /// </summary>
    public const string Disabled = "disabled";
}
