using System.Diagnostics;
using System.Globalization;
using System.Text;
using LinuxNetPS.Client;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Nftables;

namespace LinuxNetPS.Bench;

/// <summary>
/// N port forwards (each one prerouting and one output rule, 2N kernel rules) added
/// <list type="bullet">
/// <item>by us: one nf_tables batch (<see cref="NatOperations.AddPortForwards"/>), timed inside the process and as a whole process;</item>
/// <item>by <c>nft -f</c> of the same rules written in nft syntax into a table of its own (<c>inet nftbench</c>);</item>
/// <item>by one <c>iptables</c> process per kernel rule (iptables-nft, so also nf_tables underneath), as Docker-style scripts do;</item>
/// </list>
/// and listed back (our List() vs <c>nft -j list table</c> vs <c>iptables -t nat -S</c>). Each tool gets its own lab
/// namespace (PREFIX&lt;pid&gt;-o/-n/-i), emptied before every timed add; all are deleted at the end.
/// </summary>
internal static class NatBenchmark
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The benchmark's rules: tcp/udp alternating, ports from 10000, targets spread over 192.168.x.y, every third to another port.</summary>
    public static List<PortForwardRequest> Forwards(int count) =>
        Enumerable.Range(0, count).Select(i => new PortForwardRequest(
            i % 2 == 0 ? "tcp" : "udp", (10000 + i).ToString(Inv), $"192.168.{i / 250}.{i % 250 + 1}",
            ToPort: i % 3 == 0 ? 8000 + i % 100 : null)).ToList();

    /// <summary>Child process: one batch of N port forwards; prints the in-process time of the call.</summary>
    public static int AddOnce(string ns, int rules)
    {
        var requests = Forwards(rules);
        var sw = Stopwatch.StartNew();
        var changes = NetClient.For(ns).Nat.AddPortForwards(requests);
        sw.Stop();
        Console.WriteLine($"added={changes.Count(c => c.Added)} ms={sw.Elapsed.TotalMilliseconds.ToString("F1", Inv)}");
        return 0;
    }

    /// <summary>Child process: lists our NAT rules; prints how many.</summary>
    public static int ListOnce(string ns)
    {
        Console.WriteLine($"rules={NetClient.For(ns).Nat.List().Count}");
        return 0;
    }

    public static int Run(Options options)
    {
        int[] sizes = options.Ints("rules", 100, 1000);
        string prefix = options.Get("prefix") ?? "lnatbench";
        int runs = options.Int("runs", 10), iptablesRuns = options.Int("iptables-runs", 3);
        string baseName = $"{prefix}{Environment.ProcessId}";
        string ours = baseName + "-o", nft = baseName + "-n", ipt = baseName + "-i";
        string self = Environment.ProcessPath!;
        string work = Directory.CreateTempSubdirectory("natbench").FullName;
        var report = new StringBuilder();
        try
        {
            foreach (var ns in new[] { ours, nft, ipt }) NetworkNamespaces.Create(ns);
            report.AppendLine(MachineInfo());
            // Warm the JIT of this process once, in its own namespace state, so the in-process numbers are steady-state.
            NetClient.For(ours).Nat.AddPortForwards(Forwards(10));
            Flush(ours);
            // The floor of any LinuxNetPS process here: .NET start-up, opening the namespace's socket, an empty listing.
            var floor = Hyperfine.Measure($"{self} nat-list --namespace {ours}", null, runs, work);
            report.AppendLine();
            report.AppendLine($"Floor of a LinuxNetPS process (`nat-list` of an empty table: .NET start-up, JIT, socket): " +
                              $"mean {Ms(floor.MeanMs)} ± {Ms(floor.StddevMs)} ms, median {Ms(floor.MedianMs)} ms, min {Ms(floor.MinMs)} ms ({runs} runs). " +
                              $"Load average when the run started: {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} CPUs.");
            report.AppendLine();

            foreach (int n in sizes)
            {
                Console.Error.WriteLine($"== N = {n} port forwards ({2 * n} kernel rules) ==");
                string nftFile = Path.Combine(work, $"rules-{n}.nft"), iptScript = Path.Combine(work, $"iptables-{n}.sh");
                File.WriteAllText(nftFile, NftRules(n));
                File.WriteAllText(iptScript, IptablesScript(n, ipt));

                // A fresh process doing one batch: its own view of the call (cold: JIT, socket, namespace).
                Flush(ours);
                string cold = Exec(self, "nat-add", "--namespace", ours, "--rules", n.ToString(Inv)).Trim();

                var addOurs = Hyperfine.Measure($"{self} nat-add --namespace {ours} --rules {n}", FlushCommand(ours), runs, work);
                var addNft = Hyperfine.Measure($"ip netns exec {nft} nft -f {nftFile}", FlushCommand(nft), runs, work);
                var addIpt = Hyperfine.Measure($"bash -e {iptScript}", FlushCommand(ipt), iptablesRuns, work);

                // Every tool left exactly 2N rules behind (the last timed run's), so the listings compare like with like.
                Check(RuleCount(ours, "inet", "linuxnetps"), 2 * n, "ours");
                Check(RuleCount(nft, "inet", "nftbench"), 2 * n, "nft -f");
                Check(RuleCount(ipt, "ip", "nat"), 2 * n, "iptables");

                var listOurs = Hyperfine.Measure($"{self} nat-list --namespace {ours}", null, runs, work);
                var listNft = Hyperfine.Measure($"ip netns exec {nft} nft -j list table inet nftbench", null, runs, work);
                var listIpt = Hyperfine.Measure($"ip netns exec {ipt} iptables -t nat -S", null, runs, work);

                // In this (warm) process: the List() call, then the batch add on an emptied table.
                var nat = NetClient.For(ours).Nat;
                var listIn = Repeat(runs, () => Check(nat.List().Count, n, "List()"), null);
                var addIn = Repeat(runs, () => nat.AddPortForwards(Forwards(n)), () => Flush(ours));

                report.AppendLine(Table(n, cold, addIn, listIn, addOurs, addNft, addIpt, iptablesRuns, listOurs, listNft, listIpt, runs));
            }
        }
        finally
        {
            foreach (var ns in new[] { ours, nft, ipt })
                try { NetworkNamespaces.Delete(ns); } catch (Exception e) { Console.Error.WriteLine($"delete {ns}: {e.Message}"); }
            Directory.Delete(work, recursive: true);
        }
        Console.WriteLine(report);
        if (options.Get("out") is { } path) File.WriteAllText(path, report.ToString());
        return 0;
    }

    /// <summary>The same 2N rules in nft syntax (what NatRuleCompiler produces, as nft writes it), in a table of their own.</summary>
    private static string NftRules(int n)
    {
        var sb = new StringBuilder();
        sb.AppendLine("table inet nftbench {");
        sb.AppendLine("\tchain prerouting { type nat hook prerouting priority dstnat; policy accept; }");
        sb.AppendLine("\tchain output { type nat hook output priority -100; policy accept; }");
        sb.AppendLine("}");
        foreach (var (r, i) in Forwards(n).Select((r, i) => (r, i)))
        {
            string match = $"fib daddr type local meta l4proto {r.Protocol} th dport {r.Port} dnat ip to {r.ToAddress}{(r.ToPort is { } p ? $":{p}" : "")}";
            sb.AppendLine($"add rule inet nftbench prerouting meta nfproto ipv4 {match} comment \"nftbench:{i}\"");
            sb.AppendLine($"add rule inet nftbench output meta nfproto ipv4 ip daddr != 127.0.0.0/8 {match} comment \"nftbench:{i}\"");
        }
        return sb.ToString();
    }

    /// <summary>One `ip netns exec NS iptables` process per kernel rule: PREROUTING and OUTPUT, as Docker programs a published port.</summary>
    private static string IptablesScript(int n, string ns)
    {
        var sb = new StringBuilder();
        foreach (var r in Forwards(n))
        {
            string rule = $"-p {r.Protocol} -m addrtype --dst-type LOCAL --dport {r.Port} -j DNAT --to-destination {r.ToAddress}{(r.ToPort is { } p ? $":{p}" : "")}";
            sb.AppendLine($"ip netns exec {ns} iptables -w -t nat -A PREROUTING {rule}");
            sb.AppendLine($"ip netns exec {ns} iptables -w -t nat -A OUTPUT ! -d 127.0.0.0/8 {rule}");
        }
        return sb.ToString();
    }

    private static string FlushCommand(string ns) => $"ip netns exec {ns} nft flush ruleset";

    private static void Flush(string ns) => Exec("ip", "netns", "exec", ns, "nft", "flush", "ruleset");

    private static int RuleCount(string ns, string family, string table)
    {
        var doc = System.Text.Json.JsonDocument.Parse(Exec("ip", "netns", "exec", ns, "nft", "-j", "list", "table", family, table));
        return doc.RootElement.GetProperty("nftables").EnumerateArray().Count(e => e.TryGetProperty("rule", out _));
    }

    private static void Check(int actual, int expected, string what)
    {
        if (actual != expected) throw new InvalidOperationException($"{what}: {actual} rules, expected {expected}.");
    }

    /// <summary>Times <paramref name="action"/> <paramref name="runs"/> times (with an untimed <paramref name="prepare"/> before each), in ms.</summary>
    private static List<double> Repeat(int runs, Action action, Action? prepare)
    {
        var times = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            prepare?.Invoke();
            var sw = Stopwatch.StartNew();
            action();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    internal static string Exec(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)}: exit {p.ExitCode}: {stderr.Result}");
        return stdout;
    }

    private static string MachineInfo()
    {
        string cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "?";
        return $"Machine: {cpu}, {Environment.ProcessorCount} CPUs, Linux {Environment.OSVersion.Version} ({Exec("uname", "-r").Trim()}), " +
               $".NET {Environment.Version}, {Exec("nft", "--version").Trim()}, {Exec("iptables", "--version").Trim()}, {Exec("hyperfine", "--version").Trim()}.";
    }

    private static string Ms(double ms) => ms.ToString(ms < 10 ? "F2" : ms < 100 ? "F1" : "F0", Inv);

    private static double Median(IReadOnlyList<double> values)
    {
        var s = values.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    private static string Table(int n, string cold, List<double> addIn, List<double> listIn,
        Hyperfine.Result addOurs, Hyperfine.Result addNft, Hyperfine.Result addIpt, int iptablesRuns,
        Hyperfine.Result listOurs, Hyperfine.Result listNft, Hyperfine.Result listIpt, int runs)
    {
        string Row(string what, Hyperfine.Result r, Hyperfine.Result baseline, int count) =>
            $"| {what} | {count} | {Ms(r.MeanMs)} ± {Ms(r.StddevMs)} | {Ms(r.MedianMs)} | {Ms(r.MinMs)} | {(r.MeanMs / baseline.MeanMs).ToString("F1", Inv)}× |";
        var sb = new StringBuilder();
        sb.AppendLine($"#### N = {n} port forwards ({2 * n} kernel rules)");
        sb.AppendLine();
        sb.AppendLine("Adding (each run starts from an empty ruleset; whole processes, hyperfine):");
        sb.AppendLine();
        sb.AppendLine("| method | runs | mean ± sd (ms) | median (ms) | min (ms) | time ÷ ours |");
        sb.AppendLine("|---|---|---|---|---|---|");
        sb.AppendLine(Row("LinuxNetPS, one process, one batch (`nat-add`)", addOurs, addOurs, runs));
        sb.AppendLine(Row("`ip netns exec NS nft -f rules.nft`", addNft, addOurs, runs));
        sb.AppendLine(Row($"`ip netns exec NS iptables ...` × {2 * n} (iptables-nft)", addIpt, addOurs, iptablesRuns));
        sb.AppendLine();
        sb.AppendLine($"Inside a warm process, `AddPortForwards` of {n} (includes reading the table before and the {n} rules back after): " +
                      $"median {Ms(Median(addIn))} ms, min {Ms(addIn.Min())} ms ({runs} runs). First call in a fresh process (`nat-add`'s own clock): {cold}.");
        sb.AppendLine();
        sb.AppendLine("Listing back (whole processes, hyperfine):");
        sb.AppendLine();
        sb.AppendLine("| method | runs | mean ± sd (ms) | median (ms) | min (ms) | time ÷ ours |");
        sb.AppendLine("|---|---|---|---|---|---|");
        sb.AppendLine(Row("LinuxNetPS `nat-list` process (`List()`)", listOurs, listOurs, runs));
        sb.AppendLine(Row("`ip netns exec NS nft -j list table inet nftbench`", listNft, listOurs, runs));
        sb.AppendLine(Row("`ip netns exec NS iptables -t nat -S`", listIpt, listOurs, runs));
        sb.AppendLine();
        sb.AppendLine($"Inside a warm process, `List()` of {n} rules: median {Ms(Median(listIn))} ms, min {Ms(listIn.Min())} ms ({runs} runs).");
        return sb.ToString();
    }
}
