using System.Globalization;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Routes.Rules;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Support;

/// <summary>
/// The routing rule cmdlets' parameters turned into a <see cref="RuleSpec"/>: table names, the firewall mark in
/// iproute2's spelling. Empty strings and "all" count as "not given": Get-NetRoutingRule's objects bind them.
/// </summary>
public sealed record RuleArguments
{
    public uint? Priority { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public string? InInterface { get; init; }
    public string? OutInterface { get; init; }
    public string? FirewallMark { get; init; }
    public string? Table { get; init; }
    public RoutingRuleAction? Action { get; init; }
    public IPFamily? Family { get; init; }

    public RuleSpec ToSpec()
    {
        var (mark, mask) = ParseFirewallMark(FirewallMark);
        uint? table = RouteTableName.ParseOptional(Table);
        if (table == 0)
            throw NetOperationException.Invalid(
                $"-Table {Table} means every table, which only Get-NetRoute can use; a rule looks up one table, such as main or 100.", Table)
                .WithErrorId(ErrorIds.InvalidRouteTable);
        return new RuleSpec
        {
            Family = Family,
            Priority = Priority,
            From = Given(From) ? From : null,
            To = Given(To) ? To : null,
            InInterface = string.IsNullOrEmpty(InInterface) ? null : InInterface,
            OutInterface = string.IsNullOrEmpty(OutInterface) ? null : OutInterface,
            FirewallMark = mark,
            FirewallMask = mask,
            Table = table,
            // A piped rule's action Unspec says nothing.
            Action = Action is RoutingRuleAction.Unspec ? null : Action,
        };
    }

    /// <summary>
    /// "0x10", "16", "0x10/0xff" or "16/255" (`ip rule ... fwmark MARK[/MASK]`); null or empty for none. A mask of all ones
    /// is the same as none.
    /// </summary>
    public static (uint? Mark, uint? Mask) ParseFirewallMark(string? text)
    {
        if (string.IsNullOrEmpty(text)) return (null, null);
        int slash = text.IndexOf('/');
        uint mark = Number(slash < 0 ? text : text[..slash], text);
        uint? mask = slash < 0 ? null : Number(text[(slash + 1)..], text);
        return (mark, mask == uint.MaxValue ? null : mask);
    }

    private static uint Number(string part, string whole)
    {
        part = part.Trim();
        bool hex = part.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (hex ? uint.TryParse(part[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint value)
                : uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value))
            return value;
        throw NetOperationException.Invalid(
            $"'{InputText.Echo(whole)}' is not a firewall mark: give a number from 0 to 0xffffffff, in decimal or 0x hex, optionally with a mask, such as 0x10 or 0x10/0xff.",
            whole).WithErrorId(ErrorIds.InvalidFirewallMark);
    }

    /// <summary>"10.0.0.0/8 lookup 100 (priority 1000)" for -WhatIf.</summary>
    public static string Describe(RuleSpec spec)
    {
        var parts = new List<string>();
        if (spec.Priority is uint p) parts.Add($"{p}:");
        parts.Add($"from {spec.From ?? "all"}");
        if (spec.To is not null) parts.Add($"to {spec.To}");
        if (spec.FirewallMark is uint m) parts.Add($"fwmark 0x{m:x}" + (spec.FirewallMask is uint k ? $"/0x{k:x}" : ""));
        if (spec.InInterface is not null) parts.Add($"iif {spec.InInterface}");
        if (spec.OutInterface is not null) parts.Add($"oif {spec.OutInterface}");
        if (spec.Table is uint t) parts.Add($"lookup {NetRoutingRule.TableText(t)}");
        else if (spec.Action is { } a) parts.Add(a.ToString().ToLowerInvariant());
        return string.Join(' ', parts);
    }

    private static bool Given(string? text) =>
        !string.IsNullOrEmpty(text) && !text.Equals("all", StringComparison.OrdinalIgnoreCase);
}
