using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LinuxNetPS.Bench;

/// <summary>
/// Times every method at every K in one run. Each build and each teardown is a separate process
/// timed from outside (start to exit), so process start-up counts for everyone: `dotnet` for
/// ours, the interpreter and imports for pyroute2, one `ip` per step or per batch file for
/// iproute2. Builds are checked with `ip` afterwards; teardowns are checked with `ip netns list`.
/// Between runs we wait until the kernel has really freed the deleted namespaces (they are
/// destroyed asynchronously), so no run pays for the previous run's cleanup.
/// </summary>
internal sealed partial class Compare
{
    private static readonly string[] AllMethods = ["floor", "api", "api-late-peer-up", "api-deferred", "api-noipv6", "api-as-cmdlets", "pipelined", "ip-step", "ip-batch", "pyroute2", "pyroute2-setns"];
    private static readonly string[] OurMethods = ["api", "api-late-peer-up", "api-deferred", "api-noipv6", "api-as-cmdlets", "pipelined"];
    private const string Python = "/usr/bin/python3";

    private readonly int[] _sizes;
    private readonly string[] _methods;
    private readonly int _runs;
    private readonly string? _out;
    /// <summary>
    /// Seconds to wait between the build's check and the teardown (--settle). A fast build is torn down while the
    /// IPv6 start-up traffic of its last containers (DAD, MLD, router solicitations over the bridge) is still in
    /// flight, a slow one (ip -batch) after it is over; waiting the same time for every method compares like with like.
    /// </summary>
    private readonly double _settle;
    private readonly string _work;
    private readonly string _benchDirectory;
    private readonly int _slabBaseline;
    private readonly string? _floorSource;
    private string? _floorProgram;

    public Compare(Options o)
    {
        _sizes = (o.Get("containers") ?? "100,500,1000").Split(',').Select(int.Parse).ToArray();
        _methods = (o.Get("methods") ?? string.Join(',', AllMethods)).Split(',');
        foreach (var m in _methods)
            if (!AllMethods.Contains(m)) throw new ArgumentException($"Unknown method '{m}'; use {string.Join(", ", AllMethods)}.");
        _runs = int.Parse(o.Get("runs") ?? "1");
        _out = o.Get("out");
        _settle = double.Parse(o.Get("settle") ?? "0", CultureInfo.InvariantCulture);
        _work = Path.Combine(Path.GetTempPath(), $"lbench{Environment.ProcessId}");
        _benchDirectory = FindBenchDirectory();
        _slabBaseline = NetNamespaceObjects();
        _floorSource = o.Get("floor") ?? "/work/shared/bench/floor.c";
    }

    /// <summary>
    /// The kernel floor (a C program outside this repository, see docs/performance.md): compiled with gcc into the
    /// bench's temporary directory at the start of the run, never copied into the repository.
    /// </summary>
    private string FloorProgram()
    {
        if (_floorProgram is not null) return _floorProgram;
        if (!File.Exists(_floorSource)) throw new ArgumentException($"The floor program's source {_floorSource} does not exist; give it with --floor PATH.");
        Directory.CreateDirectory(_work);
        string exe = Path.Combine(_work, "floor");
        var (code, _) = Run("gcc", "-O2", "-o", exe, _floorSource!, "-lpthread");
        if (code != 0) throw new ArgumentException($"gcc could not build {_floorSource} (exit {code}).");
        return _floorProgram = exe;
    }

    private sealed record Result(string Method, int K, int Run, double? BuildMs, double? InsideMs, double? TeardownMs,
        double? TeardownInsideMs, double CleanupSeconds, string Load, string? Error);

