using System.Management.Automation;
using LinuxNetPS.Model;
using LinuxNetPS.Monitoring.Sockets;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Get-NetUDPEndpoint: Windows' NetTCPIP shape of Get-NetSocket -Protocol udp (`ss -uanp`).</summary>
[Cmdlet(VerbsCommon.Get, "NetUDPEndpoint")]
[OutputType(typeof(NetSocket))]
public sealed class GetNetUDPEndpointCommand : NamespacedCmdlet
{
    /// <summary>Only endpoints with these local addresses (0.0.0.0 and :: are "any").</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[]? LocalAddress { get; set; }

    /// <summary>Only endpoints with these local ports.</summary>
    [Parameter(Position = 1)]
    [ValidateRange(0, 65535)]
    public int[]? LocalPort { get; set; }

    /// <summary>Only endpoints of these processes.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int[]? OwningProcess { get; set; }

    protected override void ProcessRecord()
    {
        Try(Namespace, () => WriteObject(SocketFilter.Apply(SocketDiag.List(Client, ["udp"]), LocalAddress, LocalPort, null, null, null, OwningProcess), true));
    }
}
