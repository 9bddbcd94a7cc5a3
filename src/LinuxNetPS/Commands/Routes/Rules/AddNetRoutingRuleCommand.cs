using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Add-NetRoutingRule: adds a policy routing rule (`ip rule add`); a priority the family uses already is an error.</summary>
[Cmdlet(VerbsCommon.Add, "NetRoutingRule", SupportsShouldProcess = true)]
[OutputType(typeof(NetRoutingRule))]
public sealed class AddNetRoutingRuleCommand : NamespacedCmdlet
{
    /// <summary>The rule's priority (`pref`); lower numbers are tried first. Omitted: the kernel picks one below the first rule after 0.</summary>
    [Parameter]
    [Alias("Preference")]
    public uint? Priority { get; set; }

    /// <summary>Source prefix to match (`from`); omitted or all: any source.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? From { get; set; }

    /// <summary>Destination prefix to match (`to`); omitted or all: any destination.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? To { get; set; }

    /// <summary>Match traffic that came in on this interface (`iif`); lo means traffic this namespace sends.</summary>
    [Parameter]
    [Alias("Iif")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? InInterface { get; set; }

    /// <summary>Match traffic from sockets bound to this interface (`oif`).</summary>
    [Parameter]
    [Alias("Oif")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? OutInterface { get; set; }

    /// <summary>Match packets with this firewall mark (`fwmark`): 0x10, 16, or with a mask 0x10/0xff.</summary>
    [Parameter]
    [Alias("FwMark")]
    [ValidateNotNullOrEmpty]
    public string? FirewallMark { get; set; }

    /// <summary>The routing table matching traffic looks up (`lookup`): main, local, default, or a number.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RouteTableCompleter))]
    public string? Table { get; set; }

    /// <summary>What the rule does: Lookup (look up -Table, the default), Blackhole, Unreachable or Prohibit.</summary>
    [Parameter]
    public RoutingRuleAction? Action { get; set; }

    /// <summary>IPv4 or IPv6, when neither -From nor -To says; omitted: IPv4.</summary>
    [Parameter]
    [Alias("AddressFamily")]
    public IPFamily? Family { get; set; }

    /// <summary>Write the rule as the kernel stored it (with its priority) to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        // The error's target: the rule's priority when given (what names a rule), else the namespace it was for.
        Try(Priority?.ToString() ?? Namespace, () =>
        {
            var spec = new RuleArguments
            {
                Priority = Priority, From = From, To = To, InInterface = InInterface, OutInterface = OutInterface,
                FirewallMark = FirewallMark, Table = Table, Action = Action, Family = Family,
            }.ToSpec();
            var client = Client;
            if (!ShouldProcess($"routing rule {RuleArguments.Describe(spec)} in {TargetText.Where(Namespace)}", "Add")) return;
            var rule = client.Rules.Add(spec);
            if (PassThru) WriteObject(rule);
        });
    }
}
