using System.Diagnostics;
using System.Text.Json;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

/// <summary>
/// Oracles and traffic for the NAT tests: nft in a lab namespace, and a bounded TCP server and
/// client (python3 run with `ip netns exec`). Every wait is at most a few seconds.
/// </summary>
internal static class NatTestKit
{
    private const string Python = "/usr/bin/python3";

    /// <summary>Runs `ip netns exec NS nft ARGS...`; throws if nft fails.</summary>
    public static string Nft(string ns, params string[] args)
    {
        var (code, stdout, stderr) = Ip.Exec("ip", ["netns", "exec", ns, "nft", .. args]);
        if (code != 0) throw new InvalidOperationException($"nft {string.Join(' ', args)} failed in {ns}: {stderr}");
        return stdout;
    }

    /// <summary>The `nft -j list ruleset` items of one kind ("table", "chain", "rule").</summary>
    public static List<JsonElement> Ruleset(string ns, string kind)
    {
        var doc = JsonDocument.Parse(Nft(ns, "-j", "list", "ruleset"));
        return doc.RootElement.GetProperty("nftables").EnumerateArray()
            .Where(e => e.TryGetProperty(kind, out _)).Select(e => e.GetProperty(kind).Clone()).ToList();
    }

    /// <summary>Rules of one table as `nft -j` shows them.</summary>
    public static List<JsonElement> Rules(string ns, string family, string table) =>
        Ruleset(ns, "rule").Where(r => r.GetProperty("family").GetString() == family && r.GetProperty("table").GetString() == table).ToList();

    /// <summary>All of a namespace's tables and rules except ours, as text, to prove we left them alone.</summary>
    public static string OthersSnapshot(string ns)
    {
        var doc = JsonDocument.Parse(Nft(ns, "-j", "list", "ruleset"));
        var others = doc.RootElement.GetProperty("nftables").EnumerateArray()
            .Where(e => !e.TryGetProperty("metainfo", out _))
            .Where(e => !(e.EnumerateObject().First().Value.TryGetProperty("table", out var t) && t.GetString() == "linuxnetps")
                && !(e.TryGetProperty("table", out var tt) && tt.GetProperty("name").GetString() == "linuxnetps"));
        return string.Join("\n", others.Select(e => e.GetRawText()));
    }

    public static void Ip_(string ns, string args) => Ip.Run($"-n {ns} {args}");

    /// <summary>A veth pair between two lab namespaces, created inside the first (never in the root namespace).</summary>
    public static void Veth(string nsA, string nameA, string nsB, string nameB)
    {
        Ip.Run($"-n {nsA} link add {nameA} type veth peer name {nameB} netns {nsB}");
        Ip.Run($"-n {nsA} link set {nameA} up");
        Ip.Run($"-n {nsB} link set {nameB} up");
    }

    /// <summary>A TCP server accepting one connection; <see cref="Peer"/> is the address the connection came from, or null.</summary>
    public sealed class TcpServer : IDisposable
    {
        private readonly Process _process;

        public TcpServer(string ns, string address, int port, int seconds = 5)
        {
            var script = "import socket,sys\n" +
                         "s=socket.socket(socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET)\n" +
                         "s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n" +
                         "s.bind((sys.argv[1],int(sys.argv[2])));s.listen(4);s.settimeout(float(sys.argv[3]))\n" +
                         "print('ready',flush=True)\n" +
                         "try:\n c,a=s.accept();print(a[0],flush=True);c.sendall(b'hello');c.close()\n" +
                         "except socket.timeout:\n print('timeout',flush=True)\n";
            var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "netns", "exec", ns, Python, "-c", script, address, port.ToString(), seconds.ToString() }) info.ArgumentList.Add(a);
            _process = Process.Start(info)!;
            var ready = _process.StandardOutput.ReadLineAsync();
            if (!ready.Wait(5000) || ready.Result != "ready")
                throw new InvalidOperationException("TCP server did not start: " + _process.StandardError.ReadToEnd());
        }

        /// <summary>Waits (bounded) for the server to finish and returns the peer address it saw, or null.</summary>
        public string? Peer()
        {
            var line = _process.StandardOutput.ReadLineAsync();
            if (!line.Wait(7000)) return null;
            return line.Result is null or "timeout" ? null : line.Result;
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill(true);
            _process.WaitForExit(2000);
            _process.Dispose();
        }
    }

    /// <summary>Connects from a namespace with a timeout; true when the server's greeting arrived.</summary>
    public static bool TcpConnect(string ns, string address, int port, double seconds = 2)
    {
        var script = "import socket,sys\n" +
                     "try:\n s=socket.create_connection((sys.argv[1],int(sys.argv[2])),timeout=float(sys.argv[3]))\n" +
                     " sys.exit(0 if s.recv(5)==b'hello' else 1)\n" +
                     "except OSError:\n sys.exit(1)\n";
        return Ip.Exec("ip", "netns", "exec", ns, Python, "-c", script, address, port.ToString(), seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)).Code == 0;
    }

    /// <summary>Reads a sysctl inside a namespace with `ip netns exec NS sysctl -n KEY`.</summary>
    public static string Sysctl(string ns, string key) => Ip.Exec("ip", "netns", "exec", ns, "sysctl", "-n", key).Out.Trim();
}
