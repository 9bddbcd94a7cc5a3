namespace LinuxNetPS.Namespaces;

/// <summary>
/// A test hook for crash tests: when the environment variable LINUXNETPS_FAULT_POINT names a point the code
/// reaches, the process kills itself there with SIGKILL, as a user's kill -9 or an OOM kill would. Tests use it
/// to prove that what a killed process leaves behind is listed and cleaned up. Unset, it costs one string compare.
/// </summary>
internal static partial class FaultPoint
{
    private static readonly string? Armed = Environment.GetEnvironmentVariable("LINUXNETPS_FAULT_POINT");

    /// <summary>In-process tests can run code at a point instead (to delete something inside a race window).</summary>
    internal static Action<string>? Callback;

    public static void Reach(string point)
    {
        Callback?.Invoke(point);
        if (Armed is null || !string.Equals(Armed, point, StringComparison.Ordinal)) return;
        Kill(Environment.ProcessId, 9);
    }

    [System.Runtime.InteropServices.LibraryImport(Interop.Sys.Libc, EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
