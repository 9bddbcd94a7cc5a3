using LinuxNetPS.Addresses;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Routes.Rules;

/// <summary>Policy routing rules of one namespace (`ip rule`).</summary>
public sealed class RuleOperations
{
    private readonly NamespaceSession _session;

    internal RuleOperations(NamespaceSession session) => _session = session;

    /// <summary>
    /// The rules of one family, or of both (IPv4 first), in the order the kernel tries them (by priority), as
    /// `ip rule` and `ip -6 rule` list them, the default rules (local, main, default) included.
    /// </summary>
    public IReadOnlyList<NetRoutingRule> List(IPFamily? family = null)
    {
        string? ns = _session.NamespaceSpec;
        var families = family is { } f ? [f] : new[] { IPFamily.IPv4, IPFamily.IPv6 };
        var rules = new List<NetRoutingRule>();
        foreach (var one in families)
        {
            byte af = FamilyCodes.Of(one);
            rules.AddRange(_session.Route.Dump(RtmType.GetRule, w => w.Struct(new FibRuleHdr { Family = af }),
                (in NetlinkMessage m) => RuleParser.Parse(m, ns) is { } r && r.Family == one ? r : null, "list routing rules"));
        }
        return rules;
    }

    /// <summary>
    /// Adds a rule (`ip rule add`). AlreadyExists (<see cref="ErrorIds.RoutingRuleExists"/>) for an equal rule, and also
    /// for a priority another rule of the family has: two rules at one priority are tried in the order they were added,
    /// which nobody reading `ip rule` can tell, so a priority is given once.
    /// </summary>
    public NetRoutingRule Add(RuleSpec spec)
    {
        var request = RuleRequest.Create(spec, adding: true, name => LinkResolver.IndexOf(_session, name));
        var family = FamilyCodes.Family(request.Family);
        var existing = List(family);
        if (request.Priority is uint priority && existing.FirstOrDefault(r => r.Priority == priority) is { } holder)
            throw new NetOperationException(NetErrorKind.AlreadyExists,
                $"Cannot add the routing rule {request.Text}: priority {priority} is taken in {Where()} by '{holder.Selector} {holder.ActionText}'. " +
                "Choose another priority (Get-NetRoutingRule lists them), or remove that rule first.",
                operation: "add routing rule", target: request.Text).WithErrorId(ErrorIds.RoutingRuleExists);
        // Without a priority the kernel would give an equal rule a new one and keep both; the second would never match.
        if (request.Priority is null && existing.FirstOrDefault(r => Matches(r, request)) is { } twin)
            throw new NetOperationException(NetErrorKind.AlreadyExists,
                $"The routing rule {request.Text} already exists in {Where()}, at priority {twin.Priority}.",
                operation: "add routing rule", target: request.Text).WithErrorId(ErrorIds.RoutingRuleExists);

        NetRoutingRule? echoed = null;
        string? ns = _session.NamespaceSpec;
        try
        {
            // NLM_F_ECHO: the kernel sends the rule back as it stored it, with the priority it chose.
            _session.Route.Execute(RtmType.NewRule, NetlinkFlags.Create | NetlinkFlags.Excl | NetlinkFlags.Echo, request.Write,
                "add routing rule", request.Text, (in NetlinkMessage m) => echoed ??= RuleParser.Parse(m, ns));
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.AlreadyExists)
        {
            throw new NetOperationException(e.Kind, $"The routing rule {request.Text} already exists in {Where()}. {e.Message}",
                e.Errno, e.KernelMessage, e.Operation, e.Target, e).WithErrorId(ErrorIds.RoutingRuleExists);
        }
        return echoed ?? List(family).LastOrDefault(r => Matches(r, request))
            ?? throw new NetOperationException(NetErrorKind.Other,
                $"The kernel accepted the routing rule {request.Text} but does not list it.", operation: "add routing rule", target: request.Text);
    }

    /// <summary>
    /// Removes the first rule (by priority) that matches every field given (`ip rule del`); NotFound
    /// (<see cref="ErrorIds.RoutingRuleNotFound"/>) if none does. At least a priority or one selector must be given.
    /// </summary>
    public void Remove(RuleSpec spec)
    {
        var request = RuleRequest.Create(spec, adding: false, checkInterface: null);
        if (request.Priority is null && request.From is null && request.To is null && request.InInterface is null
            && request.OutInterface is null && request.Mark is null && request.Table is null && request.Action == RoutingRuleAction.Unspec)
            throw NetOperationException.Invalid(
                "Say which rule to remove: its priority, or what it matches (from, to, interface, mark, table). Without any, the kernel would take the first rule of the family.");
        try
        {
            _session.Route.Execute(RtmType.DelRule, NetlinkFlags.None, request.Write, "remove routing rule", request.Text);
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound)
        {
            throw new NetOperationException(NetErrorKind.NotFound,
                $"Cannot remove the routing rule: there is no rule {request.Text} in {Where()}.",
                e.Errno, e.KernelMessage, e.Operation, e.Target, e).WithErrorId(ErrorIds.RoutingRuleNotFound);
        }
    }

    /// <summary>Whether a listed rule is the one a request made.</summary>
    private static bool Matches(NetRoutingRule r, RuleRequest q) =>
        r.Family == FamilyCodes.Family(q.Family)
        && (q.Priority is null || r.Priority == q.Priority)
        && r.From == (q.From?.ToString() ?? "all")
        && r.To == (q.To?.ToString() ?? "all")
        && r.InInterface == q.InInterface && r.OutInterface == q.OutInterface
        && r.FirewallMark == RuleParser.MarkText(q.Mark, q.Mask)
        && r.Action == q.Action
        && (q.Table is null || r.Table == q.Table);

    private string Where() => _session.Namespace.Description;
}
