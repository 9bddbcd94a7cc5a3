using System.Management.Automation;
using LinuxNetPS.Nftables;

namespace LinuxNetPS.Commands;

/// <summary>Disable-Masquerade: removes the masquerade rule with these parameters (`iptables -t nat -D POSTROUTING ... -j MASQUERADE`).</summary>
[Cmdlet(VerbsLifecycle.Disable, "Masquerade", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class DisableMasqueradeCommand : MasqueradeCmdlet
{
    protected override void ProcessRecord()
    {
        Try(Source, () =>
        {
            var rule = NatRuleDefinition.Masquerade(Source, OutInterface, ExcludeOutInterface);
            var nat = Client.Nat;
            if (!ShouldProcess(RuleTarget(rule.ToString()), "Remove")) return;
            nat.DisableMasquerade(Source, OutInterface, ExcludeOutInterface);
        });
    }
}
