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
/// nor does a node of kind host unless a pair names it. A probe unanswered within the timeout is tried once more after
/// all waves (its first echo can be lost in a wave's burst; see the comment where it is done).
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
        // Probes done of all, before the first wave and after each of the first pass: called on this (the caller's)
        // thread, between the waves' Parallel.ForEach, so a cmdlet can write progress from it.
        if (probes.Count > 0) progress?.Invoke(0, probes.Count);
        var timedOut = new bool[probes.Count];
        void Probe(IReadOnlyList<int> subset, int echoes, bool firstPass)
        {
            bool many = false;
            foreach (var wave in LabProbeWaves.Waves(subset.Count, () => { int b = budget ?? LabProbeWaves.Budget(); largest = Math.Max(largest, b); return b; }))
            {
                waves++;
                var (offset, length) = wave.GetOffsetAndLength(subset.Count);
                var members = subset.Skip(offset).Take(length).ToList();
                Parallel.ForEach(members.GroupBy(i => probes[i].Pair.Source).ToList(), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancel }, group =>
                {
                    var indexes = group.ToList();
                    var client = NetClient.For(nodes[group.Key].Namespace);
                    var outcomes = ConnectionProbe.PingMany(client, indexes.Select(i => probes[i].Address).ToList(), echoes, timeout, cancel);
                    for (int k = 0; k < indexes.Count; k++)
                    {
                        var (pair, address) = probes[indexes[k]];
                        var outcome = outcomes[k];
                        var first = results[indexes[k]];
                        timedOut[indexes[k]] = !outcome.Succeeded && outcome.FailureReason == ConnectionFailure.TimedOut;
                        results[indexes[k]] = new NetLabTestResult
                        {
                            Lab = labName, Source = pair.Source, Target = pair.Target, TargetAddress = address,
                            Reachable = outcome.Succeeded, RttMs = outcome.RoundTripTime, Sent = outcome.Sent + (first?.Sent ?? 0), Received = outcome.Received,
                            Expected = !expected.TryGetValue(pair, out bool e) || e,
                            Message = first is null || !outcome.Succeeded ? outcome.Message
                                : $"Answered on a second try: the first {first.Sent} echo{(first.Sent == 1 ? "" : "es")} went unanswered within {timeout.TotalSeconds:0.###} s (lost while the neighbour was resolved, in a burst of probes).",
                        };
                    }
                });
                // One wave that holds every probe (a lab that fits) leaves its entries, as before.
                many |= wave.End.GetOffset(subset.Count) < subset.Count;
                if (many)
                    LabNeighborCleanup.Clear(members.SelectMany(i => new[] { probes[i].Pair.Source, probes[i].Pair.Target })
                        .Distinct(StringComparer.Ordinal).Where(nodes.ContainsKey).Select(n => nodes[n].Namespace), parallelism, cancel);
                if (firstPass) progress?.Invoke(offset + length, probes.Count);
            }
        }
        Probe(Enumerable.Range(0, probes.Count).ToList(), count, firstPass: true);
        // A probe that timed out gets one more echo once all waves are done. A wave sends up to half the neighbour table's
        // worth of probes at once; on one bridge each needs an ARP broadcast to every port, and that burst overflows the
        // per-CPU backlog (net.core.netdev_max_backlog, 1,000: the counter is column 2 of /proc/net/softnet_stat): an ARP
        // request or a first echo is dropped, ARP asks again only after retrans_time (1 s), and the answer comes after the
        // timeout (measured: 1 of 39,800 probes of a 200-host star, ARP's res_failed unchanged). The second try is a small
        // burst and finds the neighbour resolved or resolves it; a pair that is really cut stays unanswered, at the cost
        // of one more timeout per wave of such probes.
        var again = Enumerable.Range(0, probes.Count).Where(i => timedOut[i]).ToList();
        if (again.Count > 0 && !cancel.IsCancellationRequested) Probe(again, 1, firstPass: false);
        report?.Invoke($"{probes.Count} probe{(probes.Count == 1 ? "" : "s")} in {waves} wave{(waves == 1 ? "" : "s")} of at most {largest} neighbour entries each (the kernel's neighbour tables are shared by all namespaces); {again.Count} unanswered in time tried once more, {again.Count(i => results[i].Reachable)} of them answered.");
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
