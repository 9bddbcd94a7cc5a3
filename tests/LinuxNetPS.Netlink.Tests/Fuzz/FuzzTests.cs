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
            Assert.Contains(corpus, m => m.Tree.Type == entry.Type);
        foreach (var m in corpus)
            Assert.True(FuzzRun.Classify(m.Bytes, out var crash) == FuzzRun.Outcome.Parsed, $"{m.Name} does not parse cleanly: {crash}");

        var report = FuzzRun.Run(corpus, Budget, seed: 9);
        output.WriteLine($"{report.Inputs} inputs from {corpus.Count} messages: {report.Parsed} parsed, {report.Malformed} malformed, {report.Crashes.Count} crash classes");
        Assert.True(report.Malformed > report.Inputs / 10, "the mutations should make most messages malformed; they did not reach the parsers' checks");
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
        var outcome = FuzzRun.Classify(input, out var crash);
        Assert.True(outcome == FuzzRun.Outcome.Malformed, $"{file}: {outcome} {crash}");
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
