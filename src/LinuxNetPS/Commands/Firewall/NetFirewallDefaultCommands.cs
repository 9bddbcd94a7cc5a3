using System.Management.Automation;
using LinuxNetPS.Model;

namespace LinuxNetPS.Commands;

/// <summary>Get-NetFirewallDefault: what happens to packets of each direction that no rule accepted or dropped (our chains' policies).</summary>
[Cmdlet(VerbsCommon.Get, "NetFirewallDefault")]
[OutputType(typeof(NetFirewallDefault))]
public sealed class GetNetFirewallDefaultCommand : NamespacedCmdlet
{
    /// <summary>Only this direction.</summary>
    [Parameter(Position = 0)]
    public FirewallDirection? Direction { get; set; }

    protected override void ProcessRecord() =>
        Try(Namespace, () => WriteObject(Client.Firewall.GetDefaults().Where(d => Direction is null || d.Direction == Direction), true));
}

/// <summary>
/// Set-NetFirewallDefault: Block makes our chain of the direction drop what no rule accepted (`nft add chain inet linuxnetps
/// input { type filter hook input priority 0; policy drop; }`); Allow makes it accept again. Other tables are not touched.
/// </summary>
[Cmdlet(VerbsCommon.Set, "NetFirewallDefault", SupportsShouldProcess = true)]
[OutputType(typeof(NetFirewallDefault))]
public sealed class SetNetFirewallDefaultCommand : NamespacedCmdlet
{
    /// <summary>Inbound, Outbound or Forward.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public FirewallDirection Direction { get; set; }

    /// <summary>Allow or Block.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public FirewallAction Action { get; set; }

    /// <summary>Write the default to the pipeline.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        Try(Direction.ToString(), () =>
        {
            var firewall = Client.Firewall;
            if (!ShouldProcess(Target("firewall default", $"{Direction} {Action}"), "Set")) return;
            var result = firewall.SetDefault(Direction, Action);
            if (PassThru) WriteObject(result);
        });
    }
}