    public int Run()
    {
        var results = new List<Result>();
        double startup = TimeProcess(Self("noop")).Ms;
        Console.Error.WriteLine($"dotnet start-up (noop command): {startup:F0} ms; net_namespace slab baseline {_slabBaseline}");
        foreach (int k in _sizes)
            for (int run = 1; run <= _runs; run++)
                foreach (var method in _methods)
                {
                    var r = Measure(method, k, run);
                    results.Add(r);
                    Console.Error.WriteLine(
                        $"K={k} run {run} {method,-15} build {Fmt(r.BuildMs)} ms ({Fmt(r.BuildMs / k, "F2")} ms/container, inside {Fmt(r.InsideMs)} ms)  teardown {Fmt(r.TeardownMs)} ms  kernel cleanup {r.CleanupSeconds:F1} s  load {r.Load}{(r.Error is null ? "" : "  ERROR " + r.Error)}");
                }
        string report = Report(results, startup);
        Console.WriteLine(report);
        if (_out is not null) File.WriteAllText(_out, report);
        try { Directory.Delete(_work, true); } catch (IOException) { }
        return results.Any(r => r.Error is not null) ? 1 : 0;
    }

    private Result Measure(string method, int k, int run)
    {
        string code = method.Replace("api-late-peer-up", "apil").Replace("api-deferred", "apid").Replace("api-noipv6", "api6").Replace("api-as-cmdlets", "apic")
            .Replace("-", "").Replace("pyroute2", "pyr").Replace("pipelined", "pipe").Replace("setns", "s");
        // The floor program refuses prefixes that do not start with "perf" (a guard against deleting others' namespaces).
        string prefix = method == "floor" ? $"perflb{Environment.ProcessId}fl{k}r{run}" : $"lbench{Environment.ProcessId}{code}{k}r{run}";
        var spec = new TopologySpec(prefix, k);
        string dir = Path.Combine(_work, $"{code}{k}r{run}");
        var scripts = IpScripts.Write(spec, dir);
        var (build, teardown) = method switch
        {
            "floor" => (Command(FloorProgram(), "topology", k.ToString(), spec.Prefix), Command(FloorProgram(), "teardown", k.ToString(), spec.Prefix)),
            _ when OurMethods.Contains(method) => (Self("topology", "--containers", k.ToString(), "--prefix", spec.Prefix, "--path", method), Self("teardown", "--prefix", spec.Prefix)),
            "ip-step" => (Command("/bin/sh", scripts.BuildPerStep), Command("/bin/sh", scripts.TeardownPerStep)),
            "ip-batch" => (Command("/bin/sh", scripts.BuildBatch), Command("/bin/sh", scripts.TeardownBatch)),
            "pyroute2" => (Pyroute2("topology", "--containers", k.ToString(), "--prefix", spec.Prefix, "--mode", "netns"), Pyroute2("teardown", "--prefix", spec.Prefix)),
            _ => (Pyroute2("topology", "--containers", k.ToString(), "--prefix", spec.Prefix, "--mode", "setns"), Pyroute2("teardown", "--prefix", spec.Prefix)),
        };
        build.WorkingDirectory = dir;
        teardown.WorkingDirectory = dir;

        int before = NetNamespaceObjects();
        string load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        string? error = null;
        var b = TimeProcess(build);
        if (b.ExitCode != 0) error = $"build exited {b.ExitCode}: {FirstLine(b.Stderr)}";
        else error = Verify(spec);

        if (_settle > 0) Thread.Sleep(TimeSpan.FromSeconds(_settle));
        var t = TimeProcess(teardown);
        if (t.ExitCode != 0) error ??= $"teardown exited {t.ExitCode}: {FirstLine(t.Stderr)}";
        string left = RunText("ip", "netns", "list");
        bool leftovers = left.Split('\n').Any(l => l.StartsWith(spec.Prefix + "-", StringComparison.Ordinal));
        if (leftovers)
        {
            error ??= "teardown left namespaces behind";
            Teardown.Run(spec.Prefix, new StepTimer()); // never leave ours behind
        }
        double cleanup = WaitForKernelCleanup(before, k);
        return new Result(method, k, run, error is null || b.ExitCode == 0 ? b.Ms : null, b.InsideMs, t.Ms, t.InsideMs, cleanup, load, error);
    }

