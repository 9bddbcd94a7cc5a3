using System.Diagnostics;
using LinuxNetPS.Interop;

namespace LinuxNetPS.Namespaces;

/// <summary>Stops a program the polite way first: SIGINT (what Ctrl+C sends), then SIGKILL if it is still there after a grace period.</summary>
public static class ProcessSignals
{
    /// <summary>Sends SIGINT; true if the process was still there to receive it.</summary>
    public static bool Interrupt(Process process)
    {
        try
        {
            return !process.HasExited && Sys.Kill(process.Id, Sys.SIGINT) == 0;
        }
        catch (InvalidOperationException)
        {
            return false; // never started or already reaped
        }
    }

    /// <summary>Waits up to <paramref name="grace"/> for the process to end after an interrupt, then kills it.</summary>
    public static void EnsureEnded(Process process, TimeSpan grace)
    {
        try
        {
            if (process.HasExited || process.WaitForExit(grace)) return;
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
