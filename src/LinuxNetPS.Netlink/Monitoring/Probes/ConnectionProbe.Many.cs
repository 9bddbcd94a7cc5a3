using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LinuxNetPS.Client;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Monitoring.Probes;

public static partial class ConnectionProbe
{
    /// <summary>
    /// Pings several addresses from one namespace at once, each as <see cref="Ping"/> would: every round's requests go
    /// out back to back over one socket per address family and the answers are matched by sequence number as they
    /// arrive, so N targets cost about one round trip (and at most one timeout) per round instead of N.
    /// One result per address, in the order given.
    /// </summary>
    public static IReadOnlyList<NetConnectionTestResult> PingMany(NetClient client, IReadOnlyList<IPAddress> addresses, int count, TimeSpan timeout,
        CancellationToken cancel = default) =>
        PingEach(client, addresses.Select(a => a.ToString()).ToList(), addresses, count, timeout, cancel);

    /// <summary>The one echo mechanism behind <see cref="Ping"/> (one address) and <see cref="PingMany"/>.</summary>
    private static NetConnectionTestResult[] PingEach(NetClient client, IReadOnlyList<string> computerNames, IReadOnlyList<IPAddress> addresses,
        int count, TimeSpan timeout, CancellationToken cancel)
    {
        var results = new NetConnectionTestResult[addresses.Count];
        var routed = new List<int>();
        for (int i = 0; i < addresses.Count; i++)
        {
            results[i] = Start(client, computerNames[i], addresses[i], "ICMP", null, out var route);
            if (route is not null) routed.Add(i);
        }
        foreach (var family in routed.GroupBy(i => addresses[i].AddressFamily == AddressFamily.InterNetworkV6))
            new EchoRounds(client, family.Key, family.ToList(), addresses).Run(results, count, timeout, cancel);
        return results;
    }

    /// <summary>The probes of one address family from one namespace: one socket, one id, a sequence number per request.</summary>
    private sealed class EchoRounds(NetClient client, bool v6, List<int> indexes, IReadOnlyList<IPAddress> addresses)
    {
        private readonly Dictionary<int, List<double>> _times = indexes.ToDictionary(i => i, _ => new List<double>());
        private readonly Dictionary<int, int> _sent = indexes.ToDictionary(i => i, _ => 0);
        private readonly Dictionary<int, (ConnectionFailure Failure, string? Detail)> _failures = new();
        private readonly HashSet<int> _cannotSend = new();

        public void Run(NetConnectionTestResult[] results, int count, TimeSpan timeout, CancellationToken cancel)
        {
            using var socket = OpenEchoSocket(client, v6, out bool raw);
            ushort id = (ushort)Interlocked.Increment(ref _nextId);
            ushort sequence = 0;
            var buffer = new byte[2048];
            for (int round = 0; round < count && !cancel.IsCancellationRequested; round++)
            {
                var waiting = new Dictionary<ushort, (int Index, long SentAt)>();
                foreach (int i in indexes)
                {
                    if (_cannotSend.Contains(i)) continue;
                    if (++sequence == 0) sequence = 1;
                    try
                    {
                        socket.SendTo(EchoPacket.Request(v6, id, sequence), new IPEndPoint(addresses[i], 0));
                    }
                    catch (SocketException e)
                    {
                        _failures[i] = FromSocketError(e);
                        _cannotSend.Add(i); // as Ping: a send that fails ends the probe of that address
                        continue;
                    }
                    _sent[i]++;
                    waiting[sequence] = (i, Stopwatch.GetTimestamp());
                }
                Collect(socket, raw, id, waiting, buffer, timeout, cancel);
            }
            foreach (int i in indexes)
            {
                var (failure, detail) = _failures.TryGetValue(i, out var f) ? f : (ConnectionFailure.TimedOut, null);
                results[i] = EchoOutcome(results[i], addresses[i], _sent[i], _times[i], failure, detail, timeout);
            }
        }

        /// <summary>Reads answers until every request of the round has one or <paramref name="timeout"/> has passed.</summary>
        private void Collect(Socket socket, bool raw, ushort id, Dictionary<ushort, (int Index, long SentAt)> waiting, byte[] buffer,
            TimeSpan timeout, CancellationToken cancel)
        {
            var clock = Stopwatch.StartNew();
            while (waiting.Count > 0 && !cancel.IsCancellationRequested)
            {
                var left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero) return;
                if (!socket.Poll((int)Math.Min(left.TotalMicroseconds, 100_000), SelectMode.SelectRead)) continue;
                EndPoint from = new IPEndPoint(v6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
                int n;
                try { n = socket.ReceiveFrom(buffer, ref from); }
                catch (SocketException e)
                {
                    // The socket itself failed: every request still waiting has that as its answer.
                    foreach (var (_, waiter) in waiting) _failures[waiter.Index] = FromSocketError(e);
                    return;
                }
                var icmp = buffer.AsSpan(0, n);
                // A raw IPv4 socket hands over the IP header too; ping sockets and IPv6 do not.
                if (raw && !v6 && icmp.Length > 0) icmp = icmp[Math.Min((icmp[0] & 0x0f) * 4, icmp.Length)..];
                if (!EchoPacket.TryReadSequence(icmp, v6, out ushort sequence) || !waiting.TryGetValue(sequence, out var probe)) continue;
                var answer = EchoPacket.Classify(icmp, v6, id, sequence, anyId: !raw, out byte code);
                var who = ((IPEndPoint)from).Address;
                switch (answer)
                {
                    case EchoPacket.Answer.Reply when who.Equals(addresses[probe.Index]):
                        _times[probe.Index].Add(Stopwatch.GetElapsedTime(probe.SentAt).TotalMilliseconds);
                        waiting.Remove(sequence);
                        break;
                    case EchoPacket.Answer.Unreachable:
                        _failures[probe.Index] = (ConnectionFailure.Unreachable, $"{who} answered: {EchoPacket.UnreachableText(v6, code)}");
                        waiting.Remove(sequence);
                        break;
                    case EchoPacket.Answer.TimeExceeded:
                        _failures[probe.Index] = (ConnectionFailure.Unreachable, $"{who} answered: time to live exceeded");
                        waiting.Remove(sequence);
                        break;
                }
            }
        }
    }
}
