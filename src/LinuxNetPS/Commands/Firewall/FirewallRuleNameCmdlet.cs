using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Nftables;

namespace LinuxNetPS.Commands;

/// <summary>What Remove-, Enable- and Disable-NetFirewallRule share: rules named by -Name (from the pipeline: Get-NetFirewallRule's objects).</summary>
public abstract class FirewallRuleNameCmdlet : NamespacedCmdlet
{
    /// <summary>Names of the rules.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(FirewallRuleNameCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>Names of the rules from the pipeline (the Rule property of Get-NetFirewallRule's objects).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "Rule")]
    [ValidateNotNullOrEmpty]
    public string[] Rule { get; set; } = [];

    /// <summary>The verb for -WhatIf ("Remove", "Enable" ...).</summary>
    protected abstract string Verb { get; }

    /// <summary>Does the change; returns the rule to write with -PassThru (or null).</summary>
    protected abstract NetFirewallRule? Change(FirewallOperations firewall, string name);

    /// <summary>Whether the cmdlet writes the rule (its -PassThru).</summary>
    protected abstract bool Emit { get; }

    protected override void ProcessRecord()
    {
        foreach (var name in ParameterSetName == "Rule" ? Rule : Name)
            Try(name, () =>
            {
                var firewall = Client.Firewall;
                var rule = firewall.Get(name); // an unknown name fails before any prompt
                if (!ShouldProcess(Target("firewall rule", $"{rule.Rule}: {rule.Direction} {rule.Summary}"), Verb)) return;
                var result = Change(firewall, name);
                if (Emit && result is not null) WriteObject(result);
            });
    }
}

/// <summary>Remove-NetFirewallRule: removes rules by name (all their nf_tables rules, in one transaction each).</summary>
[Cmdlet(VerbsCommon.Remove, "NetFirewallRule", SupportsShouldProcess = true, DefaultParameterSetName = "Name", ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveNetFirewallRuleCommand : FirewallRuleNameCmdlet
{
    protected override string Verb => "Remove";
    protected override bool Emit => false;
    protected override NetFirewallRule? Change(FirewallOperations firewall, string name) => firewall.Remove(name);
}

/// <summary>Enable-NetFirewallRule: moves disabled rules back into their chain, in priority order.</summary>
[Cmdlet(VerbsLifecycle.Enable, "NetFirewallRule", SupportsShouldProcess = true, DefaultParameterSetName = "Name")]
[OutputType(typeof(NetFirewallRule))]
public sealed class EnableNetFirewallRuleCommand : FirewallRuleNameCmdlet
{
    /// <summary>Write the rule to the pipeline.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }
    protected override string Verb => "Enable";
    protected override bool Emit => PassThru;
    protected override NetFirewallRule? Change(FirewallOperations firewall, string name) => firewall.SetEnabled(name, true);
}

/// <summary>Disable-NetFirewallRule: parks rules in the chain "disabled" (the kernel never runs it), counters kept.</summary>
[Cmdlet(VerbsLifecycle.Disable, "NetFirewallRule", SupportsShouldProcess = true, DefaultParameterSetName = "Name")]
[OutputType(typeof(NetFirewallRule))]
public sealed class DisableNetFirewallRuleCommand : FirewallRuleNameCmdlet
{
    /// <summary>Write the rule to the pipeline.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }
    protected override string Verb => "Disable";
    protected override bool Emit => PassThru;
    protected override NetFirewallRule? Change(FirewallOperations firewall, string name) => firewall.SetEnabled(name, false);
}
