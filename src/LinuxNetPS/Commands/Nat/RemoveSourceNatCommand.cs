using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Nftables;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Remove-SourceNat: removes the source NAT rule for this source (and out interface).</summary>
[Cmdlet(VerbsCommon.Remove, "SourceNat", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveSourceNatCommand : NatCmdlet
{
    /// <summary>The source prefix the rule was added with.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Source { get; set; } = "";

    /// <summary>If given, the rule must translate to this address (a check; the rule is found without it).</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? ToAddress { get; set; }

    /// <summary>The out interface the rule was added with, if any.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? OutInterface { get; set; }

    protected override void ProcessRecord()
    {
        Try(Source, () =>
        {
            // Validates every input; without -ToAddress the target is a placeholder the text leaves out.
            var rule = NatRuleDefinition.SourceNat(Source, ToAddress ?? NatText.AnyTargetLike(Source), OutInterface);
            var nat = Client.Nat;
            if (!ShouldProcess(RuleTarget(NatText.Removal(rule, anyTarget: ToAddress is null)), "Remove")) return;
            nat.RemoveSourceNat(Source, ToAddress, OutInterface);
        });
    }
}
