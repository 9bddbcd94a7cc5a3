using LinuxNetPS.Client;
using LinuxNetPS.Compose.Networks;
using LinuxNetPS.Model;
using LinuxNetPS.Nftables;
using LinuxNetPS.Tests.Support;
using static LinuxNetPS.Tests.NatTestKit;

namespace LinuxNetPS.Tests;

/// <summary>
/// Docker's DOCKER-USER contract with our firewall: the user's Forward rules run before the networks' isolation rules,
/// so a user rule opens what isolation closes and closes what publishing opens, whatever the order things were made in.
/// "host" holds the networks, "out" plays the outside world (host 10.201.0.1, outside 10.201.0.2).
/// </summary>
public class FirewallContainerNetworkTests
{
    [Fact]
    public void UserRules_RunBeforeIsolation_AndCanCloseAPublishedPort()
    {
        using var lab = new Lab();
        var host = lab.Create("host");
        var outside = lab.Create("out");
        Veth(host, "ho", outside, "oh");
        Ip_(host, "addr add 10.201.0.1/24 dev ho");
        Ip_(outside, "addr add 10.201.0.2/24 dev oh");
        Ip_(host, "link set lo up");
        var nets = ContainerNetworks.For(host);
        var fw = NetClient.For(host).Firewall;

        // User rules made before the networks: isolation is appended after them. Answers must pass too (isolation drops
        // bar -> foo), as Docker users write `ct state established,related accept` into DOCKER-USER.
        fw.Add([new FirewallRuleRequest { Name = "replies", Direction = FirewallDirection.Forward, ConnectionState = ["Established", "Related"], Priority = 1 }]);
        fw.Add([new FirewallRuleRequest { Name = "foo-to-bar-web", Direction = FirewallDirection.Forward, Protocol = "TCP", LocalAddress = ["172.29.0.0/16"], LocalPort = ["80"], Priority = 10 }]);
        nets.Create(new NetworkSpec { Name = "foo", Subnet = "172.28.0.0/16", BridgeName = "brfoo" });
        nets.Create(new NetworkSpec { Name = "bar", Subnet = "172.29.0.0/16", BridgeName = "brbar" });
        var a = nets.Connect(new ConnectSpec { Network = "foo", Namespace = lab.Create("a") });
        var b = nets.Connect(new ConnectSpec { Network = "bar", Namespace = lab.Create("b"), Publish = ["8080:80"] });
        var bIp = b.IPAddress!.ToString();

        // Isolation closes foo -> bar, except what the user's Allow opens (TCP 80 into bar).
        Assert.False(Ip.Ping(lab.Ns("a"), bIp, waitSeconds: 1));
        using (new TcpServer(lab.Ns("b"), bIp, 80)) Assert.True(TcpConnect(lab.Ns("a"), bIp, 80));

        // The published port works from outside, until a user rule (made after publishing) blocks it.
        using (new TcpServer(lab.Ns("b"), bIp, 80)) Assert.True(TcpConnect(outside, "10.201.0.1", 8080));
        fw.Add([new FirewallRuleRequest { Name = "close-web", Direction = FirewallDirection.Forward, Action = FirewallAction.Block, Protocol = "TCP",
            RemoteAddress = ["10.201.0.0/24"], LocalPort = ["80"], Priority = 5 }]);
        using (new TcpServer(lab.Ns("b"), bIp, 80, seconds: 3)) Assert.False(TcpConnect(outside, "10.201.0.1", 8080, seconds: 1.5));
        Assert.True(fw.Get("close-web").Packets > 0);

        // In the kernel's forward chain every firewall rule comes before every isolation rule.
        var comments = Rules(host, "inet", LinuxNetPsTable.Name).Where(r => r.GetProperty("chain").GetString() == "forward")
            .Select(r => r.GetProperty("comment").GetString()!).ToList();
        Assert.Equal(["linuxnetps:fw-replies F1", "linuxnetps:fw-close-web F5", "linuxnetps:fw-foo-to-bar-web F10"], comments.Take(3));
        Assert.All(comments.Skip(3), c => Assert.StartsWith("linuxnetps:iso-", c));

        // Removing a network re-syncs isolation without touching the user's rules.
        fw.Remove("close-web");
        using (new TcpServer(lab.Ns("b"), bIp, 80)) Assert.True(TcpConnect(outside, "10.201.0.1", 8080));
        nets.Disconnect("foo", lab.Ns("a"));
        nets.Remove("foo");
        Assert.Equal(["replies", "foo-to-bar-web"], fw.List().Select(r => r.Rule));
    }
}
