using LinuxNetPS.Addresses;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Netlink;
using LinuxNetPS.Primitives;
using LinuxNetPS.Rtnetlink;
using Sockets = System.Net.Sockets.AddressFamily;

namespace LinuxNetPS.Routes.Rules;

/// <summary>
/// A checked RTM_NEWRULE / RTM_DELRULE body built from a <see cref="RuleSpec"/>: families agree, prefixes name networks,
/// an action that drops traffic has no table, a rule to add says where traffic goes. Encoded as `ip rule` encodes it
/// (the table in the header below 256, in FRA_TABLE from 256 on), so golden bytes compare.
/// </summary>
internal sealed class RuleRequest
{
    private RuleRequest() { }

    public byte Family { get; private init; }
    public IPPrefix? From { get; private init; }
    public IPPrefix? To { get; private init; }
    public string? InInterface { get; private init; }
    public string? OutInterface { get; private init; }
    public uint? Priority { get; private init; }
    public uint? Mark { get; private init; }
    public uint? Mask { get; private init; }
    public uint? Table { get; private init; }
    public RoutingRuleAction Action { get; private init; }

    /// <summary>"1000: from 10.1.0.0/24 lookup 100 (IPv4)", for messages.</summary>
    public string Text => Describe(this);

    /// <summary>Validates <paramref name="spec"/>; <paramref name="checkInterface"/> runs last (for adding: the interface must exist).</summary>
    public static RuleRequest Create(RuleSpec spec, bool adding, Action<string>? checkInterface)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Sockets? family = spec.Family?.ToSockets();
        var from = Selector(spec.From, "source (-From)", ref family);
        var to = Selector(spec.To, "destination (-To)", ref family);
        family ??= Sockets.InterNetwork;
        if (spec.InInterface is not null) LinkName.Validate(spec.InInterface);
        if (spec.OutInterface is not null) LinkName.Validate(spec.OutInterface);
        if (spec.FirewallMask is not null && spec.FirewallMark is null)
            throw NetOperationException.Invalid("A firewall mask needs a mark to compare with: give the mark as well, such as 0x10/0xff.")
                .WithErrorId(ErrorIds.InvalidFirewallMark);

        // As `ip rule`: adding means Lookup unless told; removing leaves the action out unless told (any action matches).
        var action = spec.Action ?? (adding ? RoutingRuleAction.Lookup : RoutingRuleAction.Unspec);
        if (action is not (RoutingRuleAction.Unspec or RoutingRuleAction.Lookup or RoutingRuleAction.Blackhole
            or RoutingRuleAction.Unreachable or RoutingRuleAction.Prohibit))
            throw NetOperationException.Invalid(
                $"The rule action {action} is not supported; use Lookup (with a table), Blackhole, Unreachable or Prohibit.", action.ToString());
        if (spec.Table == 0)
            throw NetOperationException.Invalid("Table 0 (all) is not a table a rule can send traffic to; use main, local, default or a number such as 100.", "0")
                .WithErrorId(ErrorIds.InvalidRouteTable);
        if (action is not (RoutingRuleAction.Lookup or RoutingRuleAction.Unspec) && spec.Table is not null)
            throw NetOperationException.Invalid(
                $"A {action.ToString().ToLowerInvariant()} rule sends traffic nowhere, so it has no table: leave out the table, or use the action Lookup.",
                spec.Table.ToString()).WithErrorId(ErrorIds.ParameterConflict);
        if (adding && action == RoutingRuleAction.Lookup && spec.Table is null)
            throw NetOperationException.Invalid(
                "Say where the matching traffic goes: a table to look up (such as 100 or main), or the action Blackhole, Unreachable or Prohibit.");

        var request = new RuleRequest
        {
            Family = family == Sockets.InterNetworkV6 ? Rtnetlink.AddressFamily.Inet6 : Rtnetlink.AddressFamily.Inet,
            From = from,
            To = to,
            InInterface = spec.InInterface,
            OutInterface = spec.OutInterface,
            Priority = spec.Priority,
            Mark = spec.FirewallMark,
            Mask = spec.FirewallMask,
            Table = spec.Table,
            Action = action,
        };
        if (checkInterface is not null)
        {
            if (spec.InInterface is not null) checkInterface(spec.InInterface);
            if (spec.OutInterface is not null) checkInterface(spec.OutInterface);
        }
        return request;
    }

    /// <summary>A prefix, or null for "all"/not given; the family it implies must agree with the one known so far.</summary>
    private static IPPrefix? Selector(string? text, string what, ref Sockets? family)
    {
        if (string.IsNullOrEmpty(text) || text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)) return null;
        var prefix = IPPrefix.Parse(text, allowDefault: false);
        if (prefix.HasHostBits)
            throw NetOperationException.Invalid(
                $"The {what} '{text.Trim()}' has host bits set; a rule matches a network: did you mean {prefix.Network}?", text)
                .WithErrorId(ErrorIds.InvalidPrefix);
        if (family is { } f && prefix.Family != f)
            throw NetOperationException.Invalid(
                $"The {what} {prefix} is {IPFamilies.Of(prefix.Family)} but the rule is {IPFamilies.Of(f)}; a rule is of one family: give prefixes of one family (and -Family to match).",
                text).WithErrorId(ErrorIds.InvalidAddressFamily);
        family = prefix.Family;
        return prefix;
    }

    private static string Describe(RuleRequest q)
    {
        var parts = new List<string>();
        if (q.Priority is uint p) parts.Add($"{p}:");
        parts.Add($"from {(q.From is { } f ? f.ToString() : "all")}");
        if (q.To is { } t) parts.Add($"to {t}");
        if (q.Mark is not null) parts.Add($"fwmark {RuleParser.MarkText(q.Mark, q.Mask)}");
        if (q.InInterface is not null) parts.Add($"iif {q.InInterface}");
        if (q.OutInterface is not null) parts.Add($"oif {q.OutInterface}");
        if (q.Table is uint table) parts.Add($"lookup {NetRoutingRule.TableText(table)}");
        else if (q.Action != RoutingRuleAction.Unspec) parts.Add(q.Action.ToString().ToLowerInvariant());
        parts.Add($"({FamilyCodes.Family(q.Family)})");
        return string.Join(' ', parts);
    }

    public void Write(NetlinkWriter w)
    {
        w.Struct(new FibRuleHdr
        {
            Family = Family,
            SourceLength = (byte)(From?.PrefixLength ?? 0),
            DestinationLength = (byte)(To?.PrefixLength ?? 0),
            Table = (byte)(Table is uint t && t < 256 ? t : RtTable.Unspec),
            Action = (byte)Action,
        });
        if (From is { } from) w.Bytes(FraAttr.Src, from.Address.GetAddressBytes());
        if (To is { } to) w.Bytes(FraAttr.Dst, to.Address.GetAddressBytes());
        if (InInterface is not null) w.String(FraAttr.IifName, InInterface);
        if (OutInterface is not null) w.String(FraAttr.OifName, OutInterface);
        if (Mark is uint mark) w.U32(FraAttr.FwMark, mark);
        if (Mask is uint mask) w.U32(FraAttr.FwMask, mask);
        if (Table is uint big && big >= 256) w.U32(FraAttr.Table, big);
        if (Priority is uint priority) w.U32(FraAttr.Priority, priority);
    }
}
