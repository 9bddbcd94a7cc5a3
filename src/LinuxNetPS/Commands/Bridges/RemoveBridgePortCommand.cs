using LinuxNetPS.Model;
using LinuxNetPS.Support;
using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Commands;

/// <summary>Remove-BridgePort: detaches interfaces from their bridge (`ip link set NAME nomaster`).</summary>
[Cmdlet(VerbsCommon.Remove, "BridgePort", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveBridgePortCommand : NamespacedCmdlet
{
    /// <summary>The ports (interfaces) to detach.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ObjectNames("Name", typeof(NetLink), typeof(VethPair), typeof(BridgePort), typeof(NetBridge))]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BridgePortCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>The bridge the ports must belong to; if given and a port is not on it, nothing is changed for that port.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(BridgeNameCompleter))]
    public string? Bridge { get; set; }

    protected override void ProcessRecord()
    {
        var bridge = string.IsNullOrEmpty(Bridge) ? null : Bridge;
        foreach (var name in Name)
        {
            Try(name, () =>
            {
                LinkName.Validate(name);
                if (bridge is not null) LinkName.Validate(bridge);
                var client = Client;
                if (!ShouldProcess(Target("link", name), bridge is null ? "Detach from its bridge" : $"Detach from bridge '{bridge}'")) return;
                client.Bridges.RemovePort(name, bridge);
            });
        }
    }
}
