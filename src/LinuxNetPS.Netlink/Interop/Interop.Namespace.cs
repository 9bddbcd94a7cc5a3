using System.Runtime.InteropServices;

namespace LinuxNetPS.Interop;

internal static partial class Sys
{
    internal const int CLONE_NEWNET = 0x40000000;
    internal const ulong MS_BIND = 4096;
    internal const ulong MS_REC = 16384;
    internal const ulong MS_SHARED = 1 << 20;
    internal const int MNT_DETACH = 2;
    internal const int UMOUNT_NOFOLLOW = 8;

    [LibraryImport(Libc, EntryPoint = "setns", SetLastError = true)]
    internal static partial int SetNs(FileDescriptor fd, int nstype);

    [LibraryImport(Libc, EntryPoint = "unshare", SetLastError = true)]
    internal static partial int Unshare(int flags);

    [LibraryImport(Libc, EntryPoint = "mount", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Mount(string? source, string target, string? fstype, ulong flags, nint data);

    [LibraryImport(Libc, EntryPoint = "umount2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Umount2(string target, int flags);
}

internal static partial class Sys
{
    internal const int AT_EMPTY_PATH = 0x1000;
    internal const uint STATX_TYPE = 0x1;
    internal const uint STATX_INO = 0x100;
    internal const int S_IFMT = 0xF000;
    internal const int S_IFREG = 0x8000;
    internal const nuint NS_GET_NSTYPE = 0xb703; // _IO(0xb7, 0x3), linux/nsfs.h

    [LibraryImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(FileDescriptor fd, nuint request);

    [LibraryImport(Libc, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static unsafe partial int Statx(FileDescriptor dirfd, string path, int flags, uint mask, byte* buffer);

    /// <summary>File type bits and inode of an open file (struct statx is the same on every architecture: stx_mode at 28, stx_ino at 32).</summary>
    internal static unsafe (int Type, ulong Inode)? StatOf(FileDescriptor fd)
    {
        byte* buffer = stackalloc byte[256];
        if (Statx(fd, "", AT_EMPTY_PATH, STATX_TYPE | STATX_INO, buffer) != 0) return null;
        return (*(ushort*)(buffer + 28) & S_IFMT, *(ulong*)(buffer + 32));
    }

    private const int AT_FDCWD = -100;
    private const int AT_SYMLINK_NOFOLLOW = 0x100;

    // Only ever called with AT_FDCWD (no descriptor involved: the path is resolved from the working directory, absolute here).
    [LibraryImport(Libc, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int StatxPath(int atCurrentDirectory, string path, int flags, uint mask, byte* buffer);

    /// <summary>File type bits and inode of a path, a symlink not followed (what is mounted there, for a mount point); null if there is nothing.</summary>
    internal static unsafe (int Type, ulong Inode)? LStatOf(string path)
    {
        byte* buffer = stackalloc byte[256];
        if (StatxPath(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_TYPE | STATX_INO, buffer) != 0) return null;
        return (*(ushort*)(buffer + 28) & S_IFMT, *(ulong*)(buffer + 32));
    }

    /// <summary>The inode of an open file.</summary>
    internal static ulong? InodeOf(FileDescriptor fd) => StatOf(fd)?.Inode;
}
