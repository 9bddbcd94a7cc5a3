using System.Runtime.InteropServices;

namespace LinuxNetPS.Interop;

/// <summary>
/// kill(2), to ask a child program to stop the way the terminal would (SIGINT; .NET's
/// Process.Kill only sends SIGKILL), and pthread_sigmask(3), whose per-thread mask a child
/// inherits across fork and exec (.NET's process start restores the starting thread's mask in the child).
/// </summary>
internal static partial class Sys
{
    internal const int SIGINT = 2;
    internal const int SIGQUIT = 3;
    internal const int SIG_BLOCK = 0;

    /// <summary>glibc's sigset_t: 1024 bits.</summary>
    internal const int SigSetBytes = 128;

    [LibraryImport(Libc, EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    // Returns the error number itself (pthread functions do not set errno).
    [LibraryImport(Libc, EntryPoint = "pthread_sigmask")]
    internal static unsafe partial int PthreadSigmask(int how, byte* set, byte* oldSet);

    /// <summary>Blocks the given signals on the calling thread only.</summary>
    internal static unsafe void BlockSignalsOnThisThread(params int[] signals)
    {
        byte* set = stackalloc byte[SigSetBytes];
        new Span<byte>(set, SigSetBytes).Clear();
        foreach (var signal in signals) set[(signal - 1) / 8] |= (byte)(1 << ((signal - 1) % 8));
        var error = (Errors.Errno)PthreadSigmask(SIG_BLOCK, set, null);
        if (error != Errors.Errno.None) throw Errors.ErrnoMapper.FromErrno(error, "block signals", null, kernelMessage: null);
    }
}
