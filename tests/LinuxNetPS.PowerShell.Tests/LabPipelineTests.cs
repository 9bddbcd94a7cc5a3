using LinuxNetPS.PowerShell.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>The network-lab pipelines of about_LinuxNetPS, executed: a lab object binds -Lab; ip and the lab records show what changed.</summary>
public sealed partial class PipelineTests
{
    /// <summary>Two nodes joined by one link with a /30 pool; the namespaces carry this test's prefix.</summary>
    private string NewTwoNodeLab(string role)
    {
        string name = _lab.Ns(role);
        ps.Run("""
            New-NetLab -Definition @{ Nodes = @{ a = @{}; b = @{} }; Links = @(@{ Endpoints = 'a:eth0', 'b:eth0'; Pool = '10.41.0.0/30' }) } -Name $args[0] -Prefix ($args[0] + '-') | Out-Null
            """, name).AssertClean();
        return name;
    }

    private static bool LabRecorded(string name) => File.Exists(Path.Combine("/run/linuxnetps/labs", name + ".json"));

    [Fact, Pipeline("New-NetLab | Remove-NetLab")]
    public void New_NetLab_pipes_into_Remove_NetLab_removing_its_namespaces_and_record()
    {
        string name = _lab.Ns("nl");
        ps.Run("New-NetLab -Definition @{ Nodes = @{ a = @{}; b = @{} }; Links = @(@{ Endpoints = 'a:eth0', 'b:eth0' }) } -Name $args[0] -Prefix ($args[0] + '-') | Remove-NetLab", name).AssertClean();
        Assert.DoesNotContain(_lab.Existing(), n => n.StartsWith(name + "-", StringComparison.Ordinal));
        Assert.False(LabRecorded(name));
    }

    [Fact, Pipeline("Get-NetLab | Remove-NetLab")]
    public void Get_NetLab_pipes_into_Remove_NetLab_for_the_labs_it_lists_only()
    {
        string keep = NewTwoNodeLab("gk"), drop = NewTwoNodeLab("gd");
        try
        {
            ps.Run("Get-NetLab -Name $args[0] | Remove-NetLab", drop).AssertClean();
            Assert.False(LabRecorded(drop));
            Assert.DoesNotContain(_lab.Existing(), n => n.StartsWith(drop + "-", StringComparison.Ordinal));
            Assert.True(LabRecorded(keep));
            Assert.Contains(keep + "-a", _lab.Existing());
        }
        finally { ps.Run("Remove-NetLab -Lab $args[0]", keep); }
    }

    [Fact, Pipeline("Get-NetLab | Test-NetLab")]
    public void Get_NetLab_pipes_into_Test_NetLab_which_pings_every_pair()
    {
        string name = NewTwoNodeLab("gt");
        try
        {
            var results = ps.Run("Get-NetLab -Name $args[0] | Test-NetLab", name).AssertClean().Output;
            Assert.Equal(["a>b", "b>a"], results.Select(r => $"{r.Properties["Source"].Value}>{r.Properties["Target"].Value}").Order());
            Assert.All(results, r => Assert.True((bool)r.Properties["Reachable"].Value));
            Assert.All(results, r => Assert.Equal(name, r.Properties["Lab"].Value));
        }
        finally { ps.Run("Remove-NetLab -Lab $args[0]", name); }
    }

    [Fact, Pipeline("Get-NetLab | Show-NetLab")]
    public void Get_NetLab_pipes_into_Show_NetLab_which_draws_that_lab()
    {
        string name = NewTwoNodeLab("gs");
        try
        {
            var dot = string.Join("\n", ps.Run("Get-NetLab -Name $args[0] | Show-NetLab -Format Dot", name).AssertClean().Output.Select(o => o.BaseObject.ToString()));
            Assert.Contains("\"a\" -- \"b\"", dot);
            Assert.Contains("10.41.0.1/30", dot);
        }
        finally { ps.Run("Remove-NetLab -Lab $args[0]", name); }
    }
}
