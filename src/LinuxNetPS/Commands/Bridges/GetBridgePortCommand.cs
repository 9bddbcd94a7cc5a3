using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Commands;

/// <summary>Get-BridgePort: lists the ports of a bridge, or of all bridges (`bridge link show`).</summary>
[Cmdlet(VerbsCommon.Get, "BridgePort")]
[OutputType(typeof(BridgePort))]
public sealed class GetBridgePortCommand : NamespacedCmdlet
{
    /// <summary>The bridge whose ports to list; omitted: every bridge's.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BridgeNameCompleter))]
    public string? Bridge { get; set; }

    protected override void ProcessRecord()
    {
        Try(Bridge ?? Namespace, () =>
        {
            if (Bridge is not null) LinkName.Validate(Bridge);
            WriteObject(Client.Bridges.GetPorts(Bridge), true);
        });
    }
}
