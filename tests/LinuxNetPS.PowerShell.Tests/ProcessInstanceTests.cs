using LinuxNetPS.PowerShell.Tests.Support;
using Xunit.Abstractions;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// The members of PowerShell's process instance that LinuxNetPS reaches by reflection to open a runspace
/// over a pwsh it started inside a namespace (the private field '_started' above all: no public API of
/// PowerShell 7.4 to 7.6 does the same). tests/ProcessInstanceCheck.ps1 goes through the module's own
/// code and checks that the runspace answers from the process the module started; it runs here in the
/// hosted engine (the System.Management.Automation package this project references) and in real pwsh
/// processes: the one tools/bootstrap.sh restores, plus every executable listed in LINUXNETPS_EXTRA_PWSH
/// (separated by ':'), e.g. a 7.6.10 from `dotnet tool install PowerShell --version 7.6.10 --tool-path DIR`.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ProcessInstanceTests(PowerShellSession ps, ITestOutputHelper log)
{
    private static string Check => Repo.Path("tests", "ProcessInstanceCheck.ps1");

    [Fact]
    public void The_hosted_engine_opens_the_runspace_over_the_pwsh_the_module_started()
    {
        // The hosted engine's $PSHOME has no pwsh: the instance is pointed at the real one.
        var result = ps.Run("& $args[0] -PwshPath $args[1]", Check, Pwsh.Executable).AssertClean();
        var line = Assert.Single(result.Output).ToString();
        var version = ps.Run("$PSVersionTable.PSVersion.ToString()").AssertClean().Output.Single().ToString();
        Assert.StartsWith($"OK {version} ", line);
        log.WriteLine($"hosted engine: {line}");
    }

    [Fact]
    public void Every_real_pwsh_opens_the_runspace_over_the_pwsh_the_module_started()
    {
        var extra = (Environment.GetEnvironmentVariable("LINUXNETPS_EXTRA_PWSH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var pwsh in new[] { Pwsh.Executable }.Concat(extra))
        {
            Assert.True(File.Exists(pwsh), $"LINUXNETPS_EXTRA_PWSH names '{pwsh}', which does not exist");
            var (code, output, errors) = Pwsh.RunFile(Check, ["-Manifest", Repo.Manifest], TimeSpan.FromMinutes(2), executable: pwsh);
            Assert.True(code == 0 && errors.Trim().Length == 0, $"{pwsh} failed the check ({code}):\n{output}\n{errors}");
            var line = output.Trim();
            Assert.StartsWith("OK ", line);
            log.WriteLine($"{pwsh}: {line}");
        }
    }
}
