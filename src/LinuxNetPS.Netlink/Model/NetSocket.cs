using System.Net;

namespace LinuxNetPS.Model;

/// <summary>TCP states (include/net/tcp_states.h) in PowerShell's words; UDP sockets are Unconnected or Established.</summary>
public enum SocketState : byte
{
    Unknown = 0, Established = 1, SynSent = 2, SynReceived = 3, FinWait1 = 4, FinWait2 = 5, TimeWait = 6,
    /// <summary>TCP_CLOSE: a UDP socket that is bound but not connected (how a UDP server waits), or a TCP socket not yet listening.</summary>
    Unconnected = 7,
    CloseWait = 8, LastAck = 9, Listen = 10, Closing = 11, NewSynReceived = 12,
}

/// <summary>An IPv4 or IPv6 TCP or UDP socket of a namespace, as `ss -tunap` lists it.</summary>
public sealed record NetSocket
{
    public string? Namespace { get; init; }
    /// <summary>"tcp" or "udp".</summary>
    public required string Protocol { get; init; }
    /// <summary>"IPv4" or "IPv6".</summary>
    public required string Family { get; init; }
    public SocketState State { get; init; }
    public required IPAddress LocalAddress { get; init; }
    public int LocalPort { get; init; }
    public required IPAddress RemoteAddress { get; init; }
    public int RemotePort { get; init; }
    /// <summary>The interface the socket is bound to (SO_BINDTODEVICE), or null.</summary>
    public string? BoundInterface { get; init; }
    /// <summary>Bytes waiting to be read (for a listener: connections waiting to be accepted).</summary>
    public uint ReceiveQueue { get; init; }
    /// <summary>Bytes not yet acknowledged (for a listener: the accept backlog).</summary>
    public uint SendQueue { get; init; }
    public uint UserId { get; init; }
    /// <summary>The socket's inode, which identifies it in /proc/PID/fd.</summary>
    public ulong Inode { get; init; }
    /// <summary>The process that has the socket open (the lowest pid when several share it), or null when none could be found.</summary>
    public int? ProcessId { get; init; }
    public string? ProcessName { get; init; }

    /// <summary>"10.0.0.1:80", "[fd00::1]:80" or "*:80".</summary>
    public string LocalEndPoint => Format(LocalAddress, LocalPort);
    public string RemoteEndPoint => Format(RemoteAddress, RemotePort);

    private static string Format(IPAddress address, int port)
    {
        string host = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "*"
            : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return $"{host}:{(port == 0 && host == "*" ? "*" : port.ToString())}";
    }

    public override string ToString() => $"{Protocol} {LocalEndPoint} {RemoteEndPoint} {State}";
}
