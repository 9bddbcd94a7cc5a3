using System.Runtime.InteropServices;

namespace LinuxNetPS.Interop;

/// <summary>poll(2) (poll.h): waiting for any of several sockets, with a timeout.</summary>
internal static partial class Sys
{
    internal const short POLLIN = 0x001;
    internal const short POLLERR = 0x008;
    internal const short POLLHUP = 0x010;

    /// <summary>struct pollfd. It holds descriptor numbers: the caller keeps each SafeHandle referenced for the call.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport(Libc, EntryPoint = "poll", SetLastError = true)]
    internal static unsafe partial int Poll(PollFd* fds, nuint nfds, int timeout);
}
