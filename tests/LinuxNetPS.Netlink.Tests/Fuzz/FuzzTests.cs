using LinuxNetPS.Errors;
using LinuxNetPS.Tests.Support;
using Xunit.Abstractions;

namespace LinuxNetPS.Tests.Fuzz;

/// <summary>
/// Structure-aware fuzzing of every parser entry point (see Fuzz/README.md). The suite runs a short budget;
/// LINUXNETPS_FUZZ_INPUTS=1000000 runs the long one with the same code.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private const long ShortBudget = 30_000;

    private static long Budget =>
        long.TryParse(Environment.GetEnvironmentVariable("LINUXNETPS_FUZZ_INPUTS"), out var n) && n > 0 ? n : ShortBudget;

    [Fact]
    public void Mutations_OfRealMessages_AreParsedOrRefusedAsMalformed_NeverCrash()
    {
        using var lab = new Lab();
        var live = Corpus.CaptureLive(lab);
        var corpus = Corpus.CheckedIn().Concat(live).ToList();
        if (Environment.GetEnvironmentVariable("LINUXNETPS_FUZZ_SAVE_CORPUS") is { Length: > 0 } save)
        {
            Directory.CreateDirectory(save);
            foreach (var m in live) File.WriteAllBytes(Path.Combine(save, m.Name + ".bin"), m.Bytes);
        }

        // The corpus reaches every entry point, and every real message parses cleanly before it is mutated.
        foreach (var entry in ParserEntryPoints.All)
            Assert.True(corpus.Any(m => m.Entry == entry), $"no corpus message for the entry point '{entry.Name}'");
        foreach (var m in corpus)
            Assert.True(FuzzRun.Classify(m.Bytes, m.Entry.Wire, out var crash) == FuzzRun.Outcome.Parsed, $"{m.Name} does not parse cleanly: {crash}");

        // LINUXNETPS_FUZZ_ENTRIES=frame,icmp fuzzes only those entry points (each takes the same share of the inputs).
        var selected = Environment.GetEnvironmentVariable("LINUXNETPS_FUZZ_ENTRIES") is { Length: > 0 } names
            ? names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParserEntryPoints.Named).ToHashSet()
            : ParserEntryPoints.All.ToHashSet();
        int seed = int.TryParse(Environment.GetEnvironmentVariable("LINUXNETPS_FUZZ_SEED"), out var s) ? s : 9;
        var report = FuzzRun.Run(corpus.Where(m => selected.Contains(m.Entry)).ToList(), Budget, seed);
        output.WriteLine($"seed {seed}: {report.Inputs} inputs from {corpus.Count} messages: {report.Parsed} parsed, {report.Malformed} malformed, {report.Crashes.Count} crash classes");
        foreach (var (name, (inputs, parsed, malformed)) in report.ByEntry.OrderBy(e => e.Key, StringComparer.Ordinal))
            output.WriteLine($"  {name}: {inputs} inputs, {parsed} parsed, {malformed} malformed, {report.Crashes.Keys.Count(k => k.StartsWith(name + ":", StringComparison.Ordinal))} crash classes");
        // Frames and ICMP messages are never refused (a truncated frame is summarised as such); messages mostly are.
        var messages = report.ByEntry.Where(e => ParserEntryPoints.Named(e.Key).Wire is Wire.Netlink or Wire.SockDiag).Select(e => e.Value).ToList();
        Assert.True(messages.Sum(e => e.Malformed) >= messages.Sum(e => e.Inputs) / 10,
            "the mutations should make most messages malformed; they did not reach the parsers' checks");
        Assert.True(report.Crashes.Count == 0,
            $"Crashes (inputs saved in {FuzzRun.CrashDirectory}): " + string.Join("; ", report.Crashes.Select(c => $"{c.Key} x{c.Value.Count}")));
    }

    public static TheoryData<string> Seeds() =>
        new(Directory.GetFiles(Corpus.SeedDirectory, "*.bin").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    /// <summary>Every crashing input the fuzzer ever found is kept in Fuzz/seeds and must stay a parse error, not a crash.</summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void Seed_FromAnEarlierCrash_IsNowTheParseError(string file)
    {
        var input = File.ReadAllBytes(Path.Combine(Corpus.SeedDirectory, file));
        var entry = ParserEntryPoints.OfFile(file);
        var outcome = FuzzRun.Classify(input, entry.Wire, out var crash);
        // A frame or ICMP message is never refused: its decoder summarises what it could read.
        var expected = entry.Wire is Wire.Frame or Wire.Icmp ? FuzzRun.Outcome.Parsed : FuzzRun.Outcome.Malformed;
        Assert.True(outcome == expected, $"{file}: {outcome} {crash}");
    }

    [Fact]
    public void Seeds_CoverTheThreeCrashClassesOfIssue9()
    {
        var names = Directory.GetFiles(Corpus.SeedDirectory, "*.bin").Select(Path.GetFileName).ToList();
        Assert.Contains(names, n => n!.StartsWith("ack-", StringComparison.Ordinal));
        Assert.Contains(names, n => n!.StartsWith("address-", StringComparison.Ordinal));
        Assert.Contains(names, n => n!.StartsWith("route-", StringComparison.Ordinal));
    }
}
