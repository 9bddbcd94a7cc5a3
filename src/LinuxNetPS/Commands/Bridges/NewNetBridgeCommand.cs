using System.Management.Automation;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Commands;

/// <summary>New-NetBridge: creates a bridge (`ip link add NAME type bridge [vlan_filtering 1]`).</summary>
[Cmdlet(VerbsCommon.New, "NetBridge", SupportsShouldProcess = true)]
[OutputType(typeof(NetLink))]
public sealed class NewNetBridgeCommand : NamespacedCmdlet
{
    /// <summary>Name of the new bridge (at most 15 bytes).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Bring the bridge up once created.</summary>
    [Parameter]
    public SwitchParameter Up { get; set; }

    /// <summary>Make the bridge filter VLANs (`vlan_filtering 1`): ports pass only the VLANs given with Add-BridgeVlan.</summary>
    [Parameter]
    public SwitchParameter VlanFiltering { get; set; }

    protected override void ProcessRecord()
    {
        Try(Name, () =>
        {
            LinkName.Validate(Name);
            var client = Client;
            if (!ShouldProcess(Target("bridge", Name), "Create")) return;
            WriteObject(VlanFiltering ? client.BridgeVlans.CreateFilteringBridge(Name, Up.IsPresent) : client.Bridges.Create(Name, Up.IsPresent));
        });
    }
}