    /// <summary>Checks the build with ip: every veth is an up port of br0; first, middle and last container have lo up, their address and the default route; the last one pings the bridge and the first container (up to 10 tries: right after a build of 1000 containers the bridge floods millions of IPv6 multicast copies and early pings can be dropped).</summary>
    private static string? Verify(TopologySpec spec)
    {
        int k = spec.Containers;
        string ports = RunText("ip", "-n", spec.HostNamespace, "-o", "link", "show", "master", TopologySpec.Bridge);
        int up = ports.Split('\n').Count(l => UpFlag().IsMatch(l));
        if (up != k) return $"{up} up ports on {TopologySpec.Bridge}, expected {k}";
        if (!UpFlag().IsMatch(RunText("ip", "-n", spec.HostNamespace, "-o", "link", "show", "lo"))) return "lo down in host namespace";
        if (!RunText("ip", "-n", spec.HostNamespace, "-o", "-4", "addr", "show", "dev", TopologySpec.Bridge).Contains($"inet {TopologySpec.Gateway}/16"))
            return "bridge address missing";
        foreach (int i in new[] { 0, k / 2, k - 1 }.Distinct())
        {
            string ns = spec.Namespace(i), p = TopologySpec.PeerEnd(i);
            if (!UpFlag().IsMatch(RunText("ip", "-n", ns, "-o", "link", "show", "lo"))) return $"lo down in {ns}";
            if (!UpFlag().IsMatch(RunText("ip", "-n", ns, "-o", "link", "show", p))) return $"{p} down in {ns}";
            if (!RunText("ip", "-n", ns, "-o", "-4", "addr", "show", "dev", p).Contains($"inet {TopologySpec.Address(i)}/16")) return $"address missing in {ns}";
            if (!RunText("ip", "-n", ns, "route", "show", "default").Contains($"default via {TopologySpec.Gateway} dev {p}")) return $"default route missing in {ns}";
        }
        string last = spec.Namespace(k - 1);
        foreach (var target in new[] { TopologySpec.Gateway, TopologySpec.Address(0) })
            if (!Enumerable.Range(0, 10).Any(_ => Run("ip", "netns", "exec", last, "ping", "-c1", "-W3", target).ExitCode == 0))
                return $"{last} cannot ping {target} (10 tries)";
        return null;
    }

    [GeneratedRegex(@"[<,]UP[,>]")]
    private static partial Regex UpFlag();

    // ---- processes -------------------------------------------------------------------------

    private sealed record Timed(double Ms, double? InsideMs, int ExitCode, string Stderr);

