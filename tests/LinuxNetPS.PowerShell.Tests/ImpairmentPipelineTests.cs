using System.Text.Json;
using LinuxNetPS.PowerShell.Tests.Support;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>The link-impairment pipelines of about_LinuxNetPS, executed: links and impairments bind -Interface and -Namespace; tc -j shows what changed.</summary>
public sealed partial class PipelineTests
{
    /// <summary>
    /// The root qdisc of a link as `tc -n NS -j qdisc show dev LINK` reports it: kind and rate, or "default" when tc
    /// shows no root (a link never brought up has the kernel's built-in one, which tc does not list) or noqueue.
    /// </summary>
    private static (string Kind, long Rate) Tc(string ns, string link)
    {
        var (code, stdout, stderr) = Ip.Exec("tc", "-n", ns, "-j", "qdisc", "show", "dev", link);
        Assert.True(code == 0, stderr);
        var roots = JsonDocument.Parse(string.IsNullOrWhiteSpace(stdout) ? "[]" : stdout).RootElement.EnumerateArray()
            .Where(q => q.TryGetProperty("root", out var r) && r.GetBoolean()).ToList();
        if (roots.Count == 0 || roots[0].GetProperty("kind").GetString() == "noqueue") return ("default", 0);
        long rate = roots[0].GetProperty("options").TryGetProperty("rate", out var rt) ? rt.GetInt64() : 0;
        return (roots[0].GetProperty("kind").GetString()!, rate);
    }

    /// <summary>Two namespaces with the veth pair v0 (in the first) and v1, and v2/v3 in the first.</summary>
    private (string A, string B) ImpairmentLab()
    {
        string a = _lab.Create("a"), b = _lab.Create("b");
        Ip.Run($"-n {a} link add v0 type veth peer name v1 netns {b}");
        Ip.Run($"-n {a} link add v2 type veth peer name v3");
        return (a, b);
    }

    [Fact, Pipeline("Get-NetLink | Set-NetLinkImpairment")]
    public void Get_NetLink_pipes_into_Set_NetLinkImpairment()
    {
        var (a, b) = ImpairmentLab();
        var set = ps.Run("Get-NetLink -Namespace $args[0] -Name v0, v2 | Set-NetLinkImpairment -Rate 2mbit -PassThru", a).AssertClean().Output;
        Assert.Equal(["v0", "v2"], set.Select(i => (string)i.Properties["Interface"].Value));
        Assert.All(set, i => Assert.Equal(a, i.Properties["Namespace"].Value));
        Assert.Equal(("tbf", 250_000L), Tc(a, "v0"));
        Assert.Equal(("tbf", 250_000L), Tc(a, "v2"));
        Assert.Equal("default", Tc(a, "v3").Kind);
        Assert.Equal("default", Tc(b, "v1").Kind);
    }

    [Fact, Pipeline("New-VethPair | Set-NetLinkImpairment")]
    public void New_VethPair_pipes_into_Set_NetLinkImpairment_for_its_first_end()
    {
        var (a, b) = ImpairmentLab();
        ps.Run("New-VethPair -Namespace $args[0] -Name n0 -PeerName n1 -PeerNamespace $args[1] | Set-NetLinkImpairment -Rate 3mbit", a, b).AssertClean();
        Assert.Equal(("tbf", 375_000L), Tc(a, "n0"));
        Assert.Equal("default", Tc(b, "n1").Kind);
    }

    [Fact, Pipeline("Get-NetLink | Get-NetLinkImpairment")]
    public void Get_NetLink_pipes_into_Get_NetLinkImpairment()
    {
        var (a, _) = ImpairmentLab();
        Ip.Exec("tc", "-n", a, "qdisc", "add", "dev", "v2", "root", "tbf", "rate", "4mbit", "burst", "32kbit", "latency", "50ms");
        var got = ps.Run("Get-NetLink -Namespace $args[0] | Get-NetLinkImpairment", a).AssertClean().Output;
        var only = Assert.Single(got);
        Assert.Equal(("v2", 4_000_000UL), ((string)only.Properties["Interface"].Value, (ulong)only.Properties["Rate"].Value));
    }

    [Fact, Pipeline("Get-NetLinkImpairment | Remove-NetLinkImpairment")]
    public void Get_NetLinkImpairment_pipes_into_Remove_NetLinkImpairment()
    {
        var (a, b) = ImpairmentLab();
        ps.Run("Set-NetLinkImpairment -Namespace $args[0] v0 -Rate 1mbit; Set-NetLinkImpairment -Namespace $args[0] v2 -Rate 1mbit; Set-NetLinkImpairment -Namespace $args[1] v1 -Rate 1mbit", a, b).AssertClean();
        ps.Run("Get-NetLinkImpairment -Namespace $args[0] | Remove-NetLinkImpairment", a).AssertClean();
        Assert.Equal("default", Tc(a, "v0").Kind);
        Assert.Equal("default", Tc(a, "v2").Kind);
        Assert.Equal(("tbf", 125_000L), Tc(b, "v1")); // the other namespace's impairment stays
    }

    [Fact, Pipeline("Get-NetLinkImpairment | Set-NetLinkImpairment")]
    public void Get_NetLinkImpairment_pipes_into_Set_NetLinkImpairment_replacing_each()
    {
        var (a, b) = ImpairmentLab();
        ps.Run("Set-NetLinkImpairment -Namespace $args[0] v0 -Rate 1mbit; Set-NetLinkImpairment -Namespace $args[1] v1 -Rate 1mbit", a, b).AssertClean();
        ps.Run("Get-NetLinkImpairment -Namespace $args[0] | Set-NetLinkImpairment -Rate 8mbit", a).AssertClean();
        Assert.Equal(("tbf", 1_000_000L), Tc(a, "v0"));
        Assert.Equal(("tbf", 125_000L), Tc(b, "v1"));
        Assert.Equal("default", Tc(a, "v2").Kind);
    }
}
