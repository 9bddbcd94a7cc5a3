using System.Collections;
using System.Management.Automation;
using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Test-NetLab: Mininet's pingall. ICMP echo from inside every node to every address of every other node (or the
/// -Pair given), in parallel over sockets made in the namespaces (no ping processes). -Expect names pairs that must
/// not reach each other; Passed says whether each result is what was expected. -AsMatrix writes one row per source.
/// Big labs go in waves that fit the kernel's neighbour tables, shared by all namespaces (LabProbeWaves); progress
/// says how many probes are done after each wave (a 200-node lab takes many).
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "NetLab")]
[OutputType(typeof(NetLabTestResult))]
public sealed class TestNetLabCommand : LabTargetCmdlet
{
    /// <summary>Only these pairs, as 'SOURCE->TARGET' (default: every ordered pair of nodes).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Pair { get; set; }

    /// <summary>What each pair should give: @{ 'red->green' = $false } (or 'Unreachable'); pairs not named must be reachable.</summary>
    [Parameter]
    [ValidateNotNull]
    public IDictionary? Expect { get; set; }

    /// <summary>Echo requests per probe (reachable when any is answered).</summary>
    [Parameter]
    [ValidateRange(1, 100)]
    public int Count { get; set; } = 1;

    /// <summary>Seconds to wait for each echo reply.</summary>
    [Parameter]
    [ValidateRange(1, 60)]
    public int Timeout { get; set; } = 1;

    /// <summary>How many source nodes probe at once (each sends all its requests at once).</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = 32;

    /// <summary>One row per source node with a column per target: 'ok', '--' (unreachable as expected), 'FAIL' (not as expected), 'n/a' (no address to test).</summary>
    [Parameter]
    public SwitchParameter AsMatrix { get; set; }

    /// <summary>A lab split over hosts: the hosts' PowerShell sessions; each host pings from its nodes to every node of the lab (all hosts at once); results tagged with PSComputerName.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public System.Management.Automation.Runspaces.PSSession[]? Session { get; set; }

    protected override void ProcessRecord()
    {
        Try(Lab, () =>
        {
            string name = LabName;
            if (Session is not null)
            {
                var p = new Hashtable { ["Lab"] = name, ["Count"] = Count, ["Timeout"] = Timeout, ["ThrottleLimit"] = ThrottleLimit };
                if (Pair is not null) p["Pair"] = Pair;
                if (Expect is not null) p["Expect"] = Expect;
                if (AsMatrix) p["AsMatrix"] = true;
                new LabHosts(this).Forward(Session, "Test-NetLab", p);
                return;
            }
            var pairs = Pair?.Select(p => ParsePair(p, "-Pair")).ToList();
            var expected = new Dictionary<LabReachability.Pair, bool>();
            if (Expect is not null)
                foreach (DictionaryEntry e in Expect)
                    expected[ParsePair(Unwrap(e.Key)?.ToString() ?? "", "-Expect")] = ParseExpectation(Unwrap(e.Value), e.Key);
            var progress = new ProgressReporter(this, $"Testing network lab '{name}'");
            IReadOnlyList<NetLabTestResult> results;
            try
            {
                results = LabReachability.Test(name, pairs, expected, Count, TimeSpan.FromSeconds(Timeout), ThrottleLimit, report: WriteVerbose,
                    progress: (done, total) => progress.Report(done, total, $"{done} of {total} probes done"));
            }
            finally { progress.Complete(); }
            var untested = results.Where(r => !r.Tested).ToList();
            if (untested.Count == results.Count)
                WriteWarning($"Nothing was tested in the lab '{name}': {string.Join(" ", untested.Select(r => r.Message).Distinct())} The results say Tested = False and do not pass.");
            else if (untested.Count > 0)
                WriteWarning($"{untested.Count} of {results.Count} pairs of the lab '{name}' were not tested: {string.Join(" ", untested.Select(r => r.Message).Distinct())}");
            if (AsMatrix) WriteObject(Matrix(results), enumerateCollection: true);
            else WriteObject(results.OrderBy(r => r.Source, StringComparer.Ordinal).ThenBy(r => r.Target, StringComparer.Ordinal), enumerateCollection: true);
        });
    }

    private static LabReachability.Pair ParsePair(string text, string parameter)
    {
        int arrow = text.IndexOf("->", StringComparison.Ordinal);
        if (arrow <= 0 || arrow + 2 >= text.Length)
            throw NetOperationException.Invalid($"{parameter}: '{InputText.Echo(text)}' is not a pair; write it as 'SOURCE->TARGET', for example 'red->green'.", text);
        return new LabReachability.Pair(text[..arrow].Trim(), text[(arrow + 2)..].Trim());
    }

    private static bool ParseExpectation(object? value, object key) => value switch
    {
        bool b => b,
        string s when s.Equals("Reachable", StringComparison.OrdinalIgnoreCase) => true,
        string s when s.Equals("Unreachable", StringComparison.OrdinalIgnoreCase) => false,
        _ => throw NetOperationException.Invalid($"-Expect: the value for '{key}' must be $true/'Reachable' or $false/'Unreachable', not '{value}'.", key.ToString()),
    };

    private static IEnumerable<PSObject> Matrix(IReadOnlyList<NetLabTestResult> results)
    {
        var targets = results.Select(r => r.Target).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var source in results.Select(r => r.Source).Distinct().Order(StringComparer.Ordinal))
        {
            var row = new PSObject();
            row.TypeNames.Insert(0, "LinuxNetPS.NetLabMatrixRow");
            row.Properties.Add(new PSNoteProperty("Source", source));
            foreach (var target in targets)
            {
                var cell = results.Where(r => r.Source == source && r.Target == target).ToList();
                string text = cell.Count == 0 ? "" : cell.Any(r => !r.Tested) ? "n/a" : cell.All(r => r.Passed) ? (cell.All(r => r.Reachable) ? "ok" : "--") : "FAIL";
                row.Properties.Add(new PSNoteProperty(target, text));
            }
            yield return row;
        }
    }
}
