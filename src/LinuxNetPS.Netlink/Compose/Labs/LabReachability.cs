using System.Net;
using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Monitoring.Probes;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Mininet's pingall for a lab: from every node, an ICMP echo to every address of every other node (or to the
/// pairs asked for: the addresses the lab gave, and any other global address the kernel has, such as one an exec line
/// added), sent over a socket made inside the source namespace (<see cref="ConnectionProbe"/>: no ping
/// process), the probes of one source all at once and at most <c>parallelism</c> sources at a time, in waves that fit the
/// kernel's shared neighbour tables (<see cref="LabProbeWaves"/>; a budget given replaces the measured one). Bridge nodes and loopback addresses take no part,
/// nor does a node of kind host unless a pair names it.
/// </summary>
public static class LabReachability
{
    public sealed record Pair(string Source, string Target);

    public static IReadOnlyList<NetLabTestResult> Test(string labName, IReadOnlyCollection<Pair>? pairs, IReadOnlyDictionary<Pair, bool> expected,
        int count, TimeSpan timeout, int parallelism, CancellationToken cancel = default, int? budget = null, Action<string>? report = null,
        Action<int, int>? progress = null)
    {
        var record = NetLabs.RecordOf(labName);
        var nodes = record.Nodes.Where(n => n.Kind != nameof(LabNodeKind.Bridge)).ToDictionary(n => n.Name, StringComparer.Ordinal);
        // The host node answers only when a pair names it; every pair is every pair of Linux nodes.
        var everyPair = nodes.Values.Where(n => n.Kind == nameof(LabNodeKind.Linux)).Select(n => n.Name).ToList();
        // A split lab's part: this host probes from its own nodes to every node, its own and those on the other hosts
        // (by the addresses recorded for them); each host does the same, so the hosts' results together are every pair.
        var remote = record.RemoteNodes.Where(n => n.Kind != nameof(LabNodeKind.Bridge)).ToDictionary(n => n.Name, StringComparer.Ordinal);
        var everyTarget = everyPair.Concat(remote.Values.Where(n => n.Kind == nameof(LabNodeKind.Linux)).Select(n => n.Name)).ToList();
        foreach (var pair in (pairs ?? []).Concat(expected.Keys))
            foreach (var name in new[] { pair.Source, pair.Target })
                if (!nodes.ContainsKey(name) && !remote.ContainsKey(name))
                    throw NetOperationException.NotFound($"The lab '{labName}' has no host or router node '{name}' (its nodes: {string.Join(", ", nodes.Keys.Concat(remote.Keys))}).", name)
                        .WithErrorId(ErrorIds.LabNodeNotFound);
        pairs = pairs?.Where(p => nodes.ContainsKey(p.Source)).ToList();

        // The recorded addresses, and those the kernel has besides (an exec line may have added them).
        static bool Pingable(IPAddress a) => !IPAddress.IsLoopback(a) && !(a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && a.IsIPv6LinkLocal);
        var targets = nodes.Values.ToDictionary(n => n.Name, n => Recorded(n.Addresses)
            .Concat(KernelAddresses(n.Namespace)).Where(Pingable).Distinct().ToList());
        foreach (var n in remote.Values) targets[n.Name] = Recorded(n.Addresses).Where(Pingable).Distinct().ToList();
        var chosen = pairs ?? (IReadOnlyCollection<Pair>)everyPair.SelectMany(s => everyTarget.Where(t => t != s).Select(t => new Pair(s, t))).ToList();
        var probes = chosen.Distinct().SelectMany(p => targets[p.Target].Select(a => (Pair: p, Address: a))).ToList();

        // One task per source node: all of its probes go out at once over one socket (ConnectionProbe.PingMany), so a
        // node's probes cost about one round trip, not one each.
        var results = new NetLabTestResult[probes.Count];
        // Nothing to probe is a result, never silence: a pair whose target has no address, or a lab without pairs.
        var untested = chosen.Distinct().Where(p => targets[p.Target].Count == 0).Select(p => new NetLabTestResult
        {
            Lab = labName, Source = p.Source, Target = p.Target, Tested = false, Expected = !expected.TryGetValue(p, out bool e) || e,
            Message = $"The node '{p.Target}' has no address to ping: give its links addresses (a Pool, an Address, or containerlab's ipv4/ipv6).",
        }).ToList();
        if (chosen.Count == 0)
            untested.Add(new NetLabTestResult
            {
                Lab = labName, Source = "", Target = "", Tested = false, Expected = true,
                Message = $"The lab has {everyPair.Count} host or router node{(everyPair.Count == 1 ? "" : "s")}: there is no pair to ping between.",
            });
        // In waves that fit the kernel's shared neighbour tables (LabProbeWaves); the lab's dynamic entries are deleted
        // after each wave when there is more than one, so the next finds room. A lab that fits is one wave, as before.
        // The budget is read again before each wave: other users' entries come and go meanwhile.
        int largest = 0, waves = 0;
        bool many = false;
        // Probes done of all, before the first wave and after each: called on this (the caller's) thread, between the
        // waves' Parallel.ForEach, so a cmdlet can write progress from it.
        if (probes.Count > 0) progress?.Invoke(0, probes.Count);
        foreach (var wave in LabProbeWaves.Waves(probes.Count, () => { int b = budget ?? LabProbeWaves.Budget(); largest = Math.Max(largest, b); return b; }))
        {
            waves++;
            var (offset, length) = wave.GetOffsetAndLength(probes.Count);
            var bySource = Enumerable.Range(offset, length).GroupBy(i => probes[i].Pair.Source).ToList();
            Parallel.ForEach(bySource, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancel }, group =>
            {
                var indexes = group.ToList();
                var client = NetClient.For(nodes[group.Key].Namespace);
                var outcomes = ConnectionProbe.PingMany(client, indexes.Select(i => probes[i].Address).ToList(), count, timeout, cancel);
                for (int k = 0; k < indexes.Count; k++)
                {
                    var (pair, address) = probes[indexes[k]];
                    var outcome = outcomes[k];
                    results[indexes[k]] = new NetLabTestResult
                    {
                        Lab = labName, Source = pair.Source, Target = pair.Target, TargetAddress = address,
                        Reachable = outcome.Succeeded, RttMs = outcome.RoundTripTime, Sent = outcome.Sent, Received = outcome.Received,
                        Expected = !expected.TryGetValue(pair, out bool e) || e, Message = outcome.Message,
                    };
                }
            });
            // One wave that holds every probe (a lab that fits) leaves its entries, as before.
            many |= wave.End.GetOffset(probes.Count) < probes.Count;
            if (many)
                LabNeighborCleanup.Clear(Enumerable.Range(offset, length).SelectMany(i => new[] { probes[i].Pair.Source, probes[i].Pair.Target })
                    .Distinct(StringComparer.Ordinal).Where(nodes.ContainsKey).Select(n => nodes[n].Namespace), parallelism, cancel);
            progress?.Invoke(offset + length, probes.Count);
        }
        report?.Invoke($"{probes.Count} probe{(probes.Count == 1 ? "" : "s")} in {waves} wave{(waves == 1 ? "" : "s")} of at most {largest} neighbour entries each (the kernel's neighbour tables are shared by all namespaces).");
        return [.. results, .. untested];
    }

    /// <summary>The addresses of a node's record ("eth0 10.0.0.2/24").</summary>
    private static IEnumerable<IPAddress> Recorded(IEnumerable<string> addresses) => addresses.Select(a => IPPrefix.Parse(a[(a.IndexOf(' ') + 1)..]).Address);

    private static IEnumerable<IPAddress> KernelAddresses(string ns)
    {
        try { return NetClient.For(ns).Addresses.List().Where(a => a.Interface != "lo" && a.Scope == Rtnetlink.RouteScope.Universe).Select(a => a.IPAddress).ToList(); }
        catch (NetOperationException) { return []; }
    }
}
