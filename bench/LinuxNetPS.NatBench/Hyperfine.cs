using System.Diagnostics;
using System.Text.Json;

namespace LinuxNetPS.Bench;

/// <summary>Times a whole command with hyperfine (no shell: -N), optionally after an untimed prepare command, and reads its JSON export.</summary>
internal static class Hyperfine
{
    internal sealed record Result(double MeanMs, double StddevMs, double MedianMs, double MinMs, double MaxMs);

    public static Result Measure(string command, string? prepare, int runs, string workDirectory)
    {
        string json = Path.Combine(workDirectory, $"hyperfine-{Guid.NewGuid():N}.json");
        var info = new ProcessStartInfo("hyperfine") { RedirectStandardOutput = true };
        foreach (var a in new[] { "-N", "--runs", runs.ToString(), "--export-json", json, "--style", "basic" }) info.ArgumentList.Add(a);
        if (prepare is not null) { info.ArgumentList.Add("--prepare"); info.ArgumentList.Add(prepare); }
        info.ArgumentList.Add(command);
        using (var p = Process.Start(info)!)
        {
            Console.Error.Write(p.StandardOutput.ReadToEnd()); // hyperfine's own summary, as progress
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"hyperfine failed ({p.ExitCode}) for: {command}");
        }
        var r = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("results")[0];
        double S(string name) => r.GetProperty(name).ValueKind == JsonValueKind.Number ? r.GetProperty(name).GetDouble() * 1000 : 0; // stddev is null for one run
        return new Result(S("mean"), S("stddev"), S("median"), S("min"), S("max"));
    }
}
