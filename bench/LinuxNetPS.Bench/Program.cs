using System.Diagnostics;

namespace LinuxNetPS.Bench;

/// <summary>
/// Usage:
///   topology --containers K --prefix P [--path api|api-late-peer-up|api-deferred|api-noipv6|api-as-cmdlets|pipelined] [--chunk N] [--profile]
///   teardown --prefix P [--order deletemany|readdir|host-first|host-last] [--parallel N] [--profile]
///   networks --containers K --prefix P [--path core-many|core-each|pipelined]
///   compare  --containers K[,K2,...] [--methods m1,m2,...] [--runs N] [--out FILE]
/// topology and teardown print "elapsed_ms=..." (time inside the process) on stderr, so that
/// anyone can time them from outside as well.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.Error.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        var options = Options.Parse(args.Skip(1).ToArray());
        try
        {
            switch (args[0])
            {
                case "topology": return Topology(options);
                case "teardown": return TeardownCommand(options);
                case "networks": return NetworkConnect.Run(options);
                case "compare": return new Compare(options).Run();
                case "noop": Console.Error.WriteLine("elapsed_ms=0"); return 0; // process start-up reference
                default:
                    Console.Error.WriteLine($"Unknown command '{args[0]}'.\n{Usage}");
                    return 2;
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }

    private const string Usage = """
        LinuxNetPS.Bench topology --containers K --prefix P [--path api|api-late-peer-up|api-deferred|api-noipv6|api-as-cmdlets|pipelined] [--chunk N] [--profile]
        LinuxNetPS.Bench teardown --prefix P [--order deletemany|readdir|host-first|host-last] [--parallel N] [--profile]
        LinuxNetPS.Bench networks --containers K --prefix P [--path core-many|core-each|pipelined]
        LinuxNetPS.Bench compare --containers 100,500,1000 [--methods floor,api,api-late-peer-up,api-deferred,api-noipv6,api-as-cmdlets,pipelined,ip-step,ip-batch,pyroute2,pyroute2-setns] [--runs N] [--out FILE] [--floor PATH/floor.c] [--settle SECONDS]
        """;

    private static int Topology(Options o)
    {
        var spec = new TopologySpec(o.Required("prefix"), int.Parse(o.Required("containers")));
        if (TopologySpec.Existing(spec.Prefix).Count > 0)
            throw new ArgumentException($"Namespaces with prefix '{spec.Prefix}-' already exist; run teardown first.");
        var timer = new StepTimer();
        string path = o.Get("path") ?? "api";
        long start = Stopwatch.GetTimestamp();
        switch (path)
        {
            case "api": ApiBuilder.Build(spec, timer, ApiBuilder.Variant.PeerUpAtCreation); break;
            case "api-late-peer-up": ApiBuilder.Build(spec, timer, ApiBuilder.Variant.LatePeerUp); break;
            case "api-deferred": ApiBuilder.Build(spec, timer, ApiBuilder.Variant.Deferred); break;
            case "api-noipv6": ApiBuilder.Build(spec, timer, ApiBuilder.Variant.NoIPv6); break;
            case "api-as-cmdlets": ApiBuilder.Build(spec, timer, ApiBuilder.Variant.AsCmdlets); break;
            case "pipelined": PipelinedBuilder.Build(spec, timer, int.Parse(o.Get("chunk") ?? "100")); break;
            default: throw new ArgumentException($"--path must be api, api-late-peer-up, api-deferred, api-noipv6, api-as-cmdlets or pipelined, not '{path}'.");
        }
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (o.Has("profile")) timer.Report(Console.Out, ms);
        // What the JIT did in this process (methods compiled, and the time it took), for the ReadyToRun/tiering comparison.
        Console.Error.WriteLine($"elapsed_ms={ms:F3} jit_methods={System.Runtime.JitInfo.GetCompiledMethodCount()} jit_ms={System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F1}");
        return 0;
    }

    private static int TeardownCommand(Options o)
    {
        var timer = new StepTimer();
        long start = Stopwatch.GetTimestamp();
        int n = Teardown.Run(o.Required("prefix"), timer, int.Parse(o.Get("parallel") ?? "1"), o.Get("order") ?? "deletemany");
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (o.Has("profile")) timer.Report(Console.Out, ms);
        Console.Error.WriteLine($"deleted={n} elapsed_ms={ms:F3}");
        return 0;
    }
}

/// <summary>--name value pairs and bare --flags.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            string name = args[i][2..];
            string? value = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
            o._values[name] = value;
        }
        return o;
    }

    public bool Has(string name) => _values.ContainsKey(name);
    public string? Get(string name) => _values.TryGetValue(name, out var v) ? v : null;
    public string Required(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required.");
}
