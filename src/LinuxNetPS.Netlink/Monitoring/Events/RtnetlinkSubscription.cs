using LinuxNetPS.Client;
using LinuxNetPS.Interop;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Monitoring.Events;

/// <summary>
/// A NETLINK_ROUTE socket opened inside one namespace and joined to multicast groups
/// (setsockopt NETLINK_ADD_MEMBERSHIP), from which the kernel's change notifications are read
/// without ever blocking: the caller waits with <see cref="SocketWait"/>.
/// </summary>
internal sealed class RtnetlinkSubscription : IDisposable
{
    /// <summary>Room for a burst of notifications (1,000 new addresses are about 1 MB of socket memory).</summary>
    public const int DefaultReceiveBufferBytes = 8 * 1024 * 1024;

    private byte[] _buffer = new byte[64 * 1024];

    private RtnetlinkSubscription(OwnedSocket socket) => Socket = socket;

    public OwnedSocket Socket { get; }

    /// <summary>Opens the socket in <paramref name="client"/>'s namespace and joins <paramref name="groups"/>.</summary>
    public static RtnetlinkSubscription Open(NetClient client, IReadOnlyList<int> groups, int receiveBufferBytes = DefaultReceiveBufferBytes) =>
        InNamespace.Create(client, () =>
        {
            var socket = OwnedSocket.Open(ObserveSys.AF_NETLINK, ObserveSys.SOCK_RAW, 0, "open netlink event socket");
            try
            {
                // FORCE lifts the limit of net.core.rmem_max and needs CAP_NET_ADMIN; without it, take what is allowed.
                if (ObserveSys.SetSockOpt(socket, ObserveSys.SOL_SOCKET, ObserveSys.SO_RCVBUFFORCE, receiveBufferBytes, sizeof(int)) < 0)
                    ObserveSys.SetSockOpt(socket, ObserveSys.SOL_SOCKET, ObserveSys.SO_RCVBUF, receiveBufferBytes, sizeof(int));
                var address = new ObserveSys.SockaddrNl { Family = ObserveSys.AF_NETLINK };
                if (ObserveSys.Bind(socket, address, 12) < 0) throw ObserveSys.Fail("bind netlink event socket");
                foreach (int group in groups)
                    if (ObserveSys.SetSockOpt(socket, ObserveSys.SOL_NETLINK, ObserveSys.NETLINK_ADD_MEMBERSHIP, group, sizeof(int)) < 0)
                        throw ObserveSys.Fail("join rtnetlink multicast group", group.ToString());
                return new RtnetlinkSubscription(socket);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        });

    /// <summary>
    /// Reads one queued datagram without waiting. Returns its bytes, an empty span when nothing is queued,
    /// and sets <paramref name="overflowed"/> when the kernel reports it dropped notifications (ENOBUFS).
    /// </summary>
    public unsafe ReadOnlySpan<byte> TryReceive(out bool overflowed)
    {
        overflowed = false;
        while (true)
        {
            nint size;
            // Peek at the real size first, so a large notification is never truncated.
            fixed (byte* p = _buffer) size = ObserveSys.Recv(Socket, p, 0, 0x02 /* MSG_PEEK */ | ObserveSys.MSG_TRUNC | ObserveSys.MSG_DONTWAIT);
            if (size < 0)
            {
                int errno = ObserveSys.LastErrno;
                if (errno == ObserveSys.EINTR) continue;
                if (errno == ObserveSys.EAGAIN) return ReadOnlySpan<byte>.Empty;
                if (errno == ObserveSys.ENOBUFS) { overflowed = true; return ReadOnlySpan<byte>.Empty; }
                throw ObserveSys.Fail("receive network events");
            }
            if (size > _buffer.Length) _buffer = new byte[Math.Max((int)size, _buffer.Length * 2)];
            nint received;
            fixed (byte* p = _buffer) received = ObserveSys.Recv(Socket, p, _buffer.Length, ObserveSys.MSG_DONTWAIT);
            if (received < 0)
            {
                int errno = ObserveSys.LastErrno;
                if (errno == ObserveSys.EINTR) continue;
                if (errno == ObserveSys.EAGAIN) return ReadOnlySpan<byte>.Empty;
                if (errno == ObserveSys.ENOBUFS) { overflowed = true; return ReadOnlySpan<byte>.Empty; }
                throw ObserveSys.Fail("receive network events");
            }
            return _buffer.AsSpan(0, (int)received);
        }
    }

    public void Dispose() => Socket.Dispose();
}
