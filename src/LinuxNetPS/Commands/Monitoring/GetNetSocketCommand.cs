using System.Management.Automation;
using LinuxNetPS.Model;
using LinuxNetPS.Monitoring.Sockets;

namespace LinuxNetPS.Commands;

/// <summary>Get-NetSocket: the TCP and UDP sockets of a namespace with their owning processes (`ss -tunap`), via NETLINK_SOCK_DIAG.</summary>
[Cmdlet(VerbsCommon.Get, "NetSocket")]
[OutputType(typeof(NetSocket))]
public sealed class GetNetSocketCommand : NamespacedCmdlet
{
    /// <summary>tcp, udp or both (the default).</summary>
    [Parameter(Position = 0)]
    [ValidateSet("tcp", "udp", IgnoreCase = true)]
    public string[]? Protocol { get; set; }

    /// <summary>Only sockets in these states (Listen, Established, TimeWait, Unconnected ...).</summary>
    [Parameter]
    [ValidateSet("Established", "SynSent", "SynReceived", "FinWait1", "FinWait2", "TimeWait", "Unconnected", "CloseWait", "LastAck", "Listen", "Closing", "NewSynReceived", IgnoreCase = true)]
    public string[]? State { get; set; }

    /// <summary>Only sockets whose local port is one of these.</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int[]? LocalPort { get; set; }

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            var states = State?.Select(s => Enum.Parse<SocketState>(s, ignoreCase: true)).ToHashSet();
            IEnumerable<NetSocket> sockets = SocketDiag.List(Client, Protocol ?? ["tcp", "udp"]);
            if (states is not null) sockets = sockets.Where(s => states.Contains(s.State));
            if (LocalPort is not null) sockets = sockets.Where(s => LocalPort.Contains(s.LocalPort));
            WriteObject(sockets, true);
        });
    }
}
