using System.Runtime.InteropServices;

namespace LinuxNetPS.Interop;

/// <summary>
/// What Compose's state files need: flock (.NET's FileShare locks do not wait, and waiting is what concurrent
/// Connects need), the inode of a path, and the calls that create, check, write and read files and folders without
/// following a link another user planted (O_NOFOLLOW, O_EXCL, fchmod, statx of the open file); capture files
/// (Get-NetPacket -OutFile) use the same calls.
/// </summary>
internal static partial class Sys
{
    internal const int LOCK_EX = 2, LOCK_UN = 8;
    internal const int O_WRONLY = 1;
    internal const int O_RDWR = 2;
    internal const int O_DIRECTORY = 0x10000;
    internal const int S_IFDIR = 0x4000;
    internal const uint STATX_MODE = 0x2;
    internal const uint STATX_UID = 0x8;
    internal const uint STATX_SIZE = 0x200;

    [LibraryImport(Libc, EntryPoint = "flock", SetLastError = true)]
    internal static partial int Flock(SafeHandle fd, int operation);

    [LibraryImport(Libc, EntryPoint = "fchmod", SetLastError = true)]
    internal static partial int FChMod(FileDescriptor fd, int mode);

    /// <summary>Empties a file this process has checked (Get-NetPacket -OutFile: O_TRUNC would empty it before the check).</summary>
    [LibraryImport(Libc, EntryPoint = "ftruncate", SetLastError = true)]
    internal static partial int FTruncate(FileDescriptor fd, long length);

    [LibraryImport(Libc, EntryPoint = "fsync", SetLastError = true)]
    internal static partial int FSync(FileDescriptor fd);

    [LibraryImport(Libc, EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint WriteBytes(FileDescriptor fd, byte* buffer, nuint count);

    [LibraryImport(Libc, EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint ReadBytes(FileDescriptor fd, byte* buffer, nuint count);

    [LibraryImport(Libc, EntryPoint = "geteuid")]
    internal static partial uint GetEuid();

    /// <summary>The inode of a path (following symlinks), or null if it cannot be stat'ed.</summary>
    internal static ulong? InodeOfPath(string path)
    {
        int fd = Open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
        if (fd < 0) return null;
        using var file = new FileDescriptor(fd);
        return InodeOf(file);
    }

    /// <summary>Type, permission bits, owner and size of an open file; null (errno set) if it cannot be stat'ed.</summary>
    internal static unsafe (int Type, int Permissions, uint Owner, ulong Size)? OwnerAndModeOf(FileDescriptor fd)
    {
        byte* buffer = stackalloc byte[256];
        if (Statx(fd, "", AT_EMPTY_PATH, STATX_TYPE | STATX_MODE | STATX_UID | STATX_SIZE, buffer) != 0) return null;
        int mode = *(ushort*)(buffer + 28);
        return (mode & S_IFMT, mode & 0xFFF, *(uint*)(buffer + 20), *(ulong*)(buffer + 40));
    }

    /// <summary>Writes all of <paramref name="data"/> (retrying short writes and EINTR); false with errno set on failure.</summary>
    internal static unsafe bool WriteAll(FileDescriptor fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                nint n = WriteBytes(fd, start + done, (nuint)(data.Length - done));
                if (n < 0)
                {
                    if (LastErrno() == Errors.Errno.EINTR) continue;
                    return false;
                }
                done += (int)n;
            }
        }
        return true;
    }

    /// <summary>Reads up to <paramref name="limit"/> bytes to the end of the file; null with errno set on failure.</summary>
    internal static unsafe byte[]? ReadAll(FileDescriptor fd, int limit)
    {
        var result = new MemoryStream();
        byte[] chunk = new byte[64 * 1024];
        fixed (byte* start = chunk)
        {
            while (result.Length <= limit)
            {
                nint n = ReadBytes(fd, start, (nuint)chunk.Length);
                if (n < 0)
                {
                    if (LastErrno() == Errors.Errno.EINTR) continue;
                    return null;
                }
                if (n == 0) break;
                result.Write(chunk, 0, (int)n);
            }
        }
        return result.ToArray();
    }
}
