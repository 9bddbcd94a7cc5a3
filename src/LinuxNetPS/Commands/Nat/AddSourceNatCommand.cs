using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Nftables;

namespace LinuxNetPS.Commands;

/// <summary>Add-SourceNat: source NAT to a fixed address (`iptables -t nat -A POSTROUTING -s PREFIX -j SNAT --to-source ADDRESS`).</summary>
[Cmdlet(VerbsCommon.Add, "SourceNat", SupportsShouldProcess = true)]
[OutputType(typeof(NatRule))]
public sealed class AddSourceNatCommand : NatCmdlet
{
    /// <summary>The source prefix to translate, e.g. 10.10.0.0/16.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Source { get; set; } = "";

    /// <summary>The new source address (`--to-source`).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string ToAddress { get; set; } = "";

    /// <summary>Only packets leaving through this interface (`-o`).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? OutInterface { get; set; }

    /// <summary>Write the rule to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        Try(Source, () =>
        {
            var rule = NatRuleDefinition.SourceNat(Source, ToAddress, OutInterface);
            var nat = Client.Nat;
            if (!ShouldProcess(RuleTarget(rule.ToString()), "Add")) return;
            var change = nat.AddSourceNat(Source, ToAddress, OutInterface);
            Completed(nat, change);
            if (PassThru) WriteObject(change.Rule);
        });
    }
}
