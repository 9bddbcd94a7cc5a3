using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Remove-NetRoutingRule: deletes the first rule that matches everything given (`ip rule del`). From the pipeline it takes
/// NetRoutingRule objects only, whole (by value): a firewall rule also has a Priority and an Action, and binding those by
/// name deleted the routing rule at that priority (PipelineTests.A_firewall_rule_piped_into_Remove_NetRoutingRule_removes_nothing).
/// </summary>
[Cmdlet(VerbsCommon.Remove, "NetRoutingRule", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = BySelector)]
[OutputType(typeof(void))]
public sealed class RemoveNetRoutingRuleCommand : NamespacedCmdlet
{
    /// <summary>The rule's priority: what names a rule (Add-NetRoutingRule gives each priority once per family).</summary>
    private const string BySelector = "Selector", ByObject = "InputObject";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = BySelector)]
    [Alias("Preference")]
    public uint Priority { get; set; }

    /// <summary>Rules from Get-NetRoutingRule, each deleted exactly as it is described.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByObject)]
    public NetRoutingRule[] InputObject { get; set; } = [];

    /// <summary>The source prefix the rule matches; all or empty: not a criterion.</summary>
    [Parameter(ParameterSetName = BySelector)]
    [AllowEmptyString]
    [AllowNull]
    public string? From { get; set; }

    /// <summary>The destination prefix the rule matches; all or empty: not a criterion.</summary>
    [Parameter(ParameterSetName = BySelector)]
    [AllowEmptyString]
    [AllowNull]
    public string? To { get; set; }

    /// <summary>The rule's incoming interface (`iif`).</summary>
    [Parameter(ParameterSetName = BySelector)]
    [Alias("Iif")]
    [AllowEmptyString]
    [AllowNull]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? InInterface { get; set; }

    /// <summary>The rule's outgoing interface (`oif`).</summary>
    [Parameter(ParameterSetName = BySelector)]
    [Alias("Oif")]
    [AllowEmptyString]
    [AllowNull]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? OutInterface { get; set; }

    /// <summary>The rule's firewall mark, 0x10 or 0x10/0xff.</summary>
    [Parameter(ParameterSetName = BySelector)]
    [Alias("FwMark")]
    [AllowEmptyString]
    [AllowNull]
    public string? FirewallMark { get; set; }

    /// <summary>The table the rule looks up: main, local, default, or a number.</summary>
    [Parameter(ParameterSetName = BySelector)]
    [AllowEmptyString]
    [AllowNull]
    [ArgumentCompleter(typeof(RouteTableCompleter))]
    public string? Table { get; set; }

    /// <summary>The rule's action: Lookup, Blackhole, Unreachable or Prohibit.</summary>
    [Parameter(ParameterSetName = BySelector)]
    public RoutingRuleAction? Action { get; set; }

    /// <summary>IPv4 or IPv6, when neither -From nor -To says; omitted: IPv4 (as `ip rule del`).</summary>
    [Parameter(ParameterSetName = BySelector)]
    [Alias("AddressFamily")]
    public IPFamily? Family { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == BySelector)
        {
            Remove(Priority, From, To, InInterface, OutInterface, FirewallMark, Table, Action, Family);
            return;
        }
        foreach (var rule in InputObject)
            Remove(rule.Priority, rule.From, rule.To, rule.InInterface, rule.OutInterface, rule.FirewallMark,
                rule.Table?.ToString(System.Globalization.CultureInfo.InvariantCulture), rule.Action, rule.Family);
    }

    private void Remove(uint priority, string? from, string? to, string? inInterface, string? outInterface, string? firewallMark,
        string? table, RoutingRuleAction? action, IPFamily? family)
    {
        Try(priority.ToString(), () =>
        {
            var spec = new RuleArguments
            {
                Priority = priority, From = from, To = to, InInterface = inInterface, OutInterface = outInterface,
                FirewallMark = firewallMark, Table = table, Action = action, Family = family,
            }.ToSpec();
            var client = Client;
            if (!ShouldProcess($"routing rule {RuleArguments.Describe(spec)} in {TargetText.Where(Namespace)}", "Remove")) return;
            client.Rules.Remove(spec);
        });
    }
}
