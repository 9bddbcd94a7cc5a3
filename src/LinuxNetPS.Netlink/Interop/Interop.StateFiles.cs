using System.Runtime.InteropServices;

namespace LinuxNetPS.Interop;

/// <summary>flock(2) and the inode of a path: what the container-network state files need.
/// .NET's FileShare locks do not wait, and waiting is what concurrent Connects need.</summary>
internal static partial class Sys
{
    internal const int LOCK_EX = 2, LOCK_UN = 8;

    [LibraryImport(Libc, EntryPoint = "flock", SetLastError = true)]
    internal static partial int Flock(SafeHandle fd, int operation);

    /// <summary>The inode of a path (following symlinks), or null if it cannot be stat'ed.</summary>
    internal static ulong? InodeOfPath(string path)
    {
        int fd = Open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
        if (fd < 0) return null;
        using var file = new FileDescriptor(fd);
        return InodeOf(file);
    }
}
