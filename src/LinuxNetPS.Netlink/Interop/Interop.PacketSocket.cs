using System.Runtime.InteropServices;

namespace LinuxNetPS.Interop;

/// <summary>
/// AF_PACKET sockets (linux/if_packet.h, linux/if_ether.h): the address a capture socket binds to and
/// reads frames from, and the membership that puts an interface in promiscuous mode for the socket's life.
/// </summary>
internal static partial class Sys
{
    internal const int SOL_PACKET = 263;
    internal const int PACKET_ADD_MEMBERSHIP = 1;
    internal const int PACKET_MR_PROMISC = 1;
    internal const ushort ETH_P_ALL = 0x0003;

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

    /// <summary>struct packet_mreq (linux/if_packet.h), 16 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct PacketMreq
    {
        public int IfIndex;
        public ushort Type;
        public ushort AddressLength;
        public fixed byte Address[8];
    }

    [LibraryImport(Libc, EntryPoint = "bind", SetLastError = true)]
    internal static partial int Bind(FileDescriptor fd, in SockaddrLl addr, int addrlen);

    [LibraryImport(Libc, EntryPoint = "setsockopt", SetLastError = true)]
    internal static partial int SetSockOpt(FileDescriptor fd, int level, int name, in PacketMreq value, int len);

    /// <summary>getsockname(2) of a packet socket: the bound interface's hardware type (ARPHRD_*) is in the answer.</summary>
    [LibraryImport(Libc, EntryPoint = "getsockname", SetLastError = true)]
    internal static partial int GetPacketSocketAddress(FileDescriptor fd, out SockaddrLl addr, ref int addrlen);

    [LibraryImport(Libc, EntryPoint = "recvfrom", SetLastError = true)]
    internal static unsafe partial nint RecvFrom(FileDescriptor fd, byte* buf, nint len, int flags, SockaddrLl* from, int* fromlen);

    /// <summary>htons.</summary>
    internal static ushort HostToNetwork(ushort value) => (ushort)((value >> 8) | (value << 8));
}
