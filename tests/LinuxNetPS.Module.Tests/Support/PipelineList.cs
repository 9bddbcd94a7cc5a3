using System.Text.RegularExpressions;

namespace LinuxNetPS.Module.Tests.Support;

/// <summary>The "## SUPPORTED PIPELINES" section of docs/help/about_LinuxNetPS.md: lines "    A | B".</summary>
internal static partial class PipelineList
{
    public static IReadOnlyList<(string From, string To, int Line)> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        int start = Array.FindIndex(lines, l => Heading().IsMatch(l));
        if (start < 0) throw new Xunit.Sdk.XunitException($"{path} has no '## SUPPORTED PIPELINES' section");
        var result = new List<(string, string, int)>();
        for (int i = start + 1; i < lines.Length && !lines[i].StartsWith("## "); i++)
        {
            var m = Pair().Match(lines[i]);
            if (m.Success) result.Add((m.Groups[1].Value, m.Groups[2].Value, i + 1));
        }
        return result;
    }

    [GeneratedRegex(@"^##\s+SUPPORTED PIPELINES\s*$", RegexOptions.IgnoreCase)] private static partial Regex Heading();
    [GeneratedRegex(@"^\s+([A-Za-z]+-[A-Za-z0-9]+)\s*\|\s*([A-Za-z]+-[A-Za-z0-9]+)\s*$")] private static partial Regex Pair();
}
