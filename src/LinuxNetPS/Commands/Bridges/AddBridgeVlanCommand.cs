using System.Management.Automation;
using LinuxNetPS.Bridges;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Commands;

/// <summary>Add-BridgeVlan: lets VLANs pass a bridge port, optionally as its PVID and untagged (`bridge vlan add vid N[-M] dev PORT [pvid] [untagged]`).</summary>
[Cmdlet(VerbsCommon.Add, "BridgeVlan", SupportsShouldProcess = true)]
[OutputType(typeof(BridgeVlan))]
public sealed class AddBridgeVlanCommand : NamespacedCmdlet
{
    /// <summary>VLAN ids (1-4094) or ranges such as 10-20.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[] Vlan { get; set; } = [];

    /// <summary>The bridge port (or the bridge itself, for its own VLANs).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string Interface { get; set; } = "";

    /// <summary>Untagged frames arriving on the port join this VLAN (one VLAN per port).</summary>
    [Parameter]
    public SwitchParameter Pvid { get; set; }

    /// <summary>Frames of these VLANs leave the port without a tag.</summary>
    [Parameter]
    public SwitchParameter Untagged { get; set; }

    /// <summary>Write the port's VLANs that were added to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        Try(Interface, () =>
        {
            LinkName.Validate(Interface);
            var ranges = VlanIds.ParseRanges(Vlan);
            var client = Client;
            if (!ShouldProcess(Target("interface", Interface), $"Add VLAN {VlanIds.Format(ranges)}" + (Pvid ? " pvid" : "") + (Untagged ? " untagged" : ""))) return;
            var added = client.BridgeVlans.Add(Interface, ranges, Pvid.IsPresent, Untagged.IsPresent);
            if (PassThru) WriteObject(added, true);
        });
    }
}
