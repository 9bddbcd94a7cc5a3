using LinuxNetPS.PowerShell.Tests.Support;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>The New-NetVxlan pipelines of about_LinuxNetPS, executed; `ip -j -d link`, `ip -j addr` and `bridge -j fdb` show what was done.</summary>
public sealed partial class PipelineTests
{
    [Fact, Pipeline("New-NetNamespace | New-NetVxlan")]
    public void New_namespaces_pipe_into_New_NetVxlan_creating_a_tunnel_in_each()
    {
        string a = _lab.Ns("a"), b = _lab.Ns("b");
        var links = ps.Run("New-NetNamespace -Name $args[0], $args[1] | New-NetVxlan -Name vx0 -Vni 42 -Remote 10.44.0.9", a, b).AssertClean().Output;
        Assert.Equal([a, b], links.Select(l => (string)l.Properties["Namespace"].Value));
        foreach (var ns in new[] { a, b })
        {
            var data = Ip.Links(ns)["vx0"].GetProperty("linkinfo").GetProperty("info_data");
            Assert.Equal((42u, "10.44.0.9"), (data.GetProperty("id").GetUInt32(), data.GetProperty("remote").GetString()));
        }
    }

    [Fact, Pipeline("New-NetVxlan | Add-NetAddress")]
    public void New_NetVxlan_pipes_into_Add_NetAddress()
    {
        var a = _lab.Create("a");
        ps.Run("New-NetVxlan vx0 -Vni 7 -Remote 10.44.0.9 -Up -Namespace $args[0] | Add-NetAddress 10.42.0.1/24", a).AssertClean();
        Assert.Equal(["10.42.0.1/24"], Oracle.Addresses(a, "vx0").Where(x => !x.StartsWith("fe80")));
    }

    [Fact, Pipeline("New-NetVxlan | Add-BridgeFdb")]
    public void New_NetVxlan_pipes_into_Add_BridgeFdb_adding_a_flood_remote_to_that_tunnel()
    {
        var a = _lab.Create("a");
        ps.Run("New-NetVxlan vx0 -Vni 7 -Local 10.44.0.1 -NoLearning -Namespace $args[0] | Add-BridgeFdb 00:00:00:00:00:00 -Destination 10.44.0.2, 10.44.0.3", a).AssertClean();
        var remotes = Fdb(a, "dev", "vx0").Where(e => e.GetProperty("mac").GetString() == "00:00:00:00:00:00")
            .Select(e => e.GetProperty("dst").GetString()).Order().ToList();
        Assert.Equal(["10.44.0.2", "10.44.0.3"], remotes);
    }
}
