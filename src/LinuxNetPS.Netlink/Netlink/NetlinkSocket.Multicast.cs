using LinuxNetPS.Interop;

namespace LinuxNetPS.Netlink;

/// <summary>
/// Multicast: the socket joins groups (NETLINK_ADD_MEMBERSHIP) and then reads the kernel's change notifications
/// without ever blocking; the caller waits for them with poll on <see cref="Descriptor"/>. Notifications go through
/// the same receive as replies (<see cref="ReceiveDatagram"/>: EINTR retried, the kernel's remembered ENOBUFS
/// reported, every other errno thrown), into a buffer of the socket's own, because the span handed out must stay
/// valid until the next receive. A notification is never cut off: its size is looked at first (MSG_PEEK).
/// </summary>
public sealed partial class NetlinkSocket
{
    // Made on the first JoinGroup, so only subscribed sockets hold one; grows to the largest notification seen.
    private byte[]? _notifications;

    /// <summary>The socket's descriptor, to wait for it (poll) together with others.</summary>
    internal FileDescriptor Descriptor => _fd;

    /// <summary>Joins a multicast group (for NETLINK_ROUTE, one of enum rtnetlink_groups).</summary>
    public void JoinGroup(int group)
    {
        lock (Gate)
        {
            Sys.ThrowIfFailed(Sys.SetSockOpt(_fd, Sys.SOL_NETLINK, Sys.NETLINK_ADD_MEMBERSHIP, group, sizeof(int)),
                "join netlink multicast group", group.ToString());
            _notifications ??= new byte[ScratchBuffers.ReceiveSize];
        }
    }

    /// <summary>
    /// Reads one queued notification datagram without waiting. Returns its bytes (valid until the next call), an
    /// empty span when nothing is queued, and sets <paramref name="overrun"/> when the kernel reports it dropped
    /// notifications because the receive buffer was full (ENOBUFS): the reader has missed changes and must read
    /// the state again.
    /// </summary>
    public unsafe ReadOnlySpan<byte> ReceiveNotification(out bool overrun)
    {
        overrun = false;
        lock (Gate)
        {
            var buffer = _notifications ?? throw new InvalidOperationException("The socket has joined no multicast group.");
            // Look at the real size first (MSG_PEEK | MSG_TRUNC into no room), so a large notification is never truncated.
            byte none = 0;
            int size = ReceiveDatagram(&none, 0, Sys.MSG_PEEK | Sys.MSG_TRUNC | Sys.MSG_DONTWAIT, "receive network events");
            if (size == Lost) { overrun = true; return ReadOnlySpan<byte>.Empty; }
            if (size == 0) return ReadOnlySpan<byte>.Empty;
            if (size > buffer.Length) _notifications = buffer = new byte[Math.Max(size, buffer.Length * 2)];
            int received;
            fixed (byte* p = buffer) received = ReceiveDatagram(p, buffer.Length, Sys.MSG_DONTWAIT, "receive network events");
            if (received == Lost) { overrun = true; return ReadOnlySpan<byte>.Empty; }
            return buffer.AsSpan(0, received);
        }
    }
}
