using LinuxNetPS.PowerShell.Tests.Support;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// -WhatIf on every state-changing cmdlet: PowerShell shows "What if: ..." and the kernel state
/// (ip -j, nft -j, forwarding sysctls, the namespace list) is the same before and after.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class WhatIfTests(PowerShellSession ps) : IDisposable
{
    private readonly Lab _lab = new();

    /// <summary>Cmdlet name → a -WhatIf call that would change something in the lab ($ns, $other, $new) if it ran.</summary>
    private static readonly Dictionary<string, string> Cases = new()
    {
        ["New-NetNamespace"] = "New-NetNamespace -Name $new -WhatIf",
        ["Remove-NetNamespace"] = "Get-NetNamespace -Name $ns | Remove-NetNamespace -WhatIf; Remove-NetNamespace -Name $other -WhatIf",
        ["New-NetLink"] = "New-NetLink -Name b9 -Kind bridge -Namespace $ns -WhatIf",
        ["New-VethPair"] = "New-VethPair -Name q8 -PeerName q9 -PeerNamespace $other -Namespace $ns -WhatIf",
        ["New-NetBridge"] = "New-NetBridge -Name br9 -Up -Namespace $ns -WhatIf",
        ["New-NetVxlan"] = "New-NetVxlan -Name vx9 -Vni 42 -Remote 10.5.0.2 -Device v0 -Master br0 -Up -Namespace $ns -WhatIf",
        ["Set-NetLink"] = "Set-NetLink -Name v0 -Down -Mtu 1300 -Alias x -NewName v9 -Namespace $ns -WhatIf",
        ["Set-NetLinkImpairment"] = "Get-NetLink -Name v0, v1 -Namespace $ns | Set-NetLinkImpairment -Rate 1mbit -PassThru -WhatIf",
        ["Remove-NetLinkImpairment"] = "Get-NetLinkImpairment -Namespace $ns | Remove-NetLinkImpairment -WhatIf",
        ["Move-NetLink"] = "Move-NetLink -Name v1 -TargetNamespace $other -Namespace $ns -WhatIf",
        ["Remove-NetLink"] = "Get-NetLink -Namespace $ns | Where-Object Name -ne lo | Remove-NetLink -WhatIf",
        ["Add-BridgePort"] = "Add-BridgePort -Bridge br0 -Name v1 -Namespace $ns -WhatIf",
        ["Remove-BridgePort"] = "Get-BridgePort -Bridge br0 -Namespace $ns | Remove-BridgePort -WhatIf",
        ["Add-NetAddress"] = "Add-NetAddress -Address 10.6.0.1/24 -Interface v1 -Namespace $ns -WhatIf",
        ["Remove-NetAddress"] = "Get-NetAddress -Namespace $ns | Remove-NetAddress -WhatIf",
        ["Add-NetRoute"] = "Add-NetRoute -Destination 10.8.0.0/24 -Gateway 10.5.0.2 -Namespace $ns -WhatIf; Add-NetRoute -Destination 10.10.0.0/24 -Gateway 10.5.0.2, 10.5.0.3 -Weight 1, 2 -Namespace $ns -WhatIf",
        ["Set-NetRoute"] = "Set-NetRoute -Destination 10.9.0.0/24 -Gateway 10.5.0.3 -Namespace $ns -WhatIf; Set-NetRoute -Destination 10.9.0.0/24 -Gateway 10.5.0.2, 10.5.0.3 -Weight 3, 1 -Namespace $ns -WhatIf",
        ["Remove-NetRoute"] = "Get-NetRoute -Namespace $ns | Remove-NetRoute -WhatIf",
        ["Add-NetRoutingRule"] = "Add-NetRoutingRule -From 10.5.0.0/24 -Table 100 -Priority 100 -Namespace $ns -WhatIf; Add-NetRoutingRule -FirewallMark 0x10/0xff -InInterface v0 -Action Blackhole -Namespace $ns -WhatIf",
        ["Remove-NetRoutingRule"] = "Get-NetRoutingRule -Namespace $ns | Remove-NetRoutingRule -WhatIf",
        ["Enable-Masquerade"] = "Enable-Masquerade -Source 10.10.0.0/16 -Namespace $ns -WhatIf",
        ["Disable-Masquerade"] = "Disable-Masquerade -Source 10.7.0.0/16 -Namespace $ns -WhatIf",
        ["Add-PortForward"] = "Add-PortForward -Protocol tcp -Port 6000 -ToAddress 10.5.0.9 -Namespace $ns -WhatIf",
        ["Remove-PortForward"] = "Remove-PortForward -Protocol tcp -Port 5000 -ToAddress 10.5.0.10 -Namespace $ns -WhatIf",
        ["Add-SourceNat"] = "Add-SourceNat -Source 10.11.0.0/16 -ToAddress 10.5.0.1 -Namespace $ns -WhatIf",
        ["Remove-SourceNat"] = "Remove-SourceNat -Source 10.12.0.0/16 -ToAddress 10.5.0.1 -Namespace $ns -WhatIf",
        ["Remove-NatRule"] = "Get-NatRule -Namespace $ns | Remove-NatRule -WhatIf",
        ["Enable-IPForwarding"] = "Enable-IPForwarding -Family IPv4, IPv6 -Namespace $ns -WhatIf",
        ["Disable-IPForwarding"] = "Disable-IPForwarding -Family IPv4, IPv6 -Namespace $ns -WhatIf",
        ["New-ContainerNetwork"] = "New-ContainerNetwork -Name wn2 -Subnet 10.31.0.0/24 -Namespace $ns -WhatIf",
        ["Remove-ContainerNetwork"] = "Get-ContainerNetwork -Network wn -Namespace $ns | Remove-ContainerNetwork -Force -WhatIf",
        ["Connect-ContainerNetwork"] = "Connect-ContainerNetwork -Network bridge -Namespace $other -NetworkNamespace $ns -Publish 8080:80 -WhatIf",
        ["Disconnect-ContainerNetwork"] = "Get-ContainerEndpoint -NetworkNamespace $ns | Disconnect-ContainerNetwork -WhatIf",
        ["New-NetNamespaceSession"] = "New-NetNamespaceSession $ns -WhatIf",
        ["New-NetLab"] = "New-NetLab -Definition @{ Nodes = @{ n1 = @{}; n2 = @{} }; Links = @(@{ Endpoints = 'n1:eth0', 'n2:eth0'; Pool = '10.40.0.0/30' }) } -Name ($new + 'l') -Prefix ($new + '-') -WhatIf",
        ["Remove-NetLab"] = "Get-NetLab -Name ($ns + 'l') | Remove-NetLab -WhatIf",
        ["Set-NetLabLink"] = "(Get-NetLab -Name ($ns + 'l')).Links | Set-NetLabLink -State Down -Rate 1mbit -PassThru -WhatIf; Set-NetLabLink ($ns + 'l') 'n1--n2' -Flap 2 -Interval 0.1 -WhatIf; Set-NetLabLink ($ns + 'l') 'n2:eth0' -NoImpairment -WhatIf",
        ["New-NetNeighbor"] = "New-NetNeighbor -Address 10.5.0.8, fd00:5::8 -Interface v0 -LinkLayerAddress 02:00:00:00:00:08 -Namespace $ns -WhatIf",
        ["Set-NetNeighbor"] = "Get-NetNeighbor -Address 10.5.0.7 -Namespace $ns | Set-NetNeighbor -State Reachable -LinkLayerAddress 02:00:00:00:00:09 -PassThru -WhatIf",
        ["Remove-NetNeighbor"] = "Get-NetNeighbor -Address 10.5.0.7 -Namespace $ns | Remove-NetNeighbor -WhatIf; Remove-NetNeighbor -Interface v0 -State Permanent -Namespace $ns -WhatIf",
        ["Add-BridgeFdb"] = "Add-BridgeFdb -MacAddress 02:00:00:00:00:0a -Interface p0 -PassThru -Namespace $ns -WhatIf",
        ["Remove-BridgeFdb"] = "Get-BridgeFdb -MacAddress 02:00:00:00:00:0b -Namespace $ns | Remove-BridgeFdb -WhatIf",
        ["Add-BridgeVlan"] = "Add-BridgeVlan -Vlan 10-20 -Interface p0 -PassThru -Namespace $ns -WhatIf",
        ["Remove-BridgeVlan"] = "Remove-BridgeVlan -Vlan 1 -Interface p0 -Namespace $ns -WhatIf",
        ["Start-NetNamespaceProcess"] = "Start-NetNamespaceProcess $ns ip -ArgumentList 'link', 'add', 'w9', 'type', 'bridge' -WhatIf",
        // Windows' shapes (issue 25)
        ["New-NetIPAddress"] = "New-NetIPAddress -InterfaceAlias v1 -IPAddress 10.5.0.9 -PrefixLength 24 -DefaultGateway 10.5.0.1 -Namespace $ns -WhatIf",
        ["Set-NetIPAddress"] = "Set-NetIPAddress -IPAddress 10.5.0.1 -PrefixLength 16 -Namespace $ns -WhatIf",
        ["Remove-NetIPAddress"] = "Get-NetIPAddress -IPAddress 10.5.0.1 -Namespace $ns | Remove-NetIPAddress -WhatIf",
        ["New-NetRoute"] = "New-NetRoute -DestinationPrefix 10.10.0.0/24 -InterfaceAlias v0 -NextHop 10.5.0.2 -RouteMetric 5 -Namespace $ns -WhatIf",
        ["Enable-NetAdapter"] = "Enable-NetAdapter -Name p0 -Namespace $ns -WhatIf",
        ["Disable-NetAdapter"] = "Get-NetAdapter -Name * -Namespace $ns | Disable-NetAdapter -WhatIf",
        ["Rename-NetAdapter"] = "Rename-NetAdapter -Name 'q*' -NewName q9 -Namespace $ns -WhatIf",
        ["New-NetFirewallRule"] = "New-NetFirewallRule -Name w2 -Protocol TCP -LocalPort 80 -Namespace $ns -WhatIf",
        ["Set-NetFirewallRule"] = "Get-NetFirewallRule -Namespace $ns | Set-NetFirewallRule -Action Block -WhatIf",
        ["Remove-NetFirewallRule"] = "Get-NetFirewallRule -Namespace $ns | Remove-NetFirewallRule -WhatIf",
        ["Enable-NetFirewallRule"] = "Enable-NetFirewallRule wr -Namespace $ns -WhatIf",
        ["Disable-NetFirewallRule"] = "Get-NetFirewallRule -Namespace $ns | Disable-NetFirewallRule -WhatIf",
        ["Set-NetFirewallDefault"] = "Set-NetFirewallDefault Inbound Block -Namespace $ns -WhatIf",
        ["New-NetFirewallAddressSet"] = "New-NetFirewallAddressSet ws2 -Member 10.0.0.2 -Namespace $ns -WhatIf",
        ["Remove-NetFirewallAddressSet"] = "Get-NetFirewallAddressSet -Namespace $ns | Remove-NetFirewallAddressSet -WhatIf",
        ["Add-NetFirewallAddressSetMember"] = "'10.0.0.3', '10.0.0.4' | Add-NetFirewallAddressSetMember ws -Namespace $ns -WhatIf",
        ["Remove-NetFirewallAddressSetMember"] = "Remove-NetFirewallAddressSetMember ws 10.0.0.1 -Namespace $ns -WhatIf",
        ["Set-NetIPInterface"] = "Set-NetIPInterface -InterfaceAlias v0 -AddressFamily IPv4 -Forwarding Enabled -NlMtuBytes 1400 -Namespace $ns -WhatIf; Get-NetIPInterface -InterfaceAlias v1 -Namespace $ns | Set-NetIPInterface -ConnectionState Disconnected -WhatIf",
        ["New-NetNat"] = "New-NetNat -Name wnat2 -InternalIPInterfaceAddressPrefix 10.46.0.0/24 -Namespace $ns -WhatIf",
        ["Remove-NetNat"] = "Get-NetNat -Namespace $ns | Remove-NetNat -WhatIf",
        ["Add-NetNatStaticMapping"] = "Add-NetNatStaticMapping -NatName wnat -Protocol TCP -ExternalIPAddress 0.0.0.0 -ExternalPort 7001 -InternalIPAddress 10.45.0.3 -InternalPort 71 -Namespace $ns -WhatIf",
        ["Remove-NetNatStaticMapping"] = "Get-NetNatStaticMapping -Namespace $ns | Remove-NetNatStaticMapping -WhatIf",
        // Connection tracking: the entries of a ping the test sends inside $ns (State counts them).
        ["Remove-NetConnectionTracking"] = "Get-NetConnectionTracking -Namespace $ns | Remove-NetConnectionTracking -WhatIf; Remove-NetConnectionTracking -Protocol icmp -Namespace $ns -WhatIf",
        ["Clear-NetConnectionTracking"] = "Clear-NetConnectionTracking -Namespace $ns -WhatIf",
    };

    public static TheoryData<string> CmdletNames() => new(Cases.Keys);

    [Fact]
    public void Every_cmdlet_with_WhatIf_has_a_case()
    {
        var withWhatIf = ps.Run("(Get-Command -Module LinuxNetPS | Where-Object { $_.Parameters.ContainsKey('WhatIf') }).Name")
            .AssertClean().Output.Select(o => (string)o.BaseObject).Order().ToList();
        Assert.Equal(Cases.Keys.Order(), withWhatIf);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void WhatIf_changes_nothing(string cmdlet)
    {
        string ns = _lab.Create("a"), other = _lab.Create("b"), created = _lab.Ns("new"), spare = _lab.Create("c");
        // No IPv6 duplicate address detection in this namespace: a link-local address leaving "tentative"
        // a second after the links come up would read as a change the -WhatIf made.
        Ip.Exec("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0", "net.ipv6.conf.all.accept_dad=0");
        Ip.Run($"-n {ns} link add br0 type bridge");
        Ip.Run($"-n {ns} link add p0 master br0 type veth peer name q0");
        Ip.Run($"-n {ns} link add v0 up type veth peer name v1");
        Ip.Run($"-n {ns} link set v1 up");
        Ip.Run($"-n {ns} addr add 10.5.0.1/24 dev v0");
        Ip.Run($"-n {ns} route add 10.9.0.0/24 via 10.5.0.2");
        Ip.Run($"-n {ns} neigh add 10.5.0.7 lladdr 02:00:00:00:00:07 dev v0");
        Ip.Exec("bridge", "-n", ns, "fdb", "add", "02:00:00:00:00:0b", "dev", "p0", "master", "static");
        ps.Run("""
            $ns = $args[0]
            Enable-Masquerade -Source 10.7.0.0/16 -Namespace $ns
            Add-PortForward -Protocol tcp -Port 5000 -ToAddress 10.5.0.10 -Namespace $ns | Out-Null
            Add-SourceNat -Source 10.12.0.0/16 -ToAddress 10.5.0.1 -Namespace $ns | Out-Null
            Enable-IPForwarding -Family IPv4 -Namespace $ns
            Set-NetLinkImpairment -Interface v1 -Rate 2mbit -Namespace $ns
            $wn = New-ContainerNetwork -Name wn -Driver macvlan -Parent v1 -Subnet 10.30.0.0/24 -Namespace $ns
            Connect-ContainerNetwork -Network $wn -Namespace $args[1] | Out-Null
            New-NetFirewallRule -Name wr -Protocol TCP -LocalPort 22 -Namespace $ns | Out-Null
            New-NetFirewallAddressSet ws -Member 10.0.0.1 -Namespace $ns | Out-Null
            """, ns, spare).AssertClean();
        // A NAT with a static mapping, for the NetNat cmdlets that change one.
        if (cmdlet is "Remove-NetNat" or "Add-NetNatStaticMapping" or "Remove-NetNatStaticMapping")
            ps.Run("New-NetNat -Name wnat -InternalIPInterfaceAddressPrefix 10.45.0.0/24 -Namespace $args[0] -WarningAction Ignore | Out-Null; " +
                "Add-NetNatStaticMapping -NatName wnat -Protocol TCP -ExternalIPAddress 0.0.0.0 -ExternalPort 7000 -InternalIPAddress 10.45.0.2 -InternalPort 70 -Namespace $args[0] -WarningAction Ignore | Out-Null", ns).AssertClean();
        // Tracked connections: a ping to the namespace's own address, tracked because $ns has NAT rules.
        bool withConntrack = cmdlet.EndsWith("-NetConnectionTracking", StringComparison.Ordinal);
        if (withConntrack)
        {
            Ip.Exec("ip", "netns", "exec", ns, "ping", "-c", "1", "-W", "2", "10.5.0.1");
            Assert.NotEqual("0", Conntrack(ns));
        }
        // A lab to not remove: its namespaces carry this test's prefix, so State sees them; its record is removed after.
        bool withLab = cmdlet is "Remove-NetLab" or "Set-NetLabLink";
        if (withLab)
            ps.Run("New-NetLab -Definition @{ Nodes = @{ n1 = @{}; n2 = @{} }; Links = @(@{ Endpoints = 'n1:eth0', 'n2:eth0'; Pool = '10.41.0.0/30'; Rate = '5mbit' }) } -Name ($args[0] + 'l') -Prefix ($args[0] + '-lab-') | Out-Null", ns).AssertClean();
        // The lab's own nodes too, for the cmdlets that would change them (links, qdiscs).
        string LabState() => withLab
            ? Oracle.Snapshot(ns + "-lab-n1") + Oracle.Snapshot(ns + "-lab-n2")
              + Ip.Exec("tc", "-n", ns + "-lab-n1", "-j", "qdisc", "show").Out + Ip.Exec("tc", "-n", ns + "-lab-n2", "-j", "qdisc", "show").Out
            : "";
        try
        {
            string Tracked() => withConntrack ? "\nconntrack " + Conntrack(ns) : "";
            var before = State(ns, other) + LabState() + Tracked();

            var result = ps.Run($"$ns, $other, $new = $args; {Cases[cmdlet]}", ns, other, created).AssertClean();

            Assert.Contains("What if:", result.HostText);
            Assert.Empty(result.Output);
            Assert.Equal(before, State(ns, other) + LabState() + Tracked());
        }
        finally
        {
            if (withLab) ps.Run("Remove-NetLab -Lab ($args[0] + 'l')", ns);
        }
    }

    private string State(string ns, string other)
    {
        var (_, forwarding, _) = Ip.Exec("ip", "netns", "exec", ns, "cat", "/proc/sys/net/ipv4/ip_forward", "/proc/sys/net/ipv6/conf/all/forwarding");
        return string.Join(",", _lab.Existing()) + "\n" + forwarding + Oracle.Snapshot(ns) + Oracle.Snapshot(other) + Tables(ns);
    }

    /// <summary>How many connections the namespace's conntrack table holds (conntrack -C).</summary>
    private static string Conntrack(string ns) => Ip.Exec("ip", "netns", "exec", ns, "conntrack", "-C").Out.Trim();

    /// <summary>The configured neighbour and FDB entries (not the ones traffic and IPv6 make and age by themselves), and the port VLANs.</summary>
    private static string Tables(string ns)
    {
        var neigh = Ip.Json(ns, "neigh show nud permanent").EnumerateArray().Select(n => n.GetRawText());
        var fdb = Ip.Exec("bridge", "-n", ns, "-j", "fdb", "show").Out;
        var configured = System.Text.Json.JsonDocument.Parse(string.IsNullOrWhiteSpace(fdb) ? "[]" : fdb).RootElement.EnumerateArray()
            .Where(e => e.TryGetProperty("state", out var st) && st.GetString() == "static").Select(e => e.GetRawText());
        return string.Join("\n", neigh.Concat(configured).Append(Ip.Exec("bridge", "-n", ns, "-j", "vlan", "show").Out));
    }

    public void Dispose() => _lab.Dispose();
}
