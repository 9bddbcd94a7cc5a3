using System.Runtime.InteropServices;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Interop;

/// <summary>
/// The handful of libc calls the library needs, declared with source-generated P/Invoke.
/// Each family lives in its own file (Interop.Socket.cs, Interop.Namespace.cs, ...). Calls on
/// an open file take its <see cref="FileDescriptor"/> (a SafeHandle), never the raw number, so
/// a descriptor cannot be closed (and its number reused) while a call is using it. errno is
/// read in exactly one place: <see cref="LastErrno"/>.
/// </summary>
internal static partial class Sys
{
    internal const string Libc = "libc";

    /// <summary>The errno of the last failed call.</summary>
    internal static Errno LastErrno() => (Errno)Marshal.GetLastPInvokeError();

    /// <summary>The exception for the errno of the last failed call.</summary>
    internal static NetOperationException LastError(string operation, string? target = null) =>
        ErrnoMapper.FromErrno(LastErrno(), operation, target, kernelMessage: null);

    internal static void ThrowIfFailed(int result, string operation, string? target = null)
    {
        if (result < 0) throw LastError(operation, target);
    }

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(nint fd);

    [LibraryImport(Libc, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Open(string path, int flags, int mode);

    [LibraryImport(Libc, EntryPoint = "mkdir", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int MkDir(string path, int mode);

    [LibraryImport(Libc, EntryPoint = "chmod", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int ChMod(string path, int mode);

    internal const int O_RDONLY = 0;
    internal const int O_CREAT = 0x40;
    internal const int O_EXCL = 0x80;
    internal const int O_NOCTTY = 0x100;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_NOFOLLOW = 0x20000;
    internal const int O_CLOEXEC = 0x80000;
}
