using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Remove-NatRule: removes LinuxNetPS NAT rules by id, whatever their kind. Only -Id and -Namespace bind from
/// the pipeline, so `Get-NatRule | Remove-NatRule` removes exactly the rules listed.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "NatRule", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveNatRuleCommand : NamespacedCmdlet
{
    /// <summary>Ids of the rules to remove (the Id property of Get-NatRule's objects).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NatRuleIdCompleter))]
    public string[] Id { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var id in Id)
        {
            Try(id, () =>
            {
                var nat = Client.Nat;
                // Read first: an unknown id fails before any prompt, and -Confirm shows what the rule does.
                var rule = nat.Get(id);
                if (!ShouldProcess(NatText.Target(rule, Namespace), "Remove")) return;
                nat.Remove(id);
            });
        }
    }
}
