using System.Runtime.InteropServices;

namespace LinuxNetPS.Interop;

/// <summary>
/// The calls the observing features need beyond the request/answer netlink socket: multicast
/// membership, waiting with a timeout (poll) and AF_PACKET capture. Kept apart from <see cref="Sys"/>
/// so that the socket layer can change underneath without touching these; every errno becomes an
/// exception in <see cref="Fail"/>.
/// </summary>
internal static partial class ObserveSys
{
    internal const int AF_NETLINK = 16, AF_PACKET = 17;
    internal const int SOCK_RAW = 3, SOCK_CLOEXEC = 0x80000, SOCK_NONBLOCK = 0x800;
    internal const int SOL_SOCKET = 1, SO_RCVBUF = 8, SO_RCVBUFFORCE = 33;
    internal const int SOL_NETLINK = 270, NETLINK_ADD_MEMBERSHIP = 1;
    internal const int SOL_PACKET = 263, PACKET_ADD_MEMBERSHIP = 1, PACKET_MR_PROMISC = 1;
    internal const ushort ETH_P_ALL = 0x0003;
    internal const int MSG_TRUNC = 0x20, MSG_DONTWAIT = 0x40;
    internal const short POLLIN = 0x001, POLLERR = 0x008, POLLHUP = 0x010;
    internal const int EINTR = 4, EAGAIN = 11, ENOBUFS = 105;

    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>struct sockaddr_nl (linux/netlink.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SockaddrNl
    {
        public ushort Family;
        public ushort Pad;
        public uint Pid;
        public uint Groups;
    }

    /// <summary>struct sockaddr_ll (linux/if_packet.h), 20 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct SockaddrLl
    {
        public ushort Family;
        public ushort Protocol;   // network byte order
        public int IfIndex;
        public ushort HaType;     // ARPHRD_*
        public byte PacketType;   // PACKET_HOST, PACKET_OUTGOING ...
        public byte HaLength;
        public fixed byte Address[8];
    }

    /// <summary>struct packet_mreq (linux/if_packet.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct PacketMreq
    {
        public int IfIndex;
        public ushort Type;
        public ushort AddressLength;
        public fixed byte Address[8];
    }

    [LibraryImport(Sys.Libc, EntryPoint = "socket", SetLastError = true)]
    internal static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Sys.Libc, EntryPoint = "bind", SetLastError = true)]
    internal static partial int Bind(SafeHandle fd, in SockaddrNl address, int length);

    [LibraryImport(Sys.Libc, EntryPoint = "bind", SetLastError = true)]
    internal static partial int Bind(SafeHandle fd, in SockaddrLl address, int length);

    [LibraryImport(Sys.Libc, EntryPoint = "getsockname", SetLastError = true)]
    internal static partial int GetSockName(SafeHandle fd, out SockaddrLl address, ref int length);

    [LibraryImport(Sys.Libc, EntryPoint = "setsockopt", SetLastError = true)]
    internal static partial int SetSockOpt(SafeHandle fd, int level, int name, in int value, int length);

    [LibraryImport(Sys.Libc, EntryPoint = "setsockopt", SetLastError = true)]
    internal static partial int SetSockOpt(SafeHandle fd, int level, int name, in PacketMreq value, int length);

    [LibraryImport(Sys.Libc, EntryPoint = "recvfrom", SetLastError = true)]
    internal static unsafe partial nint RecvFrom(SafeHandle fd, byte* buffer, nint length, int flags, SockaddrLl* from, int* fromLength);

    [LibraryImport(Sys.Libc, EntryPoint = "recv", SetLastError = true)]
    internal static unsafe partial nint Recv(SafeHandle fd, byte* buffer, nint length, int flags);

    [LibraryImport(Sys.Libc, EntryPoint = "poll", SetLastError = true)]
    internal static unsafe partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    /// <summary>The exception for the errno of the last failed call.</summary>
    internal static Exception Fail(string operation, string? target = null) =>
        Errors.ErrnoMapper.FromErrno(Marshal.GetLastPInvokeError(), operation, target, kernelMessage: null);

    internal static int LastErrno => Marshal.GetLastPInvokeError();

    internal static ushort HostToNetwork(ushort value) => (ushort)((value >> 8) | (value << 8));
}

/// <summary>An owned socket descriptor, closed exactly once.</summary>
internal sealed class OwnedSocket : SafeHandle
{
    public OwnedSocket() : base(new IntPtr(-1), ownsHandle: true) { }

    public OwnedSocket(int fd) : this() => SetHandle(new IntPtr(fd));

    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The number, for poll() only (which takes an array of plain descriptors).</summary>
    public int Number => (int)handle.ToInt64();

    protected override bool ReleaseHandle() => Sys.Close((int)handle.ToInt64()) == 0;

    /// <summary>socket(2), throwing the mapped errno.</summary>
    public static OwnedSocket Open(int domain, int type, int protocol, string operation)
    {
        int fd = ObserveSys.Socket(domain, type | ObserveSys.SOCK_CLOEXEC, protocol);
        if (fd < 0) throw ObserveSys.Fail(operation);
        return new OwnedSocket(fd);
    }
}
