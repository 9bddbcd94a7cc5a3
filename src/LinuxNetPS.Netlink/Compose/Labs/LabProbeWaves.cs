namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Why Test-NetLab probes in waves: the kernel's neighbour tables (ARP and ND) are one table each for all namespaces,
/// capped by gc_thresh3 (1024 by default, settable only in the root namespace). Every probe can make two entries (the
/// source's for the target, the target's for the reply), so a full mesh of N nodes needs about 2·N·(N−1) of them: at
/// 200 hosts 39,800, and the kernel drops the rest ("neighbor table overflow"). A plan splits the probes into waves whose
/// entries stay within a budget (half of gc_thresh3, less what other users already hold); between waves the lab's own
/// dynamic entries are deleted. A lab that fits the budget is one wave, as before.
/// </summary>
public static class LabProbeWaves
{
    /// <summary>Neighbour entries one probe can make at most: one on its source, one on its target.</summary>
    public const int EntriesPerProbe = 2;

    /// <summary>Replaces the measured budget (entries per wave); for tests that need many waves from a small lab.</summary>
    public const string BudgetVariable = "LINUXNETPS_LAB_NEIGHBOR_BUDGET";

    /// <summary>
    /// The probes 0..count−1 in waves of consecutive probes, each needing at most <paramref name="budget"/> entries
    /// (a wave of one probe at the least, so a budget under two still makes progress); one wave when all fit.
    /// </summary>
    public static IReadOnlyList<Range> Plan(int count, int budget) => Waves(count, () => budget).ToList();

    /// <summary>
    /// As <see cref="Plan"/>, with the budget asked again before each wave (others' entries come and go while a big lab
    /// is probed), so each wave fits the budget of its own moment.
    /// </summary>
    public static IEnumerable<Range> Waves(int count, Func<int> budget)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        for (int start = 0; start < count;)
        {
            int perWave = Math.Max(1, budget() / EntriesPerProbe);
            int end = Math.Min(count, start + perWave);
            yield return start..end;
            start = end;
        }
    }

    /// <summary>
    /// Entries a wave may make: the override when set, else for each of ARP and ND half of gc_thresh3 less the entries
    /// all namespaces hold now (the tables' own count, /proc/net/stat), the smaller of the two.
    /// </summary>
    public static int Budget()
    {
        string? set = Environment.GetEnvironmentVariable(BudgetVariable);
        if (int.TryParse(set, out int forced) && forced > 0) return forced;
        return Math.Min(Free("/proc/sys/net/ipv4/neigh/default/gc_thresh3", "/proc/net/stat/arp_cache"),
            Free("/proc/sys/net/ipv6/neigh/default/gc_thresh3", "/proc/net/stat/ndisc_cache"));
    }

    /// <summary>Half the limit less the entries in use; the kernel's default limit when a file cannot be read.</summary>
    internal static int Free(string limitPath, string statPath)
    {
        int limit = ReadLimit(limitPath) ?? 1024;
        return Math.Max(EntriesPerProbe, limit / 2 - (ReadEntries(statPath) ?? 0));
    }

    private static int? ReadLimit(string path)
    {
        try { return int.TryParse(File.ReadAllText(path).Trim(), out int value) && value > 0 ? value : null; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>The first column of the second line of /proc/net/stat/*_cache: the table's entry count, in hex.</summary>
    private static int? ReadEntries(string path)
    {
        try
        {
            var lines = File.ReadAllLines(path);
            if (lines.Length < 2) return null;
            string first = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            return int.TryParse(first, System.Globalization.NumberStyles.HexNumber, null, out int value) ? value : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
