using System.Management.Automation;
using LinuxNetPS.Bridges;
using LinuxNetPS.Completers;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Commands;

/// <summary>Remove-BridgeVlan: stops VLANs passing a bridge port (`bridge vlan del vid N[-M] dev PORT`). Get-BridgeVlan's objects bind it.</summary>
[Cmdlet(VerbsCommon.Remove, "BridgeVlan", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveBridgeVlanCommand : NamespacedCmdlet
{
    /// <summary>VLAN ids or ranges to remove.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Vlan { get; set; } = [];

    /// <summary>The bridge port (or bridge).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string Interface { get; set; } = "";

    protected override void ProcessRecord()
    {
        Try(Interface, () =>
        {
            LinkName.Validate(Interface);
            var ranges = VlanIds.ParseRanges(Vlan);
            var client = Client;
            if (!ShouldProcess(Target("interface", Interface), $"Remove VLAN {VlanIds.Format(ranges)}")) return;
            client.BridgeVlans.Remove(Interface, ranges);
        });
    }
}
