using LinuxNetPS.Tests.Support;
using LinuxNetPS.PowerShell.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>The connection tracking pipeline of about_LinuxNetPS, executed: exactly the piped entries are deleted (conntrack -L shows it).</summary>
public sealed partial class PipelineTests
{
    [Fact, Pipeline("Get-NetConnectionTracking | Remove-NetConnectionTracking")]
    public void Get_NetConnectionTracking_pipes_into_Remove_NetConnectionTracking()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link set lo up");
        // A NAT rule makes the namespace track its connections; a ping each to two loopback addresses makes two entries.
        ps.Run("Enable-Masquerade -Source 10.7.0.0/16 -Namespace $args[0] -WarningAction Ignore", a).AssertClean();
        foreach (var target in new[] { "127.0.0.1", "127.0.0.2" })
            Ip.Exec("ip", "netns", "exec", a, "ping", "-c", "1", "-W", "2", target);
        Assert.Contains("dst=127.0.0.2", Tracked(a));

        ps.Run("Get-NetConnectionTracking -Protocol icmp -DestinationAddress 127.0.0.2 -Namespace $args[0] | Remove-NetConnectionTracking", a).AssertClean();

        Assert.DoesNotContain("dst=127.0.0.2", Tracked(a));
        Assert.Contains("dst=127.0.0.1", Tracked(a));
    }

    /// <summary>The namespace's conntrack table as conntrack -L prints it.</summary>
    private static string Tracked(string ns) => Ip.Exec("ip", "netns", "exec", ns, "conntrack", "-L").Out;
}
