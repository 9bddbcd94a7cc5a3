using LinuxNetPS.PowerShell.Tests.Support;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>Tab completion as PowerShell performs it (TabExpansion2 → our argument completers), against a lab.</summary>
[Collection(EngineCollection.Name)]
public sealed class CompletionTests(PowerShellSession ps) : IDisposable
{
    private readonly Lab _lab = new();

    /// <summary>What TAB offers at the end of the line.</summary>
    private List<string> Complete(string line) => Complete(line, line.Length);

    /// <summary>What TAB offers with the cursor at <paramref name="cursor"/> (text after it still counts, as in an editor).</summary>
    private List<string> Complete(string line, int cursor) =>
        ps.Run("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[1]).CompletionMatches.CompletionText", line, cursor)
            .AssertClean().Output.Select(o => (string)o.BaseObject).ToList();

    [Fact]
    public void Namespace_offers_the_lab_namespaces()
    {
        string a = _lab.Create("alpha"), b = _lab.Create("beta");
        Assert.Equal([a, b], Complete($"Get-NetLink -Namespace {_lab.Prefix}").Order(StringComparer.Ordinal));
        Assert.Equal([b], Complete($"Get-NetRoute -Namespace {_lab.Prefix}-b"));
        Assert.Equal([a], Complete($"New-VethPair -Name x -PeerName y -PeerNamespace {_lab.Prefix}-al"));
    }

    [Fact]
    public void Name_offers_the_links_of_the_namespace_already_typed()
    {
        string a = _lab.Create("a"), b = _lab.Create("b");
        Ip.Run($"-n {a} link add br0 type bridge");
        Ip.Run($"-n {a} link add v0 type veth peer name v1");
        Ip.Run($"-n {b} link add other0 type bridge");
        Assert.Equal(["br0", "lo", "v0", "v1"], Complete($"Get-NetLink -Namespace {a} -Name ").Order(StringComparer.Ordinal));
        Assert.Equal(["v0", "v1"], Complete($"Set-NetLink -Namespace {a} -Name v").Order(StringComparer.Ordinal));
        Assert.Equal(["other0"], Complete($"Remove-NetLink -Namespace {b} -Name o"));
        Assert.Equal(["v0", "v1"], Complete($"Add-NetAddress -Address 10.0.0.1/24 -Namespace {a} -Interface v").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Name_uses_a_namespace_typed_after_the_cursor()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add v0 type veth peer name v1");
        var line = $"Get-NetLink -Name v -Namespace {a}";
        Assert.Equal(["v0", "v1"], Complete(line, "Get-NetLink -Name v".Length).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Routing_rules_complete_tables_and_interfaces()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add v0 type veth peer name v1");
        Assert.Equal(["main"], Complete($"Add-NetRoutingRule -Namespace {a} -Table ma"));
        Assert.Equal(["default", "local", "main"], Complete($"Remove-NetRoutingRule 100 -Namespace {a} -Table ").Where(t => t != "all").Order(StringComparer.Ordinal));
        Assert.Equal(["v0", "v1"], Complete($"Add-NetRoutingRule -Namespace {a} -InInterface v").Order(StringComparer.Ordinal));
        Assert.Equal(["v0", "v1"], Complete($"Add-NetRoutingRule -Namespace {a} -Oif v").Order(StringComparer.Ordinal));
        Assert.Equal(["v0", "v1"], Complete($"Add-NetRoute 10.0.0.0/8 -Gateway 10.5.0.2, 10.5.0.3 -Namespace {a} -Interface v0, v").Order(StringComparer.Ordinal));
        Assert.Equal([a], Complete($"Get-NetRoutingRule -Namespace {a}"));
    }

    [Fact]
    public void Neighbour_and_FDB_parameters_offer_states_links_and_bridges()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add br0 type bridge");
        Ip.Run($"-n {a} link add v0 type veth peer name v1");
        Assert.Equal(["Permanent", "Probe"], Complete($"New-NetNeighbor 10.0.0.2 -Interface v0 -Namespace {a} -State P").Order(StringComparer.Ordinal));
        Assert.Equal(["NoArp", "None"], Complete("Remove-NetNeighbor -State N").Order(StringComparer.Ordinal));
        Assert.Equal(["v0", "v1"], Complete($"Get-NetNeighbor -Namespace {a} -Interface v").Order(StringComparer.Ordinal));
        Assert.Equal(["Static"], Complete("Add-BridgeFdb 02:00:00:00:00:01 -State St"));
        Assert.Equal(["br0"], Complete($"Get-BridgeFdb -Namespace {a} -Bridge "));
        Assert.Equal(["v0", "v1"], Complete($"Add-BridgeVlan 10 -Namespace {a} -Interface v").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Bridge_offers_only_bridges()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add br0 type bridge");
        Ip.Run($"-n {a} link add lan1 type bridge");
        Ip.Run($"-n {a} link add v0 type veth peer name v1");
        Assert.Equal(["br0", "lan1"], Complete($"Add-BridgePort -Namespace {a} -Bridge ").Order(StringComparer.Ordinal));
        Assert.Equal(["br0", "lan1"], Complete($"Get-BridgePort -Namespace {a} -Bridge ").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Vxlan_completes_its_underlay_device_and_bridge_and_the_kind()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add br0 type bridge");
        Ip.Run($"-n {a} link add v0 type veth peer name v1");
        Assert.Equal(["v0", "v1"], Complete($"New-NetVxlan vx0 -Vni 42 -Namespace {a} -Device v").Order(StringComparer.Ordinal));
        Assert.Equal(["br0"], Complete($"New-NetVxlan vx0 -Vni 42 -Namespace {a} -Master b"));
        Assert.Equal(["vxlan"], Complete("New-NetLink x0 -Kind vx"));
        Assert.Equal(["vxlan"], Complete($"Get-NetLink -Namespace {a} -Kind vx"));
    }

    [Fact]
    public void Protocol_offers_tcp_and_udp()
    {
        Assert.Equal(["sctp", "tcp", "udp"], Complete("Add-PortForward -Protocol ").Order(StringComparer.Ordinal));
    }

    public void Dispose() => _lab.Dispose();
}
