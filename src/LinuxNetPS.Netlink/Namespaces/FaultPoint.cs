using LinuxNetPS.Interop;

namespace LinuxNetPS.Namespaces;

/// <summary>
/// The one fault-injection hook of the library, for crash tests. Code calls <see cref="Reach"/> at a named point
/// ("namespace-entry-created", "nat-batch-planned", or a composite plan's step text after that step is done) and a
/// test arms one point in a child process through the environment, read at each point (unset, as always outside
/// tests, that costs two environment reads):
/// <list type="bullet">
/// <item>LINUXNETPS_FAULT_POINT=NAME: the process kills itself with SIGKILL at the point of exactly that name, as a
/// user's kill -9 or an OOM kill would (tests then prove that what it left is listed and cleaned up);</item>
/// <item>LINUXNETPS_FAULT_AFTER=TEXT: at the first point whose name starts with TEXT, the process writes the point's
/// name to the file LINUXNETPS_FAULT_SIGNAL and then waits forever, so a test can look at the half-done state
/// and kill -9 it at exactly that point.</item>
/// </list>
/// It lives with the namespaces because that is the lowest layer with a fault point; operations and Compose use it too.
/// </summary>
internal static class FaultPoint
{
    public const string KillVariable = "LINUXNETPS_FAULT_POINT";
    public const string HaltVariable = "LINUXNETPS_FAULT_AFTER";
    public const string SignalVariable = "LINUXNETPS_FAULT_SIGNAL";

    private const int SigKill = 9;

    /// <summary>
    /// In-process tests can run code at a point instead (to delete something inside a race window). It gets the
    /// point and what the code is working on (a namespace), so a test acts only on its own work.
    /// </summary>
    internal static Action<string, string?>? Callback;

    public static void Reach(string point, string? subject = null)
    {
        Callback?.Invoke(point, subject);
        if (Environment.GetEnvironmentVariable(KillVariable) is { } kill && string.Equals(kill, point, StringComparison.Ordinal))
            Sys.Kill(Environment.ProcessId, SigKill);
        if (Environment.GetEnvironmentVariable(HaltVariable) is { Length: > 0 } after && point.StartsWith(after, StringComparison.Ordinal))
        {
            if (Environment.GetEnvironmentVariable(SignalVariable) is { Length: > 0 } signal) File.WriteAllText(signal, point);
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
