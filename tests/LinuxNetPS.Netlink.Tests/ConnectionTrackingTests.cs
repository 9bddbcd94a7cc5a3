using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using LinuxNetPS.ConnectionTracking;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;
using LinuxNetPS.Tests.Support;
using static LinuxNetPS.Tests.NatTestKit;

namespace LinuxNetPS.Tests;

/// <summary>
/// The conntrack table over ctnetlink against the real kernel, with `conntrack -L -o extended` (Debian's conntrack) as the
/// oracle: two lab namespaces on a veth pair, a rule that matches ct state in the client's namespace (so conntrack tracks
/// its traffic), then an ICMP echo, a UDP datagram and a TCP connection held open while the test looks.
/// </summary>
public class ConnectionTrackingTests
{
    private const string Python = "/usr/bin/python3";

    /// <summary>A python program in a namespace that prints "ready" and then waits to be killed.</summary>
    private sealed class Held : IDisposable
    {
        private readonly Process _process;

        public Held(string ns, string script, params string[] args)
        {
            var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "netns", "exec", ns, Python, "-c", script }.Concat(args)) info.ArgumentList.Add(a);
            _process = Process.Start(info)!;
            var ready = _process.StandardOutput.ReadLineAsync();
            if (!ready.Wait(40000) || ready.Result != "ready") throw new InvalidOperationException("helper did not start: " + _process.StandardError.ReadToEnd());
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill(true);
            _process.WaitForExit(2000);
            _process.Dispose();
        }
    }

    private const string Server = "import socket,time\ns=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n" +
                                  "s.bind(('10.78.0.2',8080));s.listen(4);print('ready',flush=True)\nc=[s.accept() for _ in range(4)]\ntime.sleep(120)\n";
    private const string Client = "import socket,time\nc=socket.create_connection(('10.78.0.2',8080),timeout=30);print('ready',flush=True)\ntime.sleep(120)\n";
    private const string Udp = "import socket\nu=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);u.bind(('10.78.0.1',40053));u.sendto(b'q',('10.78.0.2',5353))\n" +
                               "v=socket.socket(socket.AF_INET6,socket.SOCK_DGRAM);v.sendto(b'q',('fd78::2',5354))\n";

    /// <summary>The lab: traffic from "a" to "b" of each kind, tracked in a's table.</summary>
    private static (Lab Lab, string A, ConnectionTrackingOperations Ct, IDisposable Traffic) Tracked()
    {
        var lab = new Lab();
        var (a, client) = lab.CreateWithClient("a");
        var b = lab.Create("b");
        try
        {
            Veth(a, "a0", b, "b0");
            Ip_(a, "addr add 10.78.0.1/24 dev a0");
            Ip_(a, "addr add fd78::1/64 dev a0 nodad");
            Ip_(b, "addr add 10.78.0.2/24 dev b0");
            Ip_(b, "addr add fd78::2/64 dev b0 nodad");
            // Conntrack only tracks a namespace's traffic once a rule there uses it.
            Nft(a, "add", "table", "inet", "cttest");
            Nft(a, "add", "chain", "inet", "cttest", "out", "{ type filter hook output priority 0; }");
            Nft(a, "add", "rule", "inet", "cttest", "out", "ct", "state", "new", "counter");
            var server = new Held(b, Server);
            var tcp = new Held(a, Client);
            Assert.True(Ip.Ping(a, "10.78.0.2"));
            Assert.Equal(0, Ip.Exec("ip", "netns", "exec", a, Python, "-c", Udp).Code);
            return (lab, a, client.ConnectionTracking, new Both(tcp, server));
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }

    /// <summary>One line of `conntrack -L -o extended`: protocol, TCP state, and the key=value pairs of both tuples.</summary>
    private sealed record OracleLine(string Protocol, string? State, Dictionary<string, string> Original, Dictionary<string, string> Reply, string Text);

    private static List<OracleLine> Oracle(string ns, params string[] filter)
    {
        var (code, output, error) = Ip.Exec("ip", ["netns", "exec", ns, "conntrack", "-L", "-o", "extended", .. filter]);
        Assert.True(code == 0, "conntrack -L failed: " + error);
        var lines = new List<OracleLine>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var original = new Dictionary<string, string>();
            var reply = new Dictionary<string, string>();
            foreach (Match m in Regex.Matches(line, @"\b(src|dst|sport|dport|type|code|id)=(\S+)"))
            {
                var target = original.ContainsKey(m.Groups[1].Value) ? reply : original;
                target.TryAdd(m.Groups[1].Value, m.Groups[2].Value);
            }
            string? state = words[2] == "tcp" ? words[5] : null;
            lines.Add(new OracleLine(words[2], state, original, reply, line));
        }
        return lines;
    }

    /// <summary>The entry's tuples in conntrack's words, for comparing with the oracle.</summary>
    private static string Key(NetConnectionTrackingEntry e) =>
        $"{e.Protocol} src={e.SourceAddress} dst={e.DestinationAddress}" +
        (e.SourcePort is null ? $" type={e.IcmpType} code={e.IcmpCode} id={e.IcmpId}" : $" sport={e.SourcePort} dport={e.DestinationPort}") +
        $" | src={e.ReplySourceAddress} dst={e.ReplyDestinationAddress}" + (e.ReplySourcePort is null ? "" : $" sport={e.ReplySourcePort} dport={e.ReplyDestinationPort}");

    private static string Key(OracleLine l)
    {
        string Tuple(Dictionary<string, string> t, bool withIcmp) =>
            $"src={IPAddress.Parse(t["src"])} dst={IPAddress.Parse(t["dst"])}" +
            (t.ContainsKey("sport") ? $" sport={t["sport"]} dport={t["dport"]}" : withIcmp ? $" type={t["type"]} code={t["code"]} id={t["id"]}" : "");
        return $"{(l.Protocol == "ipv6-icmp" ? "icmpv6" : l.Protocol)} {Tuple(l.Original, true)} | {Tuple(l.Reply, false)}";
    }

    [Fact]
    public void List_ReadsEveryEntryAsConntrackDoes_IcmpUdpTcpBothFamilies()
    {
        var (lab, a, ct, traffic) = Tracked();
        using var _ = lab;
        using var __ = traffic;
        var entries = ct.List();
        var oracle = Oracle(a);
        Assert.Equal(oracle.Select(Key).Order(), entries.Select(Key).Order());
        Assert.Contains(entries, e => e.Protocol == "icmp" && e.IcmpType == 8 && e.DestinationAddress.Equals(IPAddress.Parse("10.78.0.2")));
        Assert.Contains(entries, e => e.Protocol == "udp" && e.SourcePort == 40053 && e.DestinationPort == 5353 && e.StateText == "Unreplied");
        Assert.Contains(entries, e => e.Protocol == "udp" && e.Family == IPFamily.IPv6 && e.DestinationPort == 5354);
        var tcp = Assert.Single(entries, e => e.Protocol == "tcp");
        Assert.Equal(ConnectionTrackingState.Established, tcp.State);
        Assert.Equal("ESTABLISHED", Assert.Single(oracle, l => l.Protocol == "tcp").State);
        Assert.True(tcp.Status.HasFlag(ConnectionTrackingStatus.SeenReply));
        Assert.NotEqual(0u, tcp.EntryId);
        Assert.Equal("10.78.0.2:8080", tcp.DestinationEndPoint);
        Assert.All(entries, e => Assert.Equal(a, e.Namespace));
    }

    [Fact]
    public void Filters_SelectWhatConntracksOwnFiltersSelect()
    {
        var (lab, a, ct, traffic) = Tracked();
        using var _ = lab;
        using var __ = traffic;
        var udp = ct.List(new ConnectionTrackingFilter { Protocol = "udp" });
        Assert.Equal(Oracle(a, "-p", "udp").Select(Key).Order(), udp.Select(Key).Order());
        Assert.Equal(2, udp.Count);
        var dport = ct.List(new ConnectionTrackingFilter { DestinationPort = 5353 });
        Assert.Equal("udp src=10.78.0.1 dst=10.78.0.2 sport=40053 dport=5353 | src=10.78.0.2 dst=10.78.0.1 sport=5353 dport=40053", Key(Assert.Single(dport)));
        var v4 = ct.List(new ConnectionTrackingFilter { Family = IPFamily.IPv4, DestinationAddress = ConnectionTrackingFilter.AddressFilter("10.78.0.0/24", "-DestinationAddress") });
        Assert.Equal(Oracle(a, "-f", "ipv4").Select(Key).Order(), v4.Select(Key).Order());
        Assert.Equal(3, v4.Count);
        var established = ct.List(new ConnectionTrackingFilter { State = [ConnectionTrackingState.Established] });
        Assert.Equal("tcp", Assert.Single(established).Protocol);
        Assert.Empty(ct.List(new ConnectionTrackingFilter { SourceAddress = IPPrefix.Parse("10.99.0.0/16") }));
        Assert.Empty(ct.List(new ConnectionTrackingFilter { Zone = 7 }));
    }

    [Fact]
    public void Delete_RemovesExactlyTheChosenEntries_AndClearFlushes()
    {
        var (lab, a, ct, traffic) = Tracked();
        using var _ = lab;
        using var __ = traffic;
        int before = Oracle(a).Count;
        var dns = ct.List(new ConnectionTrackingFilter { Protocol = "udp", DestinationPort = 5353 });
        Assert.Equal(1, ct.Delete(dns));
        Assert.Empty(Oracle(a, "-p", "udp", "--dport", "5353"));
        Assert.Equal(before - 1, Oracle(a).Count);
        // Deleting it again: already gone, nothing deleted, no error.
        Assert.Equal(0, ct.Delete(dns));

        // A filtered clear takes the ICMP entry only; a clear of everything empties the table.
        Assert.Equal(1, ct.Clear(new ConnectionTrackingFilter { Protocol = "icmp" }));
        Assert.Empty(Oracle(a, "-p", "icmp"));
        Assert.NotEmpty(Oracle(a, "-p", "tcp"));
        Assert.Equal(before - 2, ct.Clear());
        Assert.Empty(Oracle(a));
        Assert.Empty(ct.List());
    }

    [Fact]
    public void BadFilterValues_AreRefusedWithTheirIds()
    {
        var address = Assert.Throws<NetOperationException>(() => ConnectionTrackingFilter.AddressFilter("10.0.0.300", "-SourceAddress"));
        Assert.Equal(ErrorIds.InvalidAddress, address.ErrorId);
        Assert.Equal(NetErrorKind.InvalidArgument, address.Kind);
        Assert.Contains("-SourceAddress", address.Message);
        var protocol = Assert.Throws<NetOperationException>(() => ConnectionTrackingFilter.CheckProtocol("http"));
        Assert.Equal(ErrorIds.InvalidProtocol, protocol.ErrorId);
        Assert.Equal("udp", ConnectionTrackingFilter.CheckProtocol("UDP"));
        Assert.Equal("gre", ConnectionTrackingFilter.CheckProtocol("47"));
    }
}
