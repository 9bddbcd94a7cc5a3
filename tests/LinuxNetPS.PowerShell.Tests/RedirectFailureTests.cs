using LinuxNetPS.PowerShell.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// Issue 27, item 2: a redirected stream that cannot be written (a full disk: /dev/full) is reported on the process object
/// (RedirectError), never an unhandled IOException on a pool thread that ends pwsh (exit 134).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class RedirectFailureTests
{
    [Fact]
    public void AFullDisk_UnderRedirectStandardOutput_IsReportedOnTheProcess_AndPwshLivesOn()
    {
        using var lab = new Lab();
        string ns = lab.Create("full");
        string script = Path.Combine(Path.GetTempPath(), $"lps-full-{Guid.NewGuid():N}.ps1");
        File.WriteAllLines(script,
        [
            $"Import-Module '{Repo.Manifest}'",
            $"$p = Start-NetNamespaceProcess '{ns}' -FilePath echo -ArgumentList hi -RedirectStandardOutput /dev/full",
            "$null = $p.WaitForExit(10000)",
            "Start-Sleep 2",
            "'ERROR:' + $p.RedirectError",
            "'still alive'",
        ]);
        try
        {
            var (code, stdout, stderr) = Pwsh.RunFile(script, [], TimeSpan.FromMinutes(1));
            Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
            Assert.Contains("still alive", stdout);
            Assert.Contains("ERROR:Writing the standard output of the program to '/dev/full' failed", stdout);
        }
        finally
        {
            File.Delete(script);
        }
    }
}
