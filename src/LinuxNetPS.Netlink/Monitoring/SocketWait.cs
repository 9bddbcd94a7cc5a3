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
    public static unsafe List<int> Readable(IReadOnlyList<OwnedSocket> sockets, DateTime deadline, CancellationToken cancel)
    {
        var ready = new List<int>();
        var fds = new ObserveSys.PollFd[sockets.Count];
        while (!cancel.IsCancellationRequested)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return ready;
            int slice = (int)Math.Clamp(Math.Ceiling(left.TotalMilliseconds), 1, SliceMilliseconds);
            for (int i = 0; i < sockets.Count; i++)
                fds[i] = new ObserveSys.PollFd { Fd = sockets[i].Number, Events = ObserveSys.POLLIN };
            int n;
            fixed (ObserveSys.PollFd* p = fds) n = ObserveSys.Poll(p, (nuint)fds.Length, slice);
            if (n < 0)
            {
                if (ObserveSys.LastErrno == ObserveSys.EINTR) continue;
                throw ObserveSys.Fail("wait for a socket");
            }
            if (n == 0) continue;
            for (int i = 0; i < fds.Length; i++)
                if ((fds[i].Revents & (ObserveSys.POLLIN | ObserveSys.POLLERR | ObserveSys.POLLHUP)) != 0) ready.Add(i);
            return ready;
        }
        return ready;
    }
}
