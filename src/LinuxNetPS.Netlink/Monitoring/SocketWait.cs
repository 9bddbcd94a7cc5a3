using LinuxNetPS.Errors;
using LinuxNetPS.Interop;

namespace LinuxNetPS.Monitoring;

/// <summary>
/// Waits until one of several sockets has something to read, for at most a short slice of time, so a
/// receive loop can notice cancellation (Ctrl+C, -Timeout) between slices instead of blocking forever.
/// </summary>
internal static class SocketWait
{
    /// <summary>The longest single wait: how late a cancellation can be noticed.</summary>
    public const int SliceMilliseconds = 100;

    /// <summary>
    /// Blocks until a socket is readable, <paramref name="deadline"/> passes or <paramref name="cancel"/> fires.
    /// Returns the indexes of the readable sockets (empty on timeout or cancellation).
    /// </summary>
    public static List<int> Readable(IReadOnlyList<FileDescriptor> sockets, DateTime deadline, CancellationToken cancel)
    {
        var ready = new List<int>();
        var fds = new Sys.PollFd[sockets.Count];
        while (!cancel.IsCancellationRequested)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return ready;
            int slice = (int)Math.Clamp(Math.Ceiling(left.TotalMilliseconds), 1, SliceMilliseconds);
            int n = Poll(sockets, fds, slice, out var errno);
            if (n < 0)
            {
                if (errno == Errno.EINTR) continue;
                throw ErrnoMapper.FromErrno(errno, "wait for a socket", null, null);
            }
            if (n == 0) continue;
            for (int i = 0; i < fds.Length; i++)
                if ((fds[i].Revents & (Sys.POLLIN | Sys.POLLERR | Sys.POLLHUP)) != 0) ready.Add(i);
            return ready;
        }
        return ready;
    }

    /// <summary>
    /// One poll(2). struct pollfd holds plain numbers, so every handle is referenced for the call: a socket closed
    /// meanwhile on another thread cannot have its number reused under the wait. The errno is taken before the
    /// references are released (a release can close a descriptor, which sets errno again).
    /// </summary>
    private static unsafe int Poll(IReadOnlyList<FileDescriptor> sockets, Sys.PollFd[] fds, int timeoutMilliseconds, out Errno errno)
    {
        int referenced = 0;
        try
        {
            for (int i = 0; i < sockets.Count; i++)
            {
                bool added = false;
                sockets[i].DangerousAddRef(ref added); // throws ObjectDisposedException for a closed socket
                if (added) referenced++;
                fds[i] = new Sys.PollFd { Fd = sockets[i].Number, Events = Sys.POLLIN };
            }
            int n;
            fixed (Sys.PollFd* p = fds) n = Sys.Poll(p, (nuint)fds.Length, timeoutMilliseconds);
            errno = n < 0 ? Sys.LastErrno() : Errno.None;
            return n;
        }
        finally
        {
            for (int i = 0; i < referenced; i++) sockets[i].DangerousRelease();
        }
    }
}
