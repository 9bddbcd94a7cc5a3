using System.Text.Json;
using LinuxNetPS.PowerShell.Tests.Support;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>The neighbour, FDB and VLAN pipelines of about_LinuxNetPS, executed; `ip -j neigh` and `bridge -j` show what was done.</summary>
public sealed partial class PipelineTests
{
    private static List<JsonElement> Neigh(string ns, string what = "neigh show nud all") =>
        Ip.Json(ns, what).EnumerateArray().Where(n => !System.Net.IPAddress.Parse(n.GetProperty("dst").GetString()!).IsIPv6Multicast).ToList();

    private static List<JsonElement> Fdb(string ns, params string[] filter)
    {
        var text = Ip.Exec("bridge", ["-n", ns, "-j", "fdb", "show", .. filter]).Out;
        return JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "[]" : text).RootElement.EnumerateArray().ToList();
    }

    /// <summary>A namespace with v0 (10.3.0.1/24) — v1, and bridge br0 with port p0 (veth to p1).</summary>
    private string NeighborLab()
    {
        var a = _lab.Create("a");
        Ip.Exec("ip", "netns", "exec", a, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
        Ip.Run($"-n {a} link add v0 type veth peer name v1");
        Ip.Run($"-n {a} addr add 10.3.0.1/24 dev v0");
        Ip.Run($"-n {a} link add br0 type bridge");
        Ip.Run($"-n {a} link add p0 type veth peer name p1");
        Ip.Run($"-n {a} link set p0 master br0");
        return a;
    }

    private static bool KernelFiltersVlans(string ns) => Ip.Exec("ip", "-n", ns, "link", "add", "vfprobe", "type", "bridge", "vlan_filtering", "1").Code == 0;

    [Fact, Pipeline("Get-NetNeighbor | Remove-NetNeighbor")]
    public void Get_NetNeighbor_pipes_into_Remove_NetNeighbor_removing_exactly_those_proxy_entries_included()
    {
        var a = NeighborLab();
        Ip.Run($"-n {a} neigh add 10.3.0.7 lladdr 02:00:00:00:00:07 dev v0");
        Ip.Run($"-n {a} neigh add 10.3.0.8 lladdr 02:00:00:00:00:08 dev v0");
        Ip.Run($"-n {a} neigh add proxy 10.3.0.9 dev v0");
        ps.Run("Get-NetNeighbor 10.3.0.7 -Namespace $args[0] | Remove-NetNeighbor; Get-NetNeighbor -Proxy -Namespace $args[0] | Remove-NetNeighbor", a).AssertClean();
        Assert.Equal(["10.3.0.8"], Neigh(a).Select(n => n.GetProperty("dst").GetString()));
        Assert.Empty(Ip.Json(a, "neigh show proxy").EnumerateArray());
    }

    [Fact, Pipeline("Get-NetNeighbor | Set-NetNeighbor")]
    public void Get_NetNeighbor_pipes_into_Set_NetNeighbor_changing_that_entry()
    {
        var a = NeighborLab();
        Ip.Run($"-n {a} neigh add 10.3.0.7 lladdr 02:00:00:00:00:07 dev v0 nud stale");
        Ip.Run($"-n {a} neigh add 10.3.0.8 lladdr 02:00:00:00:00:08 dev v0 nud stale");
        var changed = ps.Run("Get-NetNeighbor 10.3.0.7 -Namespace $args[0] | Set-NetNeighbor -State Permanent -PassThru", a).AssertClean().Output;
        Assert.Equal("Permanent", Assert.Single(changed).Properties["State"].Value.ToString());
        Assert.Equal("PERMANENT", Neigh(a).Single(n => n.GetProperty("dst").GetString() == "10.3.0.7").GetProperty("state")[0].GetString());
        Assert.Equal("STALE", Neigh(a).Single(n => n.GetProperty("dst").GetString() == "10.3.0.8").GetProperty("state")[0].GetString());
    }

    [Fact, Pipeline("Get-NetLink | Get-NetNeighbor")]
    public void Get_NetLink_pipes_into_Get_NetNeighbor_listing_that_links_entries()
    {
        var a = NeighborLab();
        Ip.Run($"-n {a} neigh add 10.3.0.7 lladdr 02:00:00:00:00:07 dev v0");
        Ip.Run($"-n {a} neigh add 10.4.0.7 lladdr 02:00:00:00:00:17 dev v1");
        var found = ps.Run("Get-NetLink v1 -Namespace $args[0] | Get-NetNeighbor", a).AssertClean().Output;
        var entry = Assert.Single(found);
        Assert.Equal("10.4.0.7", entry.Properties["IPAddress"].Value.ToString());
        Assert.Equal(a, entry.Properties["Namespace"].Value);
    }

    [Fact, Pipeline("Get-NetLink | Remove-NetNeighbor")]
    public void Get_NetLink_pipes_into_Remove_NetNeighbor_flushing_that_link()
    {
        var a = NeighborLab();
        Ip.Run($"-n {a} neigh add 10.3.0.7 dev v0 nud failed");
        Ip.Run($"-n {a} neigh add 10.3.0.8 lladdr 02:00:00:00:00:08 dev v0");
        Ip.Run($"-n {a} neigh add 10.4.0.7 dev v1 nud failed");
        ps.Run("Get-NetLink v0 -Namespace $args[0] | Remove-NetNeighbor -State Failed", a).AssertClean();
        Assert.Equal(["10.3.0.8", "10.4.0.7"], Neigh(a).Select(n => n.GetProperty("dst").GetString()).Order());
    }

    [Fact, Pipeline("Get-NetLink | New-NetNeighbor")]
    public void Get_NetLink_pipes_into_New_NetNeighbor_adding_on_that_link()
    {
        var a = NeighborLab();
        ps.Run("Get-NetLink v0 -Namespace $args[0] | New-NetNeighbor 10.3.0.20 -LinkLayerAddress 02:00:00:00:00:20", a).AssertClean();
        var n = Assert.Single(Neigh(a));
        Assert.Equal(("10.3.0.20", "v0", "02:00:00:00:00:20"), (n.GetProperty("dst").GetString(), n.GetProperty("dev").GetString(), n.GetProperty("lladdr").GetString()));
    }

    [Fact, Pipeline("Get-BridgeFdb | Remove-BridgeFdb")]
    public void Get_BridgeFdb_pipes_into_Remove_BridgeFdb_removing_exactly_those()
    {
        var a = NeighborLab();
        Ip.Exec("bridge", "-n", a, "fdb", "add", "02:00:00:00:00:31", "dev", "p0", "master", "static");
        Ip.Exec("bridge", "-n", a, "fdb", "add", "02:00:00:00:00:32", "dev", "p0", "master", "static");
        Ip.Run($"-n {a} link add vx0 type vxlan id 42 dstport 4789 local 10.3.0.1");
        Ip.Exec("bridge", "-n", a, "fdb", "append", "00:00:00:00:00:00", "dev", "vx0", "dst", "10.3.0.2");
        Ip.Exec("bridge", "-n", a, "fdb", "append", "00:00:00:00:00:00", "dev", "vx0", "dst", "10.3.0.3");
        ps.Run("""
            Get-BridgeFdb p0 -MacAddress 02:00:00:00:00:31 -Namespace $args[0] | Remove-BridgeFdb
            Get-BridgeFdb vx0 -Namespace $args[0] | Where-Object RemoteAddress -eq '10.3.0.3' | Remove-BridgeFdb
            """, a).AssertClean();
        Assert.DoesNotContain(Fdb(a, "dev", "p0"), e => e.GetProperty("mac").GetString() == "02:00:00:00:00:31");
        Assert.Contains(Fdb(a, "dev", "p0"), e => e.GetProperty("mac").GetString() == "02:00:00:00:00:32");
        Assert.Equal(["10.3.0.2"], Fdb(a, "dev", "vx0").Select(e => e.GetProperty("dst").GetString()));
    }

    [Fact, Pipeline("Get-NetLink | Get-BridgeFdb")]
    public void Get_NetLink_pipes_into_Get_BridgeFdb_listing_that_devices_entries()
    {
        var a = NeighborLab();
        Ip.Exec("bridge", "-n", a, "fdb", "add", "02:00:00:00:00:31", "dev", "p0", "master", "static");
        var found = ps.Run("Get-NetLink p0 -Namespace $args[0] | Get-BridgeFdb", a).AssertClean().Output;
        Assert.All(found, e => Assert.Equal("p0", e.Properties["Interface"].Value));
        Assert.Contains(found, e => (string)e.Properties["MacAddress"].Value == "02:00:00:00:00:31");
    }

    [Fact, Pipeline("Get-BridgePort | Add-BridgeFdb")]
    public void Get_BridgePort_pipes_into_Add_BridgeFdb_adding_to_that_port()
    {
        // A bridge knows a MAC (per VLAN) on one port only, so one port is piped.
        var a = NeighborLab();
        ps.Run("Get-BridgePort -Bridge br0 -Namespace $args[0] | Add-BridgeFdb 02:00:00:00:00:41", a).AssertClean();
        var e = Assert.Single(Fdb(a, "dev", "p0"), x => x.GetProperty("mac").GetString() == "02:00:00:00:00:41");
        Assert.Equal(("br0", "static"), (e.GetProperty("master").GetString(), e.GetProperty("state").GetString()));
    }

    [Fact, Pipeline("Get-BridgeVlan | Remove-BridgeVlan")]
    public void Get_BridgeVlan_pipes_into_Remove_BridgeVlan()
    {
        var a = NeighborLab();
        if (KernelFiltersVlans(a))
        {
            Ip.Exec("bridge", "-n", a, "vlan", "add", "vid", "10", "dev", "p0");
            ps.Run("Get-BridgeVlan p0 -Vlan 10 -Namespace $args[0] | Remove-BridgeVlan", a).AssertClean();
            Assert.DoesNotContain("\"vlan\":10", Ip.Exec("bridge", "-n", a, "-j", "vlan", "show", "dev", "p0").Out);
            return;
        }
        // No VLAN filtering in this kernel: nothing to list, so nothing to remove, and no error.
        Assert.Empty(ps.Run("Get-BridgeVlan -Namespace $args[0] | Remove-BridgeVlan", a).AssertClean().Output);
    }

    [Fact, Pipeline("Get-BridgePort | Add-BridgeVlan")]
    public void Get_BridgePort_pipes_into_Add_BridgeVlan_on_each_port()
    {
        var a = NeighborLab();
        var result = ps.Run("Get-BridgePort -Bridge br0 -Namespace $args[0] | Add-BridgeVlan 10 -Pvid -Untagged -PassThru", a);
        if (KernelFiltersVlans(a))
        {
            Assert.Single(result.AssertClean().Output);
            return;
        }
        // The port was bound (the error names it); the kernel refuses VLANs.
        var error = Assert.Single(result.Errors);
        Assert.Equal("VlanFilteringNotSupported,LinuxNetPS.Commands.AddBridgeVlanCommand", error.FullyQualifiedErrorId);
        Assert.Equal("p0", error.TargetObject);
    }

    [Fact, Pipeline("Get-BridgePort | Get-BridgeVlan")]
    public void Get_BridgePort_pipes_into_Get_BridgeVlan()
    {
        var a = NeighborLab();
        if (KernelFiltersVlans(a)) Ip.Exec("bridge", "-n", a, "vlan", "add", "vid", "30", "dev", "p0");
        var found = ps.Run("Get-BridgePort -Bridge br0 -Namespace $args[0] | Get-BridgeVlan", a).AssertClean().Output;
        Assert.All(found, v => Assert.Equal("p0", v.Properties["Interface"].Value));
    }
}
