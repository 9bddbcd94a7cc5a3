using LinuxNetPS.Bench;

// Argument dispatch. `nat` runs the whole comparison; `nat-add` and `nat-list` are the child processes it times
// (one process doing one job, so the process-level numbers include .NET start-up, as a user's script would pay).
try
{
    return Dispatch(args);
}
catch (Exception e) // handled, so the benchmark's finally blocks (deleting its namespaces) surely run
{
    Console.Error.WriteLine(e);
    return 1;
}

static int Dispatch(string[] args)
{
    var options = Options.Parse(args.Skip(1));
    switch (args.FirstOrDefault())
    {
        case "nat":
            return NatBenchmark.Run(options);
        case "nat-add":
            return NatBenchmark.AddOnce(options.Require("namespace"), options.Int("rules", 1000));
        case "nat-list":
            return NatBenchmark.ListOnce(options.Require("namespace"));
        case "pwsh-pipeline":
            return PwshPipeline(options.Int("rules", 1000), options.Int("runs", 3));
        default:
            Console.Error.WriteLine("""
                usage: LinuxNetPS.NatBench nat [--rules 100,1000] [--prefix lnatbench] [--runs 10] [--iptables-runs 3] [--out FILE]
                       LinuxNetPS.NatBench nat-add --namespace NS --rules N     (one batch of N port forwards, then exit)
                       LinuxNetPS.NatBench nat-list --namespace NS              (list our NAT rules, then exit)
                       LinuxNetPS.NatBench pwsh-pipeline [--rules 1000] [--runs 3] (N Add-PortForward calls in pwsh vs the batch API)
                Needs root, nft, iptables (iptables-nft), ip and hyperfine. Creates namespaces PREFIX<pid>-o/-n/-i and deletes them.
                """);
            return 2;
    }
}

// Add-PortForward as users run it, N times in one pwsh (a loop, ForEach-Object, rows piped in) against the batch API
// called from the same pwsh, interleaved: bench/cmdlets/portforward-pipeline.ps1 does the work (run from the repository root).
static int PwshPipeline(int rules, int runs)
{
    string pwsh = File.Exists(".tools/pwsh") ? ".tools/pwsh" : "pwsh";
    using var process = System.Diagnostics.Process.Start(pwsh,
        ["-NoProfile", "-File", "bench/cmdlets/portforward-pipeline.ps1", "-Rules", rules.ToString(System.Globalization.CultureInfo.InvariantCulture),
         "-Rounds", runs.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
    process.WaitForExit();
    return process.ExitCode;
}
