using System.Diagnostics;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Nftables;
using LinuxNetPS.Tests.Support;
using static LinuxNetPS.Tests.NatTestKit;

namespace LinuxNetPS.Tests;

/// <summary>
/// Firewall rules and address sets against the real kernel, with real traffic: a server namespace (10.77.0.1, fd77::1)
/// and a client namespace (10.77.0.2, 10.77.0.3, fd77::2) on a veth pair; a TCP server that greets every connection.
/// `nft -j list ruleset` is the oracle for what is in the kernel and for "nothing else changed".
/// </summary>
public class FirewallTests
{
    /// <summary>A TCP server in a namespace greeting every connection ("hello"), for as long as the test runs.</summary>
    private sealed class Greeter : IDisposable
    {
        private readonly Process _process;

        public Greeter(string ns, string address, int port)
        {
            var script = "import socket,sys\n" +
                         "s=socket.socket(socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET)\n" +
                         "s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n" +
                         "s.bind((sys.argv[1],int(sys.argv[2])));s.listen(16);s.settimeout(120)\n" +
                         "print('ready',flush=True)\n" +
                         "while True:\n c,a=s.accept();c.sendall(b'hello');c.close()\n";
            var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "netns", "exec", ns, "/usr/bin/python3", "-c", script, address, port.ToString() }) info.ArgumentList.Add(a);
            _process = Process.Start(info)!;
            var ready = _process.StandardOutput.ReadLineAsync();
            if (!ready.Wait(5000) || ready.Result != "ready") throw new InvalidOperationException("server did not start: " + _process.StandardError.ReadToEnd());
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill(true);
            _process.WaitForExit(2000);
            _process.Dispose();
        }
    }

    private static (Lab Lab, string Server, string Client, LinuxNetPS.Client.NetClient Host) Pair()
    {
        var lab = new Lab();
        var (server, host) = lab.CreateWithClient("srv");
        var client = lab.Create("cli");
        Veth(server, "s0", client, "c0");
        Ip_(server, "addr add 10.77.0.1/24 dev s0");
        Ip_(server, "addr add fd77::1/64 dev s0 nodad");
        Ip_(client, "addr add 10.77.0.2/24 dev c0");
        Ip_(client, "addr add 10.77.0.3/24 dev c0");
        Ip_(client, "addr add fd77::2/64 dev c0 nodad");
        Ip_(server, "link set lo up");
        return (lab, server, client, host);
    }

    private static bool From(string client, string source, string to, int port) =>
        Ip.Exec("ip", "netns", "exec", client, "/usr/bin/python3", "-c",
            "import socket,sys\ntry:\n s=socket.create_connection((sys.argv[1],int(sys.argv[2])),timeout=1.5,source_address=(sys.argv[3],0))\n sys.exit(0 if s.recv(5)==b'hello' else 1)\nexcept OSError:\n sys.exit(1)\n",
            to, port.ToString(), source).Code == 0;

    [Fact]
    public void BlockAllowDisableEnable_ChangeRealTraffic_AndCountersCount()
    {
        var (lab, server, client, host) = Pair();
        using var _ = lab;
        using var greeter = new Greeter(server, "0.0.0.0", 8080);
        var fw = host.Firewall;
        Assert.True(From(client, "10.77.0.2", "10.77.0.1", 8080));

        // Block by remote address.
        var block = fw.Add([new FirewallRuleRequest { Name = "block-cli", Action = FirewallAction.Block, RemoteAddress = ["10.77.0.2"] }]).Single();
        Assert.True(block.Added);
        Assert.False(From(client, "10.77.0.2", "10.77.0.1", 8080));
        Assert.True(From(client, "10.77.0.3", "10.77.0.1", 8080)); // another source still passes
        Assert.True(fw.Get("block-cli").Packets > 0);

        // Allow above Block (a lower priority number runs first) reopens the port for TCP 8080 only.
        fw.Add([new FirewallRuleRequest { Name = "allow-web", Priority = 10, Protocol = "TCP", LocalPort = ["8080"] }]);
        Assert.Equal(["allow-web", "block-cli"], fw.List().Select(r => r.Rule));
        Assert.True(From(client, "10.77.0.2", "10.77.0.1", 8080));
        Assert.True(fw.Get("allow-web").Packets > 0);

        // Disable the Allow: closed again; its counter survives the move; enable: open.
        var packets = fw.Get("allow-web").Packets;
        var disabled = fw.SetEnabled("allow-web", false);
        Assert.False(disabled.Enabled);
        Assert.Equal(FilterChain.Disabled, disabled.Chain);
        Assert.Equal(packets, disabled.Packets);
        Assert.False(From(client, "10.77.0.2", "10.77.0.1", 8080));
        Assert.True(fw.SetEnabled("allow-web", true).Enabled);
        Assert.True(From(client, "10.77.0.2", "10.77.0.1", 8080));
        // The kernel's order is the priority order.
        var order = Rules(server, "inet", LinuxNetPsTable.Name).Where(r => r.GetProperty("chain").GetString() == "input")
            .Select(r => r.GetProperty("comment").GetString()!.Split(' ')[0]).ToList();
        Assert.Equal(["linuxnetps:fw-allow-web", "linuxnetps:fw-block-cli"], order);

        // Set changes the block to a port it does not serve: everything passes.
        fw.Set(new FirewallRuleRequest { Name = "block-cli", Action = FirewallAction.Block, Protocol = "TCP", LocalPort = ["9999"] });
        fw.Remove("allow-web");
        Assert.True(From(client, "10.77.0.2", "10.77.0.1", 8080));
        fw.Remove("block-cli");
        Assert.DoesNotContain(Ruleset(server, "table"), t => t.GetProperty("name").GetString() == LinuxNetPsTable.Name);
    }

    [Fact]
    public void Rules_SurviveAForeignChange_AndNeverTouchAnotherTable()
    {
        var (lab, server, client, host) = Pair();
        using var _ = lab;
        Nft(server, "add", "table", "ip", "theirs");
        Nft(server, "add", "chain", "ip", "theirs", "in", "{ type filter hook input priority 10; policy accept; }");
        Nft(server, "add", "rule", "ip", "theirs", "in", "tcp", "dport", "1", "accept");
        var before = OthersSnapshot(server);
        host.Firewall.Add([new FirewallRuleRequest { Name = "r1", Action = FirewallAction.Block, Protocol = "UDP", LocalPort = ["53", "5353"] }]);
        Nft(server, "add", "rule", "ip", "theirs", "in", "tcp", "dport", "2", "accept"); // somebody else commits in between
        host.Firewall.Add([new FirewallRuleRequest { Name = "r2", Action = FirewallAction.Reject, Protocol = "TCP", RemotePort = ["1-1023"] }]);
        host.Firewall.SetDefault(FirewallDirection.Forward, FirewallAction.Block);
        Assert.Equal(["r1", "r2"], host.Firewall.List().Select(r => r.Rule));
        Assert.Equal(["53", "5353"], host.Firewall.Get("r1").LocalPort);
        Assert.Equal(3, Rules(server, "inet", LinuxNetPsTable.Name).Count);
        Assert.Contains(Rules(server, "ip", "theirs"), r => r.GetRawText().Contains("\"right\": 2") || r.GetRawText().Contains("\"right\":2"));
        host.Firewall.Remove("r1");
        host.Firewall.Remove("r2");
        host.Firewall.SetDefault(FirewallDirection.Forward, FirewallAction.Allow);
        Assert.DoesNotContain(Ruleset(server, "table"), t => t.GetProperty("name").GetString() == LinuxNetPsTable.Name);
        Nft(server, "delete", "rule", "ip", "theirs", "in", "handle", Rules(server, "ip", "theirs").Last().GetProperty("handle").GetInt32().ToString());
        Assert.Equal(before, OthersSnapshot(server));
    }

    [Fact]
    public void DefaultBlock_DropsWhatNoRuleAllows()
    {
        var (lab, server, client, host) = Pair();
        using var _ = lab;
        using var greeter = new Greeter(server, "0.0.0.0", 8081);
        var fw = host.Firewall;
        Assert.Equal(FirewallAction.Block, fw.SetDefault(FirewallDirection.Inbound, FirewallAction.Block).Action);
        Assert.False(From(client, "10.77.0.2", "10.77.0.1", 8081));
        fw.Add([new FirewallRuleRequest { Name = "web", Protocol = "TCP", LocalPort = ["8081"] }]);
        Assert.True(From(client, "10.77.0.2", "10.77.0.1", 8081));
        fw.Remove("web"); // the chain stays: its policy is the user's default
        Assert.False(From(client, "10.77.0.2", "10.77.0.1", 8081));
        Assert.Equal(FirewallAction.Block, fw.GetDefaults().Single(d => d.Direction == FirewallDirection.Inbound).Action);
        fw.SetDefault(FirewallDirection.Inbound, FirewallAction.Allow);
        Assert.True(From(client, "10.77.0.2", "10.77.0.1", 8081));
        Assert.DoesNotContain(Ruleset(server, "table"), t => t.GetProperty("name").GetString() == LinuxNetPsTable.Name);
    }

    [Fact]
    public void AddressSet_BlocksItsMembers_WithOneRule()
    {
        var (lab, server, client, host) = Pair();
        using var _ = lab;
        using var greeter = new Greeter(server, "0.0.0.0", 8082);
        var members = Enumerable.Range(0, 2000).Select(i => $"10.{100 + i / 250}.{i % 250}.1").Append("10.77.0.2").ToList();
        var set = host.AddressSets.New("blocked", IPFamily.IPv4, members);
        Assert.Equal(2001, set.MemberCount);
        Assert.Equal(lab.Ns("srv"), set.Namespace);
        host.Firewall.Add([new FirewallRuleRequest { Name = "blocklist", Action = FirewallAction.Block, RemoteAddressSet = "blocked" }]);
        Assert.Single(Rules(server, "inet", LinuxNetPsTable.Name));
        Assert.False(From(client, "10.77.0.2", "10.77.0.1", 8082));
        Assert.True(From(client, "10.77.0.3", "10.77.0.1", 8082));
        host.AddressSets.AddMembers("blocked", ["10.77.0.3", "10.77.0.2"]); // one new, one already there
        Assert.False(From(client, "10.77.0.3", "10.77.0.1", 8082));
        host.AddressSets.RemoveMembers("blocked", ["10.77.0.2", "10.77.0.3"]);
        Assert.True(From(client, "10.77.0.2", "10.77.0.1", 8082));
        Assert.Equal(["blocklist"], host.AddressSets.Get("blocked").UsedBy);
        var inUse = Assert.Throws<NetOperationException>(() => host.AddressSets.Remove("blocked"));
        Assert.Equal(ErrorIds.AddressSetInUse, inUse.ErrorId);
        // nft sees the members we put in.
        Assert.Contains("10.104.249.1", Nft(server, "list", "set", "inet", LinuxNetPsTable.Name, "blocked"));
        host.Firewall.Remove("blocklist");
        host.AddressSets.Remove("blocked");
        Assert.DoesNotContain(Ruleset(server, "table"), t => t.GetProperty("name").GetString() == LinuxNetPsTable.Name);
    }

    [Fact]
    public void BadInput_IsRefusedWithItsErrorId_AndNothingChanges()
    {
        var (lab, server, _, host) = Pair();
        using var __ = lab;
        host.Firewall.Add([new FirewallRuleRequest { Name = "taken", Protocol = "TCP", LocalPort = ["22"] }]);
        host.AddressSets.New("v4", IPFamily.IPv4, ["10.0.0.0/8"]);
        var before = Nft(server, "-j", "list", "ruleset");
        void Refused(string id, NetErrorKind kind, Action act)
        {
            var e = Assert.Throws<NetOperationException>(act);
            Assert.Equal(id, e.ErrorId);
            Assert.Equal(kind, e.Kind);
            Assert.Equal(before, Nft(server, "-j", "list", "ruleset"));
        }
        FirewallRuleRequest R(string name = "new") => new() { Name = name };
        Refused(ErrorIds.InvalidPort, NetErrorKind.InvalidArgument, () => host.Firewall.Add([R() with { Protocol = "TCP", LocalPort = ["2000-1000"] }]));
        Refused(ErrorIds.InvalidPort, NetErrorKind.InvalidArgument, () => host.Firewall.Add([R() with { Protocol = "TCP", RemotePort = ["70000"] }]));
        Refused(ErrorIds.InvalidFirewallRule, NetErrorKind.InvalidArgument, () => host.Firewall.Add([R() with { LocalPort = ["80"] }]));
        Refused(ErrorIds.InvalidFirewallRule, NetErrorKind.InvalidArgument, () => host.Firewall.Add([R() with { Protocol = "ICMPv4", RemoteAddress = ["fd00::1"] }]));
        Refused(ErrorIds.InvalidFirewallRule, NetErrorKind.InvalidArgument, () => host.Firewall.Add([R() with { Protocol = "TCP", IcmpType = ["echo-request"] }]));
        Refused(ErrorIds.InvalidProtocol, NetErrorKind.InvalidArgument, () => host.Firewall.Add([R() with { Protocol = "sctp" }]));
        Refused(ErrorIds.InvalidPrefix, NetErrorKind.InvalidArgument, () => host.Firewall.Add([R() with { RemoteAddress = ["10.0.0.0/33"] }]));
        Refused(ErrorIds.AddressSetNotFound, NetErrorKind.NotFound, () => host.Firewall.Add([R() with { RemoteAddressSet = "nosuch" }]));
        Refused(ErrorIds.FirewallRuleExists, NetErrorKind.AlreadyExists, () => host.Firewall.Add([R("taken") with { Protocol = "UDP" }]));
        Refused(ErrorIds.LinkNotFound, NetErrorKind.NotFound, () => host.Firewall.Add([R() with { InterfaceAlias = "nosuch0" }]));
        Refused(ErrorIds.InvalidFirewallRule, NetErrorKind.InvalidArgument, () => host.Firewall.Add([R("bad name")]));
        Refused(ErrorIds.FirewallRuleNotFound, NetErrorKind.NotFound, () => host.Firewall.Remove("nosuch"));
        Refused(ErrorIds.AddressSetExists, NetErrorKind.AlreadyExists, () => host.AddressSets.New("v4", IPFamily.IPv4));
        Refused(ErrorIds.InvalidAddressFamily, NetErrorKind.InvalidArgument, () => host.AddressSets.AddMembers("v4", ["fd00::1"]));
        Refused(ErrorIds.InvalidPrefix, NetErrorKind.InvalidArgument, () => host.AddressSets.AddMembers("v4", ["10.1.0.0/16"]));
        Refused(ErrorIds.AddressSetMemberNotFound, NetErrorKind.NotFound, () => host.AddressSets.RemoveMembers("v4", ["10.1.0.0/16"]));
        // The same rule again is no error and no change.
        Assert.False(host.Firewall.Add([R("taken") with { Protocol = "TCP", LocalPort = ["22"] }]).Single().Added);
        Assert.Equal(before, Nft(server, "-j", "list", "ruleset"));
    }
}
