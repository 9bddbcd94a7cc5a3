using System.Diagnostics;
using LinuxNetPS.Client;
using LinuxNetPS.Compose.Networks;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Bench;

/// <summary>
/// `networks`: K existing namespaces connected to one bridge network, timed without namespace creation and teardown,
/// for bench/networks/connect-bench.ps1 (a pwsh-free driver, so the pwsh loop's own cost is not in the core API's numbers):
/// <list type="bullet">
/// <item>core-many: ContainerNetworks.Create, then one ConnectMany with all K (what the cmdlet pipeline does per batch);</item>
/// <item>core-each: ContainerNetworks.Create, then Connect per container (one lock, read, reconcile and two writes each);</item>
/// <item>pipelined: <see cref="PipelinedBuilder.Connect"/>, raw rtnetlink with the fewest round trips (no NAT, no state, no checks).</item>
/// </list>
/// Prints "network_ms=... connect_ms=... elapsed_ms=..." on stderr; checks the last container has its address and default route.
/// </summary>
internal static class NetworkConnect
{
    public const string Subnet = "10.10.0.0/16";

    public static int Run(Options o)
    {
        string prefix = o.Required("prefix"), path = o.Get("path") ?? "core-many";
        int chunk = int.Parse(o.Get("chunk") ?? "100");
        // A warm-up with two containers first: the timed run is not the one that pays for JIT compilation and first-use caches.
        Measure(new TopologySpec(prefix + "w", 2), path, chunk);
        var (networkMs, connectMs) = Measure(new TopologySpec(prefix, int.Parse(o.Required("containers"))), path, chunk);
        Console.Error.WriteLine($"network_ms={networkMs:F3} connect_ms={connectMs:F3} elapsed_ms={networkMs + connectMs:F3}");
        return 0;
    }

    private static (double NetworkMs, double ConnectMs) Measure(TopologySpec spec, string path, int chunk)
    {
        if (TopologySpec.Existing(spec.Prefix).Count > 0)
            throw new ArgumentException($"Namespaces with prefix '{spec.Prefix}-' already exist; run teardown first.");
        var timer = new StepTimer();
        PipelinedBuilder.CreateNamespaces(spec, timer);
        var names = Enumerable.Range(0, spec.Containers).Select(spec.Namespace).ToList();
        double networkMs, connectMs;
        try
        {
            long start = Stopwatch.GetTimestamp();
            switch (path)
            {
                case "core-many":
                case "core-each":
                    var nets = ContainerNetworks.For(spec.HostNamespace);
                    nets.Create(new NetworkSpec { Name = "foo", Subnet = Subnet, BridgeName = TopologySpec.Bridge });
                    networkMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    if (path == "core-many")
                    {
                        var outcomes = nets.ConnectMany(names.Select(n => new ConnectSpec { Network = "foo", Namespace = n }).ToList());
                        if (outcomes.FirstOrDefault(x => x.Error is not null) is { } failed) throw failed.Error!;
                    }
                    else
                    {
                        foreach (var n in names) nets.Connect(new ConnectSpec { Network = "foo", Namespace = n });
                    }
                    break;
                case "pipelined":
                    PipelinedBuilder.Connect(spec, timer, chunk);
                    networkMs = 0; // its bridge is one send inside; see the profile
                    break;
                default:
                    throw new ArgumentException($"--path must be core-many, core-each or pipelined, not '{path}'.");
            }
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            connectMs = ms - networkMs;
            Check(spec);
        }
        finally
        {
            if (path != "pipelined")
                try { ContainerNetworks.For(spec.HostNamespace).Remove("foo", force: true); } catch (Exception) { }
            Teardown.Run(spec.Prefix, new StepTimer(), 1);
        }
        return (networkMs, connectMs);
    }

    private static void Check(TopologySpec spec)
    {
        var last = NetClient.For(spec.Namespace(spec.Containers - 1));
        bool address = last.Addresses.List().Any(a => a.IPAddress.ToString().StartsWith("10.10.", StringComparison.Ordinal));
        bool route = last.Routes.List(Model.IPFamily.IPv4).Any(r => r.Destination == "default");
        if (!address || !route) throw new InvalidOperationException($"The last container has {(address ? "" : "no address ")}{(route ? "" : "no default route")}.");
    }
}
