using LinuxNetPS.PowerShell.Tests.Support;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>The container-network pipelines of about_LinuxNetPS, executed: namespaces bind the container, networks and endpoints bind their own namespace.</summary>
public sealed partial class PipelineTests
{
    /// <summary>A network foo (10.40.0.0/24) in a lab namespace that plays the host.</summary>
    private string HostWithNetwork()
    {
        var host = _lab.Create("h");
        ps.Run("New-ContainerNetwork -Name foo -Subnet 10.40.0.0/24 -Namespace $args[0] | Out-Null", host).AssertClean();
        return host;
    }

    [Fact, Pipeline("New-NetNamespace | Connect-ContainerNetwork")]
    public void New_namespaces_pipe_into_Connect_ContainerNetwork_as_the_containers()
    {
        var host = HostWithNetwork();
        string a = _lab.Ns("a"), b = _lab.Ns("b");
        var endpoints = ps.Run("New-NetNamespace -Name $args[0], $args[1] | Connect-ContainerNetwork -Network foo -NetworkNamespace $args[2]", a, b, host)
            .AssertClean().Output;
        Assert.Equal([a, b], endpoints.Select(e => (string)e.Properties["Namespace"].Value));
        Assert.Contains("10.40.0.2/24", Oracle.Addresses(a, "eth0")); // an IPv6 link-local address may have appeared too
        Assert.Contains("10.40.0.3/24", Oracle.Addresses(b, "eth0")); // an IPv6 link-local address may have appeared too
        Assert.Equal("br-", Oracle.Master(host, (string)endpoints[0].Properties["HostInterface"].Value)![..3]);
    }

    [Fact, Pipeline("Get-NetNamespace | Connect-ContainerNetwork")]
    public void Existing_namespaces_pipe_into_Connect_ContainerNetwork()
    {
        var host = HostWithNetwork();
        string a = _lab.Create("a");
        ps.Run("$n = Get-ContainerNetwork foo -Namespace $args[1]; Get-NetNamespace -Name $args[0] | Connect-ContainerNetwork -Network $n | Out-Null", a, host).AssertClean();
        Assert.Contains("10.40.0.2/24", Oracle.Addresses(a, "eth0")); // an IPv6 link-local address may have appeared too
        Assert.Contains("default via 10.40.0.1", string.Join("\n", Ip.Run($"-n {a} route show")));
    }

    [Fact, Pipeline("Get-ContainerNetwork | Remove-ContainerNetwork")]
    public void Get_ContainerNetwork_pipes_into_Remove_ContainerNetwork_in_its_namespace()
    {
        var host = HostWithNetwork();
        var bridge = (string)ps.Run("(Get-ContainerNetwork foo -Namespace $args[0]).BridgeName", host).AssertClean().Output.Single().BaseObject;
        Assert.True(Oracle.HasLink(host, bridge));
        ps.Run("Get-ContainerNetwork foo -Namespace $args[0] | Remove-ContainerNetwork -Confirm:$false", host).AssertClean();
        Assert.False(Oracle.HasLink(host, bridge));
        Assert.Empty(Oracle.NatRules(host));
    }

    [Fact, Pipeline("Get-ContainerNetwork | Get-ContainerEndpoint")]
    public void Get_ContainerNetwork_pipes_into_Get_ContainerEndpoint_listing_its_containers()
    {
        var host = HostWithNetwork();
        string a = _lab.Create("a");
        ps.Run("Connect-ContainerNetwork -Network foo -Namespace $args[0] -NetworkNamespace $args[1] | Out-Null", a, host).AssertClean();
        var listed = ps.Run("Get-ContainerNetwork foo -Namespace $args[0] | Get-ContainerEndpoint", host).AssertClean().Output;
        Assert.Equal(a, (string)listed.Single().Properties["Namespace"].Value);
    }

    [Fact, Pipeline("Get-ContainerEndpoint | Disconnect-ContainerNetwork")]
    public void Get_ContainerEndpoint_pipes_into_Disconnect_ContainerNetwork()
    {
        var host = HostWithNetwork();
        string a = _lab.Create("a"), b = _lab.Create("b");
        ps.Run("Get-NetNamespace -Name $args[0], $args[1] | Connect-ContainerNetwork -Network foo -NetworkNamespace $args[2] | Out-Null", a, b, host).AssertClean();
        ps.Run("Get-ContainerEndpoint -Network foo -NetworkNamespace $args[0] | Disconnect-ContainerNetwork -Confirm:$false", host).AssertClean();
        Assert.False(Oracle.HasLink(a, "eth0"));
        Assert.False(Oracle.HasLink(b, "eth0"));
    }

    [Fact, Pipeline("Connect-ContainerNetwork | Disconnect-ContainerNetwork")]
    public void Connect_ContainerNetwork_pipes_into_Disconnect_ContainerNetwork()
    {
        var host = HostWithNetwork();
        string a = _lab.Create("a");
        ps.Run("Connect-ContainerNetwork -Network foo -Namespace $args[0] -NetworkNamespace $args[1] -Publish 8080:80 | Disconnect-ContainerNetwork -Confirm:$false", a, host).AssertClean();
        Assert.False(Oracle.HasLink(a, "eth0"));
        Assert.DoesNotContain(Oracle.NatRules(host), r => r.Contains("\"dnat\":")); // the dnat statement, not the hairpin masquerade's ct status dnat
    }
}
