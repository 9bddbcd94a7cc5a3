using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Get-NetFirewallRule: the firewall rules LinuxNetPS made, with their packet and byte counters (`nft list chain inet linuxnetps input`).</summary>
[Cmdlet(VerbsCommon.Get, "NetFirewallRule")]
[OutputType(typeof(NetFirewallRule))]
public sealed class GetNetFirewallRuleCommand : NamespacedCmdlet
{
    /// <summary>Rule names; wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(FirewallRuleNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only rules of this direction.</summary>
    [Parameter]
    public FirewallDirection? Direction { get; set; }

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            var rules = NameFilter.Select(Client.Firewall.List().Where(r => Direction is null || r.Direction == Direction), r => r.Rule, Name, out var missing);
            WriteObject(rules, true);
            foreach (var name in missing)
                Report(NetOperationException.NotFound($"There is no LinuxNetPS firewall rule named '{name}' in {TargetText.Where(Namespace)}.", name)
                    .WithErrorId(ErrorIds.FirewallRuleNotFound), name);
        });
    }
}
