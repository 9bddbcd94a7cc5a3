using LinuxNetPS.Nftables.Wire;
namespace LinuxNetPS.Nftables;

/// <summary>
/// A base chain of our table: its name, the netfilter hook it is attached to, its priority there and its type
/// (<see cref="NatChain"/>: nat, <see cref="FilterChain"/>: filter). Each is created when its first rule arrives and
/// deleted with its last, with policy accept: our chains add rules to the path, they do not decide what happens to
/// packets none of our rules matched, except where the user said so (a filter chain's default set to Block with
/// Set-NetFirewallDefault: policy drop, and the chain stays without rules).
/// </summary>
public abstract record BaseChain(string Name, uint Hook, int Priority, string Type)
{
    private static IReadOnlyList<BaseChain>? _all;

    /// <summary>Every base chain of our table, NAT and filter (their names are unique in the table).</summary>
    public static IReadOnlyList<BaseChain> All => _all ??=
        [NatChain.PostRouting, NatChain.PreRouting, NatChain.Output, FilterChain.Input, FilterChain.Output, FilterChain.Forward];

    /// <summary>Our base chain of this name, or null.</summary>
    public static BaseChain? Find(string name) => All.FirstOrDefault(c => c.Name == name);
}
