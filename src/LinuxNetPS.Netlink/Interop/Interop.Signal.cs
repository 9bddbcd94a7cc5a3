using System.Runtime.InteropServices;

namespace LinuxNetPS.Interop;

/// <summary>kill(2): asks a child program to stop the way the terminal would (SIGINT), which .NET's Process.Kill (SIGKILL) cannot.</summary>
internal static partial class Sys
{
    internal const int SIGINT = 2;

    [LibraryImport(Libc, EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
