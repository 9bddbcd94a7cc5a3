using System.Management.Automation;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Commands;

/// <summary>New-NetBridge: creates a bridge (`ip link add NAME type bridge`).</summary>
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

    protected override void ProcessRecord()
    {
        Try(Name, () =>
        {
            LinkName.Validate(Name);
            var client = Client;
            if (!ShouldProcess(Target("bridge", Name), "Create")) return;
            WriteObject(client.Bridges.Create(Name, Up.IsPresent));
        });
    }
}
