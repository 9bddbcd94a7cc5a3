using LinuxNetPS.PowerShell.Tests.Support;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// Ctrl+C (PowerShell.Stop, which calls StopProcessing) ends the cmdlets that wait on the kernel, even
/// with nothing arriving: their receives wait in short slices and notice the stop.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ObserveStopTests(PowerShellSession ps) : IDisposable
{
    private readonly Lab _lab = new();

    [Theory]
    [InlineData("Watch-NetEvent -Namespace $args[0]")]
    [InlineData("Wait-NetLink -Name nothere -State Present -Timeout 3600 -Namespace $args[0]")]
    [InlineData("Get-NetPacket -Interface lo -Filter 'tcp port 9' -Timeout 3600 -Namespace $args[0]")]
    [InlineData("Get-NetLinkStatistic -Interval 3600 -Namespace $args[0]")]
    public void Stopping_the_pipeline_ends_the_wait(string script)
    {
        var a = _lab.Create("a");
        using var shell = System.Management.Automation.PowerShell.Create(ps.Runspace);
        shell.AddScript(script).AddArgument(a);
        var running = shell.BeginInvoke();
        // Let it reach its wait; the stop must work whenever it comes.
        Thread.Sleep(500);
        Assert.False(running.IsCompleted);
        shell.Stop();
        Assert.True(running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(30)), "the cmdlet did not stop within 30 s");
        Assert.Equal(System.Management.Automation.PSInvocationState.Stopped, shell.InvocationStateInfo.State);
    }

    public void Dispose() => _lab.Dispose();
}
