using System.Runtime.InteropServices;

namespace LinuxNetPS.Interop;

/// <summary>
/// The handful of libc calls the library needs, declared with source-generated P/Invoke.
/// Each family lives in its own file (Interop.Socket.cs, Interop.Namespace.cs, ...);
/// errno is turned into an exception in exactly one place: <see cref="LastError"/>.
/// </summary>
internal static partial class Sys
{
    internal const string Libc = "libc";

    /// <summary>Throws a <see cref="Errors.NetOperationException"/> for the errno of the last failed call.</summary>
    internal static Exception LastError(string operation, string? target = null)
    {
        int errno = Marshal.GetLastPInvokeError();
        return Errors.ErrnoMapper.FromErrno(errno, operation, target, kernelMessage: null);
    }

    internal static void ThrowIfFailed(int result, string operation, string? target = null)
    {
        if (result < 0) throw LastError(operation, target);
    }

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(Libc, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Open(string path, int flags, int mode);

    [LibraryImport(Libc, EntryPoint = "gettid")]
    internal static partial int GetTid();

    internal const int O_RDONLY = 0;
    internal const int O_CREAT = 0x40;
    internal const int O_EXCL = 0x80;
    internal const int O_CLOEXEC = 0x80000;

    internal const int ENOENT = 2, EINTR = 4, EAGAIN = 11, ENOBUFS = 105, EMSGSIZE = 90, EBUSY = 16, EINVAL = 22, EEXIST = 17;
}
