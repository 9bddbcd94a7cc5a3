using System.Management.Automation;
using LinuxNetPS.Model;
using LinuxNetPS.Monitoring.Sockets;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Get-NetTCPConnection: Windows' NetTCPIP shape of Get-NetSocket -Protocol tcp (`ss -tanp`).</summary>
[Cmdlet(VerbsCommon.Get, "NetTCPConnection")]
[OutputType(typeof(NetSocket))]
public sealed class GetNetTCPConnectionCommand : NamespacedCmdlet
{
    /// <summary>Only connections with these local addresses (0.0.0.0 and :: are "any").</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[]? LocalAddress { get; set; }

    /// <summary>Only connections with these local ports.</summary>
    [Parameter(Position = 1)]
    [ValidateRange(0, 65535)]
    public int[]? LocalPort { get; set; }

    /// <summary>Only connections to these remote addresses.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? RemoteAddress { get; set; }

    /// <summary>Only connections to these remote ports.</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int[]? RemotePort { get; set; }

    /// <summary>Only connections in these states (Listen, Established, TimeWait ...; Bound is a socket bound but not listening).</summary>
    [Parameter]
    [ValidateSet("Bound", "Established", "SynSent", "SynReceived", "FinWait1", "FinWait2", "TimeWait", "Unconnected", "CloseWait", "LastAck", "Listen", "Closing", "NewSynReceived", IgnoreCase = true)]
    public string[]? State { get; set; }

    /// <summary>Only connections of these processes.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int[]? OwningProcess { get; set; }

    protected override void ProcessRecord()
    {
        Try(Namespace, () => WriteObject(SocketFilter.Apply(SocketDiag.List(Client, ["tcp"]), LocalAddress, LocalPort, RemoteAddress, RemotePort, State, OwningProcess), true));
    }
}
