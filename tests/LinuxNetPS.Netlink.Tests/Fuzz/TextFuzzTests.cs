using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using LinuxNetPS.Errors;
using Xunit.Abstractions;

namespace LinuxNetPS.Tests.Fuzz;

/// <summary>
/// Fuzzing of the readers of user text (<see cref="TextEntryPoints"/>: lab JSON, containerlab YAML, the capture filter).
/// The suite runs a short budget; LINUXNETPS_TEXT_FUZZ_INPUTS=1000000 runs that many inputs for each reader
/// (LINUXNETPS_FUZZ_ENTRIES and LINUXNETPS_FUZZ_SEED as for the message fuzzer; crashing inputs go to
/// LINUXNETPS_FUZZ_CRASH_DIR as NAME-CLASS-HASH.txt).
/// </summary>
public class TextFuzzTests(ITestOutputHelper output)
{
    private const long ShortBudget = 2_000;

    private static long Budget =>
        long.TryParse(Environment.GetEnvironmentVariable("LINUXNETPS_TEXT_FUZZ_INPUTS"), out var n) && n > 0 ? n : ShortBudget;

    public static TheoryData<string> Readers() => new(TextEntryPoints.All.Select(e => e.Name));

    [Theory]
    [MemberData(nameof(Readers))]
    public void Mutations_OfRealInput_AreReadOrRefusedWithADocumentedId_NeverCrash(string name)
    {
        if (Environment.GetEnvironmentVariable("LINUXNETPS_FUZZ_ENTRIES") is { Length: > 0 } only
            && !only.Split(',', StringSplitOptions.TrimEntries).Contains(name)) return;
        var entry = TextEntryPoints.All.Single(e => e.Name == name);
        // Every seed is read cleanly before it is mutated: the mutations start from real input.
        foreach (var seed in entry.Seeds) entry.Read(seed);

        int seedNumber = int.TryParse(Environment.GetEnvironmentVariable("LINUXNETPS_FUZZ_SEED"), out var s) ? s : 9;
        var mutator = new TextMutator(seedNumber);
        var random = new Random(seedNumber);
        var crashes = new Dictionary<string, (int Count, string First)>();
        var refusedIds = new Dictionary<string, long>();
        long read = 0, refused = 0;
        var slowest = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        for (long i = 0; i < Budget; i++)
        {
            var input = mutator.Next(entry.Seeds, entry.Seeds[random.Next(entry.Seeds.Count)]);
            var started = clock.Elapsed;
            try
            {
                entry.Read(input);
                read++;
            }
            catch (NetOperationException e) when (e.ErrorId is { } id)
            {
                refused++;
                refusedIds[id] = refusedIds.GetValueOrDefault(id) + 1;
            }
            catch (Exception e)
            {
                var key = CrashClass(e);
                crashes[key] = crashes.TryGetValue(key, out var c) ? (c.Count + 1, c.First) : (1, input);
            }
            var took = clock.Elapsed - started;
            if (took > slowest) slowest = took;
            // A long run says how far it got (LINUXNETPS_FUZZ_PROGRESS=FILE), so a run cut short still has its counts.
            if ((i + 1) % 10_000 == 0 && Environment.GetEnvironmentVariable("LINUXNETPS_FUZZ_PROGRESS") is { Length: > 0 } progress)
                File.AppendAllText(progress, $"{name}: {i + 1} inputs in {clock.Elapsed.TotalSeconds:F0} s, {read} read, {refused} refused, {crashes.Count} crash classes " +
                    $"({string.Join("; ", crashes.Select(c => $"{c.Key} x{c.Value.Count}"))})\n");
        }
        foreach (var (key, (_, first)) in crashes) Save(name, key, first);
        output.WriteLine($"{name}, seed {seedNumber}: {Budget} inputs in {clock.Elapsed.TotalSeconds:F1} s (slowest {slowest.TotalMilliseconds:F0} ms): " +
            $"{read} read, {refused} refused ({string.Join(", ", refusedIds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}"))}), {crashes.Count} crash classes");
        Assert.True(refused > 0 && read > 0, "the mutations should give both readable and refused inputs");
        Assert.True(crashes.Count == 0,
            $"Crashes (inputs saved in {FuzzRun.CrashDirectory}): " + string.Join("; ", crashes.Select(c => $"{c.Key} x{c.Value.Count}")));
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void Seed_FromAnEarlierCrash_IsNowReadOrRefused(string name)
    {
        var entry = TextEntryPoints.All.Single(e => e.Name == name);
        var seeds = Directory.Exists(SeedDirectory()) ? Directory.GetFiles(SeedDirectory(), name + "-*.txt") : [];
        foreach (var file in seeds)
        {
            try { entry.Read(File.ReadAllText(file)); }
            catch (NetOperationException e) when (e.ErrorId is not null) { }
        }
    }

    private static string CrashClass(Exception e)
    {
        if (e is NetOperationException) return $"NetOperationException without an id ({e.Message[..Math.Min(60, e.Message.Length)]})";
        var frame = new StackTrace(e).GetFrames().Select(f => f.GetMethod())
            .FirstOrDefault(m => m?.DeclaringType?.Namespace?.StartsWith("LinuxNetPS", StringComparison.Ordinal) == true && m.DeclaringType.Namespace != typeof(TextFuzzTests).Namespace);
        return $"{e.GetType().Name} at {frame?.DeclaringType?.Name}.{frame?.Name}";
    }

    private static void Save(string name, string key, string input)
    {
        Directory.CreateDirectory(FuzzRun.CrashDirectory);
        var bytes = Encoding.UTF8.GetBytes(input);
        var hash = Convert.ToHexString(SHA256.HashData(bytes))[..12].ToLowerInvariant();
        var cls = new string(key.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-').ToArray()).Replace("--", "-");
        File.WriteAllBytes(Path.Combine(FuzzRun.CrashDirectory, $"{name}-{cls[..Math.Min(80, cls.Length)]}-{hash}.txt"), bytes);
    }

    private static string SeedDirectory([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "seeds");
}
