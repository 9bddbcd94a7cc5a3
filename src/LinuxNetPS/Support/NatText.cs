using LinuxNetPS.Model;
using LinuxNetPS.Nftables;

namespace LinuxNetPS.Support;

/// <summary>
/// The texts the NAT cmdlets show: -WhatIf/-Confirm targets in nft's words (as `nft list ruleset`
/// would print the rule), and the note that an added rule was already there.
/// </summary>
public static class NatText
{
    /// <summary>"NAT rule 'ip saddr 10.10.0.0/16 oifname != br0 masquerade' in the host namespace".</summary>
    public static string Target(string rule, string? ns) => $"NAT rule '{rule}' in {TargetText.Where(ns)}";

    /// <summary>"NAT rule masq-1a2b3c4d ('ip saddr ... masquerade') in namespace 'red'", for Remove-NatRule.</summary>
    public static string Target(NatRule rule, string? ns) => $"NAT rule {rule.Id} ('{rule}') in {TargetText.Where(ns)}";

    /// <summary>
    /// The rule a removal looks for, in nft's words. When the removal does not name the target address
    /// (<paramref name="anyTarget"/>), the definition carries a stand-in target, which is left out rather
    /// than shown: "ip saddr 10.0.0.0/24 snat".
    /// </summary>
    public static string Removal(NatRuleDefinition definition, bool anyTarget) =>
        anyTarget ? definition.TextWithoutTarget : definition.ToString();

    /// <summary>The matching part of a rule in nft's words, everything before the action ("ip saddr 10.0.0.0/24 oifname eth0").</summary>
    public static string MatchWords(NatRuleDefinition d) => d.MatchText;

    /// <summary>What an Enable-/Add- cmdlet says when the rule it was asked for was already in place.</summary>
    public static string AlreadyInPlace(NatRule rule) =>
        $"The NAT rule '{rule}' (id {rule.Id}) is already in place in {TargetText.Where(rule.Namespace)}; nothing was changed.";

    /// <summary>"0.0.0.0" or "::": a target of the same family as <paramref name="address"/>, for removals that do not name one.</summary>
    public static string AnyTargetLike(string? address) => address is not null && address.Contains(':') ? "::" : "0.0.0.0";
}
