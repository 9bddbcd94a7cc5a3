using LinuxNetPS.PowerShell.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// Issue 27, item 9: pwsh run as `dotnet pwsh.dll` (as a .NET global tool may run it), where (Get-Process -Id $PID).Path is
/// dotnet and $PSHOME has no pwsh apphost: the test helpers' Get-PwshCommand and the module's isolated Invoke-NetNamespace
/// both start a working child pwsh.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class DotnetHostedPwshTests
{
    [Fact]
    public void UnderDotnetPwshDll_WithoutAnAppHost_ChildPwshStarts_ForTheTestsAndForInvokeNetNamespace()
    {
        using var lab = new Lab();
        string ns = lab.Create("dh");
        string home = Directory.CreateTempSubdirectory("lps-pwshhome-").FullName;
        try
        {
            foreach (var dir in Directory.GetDirectories(Pwsh.Home, "*", SearchOption.AllDirectories))
                Directory.CreateDirectory(Path.Combine(home, Path.GetRelativePath(Pwsh.Home, dir)));
            foreach (var file in Directory.GetFiles(Pwsh.Home, "*", SearchOption.AllDirectories))
                if (Path.GetRelativePath(Pwsh.Home, file) != "pwsh") File.Copy(file, Path.Combine(home, Path.GetRelativePath(Pwsh.Home, file)));
            string script = Path.Combine(home, "check.ps1");
            File.WriteAllLines(script,
            [
                $". '{Repo.Path("tests", "TestHelpers.ps1")}'",
                "'HOSTPATH:' + (Get-Process -Id $PID).Path",
                "$p = Get-PwshCommand",
                "& $p.Path @($p.Arguments) -NoProfile -NonInteractive -Command '''CHILD:'' + $PSVersionTable.PSVersion.Major'",
                $"Import-Module '{Repo.Manifest}'",
                $"Invoke-NetNamespace '{ns}' {{ 'INNS:' + $env:LINUXNETPS_NAMESPACE }}",
            ]);
            var (_, stdout, stderr) = Pwsh.RunFile(script, [], TimeSpan.FromMinutes(2), executable: "dotnet", prefix: [Path.Combine(home, "pwsh.dll")]);
            Assert.Contains("HOSTPATH:", stdout);
            Assert.Matches(@"HOSTPATH:\S*dotnet\s", stdout); // what the old tests started
            Assert.Contains("CHILD:7", stdout);
            Assert.True(stdout.Contains($"INNS:{ns}"), stdout + stderr);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
