using System.Runtime.InteropServices;

namespace LinuxNetPS.Interop;

/// <summary>
/// The BSD socket calls (sys/socket.h) and the netlink socket options (linux/netlink.h). The calls that
/// take a socket address have one overload per address family; AF_PACKET's own structures and options are
/// in Interop.PacketSocket.cs.
/// </summary>
internal static partial class Sys
{
    internal const int AF_NETLINK = 16;
    internal const int AF_PACKET = 17;
    internal const int SOCK_RAW = 3;
    internal const int SOCK_CLOEXEC = 0x80000;
    internal const int SOL_SOCKET = 1;
    internal const int SO_SNDBUF = 7;
    internal const int SO_RCVBUF = 8;
    internal const int SO_SNDBUFFORCE = 32;
    internal const int SO_RCVBUFFORCE = 33;
    internal const int SOL_NETLINK = 270;
    internal const int NETLINK_ADD_MEMBERSHIP = 1;
    internal const int NETLINK_CAP_ACK = 10;
    internal const int NETLINK_EXT_ACK = 11;
    internal const int MSG_PEEK = 0x02;
    internal const int MSG_TRUNC = 0x20;
    internal const int MSG_DONTWAIT = 0x40;

    /// <summary>struct sockaddr_nl (linux/netlink.h), 12 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SockaddrNl
    {
        public ushort Family;
        public ushort Pad;
        public uint Pid;
        public uint Groups;
    }

    [LibraryImport(Libc, EntryPoint = "socket", SetLastError = true)]
    internal static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Libc, EntryPoint = "bind", SetLastError = true)]
    internal static partial int Bind(FileDescriptor fd, in SockaddrNl addr, int addrlen);

    [LibraryImport(Libc, EntryPoint = "setsockopt", SetLastError = true)]
    internal static partial int SetSockOpt(FileDescriptor fd, int level, int name, in int value, int len);

    [LibraryImport(Libc, EntryPoint = "send", SetLastError = true)]
    internal static unsafe partial nint Send(FileDescriptor fd, byte* buf, nint len, int flags);

    [LibraryImport(Libc, EntryPoint = "recv", SetLastError = true)]
    internal static unsafe partial nint Recv(FileDescriptor fd, byte* buf, nint len, int flags);

    /// <summary>
    /// Asks for a receive buffer of <paramref name="bytes"/>: SO_RCVBUFFORCE lifts the limit of net.core.rmem_max
    /// but needs CAP_NET_ADMIN; without it, SO_RCVBUF takes what is allowed. Neither failure is an error.
    /// </summary>
    internal static void SetReceiveBuffer(FileDescriptor fd, int bytes)
    {
        if (SetSockOpt(fd, SOL_SOCKET, SO_RCVBUFFORCE, bytes, sizeof(int)) < 0)
            SetSockOpt(fd, SOL_SOCKET, SO_RCVBUF, bytes, sizeof(int));
    }
}
