namespace LinuxNetPS.Namespaces;

/// <summary>
/// A test hook for crash tests: when the environment variable LINUXNETPS_FAULT_POINT names a point the code
/// reaches, the process kills itself there with SIGKILL, as a user's kill -9 or an OOM kill would. Tests use it
/// to prove that what a killed process leaves behind is listed and cleaned up. Unset, it costs one string compare.
/// </summary>
internal static class FaultPoint
{
    private static readonly string? Armed = Environment.GetEnvironmentVariable("LINUXNETPS_FAULT_POINT");

    /// <summary>
    /// In-process tests can run code at a point instead (to delete something inside a race window). It gets the
    /// point and what the code is working on (a namespace), so a test acts only on its own work.
    /// </summary>
    internal static Action<string, string?>? Callback;

    public static void Reach(string point, string? subject = null)
    {
        Callback?.Invoke(point, subject);
        if (Armed is null || !string.Equals(Armed, point, StringComparison.Ordinal)) return;
        Interop.Sys.Kill(Environment.ProcessId, 9);
    }
}
