using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Get-NatRule: lists the NAT rules LinuxNetPS made (`iptables -t nat -S`, limited to ours).</summary>
[Cmdlet(VerbsCommon.Get, "NatRule")]
[OutputType(typeof(NatRule))]
public sealed class GetNatRuleCommand : NamespacedCmdlet
{
    /// <summary>Rule ids, such as masq-1a2b3c4d; wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NatRuleIdCompleter))]
    public string[]? Id { get; set; }

    /// <summary>Only rules of this kind.</summary>
    [Parameter]
    public NatRuleKind? Kind { get; set; }

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            var rules = NameFilter.Select(Client.Nat.List(Kind), r => r.Id, Id, out var missing);
            WriteObject(rules, true);
            foreach (var id in missing)
                Report(NetOperationException.NotFound(
                    $"There is no LinuxNetPS NAT rule with id '{id}'{(Kind is null ? "" : $" of kind {Kind}")} in {TargetText.Where(Namespace)}.", id).WithErrorId(ErrorIds.NatRuleNotFound), id);
        });
    }
}
