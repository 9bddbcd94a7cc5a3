using LinuxNetPS.Compose.Labs;

namespace LinuxNetPS.Tests;

/// <summary>
/// Test-NetLab's waves (issue 24): the kernel's neighbour tables are shared by every namespace, so the probes of a big
/// lab go out in waves whose entries (two a probe) stay within a budget; every probe is in exactly one wave.
/// </summary>
public sealed class LabProbeWavesTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lps-waves-");

    public void Dispose() => _dir.Delete(recursive: true);

    public static TheoryData<int, int> Sizes() => new()
    {
        { 2, 40 }, { 12, 40 }, { 12, 41 }, { 12, 3 }, { 12, 1 }, { 30, 512 }, { 200, 512 }, { 200, 100 }, { 1, 10 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void A_plan_for_a_full_mesh_never_exceeds_the_budget_and_covers_every_pair_once(int nodes, int budget)
    {
        var pairs = Enumerable.Range(0, nodes).SelectMany(s => Enumerable.Range(0, nodes).Where(t => t != s).Select(t => (s, t))).ToList();
        var waves = LabProbeWaves.Plan(pairs.Count, budget);

        var seen = new int[pairs.Count];
        foreach (var wave in waves)
        {
            var (offset, length) = wave.GetOffsetAndLength(pairs.Count);
            Assert.True(length > 0);
            // A budget under one probe's two entries still sends one probe a wave, never none.
            Assert.True(length * LabProbeWaves.EntriesPerProbe <= Math.Max(budget, LabProbeWaves.EntriesPerProbe),
                $"a wave of {length} probes needs {length * 2} entries, over the budget of {budget}");
            for (int i = offset; i < offset + length; i++) seen[i]++;
        }
        Assert.All(seen, n => Assert.Equal(1, n));
        Assert.Equal(pairs.Count, seen.Length);
        int perWave = Math.Max(1, budget / 2);
        Assert.Equal((pairs.Count + perWave - 1) / perWave, waves.Count);
    }

    [Fact]
    public void A_lab_that_fits_is_one_wave_and_no_probe_is_no_wave()
    {
        Assert.Single(LabProbeWaves.Plan(12 * 11, 264));
        Assert.Equal(2, LabProbeWaves.Plan(12 * 11, 263).Count);
        Assert.Empty(LabProbeWaves.Plan(0, 512));
        Assert.Throws<ArgumentOutOfRangeException>(() => LabProbeWaves.Plan(-1, 512));
    }

    [Fact]
    public void A_budget_asked_before_each_wave_bounds_that_wave_and_every_probe_is_still_sent_once()
    {
        int[] budgets = [40, 6, 1, 500, 0, 41];
        int asked = 0;
        var sizes = new List<int>();
        var seen = new int[200];
        foreach (var wave in LabProbeWaves.Waves(seen.Length, () => budgets[asked++ % budgets.Length]))
        {
            var (offset, length) = wave.GetOffsetAndLength(seen.Length);
            Assert.True(length * LabProbeWaves.EntriesPerProbe <= Math.Max(budgets[(asked - 1) % budgets.Length], LabProbeWaves.EntriesPerProbe));
            sizes.Add(length);
            for (int i = offset; i < offset + length; i++) seen[i]++;
        }
        Assert.All(seen, n => Assert.Equal(1, n));
        Assert.Equal(asked, sizes.Count);
        Assert.Equal([20, 3, 1, 176], sizes);
    }

    [Fact]
    public void The_budget_is_half_the_limit_less_the_entries_every_namespace_holds()
    {
        string limit = Path.Combine(_dir.FullName, "gc_thresh3");
        string stat = Path.Combine(_dir.FullName, "arp_cache");
        File.WriteAllText(limit, "1024\n");
        File.WriteAllText(stat, "entries  allocs   destroys\n000000c8 0001a635 000158fb\n");
        Assert.Equal(512 - 200, LabProbeWaves.Free(limit, stat));
        // Others hold more than half: one probe a wave still makes progress.
        File.WriteAllText(stat, "entries  allocs\n00000300 00000001\n");
        Assert.Equal(LabProbeWaves.EntriesPerProbe, LabProbeWaves.Free(limit, stat));
        // Unreadable files: the kernel's default limit, nothing counted as held.
        Assert.Equal(512, LabProbeWaves.Free(Path.Combine(_dir.FullName, "none"), Path.Combine(_dir.FullName, "none2")));
    }

    [Fact]
    public void The_budget_of_this_machine_is_within_half_its_limit()
    {
        int limit = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/neigh/default/gc_thresh3").Trim());
        int budget = LabProbeWaves.Budget();
        Assert.InRange(budget, LabProbeWaves.EntriesPerProbe, Math.Max(LabProbeWaves.EntriesPerProbe, limit / 2));
    }
}
