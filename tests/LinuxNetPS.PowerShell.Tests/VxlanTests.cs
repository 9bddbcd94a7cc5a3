using System.Text.Json;
using LinuxNetPS.PowerShell.Tests.Support;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// Issue 20: New-NetVxlan's typed parameters make the link `ip -j -d link` reads back (VNI, remote or group, local,
/// device, port, learning, TTL), the port is IANA's unless given, and the -Option form still works with the kernel's
/// default. The vxlan view is in FormatViewTests.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class VxlanTests(PowerShellSession ps) : IDisposable
{
    private readonly Lab _lab = new();

    public void Dispose() => _lab.Dispose();

    private string Setup()
    {
        var ns = _lab.Create("a");
        Ip.Run($"-n {ns} link add u0 type veth peer name u1");
        Ip.Run($"-n {ns} addr add 10.7.0.1/24 dev u0");
        return ns;
    }

    private static JsonElement Data(string ns, string name) => Ip.Links(ns)[name].GetProperty("linkinfo").GetProperty("info_data");

    [Fact]
    public void Typed_parameters_make_the_link_ip_reads_back()
    {
        var ns = Setup();
        var result = ps.Run("""
            $ns = $args[0]
            New-NetVxlan vx0 -Vni 4242 -Remote 10.7.0.2 -Local 10.7.0.1 -Device u0 -DestinationPort 4790 -NoLearning -Ttl 9 -Namespace $ns
            New-NetVxlan vx1 -Vni 16777215 -Group 239.1.1.7 -Device u0 -Namespace $ns
            New-NetVxlan vx6 -Vni 1 -Local fd00::1 -Remote fd00::2 -Mtu 1400 -Namespace $ns
            """, ns).AssertClean();
        Assert.Equal(["vx0", "vx1", "vx6"], result.Output.Select(o => (string)o.Properties["Name"].Value));

        var vx0 = Data(ns, "vx0");
        Assert.Equal(4242u, vx0.GetProperty("id").GetUInt32());
        Assert.Equal("10.7.0.2", vx0.GetProperty("remote").GetString());
        Assert.Equal("10.7.0.1", vx0.GetProperty("local").GetString());
        Assert.Equal("u0", vx0.GetProperty("link").GetString());
        Assert.Equal(4790, vx0.GetProperty("port").GetInt32());
        Assert.False(vx0.GetProperty("learning").GetBoolean());
        Assert.Equal(9, vx0.GetProperty("ttl").GetInt32());

        var vx1 = Data(ns, "vx1");
        Assert.Equal(16777215u, vx1.GetProperty("id").GetUInt32());
        Assert.Equal("239.1.1.7", vx1.GetProperty("group").GetString());
        Assert.Equal(4789, vx1.GetProperty("port").GetInt32());   // IANA's, not the kernel's 8472
        Assert.True(vx1.GetProperty("learning").GetBoolean());
        Assert.Equal(0, vx1.GetProperty("ttl").GetInt32());       // auto

        var vx6 = Data(ns, "vx6");
        Assert.Equal("fd00::2", vx6.GetProperty("remote6").GetString());
        Assert.Equal("fd00::1", vx6.GetProperty("local6").GetString());
        Assert.Equal(1400, Ip.Links(ns)["vx6"].GetProperty("mtu").GetInt32());

        // The objects written are the kernel's truth too.
        var written = ps.Run("$d = (Get-NetLink vx0 -Namespace $args[0]).Details; $d.Id; $d.Device; $d.Port; $d.Learning; $d.Ttl; [string]$d.Remote", ns)
            .AssertClean().Output.Select(o => o.BaseObject.ToString()).ToList();
        Assert.Equal(["4242", "u0", "4790", "False", "9", "10.7.0.2"], written);
        Assert.Equal("LinuxNetPS.Model.NetLink#vxlan", result.Output[0].TypeNames[0]);
    }

    [Fact]
    public void The_option_form_still_works_and_gets_the_kernels_default_port()
    {
        var ns = Setup();
        ps.Run("New-NetLink vx0 -Kind vxlan -Option @{ id = 5; remote = '10.7.0.2' } -Namespace $args[0] | Out-Null", ns).AssertClean();
        var data = Data(ns, "vx0");
        Assert.Equal((5u, "10.7.0.2", 8472), (data.GetProperty("id").GetUInt32(), data.GetProperty("remote").GetString(), data.GetProperty("port").GetInt32()));
    }

    [Fact]
    public void A_refused_tunnel_creates_nothing_and_a_good_one_after_it_is_made()
    {
        var ns = Setup();
        var result = ps.Run("""
            New-NetVxlan vx0 -Vni 42 -Remote 10.7.0.2 -Group 239.1.1.1 -Namespace $args[0]
            New-NetVxlan vx1 -Vni 43 -Remote 10.7.0.2 -Namespace $args[0]
            """, ns);
        Assert.Null(result.Terminating);
        Assert.Equal("ParameterConflict,LinuxNetPS.Commands.NewNetVxlanCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.DoesNotContain("vx0", Ip.Links(ns).Keys);
        Assert.Equal(43u, Data(ns, "vx1").GetProperty("id").GetUInt32());
    }
}
