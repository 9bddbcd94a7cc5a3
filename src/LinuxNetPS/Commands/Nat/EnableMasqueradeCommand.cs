using System.Management.Automation;
using LinuxNetPS.Model;
using LinuxNetPS.Nftables;

namespace LinuxNetPS.Commands;

/// <summary>Enable-Masquerade: source NAT to the outgoing interface's address (`iptables -t nat -A POSTROUTING -s PREFIX -j MASQUERADE`).</summary>
[Cmdlet(VerbsLifecycle.Enable, "Masquerade", SupportsShouldProcess = true)]
[OutputType(typeof(NatRule))]
public sealed class EnableMasqueradeCommand : MasqueradeCmdlet
{
    /// <summary>Write the rule to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        Try(Source, () =>
        {
            var rule = NatRuleDefinition.Masquerade(Source, OutInterface, ExcludeOutInterface);
            var nat = Client.Nat;
            if (!ShouldProcess(RuleTarget(rule.ToString()), "Add")) return;
            var change = nat.EnableMasquerade(Source, OutInterface, ExcludeOutInterface);
            Completed(nat, change);
            if (PassThru) WriteObject(change.Rule);
        });
    }
}
