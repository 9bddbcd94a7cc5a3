namespace LinuxNetPS.Compose.State;

/// <summary>
/// Who wrote a state temp file, written into its name as PID-STARTTIME-PIDNS (the process id, its start time in
/// clock ticks since boot from /proc/PID/stat, and the inode of its PID namespace), so that a later process can prove
/// the writer dead: a PID alone is not enough, the kernel hands it to a new process once the writer is gone.
/// </summary>
internal static class WriterIdentity
{
    private static readonly Lazy<string> Mine = new(() =>
        $"{Environment.ProcessId}-{StartTime(Environment.ProcessId) ?? 0}-{PidNamespace("self") ?? 0}");

    /// <summary>This process's token: no dots, so it is one part of a dotted file name.</summary>
    public static string Current => Mine.Value;

    /// <summary>
    /// True only when the writer named by <paramref name="token"/> is provably no longer running: its PID is gone, or
    /// now belongs to a process that started at another time. A writer in another PID namespace (whose PIDs this
    /// process cannot see), an unreadable token, or a start time that cannot be read counts as alive.
    /// </summary>
    public static bool ProvablyDead(string token)
    {
        var parts = token.Split('-');
        if (!int.TryParse(parts[0], out int pid) || pid <= 0) return false;
        if (parts.Length == 1) // the older PID-only name: dead only when the PID is gone
            return pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}");
        if (parts.Length != 3 || !ulong.TryParse(parts[1], out ulong start) || !ulong.TryParse(parts[2], out ulong pidns)) return false;
        if (pidns == 0 || PidNamespace("self") != pidns) return false;
        if (!Directory.Exists($"/proc/{pid}")) return true;
        ulong? now = StartTime(pid);
        return now is not null && start != 0 && now != start;
    }

    /// <summary>Field 22 of /proc/PID/stat (starttime), read after the command name, which may hold spaces and ')'.</summary>
    internal static ulong? StartTime(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 && ulong.TryParse(fields[19], out ulong start) ? start : null; // field 3 is fields[0]
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        catch (ArgumentOutOfRangeException) { return null; }
    }

    private static ulong? PidNamespace(string pid)
    {
        try
        {
            string? target = new FileInfo($"/proc/{pid}/ns/pid").LinkTarget; // "pid:[4026531836]"
            if (target is null || !target.StartsWith("pid:[", StringComparison.Ordinal)) return null;
            return ulong.TryParse(target.AsSpan(5, target.Length - 6), out ulong inode) ? inode : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
