using System.Reflection;
using System.Text.RegularExpressions;
using LinuxNetPS.PowerShell.Tests.Support;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>Names the documented pipeline a test executes.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PipelineAttribute(string pipeline) : Attribute
{
    public string Pipeline { get; } = pipeline;
}

/// <summary>
/// Every pipeline in about_LinuxNetPS "SUPPORTED PIPELINES", executed: the objects of the first
/// command bind the second by property name (nothing else names the target), and ip -j / nft -j
/// show that exactly the piped objects were acted on, in their own namespace.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed partial class PipelineTests(PowerShellSession ps) : IDisposable
{
    private readonly Lab _lab = new();

    [Fact]
    public void Every_documented_pipeline_has_a_test_here()
    {
        var about = File.ReadAllText(Repo.Path("docs", "help", "about_LinuxNetPS.md"));
        var section = about[about.IndexOf("## SUPPORTED PIPELINES", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 5, StringComparison.Ordinal)];
        var documented = Regex.Matches(section, @"^\s+([A-Z]\w+-\w+ \| [A-Z]\w+-\w+)\s*$", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).Order().ToList();
        var tested = typeof(PipelineTests).GetMethods().Select(m => m.GetCustomAttribute<PipelineAttribute>()?.Pipeline)
            .OfType<string>().Order().ToList();
        Assert.True(documented.Count >= 20, $"found only {documented.Count} pipelines in about_LinuxNetPS.md");
        Assert.Equal(documented, tested);
    }

    [Fact, Pipeline("New-NetNamespace | New-VethPair")]
    public void New_namespaces_pipe_into_New_VethPair_creating_a_pair_in_each()
    {
        string a = _lab.Ns("a"), b = _lab.Ns("b");
        var pairs = ps.Run("New-NetNamespace -Name $args[0], $args[1] | New-VethPair -Name v0 -PeerName v1", a, b).AssertClean().Output;
        Assert.Equal(2, pairs.Count);
        foreach (var ns in new[] { a, b })
        {
            Assert.True(Oracle.HasLink(ns, "v0"));
            Assert.True(Oracle.HasLink(ns, "v1"));
        }
        Assert.Equal([a, b], pairs.Select(p => (string)p.Properties["Namespace"].Value));
    }

    [Fact, Pipeline("New-NetNamespace | New-NetBridge")]
    public void New_namespace_pipes_into_New_NetBridge()
    {
        string a = _lab.Ns("a");
        ps.Run("New-NetNamespace -Name $args[0] | New-NetBridge -Name br0 -Up", a).AssertClean();
        Assert.Equal("bridge", Oracle.Link(a, "br0").GetProperty("linkinfo").GetProperty("info_kind").GetString());
        Assert.True(Oracle.IsUp(a, "br0"));
    }

    [Fact, Pipeline("New-NetNamespace | New-NetLink")]
    public void New_namespace_pipes_into_New_NetLink()
    {
        string a = _lab.Ns("a");
        var link = ps.Run("New-NetNamespace -Name $args[0] | New-NetLink -Name mybr -Kind bridge -Mtu 1400", a).AssertClean().Output.Single();
        Assert.Equal(a, link.Properties["Namespace"].Value);
        Assert.Equal(1400, Oracle.Mtu(a, "mybr"));
    }

    [Fact, Pipeline("Get-NetNamespace | Get-NetLink")]
    public void Get_NetNamespace_pipes_into_Get_NetLink()
    {
        string a = _lab.Create("a"), b = _lab.Create("b");
        Ip.Run($"-n {a} link add xa type bridge");
        Ip.Run($"-n {b} link add xb type bridge");
        var links = ps.Run("Get-NetNamespace -Name $args[0] | Get-NetLink", _lab.Prefix + "-*").AssertClean().Output;
        var seen = links.Select(l => $"{l.Properties["Namespace"].Value}/{l.Properties["Name"].Value}").Order().ToList();
        var expected = Ip.Links(a).Keys.Select(k => $"{a}/{k}").Concat(Ip.Links(b).Keys.Select(k => $"{b}/{k}")).Order().ToList();
        Assert.Equal(expected, seen);
    }

    [Fact, Pipeline("Get-NetNamespace | Remove-NetNamespace")]
    public void Get_NetNamespace_pipes_into_Remove_NetNamespace_removing_exactly_the_matches()
    {
        _lab.Create("x1"); _lab.Create("x2"); var keep = _lab.Create("keep");
        ps.Run("Get-NetNamespace -Name $args[0] | Remove-NetNamespace -Force", _lab.Prefix + "-x*").AssertClean();
        Assert.Equal([keep], _lab.Existing());
        Assert.False(Ip.NetnsListed(_lab.Ns("x1")));
    }

    [Fact, Pipeline("Get-NetNamespace | Invoke-NetNamespace")]
    public void Get_NetNamespace_pipes_into_Invoke_NetNamespace()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add inside0 type bridge");
        var names = ps.Run("Get-NetNamespace -Name $args[0] | Invoke-NetNamespace -InProcess { [System.Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces().Name }", a)
            .AssertClean().Output.Select(o => (string)o.BaseObject).Order().ToList();
        Assert.Equal(["inside0", "lo"], names);
    }

    [Fact, Pipeline("New-VethPair | Add-BridgePort")]
    public void New_VethPair_pipes_into_Add_BridgePort()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add br0 type bridge");
        ps.Run("New-VethPair -Name v0 -PeerName v1 -Namespace $args[0] | Add-BridgePort -Bridge br0", a).AssertClean();
        Assert.Equal("br0", Oracle.Master(a, "v0"));
        Assert.Null(Oracle.Master(a, "v1"));
    }

    [Fact, Pipeline("New-VethPair | Set-NetLink")]
    public void New_VethPair_pipes_into_Set_NetLink()
    {
        var a = _lab.Create("a");
        ps.Run("New-VethPair -Name v0 -PeerName v1 -Namespace $args[0] | Set-NetLink -Mtu 1400", a).AssertClean();
        Assert.Equal(1400, Oracle.Mtu(a, "v0"));
        Assert.Equal(1500, Oracle.Mtu(a, "v1"));
    }

    [Fact, Pipeline("New-VethPair | Add-NetAddress")]
    public void New_VethPair_pipes_into_Add_NetAddress()
    {
        string a = _lab.Create("a"), b = _lab.Create("b");
        ps.Run("New-VethPair -Name v0 -PeerName v1 -Namespace $args[0] -PeerNamespace $args[1] | Add-NetAddress -Address 10.1.0.1/24", a, b).AssertClean();
        Assert.Equal(["10.1.0.1/24"], Oracle.Addresses(a, "v0"));
        Assert.Empty(Oracle.Addresses(b, "v1"));
    }

    [Fact, Pipeline("New-NetBridge | Set-NetLink")]
    public void New_NetBridge_pipes_into_Set_NetLink()
    {
        var a = _lab.Create("a");
        ps.Run("New-NetBridge -Name br0 -Namespace $args[0] | Set-NetLink -Up -Alias lan", a).AssertClean();
        Assert.True(Oracle.IsUp(a, "br0"));
        Assert.Equal("lan", Oracle.Link(a, "br0").GetProperty("ifalias").GetString());
    }

    [Fact, Pipeline("New-NetBridge | Add-NetAddress")]
    public void New_NetBridge_pipes_into_Add_NetAddress()
    {
        var a = _lab.Create("a");
        ps.Run("New-NetBridge -Name br0 -Up -Namespace $args[0] | Add-NetAddress -Address 10.10.1.1/16", a).AssertClean();
        Assert.Equal(["10.10.1.1/16"], Oracle.Addresses(a, "br0").Where(x => !x.StartsWith("fe80")));
    }

    [Fact, Pipeline("New-NetLink | Set-NetLink")]
    public void New_NetLink_pipes_into_Set_NetLink()
    {
        var a = _lab.Create("a");
        ps.Run("New-NetLink -Name b1 -Kind bridge -Namespace $args[0] | Set-NetLink -Mtu 1300 -Up", a).AssertClean();
        Assert.Equal(1300, Oracle.Mtu(a, "b1"));
        Assert.True(Oracle.IsUp(a, "b1"));
    }

    [Fact, Pipeline("Get-NetLink | Set-NetLink")]
    public void Get_NetLink_pipes_into_Set_NetLink_changing_only_the_matches()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add va0 type veth peer name other0");
        Ip.Run($"-n {a} link add va1 type veth peer name other1");
        ps.Run("Get-NetLink -Name 'va*' -Namespace $args[0] | Set-NetLink -Mtu 1280", a).AssertClean();
        Assert.Equal(1280, Oracle.Mtu(a, "va0"));
        Assert.Equal(1280, Oracle.Mtu(a, "va1"));
        Assert.Equal(1500, Oracle.Mtu(a, "other0"));
    }

    [Fact, Pipeline("Get-NetLink | Remove-NetLink")]
    public void Get_NetLink_pipes_into_Remove_NetLink()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add b1 type bridge");
        Ip.Run($"-n {a} link add b2 type bridge");
        Ip.Run($"-n {a} link add v0 type veth peer name v1");
        ps.Run("Get-NetLink -Kind bridge -Namespace $args[0] | Remove-NetLink", a).AssertClean();
        Assert.Equal(["lo", "v0", "v1"], Ip.Links(a).Keys.Order());
    }

    [Fact]
    public void Get_NetLink_into_Remove_NetLink_removes_veth_pairs_without_complaining_about_the_second_end()
    {
        string a = _lab.Create("a"), b = _lab.Create("b");
        Ip.Run($"-n {a} link add v0 type veth peer name v1");
        Ip.Run($"-n {a} link add x0 type veth peer name x1 netns {b}");
        Ip.Run($"-n {a} link add keep0 type bridge");
        var result = ps.Run("Get-NetLink -Kind veth -Namespace $args[0] | Remove-NetLink -Verbose", a).AssertClean();
        Assert.Equal(["keep0", "lo"], Ip.Links(a).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["lo"], Ip.Links(b).Keys);
        // A name that is simply not there is still an error.
        var missing = ps.Run("Remove-NetLink -Name v1 -Namespace $args[0]", a);
        Assert.Equal("LinkNotFound,LinuxNetPS.Commands.RemoveNetLinkCommand", Assert.Single(missing.Errors).FullyQualifiedErrorId);
    }

    [Fact, Pipeline("Get-NetLink | Move-NetLink")]
    public void Get_NetLink_pipes_into_Move_NetLink()
    {
        string a = _lab.Create("a"), b = _lab.Create("b");
        Ip.Run($"-n {a} link add v0 type veth peer name v1");
        ps.Run("Get-NetLink -Name v0 -Namespace $args[0] | Move-NetLink -TargetNamespace $args[1]", a, b).AssertClean();
        Assert.False(Oracle.HasLink(a, "v0"));
        Assert.True(Oracle.HasLink(b, "v0"));
        Assert.True(Oracle.HasLink(a, "v1"));
    }

    [Fact, Pipeline("Get-NetLink | Add-NetAddress")]
    public void Get_NetLink_pipes_into_Add_NetAddress()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add v0 type veth peer name v1");
        ps.Run("Get-NetLink -Name v0 -Namespace $args[0] | Add-NetAddress -Address 10.2.0.1/24, fd00:2::1/64 -NoDad", a).AssertClean();
        Assert.Equal(["10.2.0.1/24", "fd00:2::1/64"], Oracle.Addresses(a, "v0"));
        Assert.Empty(Oracle.Addresses(a, "v1"));
    }

    [Fact, Pipeline("Get-NetLink | Get-NetAddress")]
    public void Get_NetLink_pipes_into_Get_NetAddress()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add v0 type veth peer name v1");
        Ip.Run($"-n {a} addr add 10.3.0.1/24 dev v0");
        Ip.Run($"-n {a} addr add 10.3.0.2/24 dev v1");
        var addresses = ps.Run("Get-NetLink -Name v0 -Namespace $args[0] | Get-NetAddress", a).AssertClean().Output;
        Assert.Equal(["10.3.0.1/24"], addresses.Select(o => (string)o.Properties["Cidr"].Value));
        Assert.Equal(a, addresses.Single().Properties["Namespace"].Value);
    }

    [Fact, Pipeline("Get-NetLink | Add-BridgePort")]
    public void Get_NetLink_pipes_into_Add_BridgePort()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add br0 type bridge");
        Ip.Run($"-n {a} link add p0 type veth peer name q0");
        Ip.Run($"-n {a} link add p1 type veth peer name q1");
        ps.Run("Get-NetLink -Name 'p*' -Namespace $args[0] | Add-BridgePort -Bridge br0", a).AssertClean();
        Assert.Equal("br0", Oracle.Master(a, "p0"));
        Assert.Equal("br0", Oracle.Master(a, "p1"));
        Assert.Null(Oracle.Master(a, "q0"));
    }

    [Fact, Pipeline("Get-BridgePort | Remove-BridgePort")]
    public void Get_BridgePort_pipes_into_Remove_BridgePort()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add br0 type bridge");
        Ip.Run($"-n {a} link add br1 type bridge");
        Ip.Run($"-n {a} link add p0 master br0 type veth peer name q0");
        Ip.Run($"-n {a} link add p1 master br1 type veth peer name q1");
        ps.Run("Get-BridgePort -Bridge br0 -Namespace $args[0] | Remove-BridgePort", a).AssertClean();
        Assert.Null(Oracle.Master(a, "p0"));
        Assert.Equal("br1", Oracle.Master(a, "p1"));
    }

    [Fact, Pipeline("Get-BridgePort | Set-NetLink")]
    public void Get_BridgePort_pipes_into_Set_NetLink()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add br0 type bridge");
        Ip.Run($"-n {a} link add p0 master br0 type veth peer name q0");
        ps.Run("Get-BridgePort -Bridge br0 -Namespace $args[0] | Set-NetLink -Mtu 1280", a).AssertClean();
        Assert.Equal(1280, Oracle.Mtu(a, "p0"));
        Assert.Equal(1500, Oracle.Mtu(a, "q0"));
    }

    [Fact, Pipeline("Get-NetAddress | Remove-NetAddress")]
    public void Get_NetAddress_pipes_into_Remove_NetAddress_removing_exactly_those()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add v0 type veth peer name v1");
        Ip.Run($"-n {a} addr add 10.4.0.1/24 dev v0");
        Ip.Run($"-n {a} addr add 10.5.0.1/16 dev v0");
        Ip.Run($"-n {a} addr add fd00:4::1/64 dev v0 nodad");
        Ip.Run($"-n {a} addr add 10.4.0.2/24 dev v1");
        ps.Run("Get-NetAddress -Interface v0 -Namespace $args[0] | Remove-NetAddress", a).AssertClean();
        Assert.Empty(Oracle.Addresses(a, "v0"));
        Assert.Equal(["10.4.0.2/24"], Oracle.Addresses(a, "v1"));
        Assert.Equal(["127.0.0.1/8", "::1/128"], Oracle.Addresses(a, "lo"));
    }

    [Fact, Pipeline("Get-NetRoute | Remove-NetRoute")]
    public void Get_NetRoute_pipes_into_Remove_NetRoute()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add v0 up type veth peer name v1");
        Ip.Run($"-n {a} link set v1 up");
        Ip.Run($"-n {a} addr add 10.6.0.1/24 dev v0");
        Ip.Run($"-n {a} route add 10.9.0.0/24 via 10.6.0.2");
        Ip.Run($"-n {a} route add 10.8.0.0/24 via 10.6.0.2");
        ps.Run("Get-NetRoute -Destination 10.9.0.0/24 -Namespace $args[0] | Remove-NetRoute", a).AssertClean();
        Assert.Equal(["10.6.0.0/24", "10.8.0.0/24"], Oracle.Routes(a));
    }

    [Fact, Pipeline("Get-NetRoutingRule | Remove-NetRoutingRule")]
    public void Get_NetRoutingRule_pipes_into_Remove_NetRoutingRule_removing_exactly_those()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add v0 type veth peer name v1");
        Ip.Run($"-n {a} rule add from 10.9.1.0/24 table 100 priority 100");
        Ip.Run($"-n {a} rule add iif v0 fwmark 0x10/0xff table 100 priority 200");
        Ip.Run($"-n {a} rule add to 10.9.3.0/24 blackhole priority 300");
        Ip.Run($"-n {a} -6 rule add from fd00:9::/64 table 100 priority 100");
        ps.Run("Get-NetRoutingRule -Table 100 -Namespace $args[0] | Remove-NetRoutingRule", a).AssertClean();
        Assert.Equal(["0", "300", "32766", "32767"], Ip.Json(a, "rule show").EnumerateArray().Select(r => r.GetProperty("priority").GetRawText()));
        Assert.Equal(["0", "32766"], Ip.Json(a, "-6 rule show").EnumerateArray().Select(r => r.GetProperty("priority").GetRawText()));
        ps.Run("Get-NetRoutingRule -Priority 300 -Namespace $args[0] | Remove-NetRoutingRule", a).AssertClean();
        Assert.DoesNotContain(Ip.Json(a, "rule show").EnumerateArray(), r => r.GetProperty("priority").GetRawText() == "300");
    }

    [Fact]
    public void A_multipath_route_made_with_Add_NetRoute_lists_its_paths_and_pipes_into_Remove_NetRoute()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add v0 up type veth peer name v1");
        Ip.Run($"-n {a} link set v1 up");
        Ip.Run($"-n {a} addr add 10.6.0.1/24 dev v0");
        Ip.Run($"-n {a} addr add 10.7.0.1/24 dev v1");
        var made = ps.Run("""
            Add-NetRoute 10.50.0.0/16 -Gateway 10.6.0.2, 10.7.0.2 -Weight 1, 2 -Namespace $args[0] -PassThru |
                ForEach-Object NextHops | ForEach-Object { "$($_.Gateway) $($_.Interface) $($_.Weight)" }
            """, a).AssertClean();
        Assert.Equal(["10.6.0.2 v0 1", "10.7.0.2 v1 2"], made.Output.Select(o => o.ToString()));
        var ip = Assert.Single(Ip.Json(a, "route show").EnumerateArray(), r => r.GetProperty("dst").GetString() == "10.50.0.0/16");
        Assert.Equal(["10.6.0.2 v0 1", "10.7.0.2 v1 2"], ip.GetProperty("nexthops").EnumerateArray()
            .Select(h => $"{h.GetProperty("gateway").GetString()} {h.GetProperty("dev").GetString()} {h.GetProperty("weight").GetInt32()}"));
        ps.Run("Get-NetRoute -Interface v1 -Namespace $args[0] | Where-Object IsMultipath | Remove-NetRoute", a).AssertClean();
        Assert.Equal(["10.6.0.0/24", "10.7.0.0/24"], Oracle.Routes(a));
    }

    [Fact, Pipeline("Get-NatRule | Remove-NatRule")]
    public void Get_NatRule_pipes_into_Remove_NatRule()
    {
        var a = _lab.Create("a");
        ps.Run("""
            Enable-Masquerade -Source 10.7.0.0/16 -Namespace $args[0]
            Add-PortForward -Protocol tcp -Port 5000 -ToAddress 10.7.0.10 -Namespace $args[0] | Out-Null
            Add-PortForward -Protocol udp -Port 53 -ToAddress 10.7.0.11 -Namespace $args[0] | Out-Null
            """, a).AssertClean();
        var before = Oracle.NatRules(a);
        Assert.True(before.Count >= 3, string.Join("\n", before));
        ps.Run("Get-NatRule -Kind PortForward -Namespace $args[0] | Remove-NatRule", a).AssertClean();
        var after = Oracle.NatRules(a);
        Assert.Single(after);
        Assert.Contains("masquerade", after[0]);
        Assert.DoesNotContain(after, r => r.Contains("dnat"));
    }

    [Fact, Pipeline("Get-NetNamespace | Watch-NetEvent")]
    public async Task Get_NetNamespace_pipes_into_Watch_NetEvent_watching_each_namespace()
    {
        string a = _lab.Create("a"), b = _lab.Create("b");
        // Changed from another thread while the pipeline watches: a's lo MTU, then b's.
        var later = Task.Run(() =>
        {
            Thread.Sleep(500);
            Ip.Run($"-n {a} link set lo mtu 61000");
            Ip.Run($"-n {b} link set lo mtu 62000");
        });
        var events = ps.Run("Get-NetNamespace -Name $args[0] | Watch-NetEvent -Kind Link -Timeout 3", _lab.Prefix + "-*").AssertClean().Output;
        await later;
        var mtus = events.Where(e => (string?)e.Properties["Subject"].Value == "lo")
            .Select(e => $"{e.Properties["Namespace"].Value}:{System.Management.Automation.PSObject.AsPSObject(e.Properties["Object"].Value).Properties["Mtu"].Value}").Order().ToList();
        Assert.Equal([$"{a}:61000", $"{b}:62000"], mtus);
    }

    [Fact, Pipeline("Get-NetLink | Get-NetLinkStatistic")]
    public void Get_NetLink_pipes_into_Get_NetLinkStatistic()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add v0 type veth peer name v1");
        var stats = ps.Run("Get-NetLink -Kind veth -Namespace $args[0] | Get-NetLinkStatistic", a).AssertClean().Output;
        Assert.Equal(["v0", "v1"], stats.Select(s => (string)s.Properties["Name"].Value).Order());
        Assert.All(stats, s => Assert.Equal(a, s.Properties["Namespace"].Value));
    }

    [Fact, Pipeline("Get-NetLink | Wait-NetLink")]
    public void Get_NetLink_pipes_into_Wait_NetLink()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add v0 up type veth peer name v1");
        Ip.Run($"-n {a} link set v1 up");
        var links = ps.Run("Get-NetLink -Kind veth -Namespace $args[0] | Wait-NetLink -State Up -Timeout 10", a).AssertClean().Output;
        Assert.Equal(["v0", "v1"], links.Select(l => (string)l.Properties["Name"].Value).Order());
        Assert.All(["v0", "v1"], n => Assert.Contains("LOWER_UP", Oracle.Link(a, n).GetProperty("flags").EnumerateArray().Select(f => f.GetString())));
    }

    [Fact, Pipeline("Get-NetAddress | Wait-NetAddress")]
    public void Get_NetAddress_pipes_into_Wait_NetAddress()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add v0 up type veth peer name v1");
        Ip.Run($"-n {a} link set v1 up");
        Ip.Run($"-n {a} addr add fd00:7::1/64 dev v0");
        var settled = ps.Run("Get-NetAddress -Interface v0 -Family IPv6 -Namespace $args[0] | Where-Object Cidr -eq 'fd00:7::1/64' | Wait-NetAddress -Timeout 20", a).AssertClean().Output;
        Assert.Equal("fd00:7::1/64", Assert.Single(settled).Properties["Cidr"].Value);
        var info = Ip.Json(a, "addr show v0")[0].GetProperty("addr_info").EnumerateArray().Single(x => x.GetProperty("local").GetString() == "fd00:7::1");
        Assert.False(info.TryGetProperty("tentative", out _));
    }

    public void Dispose() => _lab.Dispose();
}
