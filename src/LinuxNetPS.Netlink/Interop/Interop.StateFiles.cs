using System.Runtime.InteropServices;

namespace LinuxNetPS.Interop;

/// <summary>flock(2) and the inode of a path: what the container-network state files need.
/// .NET's FileShare locks do not wait, and waiting is what concurrent Connects need.</summary>
internal static partial class Sys
{
    internal const int LOCK_EX = 2, LOCK_UN = 8, AT_FDCWD = -100;

    [LibraryImport(Libc, EntryPoint = "flock", SetLastError = true)]
    internal static partial int Flock(SafeHandle fd, int operation);

    /// <summary>The inode of a path (following symlinks), or null if it cannot be stat'ed.</summary>
    internal static unsafe ulong? InodeOfPath(string path)
    {
        byte* buffer = stackalloc byte[256];
        if (Statx(AT_FDCWD, path, 0, STATX_INO, buffer) != 0) return null;
        return *(ulong*)(buffer + 32);
    }
}
