using LinuxNetPS.Model;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Routes.Rules;

/// <summary>
/// A policy routing rule to add or remove (`ip rule add/del`). Unset selectors match any traffic when adding and any
/// rule when removing. From and To are prefixes ("10.1.0.0/24", a bare address meaning /32 or /128) or "all".
/// </summary>
public sealed record RuleSpec
{
    /// <summary>IPv4 or IPv6; null = the family of From or To, else IPv4 (as `ip rule`).</summary>
    public IPFamily? Family { get; init; }
    /// <summary>Priority (`pref`); null = the kernel picks one just below the first non-zero rule when adding, or any when removing.</summary>
    public uint? Priority { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    /// <summary>`iif`: the interface the traffic came in on.</summary>
    public string? InInterface { get; init; }
    /// <summary>`oif`: the interface a socket is bound to.</summary>
    public string? OutInterface { get; init; }
    public uint? FirewallMark { get; init; }
    /// <summary>Which bits of the mark to compare; null = all of them.</summary>
    public uint? FirewallMask { get; init; }
    /// <summary>The table a Lookup rule sends matching traffic to.</summary>
    public uint? Table { get; init; }
    /// <summary>Lookup (the default when a table is given), Blackhole, Unreachable or Prohibit.</summary>
    public RoutingRuleAction? Action { get; init; }
}
