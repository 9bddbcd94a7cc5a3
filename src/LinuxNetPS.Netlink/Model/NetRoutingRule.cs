using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Model;

/// <summary>A policy routing rule, as `ip rule` shows it: which traffic (selector) goes to which table (action), by priority.</summary>
public sealed record NetRoutingRule
{
    public string? Namespace { get; init; }
    public required IPFamily Family { get; init; }
    /// <summary>The rule's priority (`pref`): rules are tried from the lowest number up.</summary>
    public uint Priority { get; init; }
    /// <summary>Source prefix the rule matches, or "all".</summary>
    public string From { get; init; } = "all";
    /// <summary>Destination prefix the rule matches, or "all".</summary>
    public string To { get; init; } = "all";
    /// <summary>Incoming interface (`iif`): traffic that arrived on it; "lo" means traffic this host sends.</summary>
    public string? InInterface { get; init; }
    /// <summary>Outgoing interface (`oif`): traffic from sockets bound to it.</summary>
    public string? OutInterface { get; init; }
    /// <summary>Firewall mark (`fwmark`), "0x10" or with a mask "0x10/0xff"; null matches any mark.</summary>
    public string? FirewallMark { get; init; }
    /// <summary>The table a Lookup rule sends traffic to; null for the actions that look up none (blackhole ...).</summary>
    public uint? Table { get; init; }
    public RoutingRuleAction Action { get; init; }
    /// <summary>`not`: the rule matches what the selector does not.</summary>
    public bool Invert { get; init; }
    /// <summary>Who installed the rule (`proto`): Kernel for the default rules, Boot or Static for added ones.</summary>
    public RouteProtocol Protocol { get; init; }
    /// <summary>The kernel's FIB_RULE_* flags (permanent, invert, detached interfaces ...).</summary>
    public uint Flags { get; init; }

    /// <summary>"from 10.1.0.0/24 iif v1 lookup 100", as `ip rule` writes the rule after its priority.</summary>
    public string Selector =>
        (Invert ? "not " : "") + $"from {From}" + (To == "all" ? "" : $" to {To}")
        + (FirewallMark is null ? "" : $" fwmark {FirewallMark}")
        + (InInterface is null ? "" : $" iif {InInterface}") + (OutInterface is null ? "" : $" oif {OutInterface}");

    /// <summary>"lookup main", "blackhole", "unreachable", "prohibit" ...</summary>
    public string ActionText => Action switch
    {
        RoutingRuleAction.Lookup => "lookup " + TableText(Table ?? 0),
        RoutingRuleAction.Unspec => "none",
        _ => Action.ToString().ToLowerInvariant(),
    };

    /// <summary>main, local, default or the number.</summary>
    public static string TableText(uint table) => table switch { 253 => "default", 254 => "main", 255 => "local", _ => table.ToString() };

    public override string ToString() => $"{Priority}: {Selector} {ActionText}";
}
