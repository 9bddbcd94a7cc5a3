using System.Runtime.InteropServices;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Interop;

/// <summary>
/// An owned file descriptor (socket or namespace file), closed exactly once: the one SafeHandle type for
/// descriptors, which every import taking a descriptor takes.
/// </summary>
internal sealed class FileDescriptor : SafeHandle
{
    public FileDescriptor() : base(new IntPtr(-1), ownsHandle: true) { }

    public FileDescriptor(int fd) : this() => SetHandle(new IntPtr(fd));

    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>
    /// The descriptor's number, only for writing it into a netlink message (IFLA_NET_NS_FD, NETNSA_FD) or a
    /// struct pollfd, which the kernel reads while this object is alive (kept referenced for the call). System
    /// calls take the handle itself.
    /// </summary>
    public int Number => IsClosed ? throw new ObjectDisposedException(nameof(FileDescriptor)) : (int)handle.ToInt64();

    protected override bool ReleaseHandle() => Sys.Close(handle) == 0;

    /// <summary>socket(2) with SOCK_CLOEXEC, throwing the mapped errno.</summary>
    public static FileDescriptor OpenSocket(int domain, int type, int protocol, string operation)
    {
        int fd = Sys.Socket(domain, type | Sys.SOCK_CLOEXEC, protocol);
        if (fd < 0) throw Sys.LastError(operation);
        return new FileDescriptor(fd);
    }

    /// <summary>Opens a file read-only with O_CLOEXEC (namespace files such as /proc/self/ns/net).</summary>
    public static FileDescriptor OpenReadOnly(string path)
    {
        int fd = Sys.Open(path, Sys.O_RDONLY | Sys.O_CLOEXEC, 0);
        if (fd < 0) throw Sys.LastError("open", path);
        return new FileDescriptor(fd);
    }

    /// <summary>
    /// Opens a file that should be a namespace without ever blocking on it: O_NONBLOCK (a FIFO opens at once
    /// instead of waiting for a writer), O_NOCTTY, and with <paramref name="noFollow"/> O_NOFOLLOW (a symlink
    /// planted in /run/netns is refused, ELOOP). Returns null and the errno when it cannot be opened.
    /// </summary>
    public static FileDescriptor? TryOpenCarefully(string path, bool noFollow, out Errno errno)
    {
        int flags = Sys.O_RDONLY | Sys.O_CLOEXEC | Sys.O_NONBLOCK | Sys.O_NOCTTY | (noFollow ? Sys.O_NOFOLLOW : 0);
        int fd = Sys.Open(path, flags, 0);
        errno = fd < 0 ? Sys.LastErrno() : Errno.None;
        return fd < 0 ? null : new FileDescriptor(fd);
    }
}