    private static Timed TimeProcess(ProcessStartInfo info)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        long start = Stopwatch.GetTimestamp();
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        _ = stdout.Result;
        var m = Regex.Match(stderr, @"elapsed_ms=([0-9.]+)");
        double? inside = m.Success ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        return new Timed(ms, inside, p.ExitCode, stderr);
    }

    private static (int ExitCode, string Stdout) Run(string file, params string[] args)
    {
        var info = Command(file, args);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var p = Process.Start(info)!;
        string stdout = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout);
    }

    private static string RunText(string file, params string[] args) => Run(file, args).Stdout;

    private static ProcessStartInfo Command(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        return info;
    }

    /// <summary>This program again, as `dotnet LinuxNetPS.Bench.dll` or the apphost.</summary>
    private static ProcessStartInfo Self(params string[] args)
    {
        string host = Environment.ProcessPath!;
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            return Command(host, [typeof(Program).Assembly.Location, .. args]);
        return Command(host, args);
    }

    private ProcessStartInfo Pyroute2(params string[] args) =>
        Command(Python, [Path.Combine(_benchDirectory, "pyroute2_topology.py"), .. args]);

    private static string FindBenchDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "pyroute2_topology.py"))) return dir.FullName;
            else if (File.Exists(Path.Combine(dir.FullName, "bench", "pyroute2_topology.py"))) return Path.Combine(dir.FullName, "bench");
        throw new FileNotFoundException("bench/pyroute2_topology.py not found above " + AppContext.BaseDirectory);
    }

    private static string FirstLine(string s) => s.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";

    // ---- kernel cleanup ----------------------------------------------------------------------

    /// <summary>Active objects of the net_namespace slab (one per live network namespace, roughly), or -1.</summary>
    private static int NetNamespaceObjects()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/slabinfo"))
                if (line.StartsWith("net_namespace ", StringComparison.Ordinal))
                    return int.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return -1;
    }

    /// <summary>
    /// Waits (at most 5 s + 30 ms per container) until the namespaces of a run are freed: the kernel destroys
    /// deleted namespaces later, in one batch, and a build running meanwhile would compete with
    /// that work for the RTNL lock. Other users' namespaces make the count noisy, hence the slack.
    /// Returns the seconds waited.
    /// </summary>
    private static double WaitForKernelCleanup(int before, int k)
    {
        if (before < 0) { Thread.Sleep(5000); return 5; }
        var sw = Stopwatch.StartNew();
        int slack = Math.Max(4, k / 10);
        double limit = 5 + 0.03 * k;
        while (NetNamespaceObjects() > before + slack && sw.Elapsed.TotalSeconds < limit) Thread.Sleep(50);
        return sw.Elapsed.TotalSeconds;
    }

    // ---- report --------------------------------------------------------------------------------

    private static string Fmt(double? v, string format = "F0") => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private string Report(List<Result> results, double startup)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Machine: {Environment.ProcessorCount} CPUs, kernel {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}; dotnet start-up (noop) {startup:F0} ms.");
        sb.AppendLine();
        foreach (int k in _sizes)
        {
            // Best of the runs per method.
            var best = _methods.ToDictionary(m => m, m => results.Where(r => r.Method == m && r.K == k && r.BuildMs is not null && r.Error is null)
                .OrderBy(r => r.BuildMs).FirstOrDefault());
            double? step = best.GetValueOrDefault("ip-step")?.BuildMs, batch = best.GetValueOrDefault("ip-batch")?.BuildMs;
            double? floor = best.GetValueOrDefault("floor")?.BuildMs, batchTeardown = best.GetValueOrDefault("ip-batch")?.TeardownMs;
            sb.AppendLine($"K = {k}");
            sb.AppendLine();
            sb.AppendLine("| method | build ms | ms/container | inside process ms/container | x the floor's time | x faster than ip per step | x faster than ip -batch | teardown ms | teardown ms/container | teardown x ip -batch's | load avg at start |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var m in _methods)
            {
                var r = best[m];
                if (r is null)
                {
                    var failed = results.FirstOrDefault(x => x.Method == m && x.K == k);
                    sb.AppendLine($"| {m} | failed: {failed?.Error} | | | | | | | | | |");
                    continue;
                }
                sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {m} | {r.BuildMs:F0} | {r.BuildMs / k:F2} | {Fmt(r.InsideMs / k, "F2")} | {Fmt(r.BuildMs / floor, "F2")} | {Fmt(step / r.BuildMs, "F1")} | {Fmt(batch / r.BuildMs, "F1")} | {r.TeardownMs:F0} | {r.TeardownMs / k:F3} | {Fmt(r.TeardownMs / batchTeardown, "F2")} | {r.Load} |"));
            }
            sb.AppendLine();
        }
        if (_sizes.Length > 1)
        {
            int small = _sizes.Min(), large = _sizes.Max();
            sb.AppendLine($"Growth of ms/container from K = {small} to K = {large} (build, whole process; 1.0 = flat):");
            sb.AppendLine();
            sb.AppendLine("| method | growth |");
            sb.AppendLine("|---|---:|");
            foreach (var m in _methods)
            {
                double? PerContainer(int k) => results.Where(r => r.Method == m && r.K == k && r.Error is null && r.BuildMs is not null)
                    .Select(r => r.BuildMs / k).DefaultIfEmpty(null).Min();
                sb.AppendLine($"| {m} | {Fmt(PerContainer(large) / PerContainer(small), "F2")} |");
            }
            sb.AppendLine();
        }
        if (_runs > 1) sb.AppendLine($"Best of {_runs} runs per cell.");
        if (_settle > 0) sb.AppendLine($"Every teardown started {_settle:F0} s after its build was checked (--settle).");
        return sb.ToString();
    }
}
