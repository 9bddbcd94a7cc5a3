using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Remove-NetRoutingRule: deletes the first rule that matches everything given (`ip rule del`). Every parameter binds
/// from Get-NetRoutingRule's objects, so a piped rule names itself.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "NetRoutingRule", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveNetRoutingRuleCommand : NamespacedCmdlet
{
    /// <summary>The rule's priority: what names a rule (Add-NetRoutingRule gives each priority once per family).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Preference")]
    public uint Priority { get; set; }

    /// <summary>The source prefix the rule matches; all or empty: not a criterion.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    [AllowNull]
    public string? From { get; set; }

    /// <summary>The destination prefix the rule matches; all or empty: not a criterion.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    [AllowNull]
    public string? To { get; set; }

    /// <summary>The rule's incoming interface (`iif`).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Iif")]
    [AllowEmptyString]
    [AllowNull]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? InInterface { get; set; }

    /// <summary>The rule's outgoing interface (`oif`).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Oif")]
    [AllowEmptyString]
    [AllowNull]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? OutInterface { get; set; }

    /// <summary>The rule's firewall mark, 0x10 or 0x10/0xff.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("FwMark")]
    [AllowEmptyString]
    [AllowNull]
    public string? FirewallMark { get; set; }

    /// <summary>The table the rule looks up: main, local, default, or a number.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    [AllowNull]
    [ArgumentCompleter(typeof(RouteTableCompleter))]
    public string? Table { get; set; }

    /// <summary>The rule's action: Lookup, Blackhole, Unreachable or Prohibit.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public RoutingRuleAction? Action { get; set; }

    /// <summary>IPv4 or IPv6, when neither -From nor -To says; omitted: IPv4 (as `ip rule del`).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("AddressFamily")]
    public IPFamily? Family { get; set; }

    protected override void ProcessRecord()
    {
        Try(Priority.ToString(), () =>
        {
            var spec = new RuleArguments
            {
                Priority = Priority, From = From, To = To, InInterface = InInterface, OutInterface = OutInterface,
                FirewallMark = FirewallMark, Table = Table, Action = Action, Family = Family,
            }.ToSpec();
            var client = Client;
            if (!ShouldProcess($"routing rule {RuleArguments.Describe(spec)} in {TargetText.Where(Namespace)}", "Remove")) return;
            client.Rules.Remove(spec);
        });
    }
}
