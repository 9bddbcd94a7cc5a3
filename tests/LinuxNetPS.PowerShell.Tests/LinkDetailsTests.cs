using System.Management.Automation;
using LinuxNetPS.PowerShell.Tests.Support;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// Issue 19 as a user meets it: Get-NetLink's objects carry their kind's details (a vxlan's VNI and remote, a macvlan's
/// mode, a bridge port's state) as typed properties, shown by Format-List like `ip -d link`'s kind line, and kept by
/// serialization (remoting, Export-Clixml), which keeps properties and the text, not methods. The default table stays
/// `ip -br link`.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class LinkDetailsTests(PowerShellSession ps) : IDisposable
{
    private readonly Lab _lab = new();

    public void Dispose() => _lab.Dispose();

    private string Setup()
    {
        var ns = _lab.Create("a");
        Ip.Run($"-n {ns} link add v0 type veth peer name v1");
        Ip.Run($"-n {ns} link add br0 type bridge");
        Ip.Run($"-n {ns} link set v0 master br0");
        return ns;
    }

    [Fact]
    public void New_NetLink_vxlan_reads_back_typed_details_that_match_ip()
    {
        var ns = Setup();
        var result = ps.Run("""
            New-NetLink -Namespace $args[0] -Name vx0 -Kind vxlan -Parent v1 -Option @{ id = 42; remote = '10.0.0.2'; dstport = 4789 } | Out-Null
            New-NetLink -Namespace $args[0] -Name mv0 -Kind macvlan -Parent v1 -Option @{ mode = 'bridge' } | Out-Null
            $vx = Get-NetLink -Namespace $args[0] -Name vx0
            $vx.Details.Id
            [string]$vx.Details.Remote
            $vx.Details.Port
            $vx.Details.Device
            "$($vx.Details)"
            (Get-NetLink -Namespace $args[0] -Kind macvlan).Details.Mode
            (Get-NetLink -Namespace $args[0] -Name v0).PortDetails.State
            """, ns).AssertClean();
        var values = result.Output.Select(o => o.BaseObject.ToString()).ToList();
        var ip = Ip.Links(ns);
        var data = ip["vx0"].GetProperty("linkinfo").GetProperty("info_data");
        Assert.Equal(data.GetProperty("id").GetUInt32().ToString(), values[0]);
        Assert.Equal(data.GetProperty("remote").GetString(), values[1]);
        Assert.Equal(data.GetProperty("port").GetUInt16().ToString(), values[2]);
        Assert.Equal(data.GetProperty("link").GetString(), values[3]);
        Assert.StartsWith("vxlan id 42 remote 10.0.0.2 dev v1 dstport 4789", values[4]);
        Assert.Equal(ip["mv0"].GetProperty("linkinfo").GetProperty("info_data").GetProperty("mode").GetString(), values[5]);
        Assert.Equal(ip["v0"].GetProperty("linkinfo").GetProperty("info_slave_data").GetProperty("state").GetString(), values[6]);
    }

    [Fact]
    public void The_default_table_stays_ip_br_link_with_details_in_their_own_properties()
    {
        // Format-List (Microsoft.PowerShell.Utility, not in this bare runspace) is checked by tests/LinkDetails.Tests.ps1.
        var ns = Setup();
        Ip.Run($"-n {ns} link add vx0 type vxlan id 7 remote 10.0.0.9 dstport 4789 dev v1");
        var table = ps.Render("Get-NetLink -Namespace $args[0]", ns);
        Assert.Matches(@"Name\s+Kind\s+State\s+Master\s+Flags", table);
        Assert.DoesNotContain("dstport", table);
        var result = ps.Run("\"$((Get-NetLink -Namespace $args[0] -Name vx0).Details)\"; \"$((Get-NetLink -Namespace $args[0] -Name v0).PortDetails)\"", ns).AssertClean();
        Assert.StartsWith("vxlan id 7 remote 10.0.0.9 dev v1 dstport 4789", result.Output[0].BaseObject.ToString());
        Assert.Matches(@"^bridge_slave state \w+ priority 32 cost \d+", result.Output[1].BaseObject.ToString());
    }

    [Fact]
    public void Details_survive_serialization_as_properties_and_text()
    {
        var ns = Setup();
        Ip.Run($"-n {ns} link add vx0 type vxlan id 42 remote 10.0.0.2 dstport 4789 dev v1");
        // PSSerializer.Serialize uses depth 1, as remoting does; the types file gives NetLink a depth of 2.
        var result = ps.Run("""
            $copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize((Get-NetLink -Namespace $args[0] -Name vx0)))
            $copy.pstypenames[0]
            $copy.Details.pstypenames[0]
            $copy.Details.Id
            [string]$copy.Details.Remote
            "$($copy.Details)"
            $copy.Details.Summary
            """, ns).AssertClean();
        var values = result.Output.Select(o => o.BaseObject.ToString()).ToList();
        Assert.Equal("Deserialized.LinuxNetPS.Model.NetLink", values[0]);
        Assert.Equal("Deserialized.LinuxNetPS.Links.Kinds.VxlanDetails", values[1]);
        Assert.Equal("42", values[2]);
        Assert.Equal("10.0.0.2", values[3]);
        Assert.StartsWith("vxlan id 42 remote 10.0.0.2 dev v1 dstport 4789", values[4]);
        Assert.Equal(values[4], values[5]);
    }
}
