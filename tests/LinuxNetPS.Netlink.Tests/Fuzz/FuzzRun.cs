using System.Security.Cryptography;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Tests.Fuzz;

/// <summary>What one fuzz run did: how many inputs, how many were read as objects or refused as malformed, and the crashes by class.</summary>
internal sealed record FuzzReport(long Inputs, long Parsed, long Malformed, IReadOnlyDictionary<string, (int Count, byte[] First)> Crashes,
    IReadOnlyDictionary<string, (long Inputs, long Parsed, long Malformed)> ByEntry);

/// <summary>
/// Feeds mutated corpus messages to every parser entry point. A crash is any exception other than the
/// library's parse error; crashes are grouped by class (exception type and the library method that threw)
/// and the first input of each class is written to <see cref="CrashDirectory"/>, ready to be checked in as a seed.
/// </summary>
internal static class FuzzRun
{
    public static string CrashDirectory =>
        Environment.GetEnvironmentVariable("LINUXNETPS_FUZZ_CRASH_DIR") is { Length: > 0 } dir ? dir : Path.Combine(Path.GetTempPath(), "linuxnetps-fuzz-crashes");

    public static FuzzReport Run(IReadOnlyList<CorpusMessage> corpus, long inputs, int seed)
    {
        var mutator = new Mutator(seed, corpus);
        var crashes = new Dictionary<string, (int Count, byte[] First)>();
        var byEntry = new Dictionary<string, (long Inputs, long Parsed, long Malformed)>();
        long parsed = 0, malformed = 0;
        for (long i = 0; i < inputs; i++)
        {
            var input = mutator.Next(out var origin);
            var outcome = Classify(input, origin.Entry.Wire, out var crashClass);
            var (n, p, m) = byEntry.GetValueOrDefault(origin.Entry.Name);
            byEntry[origin.Entry.Name] = (n + 1, p + (outcome == Outcome.Parsed ? 1 : 0), m + (outcome == Outcome.Malformed ? 1 : 0));
            switch (outcome)
            {
                case Outcome.Parsed: parsed++; break;
                case Outcome.Malformed: malformed++; break;
                default:
                    var key = $"{origin.Entry.Name}: {crashClass}";
                    crashes[key] = crashes.TryGetValue(key, out var c) ? (c.Count + 1, c.First) : (1, input);
                    break;
            }
        }
        foreach (var (key, (_, first)) in crashes) Save(key, first);
        return new FuzzReport(inputs, parsed, malformed, crashes, byEntry);
    }

    public enum Outcome { Parsed, Malformed, Crash }

    /// <summary>Runs one input through the parsers; a crash's class is "ExceptionType at Type.Method".</summary>
    public static Outcome Classify(byte[] input, Wire wire, out string? crashClass)
    {
        crashClass = null;
        try
        {
            ParserEntryPoints.Parse(input, wire);
            return Outcome.Parsed;
        }
        catch (MalformedMessageException)
        {
            return Outcome.Malformed;
        }
        catch (Exception e)
        {
            var frame = new System.Diagnostics.StackTrace(e).GetFrames()
                .Select(f => f.GetMethod()).FirstOrDefault(m => m?.DeclaringType?.Namespace?.StartsWith("LinuxNetPS", StringComparison.Ordinal) == true
                    && m.DeclaringType.Namespace != typeof(FuzzRun).Namespace);
            crashClass = $"{e.GetType().Name} at {frame?.DeclaringType?.Name}.{frame?.Name}";
            return Outcome.Crash;
        }
    }

    private static void Save(string key, byte[] input)
    {
        Directory.CreateDirectory(CrashDirectory);
        var hash = Convert.ToHexString(SHA256.HashData(input))[..12].ToLowerInvariant();
        var name = new string(key.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-').ToArray()).Replace("--", "-");
        File.WriteAllBytes(Path.Combine(CrashDirectory, $"{name}-{hash}.bin"), input);
    }
}
