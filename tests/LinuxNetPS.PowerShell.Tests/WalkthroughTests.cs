using LinuxNetPS.PowerShell.Tests.Support;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>Walkthrough 000 (red and green on a bridge) as the pipelines a user types, in the real engine.</summary>
[Collection(EngineCollection.Name)]
public sealed class WalkthroughTests(PowerShellSession ps) : IDisposable
{
    private readonly Lab _lab = new();

    [Fact]
    public void Two_namespaces_on_a_bridge_reach_each_other()
    {
        string hostNs = _lab.Ns("host"), red = _lab.Ns("red"), green = _lab.Ns("green");
        var result = ps.Run("""
            $hostNs, $red, $green = $args
            New-NetNamespace -Name $hostNs, $red, $green | Out-Null
            foreach ($ns in $hostNs, $red, $green) { Set-NetLink -Name lo -Up -Namespace $ns }
            New-NetBridge -Name br0 -Up -Namespace $hostNs | Add-NetAddress -Address 10.10.1.1/16 | Out-Null
            New-VethPair -Name rbveth -PeerName rveth -PeerNamespace $red -Namespace $hostNs -Up | Add-BridgePort -Bridge br0 | Out-Null
            New-VethPair -Name gbveth -PeerName gveth -PeerNamespace $green -Namespace $hostNs -Master br0 -Up | Out-Null
            Add-NetAddress -Address 10.10.1.10/16 -Interface rveth -Namespace $red | Out-Null
            Add-NetAddress -Address 10.10.1.20/16 -Interface gveth -Namespace $green | Out-Null
            foreach ($ns in $red, $green) { Add-NetRoute -Destination default -Gateway 10.10.1.1 -Namespace $ns | Out-Null }
            Invoke-NetNamespace -Namespace $red -FilePath ping -ArgumentList '-c', '1', '-W', '2', '10.10.1.20' | Out-Null
            $redToGreen = $LASTEXITCODE
            Invoke-NetNamespace -Namespace $green -FilePath ping -ArgumentList '-c', '1', '-W', '2', '10.10.1.1' | Out-Null
            $greenToBridge = $LASTEXITCODE
            Invoke-NetNamespace -Namespace $red -FilePath ping -ArgumentList '-c', '1', '-W', '1', '10.10.1.99' | Out-Null
            $redToNobody = $LASTEXITCODE
            $redToGreen, $greenToBridge, $redToNobody
            """, hostNs, red, green).AssertClean();

        Assert.Equal(3, result.Output.Count);
        Assert.Equal(0, (int)result.Output[0].BaseObject);
        Assert.Equal(0, (int)result.Output[1].BaseObject);
        Assert.NotEqual(0, (int)result.Output[2].BaseObject);   // ping exit codes come through $LASTEXITCODE

        var links = Ip.Links(hostNs);
        Assert.Equal("bridge", links["br0"].GetProperty("linkinfo").GetProperty("info_kind").GetString());
        Assert.Equal("br0", links["rbveth"].GetProperty("master").GetString());
        Assert.Equal("br0", links["gbveth"].GetProperty("master").GetString());
        Assert.Contains("10.10.1.1/16", Oracle.Addresses(hostNs, "br0"));
        Assert.Contains("10.10.1.10/16", Oracle.Addresses(red, "rveth"));
        Assert.Contains("10.10.1.20/16", Oracle.Addresses(green, "gveth"));
        var route = Ip.Json(red, "route show default").EnumerateArray().Single();
        Assert.Equal("10.10.1.1", route.GetProperty("gateway").GetString());
        Assert.Equal("rveth", route.GetProperty("dev").GetString());
        Assert.True(Ip.Ping(green, "10.10.1.10"));
    }

    public void Dispose() => _lab.Dispose();
}
