namespace LinuxNetPS.Compose;

/// <summary>
/// Fault injection for the crash tests: when LINUXNETPS_FAULT_AFTER names a plan step (its text starts with the
/// value), the process writes LINUXNETPS_FAULT_SIGNAL (a file path) after that step and then waits forever, so a
/// test can kill -9 it at exactly that point. Unset (always, outside tests) it costs one environment read per step.
/// </summary>
internal static class FaultPoint
{
    public static void Reach(string step)
    {
        var after = Environment.GetEnvironmentVariable("LINUXNETPS_FAULT_AFTER");
        if (string.IsNullOrEmpty(after) || !step.StartsWith(after, StringComparison.Ordinal)) return;
        var signal = Environment.GetEnvironmentVariable("LINUXNETPS_FAULT_SIGNAL");
        if (!string.IsNullOrEmpty(signal)) File.WriteAllText(signal, step);
        Thread.Sleep(Timeout.Infinite);
    }
}
