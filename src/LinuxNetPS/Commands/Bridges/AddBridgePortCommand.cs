using LinuxNetPS.Support;
using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Commands;

/// <summary>Add-BridgePort: makes interfaces ports of a bridge (`ip link set NAME master BRIDGE`).</summary>
[Cmdlet(VerbsCommon.Add, "BridgePort", SupportsShouldProcess = true)]
[OutputType(typeof(BridgePort))]
public sealed class AddBridgePortCommand : NamespacedCmdlet
{
    /// <summary>The bridge to attach to.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BridgeNameCompleter))]
    public string Bridge { get; set; } = "";

    /// <summary>The interfaces to attach.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ObjectNames("Name", typeof(NetLink), typeof(VethPair), typeof(BridgePort), typeof(NetBridge))]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>Write the new bridge ports to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            Try(name, () =>
            {
                LinkName.Validate(Bridge);
                LinkName.Validate(name);
                var client = Client;
                if (!ShouldProcess(Target("link", name), $"Attach to bridge '{Bridge}'")) return;
                var port = client.Bridges.AddPort(Bridge, name);
                if (PassThru) WriteObject(port);
            });
        }
    }
}
