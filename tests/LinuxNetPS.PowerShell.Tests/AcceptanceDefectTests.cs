using System.Diagnostics;
using System.Management.Automation;
using LinuxNetPS.PowerShell.Tests.Support;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// The acceptance defects of issue 27 (item 7), each as the user met it: a wrong Watch-NetEvent -Kind, help example 7
/// of Invoke-NetNamespace, Enter-NetNamespace from a script, and the endpoint view at 80 columns. (The capability named
/// for New-NetNamespace without CAP_SYS_ADMIN is in CapabilityAdviceTests of the core.)
/// </summary>
[Collection(EngineCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AcceptanceDefectTests(PowerShellSession ps) : IDisposable
{
    private readonly Lab _lab = new();

    public void Dispose() => _lab.Dispose();

    [Fact]
    public void Watch_NetEvent_with_a_wrong_kind_is_the_documented_InvalidEventKind_before_anything_is_watched()
    {
        var ns = _lab.Create("ev");
        var result = ps.Run("Watch-NetEvent -Kind Link, Bogus -Namespace $args[0] -Timeout 30", ns);
        var error = result.Terminating?.ErrorRecord ?? Assert.Single(result.Errors);
        Assert.Equal("InvalidEventKind,LinuxNetPS.Commands.WatchNetEventCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("Bogus", error.Exception.Message);
        Assert.Contains("Neighbor", error.Exception.Message);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Watch_NetEvent_Kind_still_completes_with_Tab()
    {
        var offered = ps.Run("(TabExpansion2 -inputScript 'Watch-NetEvent -Kind N' -cursorColumn 22).CompletionMatches.CompletionText")
            .AssertClean().Output.Select(o => (string)o.BaseObject).ToList();
        Assert.Equal(["Namespace", "Neighbor"], offered.Order(StringComparer.Ordinal));
    }

    /// <summary>Help example 7, in real pwsh (a child pwsh cannot start from this test host), plus a piped native block.</summary>
    [Fact]
    public void Piped_namespaces_select_where_the_block_runs_and_are_not_its_input()
    {
        var a = _lab.Create("pa");
        var b = _lab.Create("pb");
        Ip.Run($"-n {a} link add only-a0 type bridge");
        Ip.Run($"-n {b} link add only-b0 type bridge");
        var script = Path.Combine(Path.GetTempPath(), $"lps-example7-{Environment.ProcessId}-{Guid.NewGuid():N}.ps1");
        File.WriteAllLines(script,
        [
            "param($a, $b)",
            "$ErrorActionPreference = 'Stop'",
            $"Import-Module '{Repo.Manifest}'",
            "Get-NetNamespace -Name $a, $b | Invoke-NetNamespace { Get-ChildItem /sys/class/net | Select-Object -ExpandProperty Name } | ForEach-Object { 'PS:' + $_ }",
            "Get-NetNamespace -Name $a, $b | Invoke-NetNamespace { @($input).Count } | ForEach-Object { 'INPUT:' + $_ }",
            "Get-NetNamespace -Name $b | Invoke-NetNamespace { ls /sys/class/net } | ForEach-Object { 'NATIVE:' + $_ }",
        ]);
        try
        {
            var (code, stdout, stderr) = Pwsh.RunFile(script, [a, b], TimeSpan.FromMinutes(3));
            Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
            var lines = stdout.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["PS:lo", "PS:lo", "PS:only-a0", "PS:only-b0"], lines.Where(l => l.StartsWith("PS:")).Order(StringComparer.Ordinal));
            Assert.Equal(["INPUT:0", "INPUT:0"], lines.Where(l => l.StartsWith("INPUT:")));
            Assert.Equal(["NATIVE:lo", "NATIVE:only-b0"], lines.Where(l => l.StartsWith("NATIVE:")).Order(StringComparer.Ordinal));
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>
    /// Enter-NetNamespace where no one can type: `pwsh -NonInteractive -c` and `pwsh -c` with output to a pipe. The
    /// documented InteractiveHostRequired comes at once (before, the first never ended and a terminal crashed at exit),
    /// and no pwsh was started in the namespace.
    /// </summary>
    [Theory]
    [InlineData("-NonInteractive", "-c")]
    [InlineData("-c")]
    [InlineData("-NonI", "-Command")]
    public void Enter_NetNamespace_in_a_script_is_InteractiveHostRequired_promptly(params string[] mode)
    {
        var ns = _lab.Create("enter");
        var info = new ProcessStartInfo(Pwsh.Executable) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add("-NoProfile");
        foreach (var m in mode) info.ArgumentList.Add(m);
        info.ArgumentList.Add($"Import-Module '{Repo.Manifest}'; try {{ Enter-NetNamespace {ns} -ErrorAction Stop }} catch {{ 'ID:' + $_.FullyQualifiedErrorId; 'MESSAGE:' + $_.Exception.Message }}; 'END'");
        info.Environment["NO_COLOR"] = "1";
        using var p = Process.Start(info)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"pwsh {string.Join(' ', mode)} with Enter-NetNamespace did not end in 90 s");
        }
        string all = stdout.Result + stderr.Result;
        Assert.Equal(0, p.ExitCode);
        Assert.Contains("ID:InteractiveHostRequired,LinuxNetPS.Commands.EnterNetNamespaceCommand", all);
        Assert.Contains("Invoke-NetNamespace", all);
        Assert.Contains("END", all);
        Assert.DoesNotContain("NullReferenceException", all);
    }

    [Fact]
    public void Enter_NetNamespace_still_reports_a_missing_namespace_as_such()
    {
        var result = ps.Run("Enter-NetNamespace $args[0]", _lab.Ns("nope"));
        var error = result.Terminating?.ErrorRecord ?? Assert.Single(result.Errors);
        Assert.StartsWith("NamespaceNotFound,", error.FullyQualifiedErrorId);
    }

    /// <summary>Get-ContainerEndpoint at 80 columns, in real pwsh: the MAC whole (it was cut to "02:42:ac:12:6…").</summary>
    [Fact]
    public void The_endpoint_view_shows_the_whole_MAC_at_80_columns()
    {
        var script = Path.Combine(Path.GetTempPath(), $"lps-endpoint-view-{Environment.ProcessId}-{Guid.NewGuid():N}.ps1");
        File.WriteAllLines(script,
        [
            $"Import-Module '{Repo.Manifest}'",
            "[LinuxNetPS.Model.ContainerEndpoint]@{ Namespace = 'web-0123456789abcdef'; Network = 'frontend-net0'; Driver = 'bridge';",
            "    InterfaceName = 'eth0'; IPAddress = [ipaddress]'172.18.100.200'; PrefixLength = 24; MacAddress = '02:42:ac:12:64:c8';",
            "    HostInterface = 'veth1a2b3c4d5e6' } | Out-String -Width 80",
        ]);
        try
        {
            var (code, stdout, stderr) = Pwsh.RunFile(script, [], TimeSpan.FromMinutes(2));
            Assert.True(code == 0 && stderr.Trim().Length == 0, $"exit {code}\n{stdout}\n{stderr}");
            var lines = stdout.Split('\n').Select(l => l.TrimEnd()).ToList();
            Assert.All(lines, l => Assert.True(l.Length <= 80, $"wider than 80: '{l}'"));
            Assert.Contains(lines, l => l.Contains("MacAddress"));
            Assert.Contains(lines, l => l.Contains("172.18.100.200/24") && l.Contains("02:42:ac:12:64:c8"));
        }
        finally
        {
            File.Delete(script);
        }
    }
}
