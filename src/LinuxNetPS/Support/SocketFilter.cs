using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Support;

/// <summary>Get-NetTCPConnection's and Get-NetUDPEndpoint's filters over Get-NetSocket's objects; addresses are checked before anything is read.</summary>
public static class SocketFilter
{
    public static IEnumerable<NetSocket> Apply(IEnumerable<NetSocket> sockets, string[]? localAddress, int[]? localPort,
        string[]? remoteAddress, int[]? remotePort, string[]? state, int[]? owningProcess)
    {
        var local = localAddress?.Select(a => IPPrefix.ParseAddress(a, "local address")).ToList();
        var remote = remoteAddress?.Select(a => IPPrefix.ParseAddress(a, "remote address")).ToList();
        // Windows calls a TCP socket that is bound but neither listening nor connected "Bound"; the kernel's TCP_CLOSE.
        var states = state?.Select(s => s.Equals("Bound", StringComparison.OrdinalIgnoreCase) ? SocketState.Unconnected : Enum.Parse<SocketState>(s, true)).ToHashSet();
        return sockets.Where(s =>
            (local is null || local.Any(a => a.Equals(s.LocalAddress)))
            && (localPort is null || localPort.Contains(s.LocalPort))
            && (remote is null || remote.Any(a => a.Equals(s.RemoteAddress)))
            && (remotePort is null || remotePort.Contains(s.RemotePort))
            && (states is null || states.Contains(s.State))
            && (owningProcess is null || s.ProcessId is { } pid && owningProcess.Contains(pid)));
    }
}
