using System.Text.Json;
using LinuxNetPS.Tests.Support;
using LinuxNetPS.PowerShell.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// The firewall pipelines of about_LinuxNetPS, executed: rules bind -Rule and -Namespace (a rule's name is its Rule
/// property, since a Name property is a link's), sets bind -AddressSet; nft -j shows exactly the piped objects changed.
/// </summary>
public sealed partial class PipelineTests
{
    /// <summary>Our firewall rules as nft lists them: (chain, the rule's name from its comment), in kernel order.</summary>
    private static List<(string Chain, string Rule)> FirewallRules(string ns)
    {
        using var doc = JsonDocument.Parse(Oracle.Ruleset(ns));
        return doc.RootElement.GetProperty("nftables").EnumerateArray()
            .Where(e => e.TryGetProperty("rule", out var r) && r.GetProperty("table").GetString() == "linuxnetps"
                && r.TryGetProperty("comment", out var c) && c.GetString()!.StartsWith("linuxnetps:fw-", StringComparison.Ordinal))
            .Select(e => (e.GetProperty("rule").GetProperty("chain").GetString()!, e.GetProperty("rule").GetProperty("comment").GetString()!["linuxnetps:fw-".Length..].Split(' ')[0]))
            .ToList();
    }

    private string TwoRules()
    {
        var a = _lab.Create("a");
        ps.Run("""
            New-NetFirewallRule -Name keep -Protocol TCP -LocalPort 22 -Namespace $args[0] | Out-Null
            New-NetFirewallRule -Name web -Protocol TCP -LocalPort 80 -Action Block -Namespace $args[0] | Out-Null
            """, a).AssertClean();
        return a;
    }

    /// <summary>
    /// A firewall rule and a routing rule both have Priority and Action. Piped into Remove-NetRoutingRule, a firewall rule
    /// with the priority of an existing routing rule must not remove it: its Action (Block) is no routing-rule action, so the
    /// input fails to bind (Contract.AcceptedCrossBindings relies on this).
    /// </summary>
    [Fact]
    public void A_firewall_rule_piped_into_Remove_NetRoutingRule_removes_nothing()
    {
        var a = _lab.Create("a");
        ps.Run("""
            Add-NetRoutingRule -From 10.77.0.0/24 -Table 100 -Priority 1000 -Namespace $args[0]
            New-NetFirewallRule -Name web -Protocol TCP -LocalPort 80 -Action Block -Priority 1000 -Namespace $args[0] | Out-Null
            """, a).AssertClean();
        string before = Ip.Run($"-n {a} -j rule show");
        var result = ps.Run("Get-NetFirewallRule web -Namespace $args[0] | Remove-NetRoutingRule -Confirm:$false", a);
        Assert.True(result.Errors.Count > 0 || result.Terminating is not null, "the pipe should fail to bind: " + result.Describe());
        Assert.Equal(before, Ip.Run($"-n {a} -j rule show"));
        Assert.Contains("\"priority\":1000", before);
    }

    [Fact, Pipeline("Get-NetFirewallRule | Remove-NetFirewallRule")]
    public void Get_NetFirewallRule_pipes_into_Remove_NetFirewallRule()
    {
        var a = TwoRules();
        ps.Run("Get-NetFirewallRule web -Namespace $args[0] | Remove-NetFirewallRule", a).AssertClean();
        Assert.Equal([("input", "keep")], FirewallRules(a));
    }

    [Fact, Pipeline("Get-NetFirewallRule | Disable-NetFirewallRule")]
    public void Get_NetFirewallRule_pipes_into_Disable_NetFirewallRule()
    {
        var a = TwoRules();
        ps.Run("Get-NetFirewallRule web -Namespace $args[0] | Disable-NetFirewallRule", a).AssertClean();
        Assert.Equal([("input", "keep"), ("disabled", "web")], FirewallRules(a));
    }

    [Fact, Pipeline("Get-NetFirewallRule | Enable-NetFirewallRule")]
    public void Get_NetFirewallRule_pipes_into_Enable_NetFirewallRule()
    {
        var a = TwoRules();
        ps.Run("Disable-NetFirewallRule keep, web -Namespace $args[0]; Get-NetFirewallRule web -Namespace $args[0] | Enable-NetFirewallRule", a).AssertClean();
        Assert.Equal([("disabled", "keep"), ("input", "web")], FirewallRules(a).Order());
    }

    [Fact, Pipeline("Get-NetFirewallRule | Set-NetFirewallRule")]
    public void Get_NetFirewallRule_pipes_into_Set_NetFirewallRule()
    {
        var a = TwoRules();
        var output = ps.Run("Get-NetFirewallRule -Namespace $args[0] | Set-NetFirewallRule -Priority 5 -PassThru | ForEach-Object Priority", a).AssertClean().Output;
        Assert.Equal([5, 5], output.Select(o => (int)o.BaseObject));
        Assert.Equal(["keep", "web"], FirewallRules(a).Select(r => r.Rule));
    }

    [Fact, Pipeline("Get-NetFirewallRule | New-NetFirewallRule")]
    public void Get_NetFirewallRule_pipes_into_New_NetFirewallRule_copying_rules_to_another_namespace()
    {
        var a = TwoRules();
        var b = _lab.Create("b");
        ps.Run("Get-NetFirewallRule -Namespace $args[0] | New-NetFirewallRule -Namespace $args[1] | Out-Null", a, b).AssertClean();
        Assert.Equal(FirewallRules(a), FirewallRules(b));
        var rule = ps.Run("Get-NetFirewallRule web -Namespace $args[0]", b).AssertClean().Output.Single();
        Assert.Equal(("Block", "80"), (rule.Properties["Action"].Value.ToString(), ((string[])rule.Properties["LocalPort"].Value).Single()));
    }

    [Fact, Pipeline("New-NetFirewallRule | Disable-NetFirewallRule")]
    public void New_NetFirewallRule_pipes_into_Disable_NetFirewallRule()
    {
        var a = _lab.Create("a");
        ps.Run("New-NetFirewallRule -Name later -Protocol UDP -LocalPort 53 -Namespace $args[0] | Disable-NetFirewallRule", a).AssertClean();
        Assert.Equal([("disabled", "later")], FirewallRules(a));
    }

    [Fact, Pipeline("Get-NetFirewallAddressSet | Remove-NetFirewallAddressSet")]
    public void Get_NetFirewallAddressSet_pipes_into_Remove_NetFirewallAddressSet()
    {
        var a = _lab.Create("a");
        ps.Run("""
            New-NetFirewallAddressSet one -Member 10.0.0.1 -Namespace $args[0] | Out-Null
            New-NetFirewallAddressSet two -Member fd00::/64 -Namespace $args[0] | Out-Null
            Get-NetFirewallAddressSet two -Namespace $args[0] | Remove-NetFirewallAddressSet
            """, a).AssertClean();
        Assert.Contains("\"one\"", Oracle.Ruleset(a));
        Assert.DoesNotContain("\"two\"", Oracle.Ruleset(a));
    }
}
