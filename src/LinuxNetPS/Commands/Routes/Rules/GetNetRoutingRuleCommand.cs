using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Get-NetRoutingRule: lists the policy routing rules (`ip rule`, `ip -6 rule`), the default ones included.</summary>
[Cmdlet(VerbsCommon.Get, "NetRoutingRule")]
[OutputType(typeof(NetRoutingRule))]
public sealed class GetNetRoutingRuleCommand : NamespacedCmdlet
{
    /// <summary>Only the rules with this priority.</summary>
    [Parameter(Position = 0)]
    [Alias("Preference")]
    public uint? Priority { get; set; }

    /// <summary>Only IPv4 or only IPv6 rules; omitted: both.</summary>
    [Parameter]
    [Alias("AddressFamily")]
    public IPFamily? Family { get; set; }

    /// <summary>Only the rules that look up this table: main, local, default, or a number.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RouteTableCompleter))]
    public string? Table { get; set; }

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            uint? table = RouteTableName.ParseOptional(Table);
            var rules = Client.Rules.List(Family)
                .Where(r => Priority is null || r.Priority == Priority)
                .Where(r => table is null or 0 || r.Table == table);
            WriteObject(rules, true);
        });
    }
}
