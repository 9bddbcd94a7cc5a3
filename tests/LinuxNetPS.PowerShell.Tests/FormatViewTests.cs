using System.Text.RegularExpressions;
using LinuxNetPS.PowerShell.Tests.Support;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// The default views as a user sees them: objects through Out-Default in our host, rendered by
/// the engine with LinuxNetPS.format.ps1xml, read back as text and compared with what iproute2
/// says (the look of `ip -br link`, `ip -br addr`, `ip route`, `brctl show`).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class FormatViewTests(PowerShellSession ps) : IDisposable
{
    private readonly Lab _lab = new();

    private string Setup()
    {
        var ns = _lab.Create("a");
        Ip.Run($"-n {ns} link add br0 up type bridge");
        Ip.Run($"-n {ns} link add p0 master br0 up type veth peer name q0");
        Ip.Run($"-n {ns} link add p1 master br0 type veth peer name q1");
        Ip.Run($"-n {ns} link set q0 up");
        Ip.Run($"-n {ns} addr add 10.5.0.1/24 dev br0");
        Ip.Run($"-n {ns} route add default via 10.5.0.2");
        return ns;
    }

    /// <summary>The rendered row whose first column is <paramref name="first"/>, split into its columns.</summary>
    private static string[] Row(string text, string first)
    {
        var line = text.Split('\n').Select(l => l.TrimEnd()).SingleOrDefault(l => l.StartsWith(first + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no row for '{first}' in:\n{text}");
        return Regex.Split(line!.Trim(), @"\s+");
    }

    [Fact]
    public void Get_NetLink_is_a_table_of_name_kind_state_master_and_flags_like_ip_br_link()
    {
        var ns = Setup();
        var text = ps.Render("Get-NetLink -Namespace $args[0]", ns);
        Assert.DoesNotContain("\u001b[", text);
        Assert.Contains($"Namespace: {ns}", text);
        // Mtu and MacAddress follow when the host is wide enough (tests/Views.Tests.ps1 checks 80 and 200 columns).
        Assert.Matches(@"Name\s+Kind\s+State\s+Master\s+Flags", text);
        foreach (var (name, link) in Ip.Links(ns))
            Assert.Contains(link.GetProperty("operstate").GetString(), Row(text, name));
        Assert.Equal(["p1", "veth", "DOWN", "br0", "<BROADCAST,MULTICAST>"], Row(text, "p1").Take(5));
        // q1 is administratively down (it has no master, so its flags are the fourth cell): no UP among them.
        Assert.DoesNotContain("UP", Row(text, "q1")[3]);
    }

    [Fact]
    public void Get_NetAddress_is_a_table_of_interface_and_address_with_length()
    {
        var ns = Setup();
        var text = ps.Render("Get-NetAddress -Namespace $args[0] -Family IPv4", ns);
        Assert.Contains($"Namespace: {ns}", text);
        Assert.Equal(["br0", "IPv4", "10.5.0.1/24", "global", "br0"], Row(text, "br0"));
        Assert.Equal(["lo", "IPv4", "127.0.0.1/8", "host", "lo"], Row(text, "lo"));
    }

    [Fact]
    public void Get_NetRoute_shows_default_and_the_gateway_like_ip_route()
    {
        var ns = Setup();
        var text = ps.Render("Get-NetRoute -Namespace $args[0] -Family IPv4", ns);
        var row = Row(text, "default");
        Assert.Equal(["default", "10.5.0.2", "br0"], row.Take(3));
        Assert.Equal(["10.5.0.0/24", "br0"], Row(text, "10.5.0.0/24").Take(2));
        Assert.Contains("kernel", Row(text, "10.5.0.0/24"));
    }

    [Fact]
    public void Get_NetRoute_shows_the_paths_of_a_multipath_route_below_it_like_ip_route()
    {
        var ns = Setup();
        Ip.Run($"-n {ns} route add 10.50.0.0/16 nexthop via 10.5.0.2 weight 1 nexthop via 10.5.0.3 weight 2");
        var lines = ps.Render("Get-NetRoute -Destination 10.50.0.0/16 -Namespace $args[0]", ns).Split('\n').Select(l => l.TrimEnd()).ToList();
        int at = lines.FindIndex(l => l.StartsWith("10.50.0.0/16 ", StringComparison.Ordinal));
        Assert.True(at >= 0, string.Join('\n', lines));
        Assert.Equal(["10.50.0.0/16", "unicast", "0", "global"], Regex.Split(lines[at].Trim(), @"\s+").Take(4));
        Assert.Equal(["10.5.0.2", "br0", "weight", "1"], Regex.Split(lines[at + 1].Trim(), @"\s+"));
        Assert.Equal(["10.5.0.3", "br0", "weight", "2"], Regex.Split(lines[at + 2].Trim(), @"\s+"));
        // The paths' cells line up under their columns.
        Assert.Equal(lines[at - 2].IndexOf("Gateway", StringComparison.Ordinal), lines[at + 1].IndexOf("10.5.0.2", StringComparison.Ordinal));
        Assert.Equal(lines[at - 2].IndexOf("Type", StringComparison.Ordinal), lines[at + 2].IndexOf("weight", StringComparison.Ordinal));
    }

    [Fact]
    public void Get_NetRoutingRule_lists_priority_action_and_selector_like_ip_rule()
    {
        var ns = Setup();
        Ip.Run($"-n {ns} rule add from 10.9.2.0/24 fwmark 0x10/0xff iif br0 table 100 priority 100");
        var text = ps.Render("Get-NetRoutingRule -Namespace $args[0]", ns);
        Assert.Contains($"Namespace: {ns}", text);
        Assert.Matches(@"Priority\s+Family\s+Action\s+Selector", text);
        // Priorities are right-aligned, like numbers.
        string[] RuleRow(string priority, string family) =>
            Regex.Split(text.Split('\n').Single(l => Regex.IsMatch(l, $@"^\s*{priority}\s+{family}\s")).Trim(), @"\s+");
        Assert.Equal(["0", "IPv4", "lookup", "local", "from", "all"], RuleRow("0", "IPv4"));
        Assert.Equal(["100", "IPv4", "lookup", "100", "from", "10.9.2.0/24", "fwmark", "0x10/0xff", "iif", "br0"], RuleRow("100", "IPv4"));
        Assert.Equal(["32767", "IPv4", "lookup", "default", "from", "all"], RuleRow("32767", "IPv4"));
        Assert.Equal(["32766", "IPv6", "lookup", "main", "from", "all"], RuleRow("32766", "IPv6"));
        // ip's own listing, in the same order.
        var ip = Ip.Run($"-n {ns} rule show").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')[0]).ToList();
        var ours = text.Split('\n').Select(l => Regex.Match(l, @"^\s*(\d+)\s+IPv4\s")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ip, ours);
    }

    [Fact]
    public void Get_NetBridge_lists_ports_like_brctl_show()
    {
        var ns = Setup();
        var text = ps.Render("Get-NetBridge -Namespace $args[0]", ns);
        Assert.Matches(@"bridge name\s+bridge id\s+STP enabled\s+interfaces", text);
        var row = Row(text, "br0");
        Assert.Matches(@"^8000\.[0-9a-f]{12}$", row[1]);
        Assert.Equal("no", row[2]);
        Assert.Equal(["p0", "p1"], row.Skip(3).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Objects_of_the_host_namespace_are_grouped_as_host()
    {
        var text = ps.Render("Get-NetLink -Name lo");
        Assert.Contains("Namespace: (host)", text);
        Assert.Equal("lo", Row(text, "lo")[0]);
    }

    [Fact]
    public void Get_NetLink_Kind_vxlan_shows_vni_remote_local_device_and_port_and_the_link_table_stays_ip_br_link()
    {
        var ns = _lab.Create("a");
        Ip.Run($"-n {ns} link add u0 type veth peer name u1");
        Ip.Run($"-n {ns} link add vx0 type vxlan id 42 remote 10.7.0.2 local 10.7.0.1 dev u0 dstport 4789");
        Ip.Run($"-n {ns} link add vx1 type vxlan id 100 group 239.1.1.100 dev u0 dstport 8472 nolearning");

        var text = ps.Render("Get-NetLink -Kind vxlan -Namespace $args[0]", ns);
        Assert.Contains($"Namespace: {ns}", text);
        Assert.Matches(@"Name\s+Vni\s+Remote/Group\s+Local\s+Device\s+DstPort\s+Learning\s+Ttl\s+State", text);
        Assert.Equal(["vx0", "42", "10.7.0.2", "10.7.0.1", "u0", "4789", "True", "auto", "DOWN"], Row(text, "vx0"));
        Assert.Equal(["vx1", "100", "239.1.1.100", "u0", "8472", "False", "auto", "DOWN"], Row(text, "vx1"));

        // A new tunnel is shown the same way; everything else (and Get-NetLink of all kinds) keeps the ip -br link table.
        var created = ps.Render("New-NetVxlan vx2 -Vni 7 -Remote 10.7.0.3 -Namespace $args[0]", ns);
        Assert.Equal(["vx2", "7", "10.7.0.3", "4789", "True", "auto", "DOWN"], Row(created, "vx2"));
        var all = ps.Render("Get-NetLink -Namespace $args[0]", ns);
        Assert.Matches(@"Name\s+Kind\s+State\s+Master\s+Flags", all);
        Assert.DoesNotContain("Vni", all);
        Assert.Equal(["vx0", "vxlan", "DOWN"], Row(all, "vx0").Take(3));
        Assert.Matches(@"Name\s+Kind\s+State", ps.Render("Get-NetLink -Kind vx* -Namespace $args[0]", ns));

        // The view survives serialization (remoting, Export-Clixml): the type name travels with the object.
        var copy = ps.Render("[System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize((Get-NetLink -Kind vxlan -Namespace $args[0])))", ns);
        Assert.Equal(["vx0", "42", "10.7.0.2", "10.7.0.1", "u0", "4789", "True", "auto", "DOWN"], Row(copy, "vx0"));
    }

    public void Dispose() => _lab.Dispose();
}
