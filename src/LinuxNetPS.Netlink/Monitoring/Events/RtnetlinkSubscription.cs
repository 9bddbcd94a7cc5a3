using LinuxNetPS.Client;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;

namespace LinuxNetPS.Monitoring.Events;

/// <summary>
/// A NETLINK_ROUTE socket opened inside one namespace and joined to multicast groups, from which the
/// kernel's change notifications are read without ever blocking: the caller waits with <see cref="SocketWait"/>.
/// The socket is an ordinary <see cref="NetlinkSocket"/>; this only chooses its namespace, buffer and groups.
/// </summary>
internal sealed class RtnetlinkSubscription : IDisposable
{
    /// <summary>Room for a burst of notifications (1,000 new addresses are about 1 MB of socket memory).</summary>
    public const int DefaultReceiveBufferBytes = 8 * 1024 * 1024;

    private RtnetlinkSubscription(NetlinkSocket socket) => Socket = socket;

    public NetlinkSocket Socket { get; }

    /// <summary>Opens the socket in <paramref name="client"/>'s namespace and joins <paramref name="groups"/>.</summary>
    public static RtnetlinkSubscription Open(NetClient client, IReadOnlyList<int> groups, int receiveBufferBytes = DefaultReceiveBufferBytes) =>
        InNamespace.Create(client, () =>
        {
            var socket = NetlinkSocket.Open(NetlinkProtocol.Route, receiveBufferBytes);
            try
            {
                foreach (int group in groups) socket.JoinGroup(group);
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
    public ReadOnlySpan<byte> TryReceive(out bool overflowed) => Socket.ReceiveNotification(out overflowed);

    public void Dispose() => Socket.Dispose();
}
