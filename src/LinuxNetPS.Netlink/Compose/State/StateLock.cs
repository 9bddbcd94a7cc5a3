using LinuxNetPS.Errors;
using LinuxNetPS.Interop;

namespace LinuxNetPS.Compose.State;

/// <summary>
/// An exclusive flock on a lock file, held while a process reads, plans, changes and writes one piece of Compose's
/// state (one namespace's container networks, or the lab records). The kernel drops it when the process dies
/// (kill -9 included), so a crash never leaves it held. A lock file may be unlinked by the holder (the last network went); a waiter that then gets the lock holds
/// an orphan, so it checks that the path still names the file it locked and otherwise tries again.
/// Threads of one process are serialized per lock file by a gate first (flock is per open file, and each
/// acquisition opens its own, so it would also work, but the gate keeps waiting cheap); different lock files do not wait for each other.
/// </summary>
internal sealed class StateLock : IDisposable
{
    private const int Mode0644 = 0x1a4;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);
    private readonly FileDescriptor _file;
    private readonly SemaphoreSlim _gate;

    private StateLock(FileDescriptor file, SemaphoreSlim gate)
    {
        _file = file;
        _gate = gate;
    }

    /// <summary>
    /// Locks <paramref name="path"/>, waiting for other holders. <paramref name="what"/> names what the lock guards
    /// ("container network state", "lab records"), for the errors.
    /// </summary>
    public static StateLock Acquire(string path, string what)
    {
        var gate = Gates.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        gate.Wait();
        try
        {
            while (true)
            {
                // Our own open(2), not FileStream: .NET takes its own non-blocking flock for FileShare, which would
                // make other processes fail ("used by another process") instead of waiting for ours.
                // O_NOFOLLOW: a symlink planted on the lock's name is refused, never followed (and created or truncated).
                int fd = Sys.Open(path, Sys.O_RDWR | Sys.O_CREAT | Sys.O_NOFOLLOW | Sys.O_NONBLOCK | Sys.O_CLOEXEC, Mode0644);
                if (fd < 0)
                {
                    var openErrno = Sys.LastErrno();
                    if (openErrno == Errno.ELOOP)
                        throw new NetOperationException(NetErrorKind.PermissionDenied,
                            $"Cannot lock the {what}: the lock file {path} is a symlink, which LinuxNetPS never follows. Remove it (nothing else of the state is lost).",
                            openErrno, operation: $"lock the {what}", target: path);
                    throw ErrnoMapper.FromErrno(openErrno, $"open the lock of the {what}", path, null);
                }
                var file = new FileDescriptor(fd);
                if (Sys.OwnerAndModeOf(file) is not { Type: Sys.S_IFREG })
                {
                    file.Dispose();
                    throw new NetOperationException(NetErrorKind.PermissionDenied,
                        $"Cannot lock the {what}: {path} is not a regular file. Remove it (nothing else of the state is lost).",
                        operation: $"lock the {what}", target: path);
                }
                Sys.FChMod(file, Mode0644); // whatever the umask; best effort (the folder is checked already)
                while (Sys.Flock(file, Sys.LOCK_EX) != 0)
                {
                    var errno = Sys.LastErrno();
                    if (errno == Errno.EINTR) continue;
                    file.Dispose();
                    throw ErrnoMapper.FromErrno(errno, $"lock the {what}", path, null);
                }
                if (SameFile(file, path)) return new StateLock(file, gate);
                file.Dispose(); // locked a file that was unlinked meanwhile: lock the new one
            }
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private static bool SameFile(FileDescriptor file, string path)
    {
        ulong? mine = Sys.InodeOf(file);
        return mine is not null && Sys.InodeOfPath(path) == mine;
    }

    /// <summary>Removes the lock file while holding it (the state it guarded is gone); waiters notice and retry.</summary>
    public void Unlink(string path)
    {
        try { File.Delete(path); } catch (IOException) { }
    }

    public void Dispose()
    {
        _file.Dispose(); // closing the last descriptor releases the flock
        _gate.Release();
    }
}
