using System.Diagnostics;
using LinuxNetPS.PowerShell.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// What a user without root sees: reading the host's links works (no setns is needed for the
/// namespace the process is already in), and a change is one clear permission error, not a
/// stack trace. Runs the script host as the unprivileged user "nobody" (setpriv, util-linux).
/// </summary>
public class UnprivilegedUserTests
{
    [Fact]
    public void WithoutRoot_ListingTheHostWorks_AndCreatingIsOneClearPermissionError()
    {
        string name = $"lpsnobody{Environment.ProcessId}";
        string script = Path.Combine(Path.GetTempPath(), $"{name}.ps1");
        File.WriteAllText(script, $$"""
            Import-Module '{{Repo.Manifest}}'
            Get-NetLink -Name lo | ForEach-Object { "LINK:" + $_.Name + ":" + $_.Index }
            New-NetNamespace {{name}}
            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        try
        {
            string host = Path.Combine(AppContext.BaseDirectory, "LinuxNetPS.ScriptHost.dll");
            var info = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "env", "HOME=/tmp", "DOTNET_CLI_HOME=/tmp", "NO_COLOR=1", "dotnet", host, script })
                info.ArgumentList.Add(a);
            using var p = Process.Start(info)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            Assert.True(p.WaitForExit(60_000), "the script host did not finish");
            string all = stdout.Result + stderr.Result;

            Assert.Contains("LINK:lo:1", all);
            Assert.Contains("Operation not permitted (EPERM)", all);
            Assert.Contains("root", all);
            Assert.DoesNotContain("   at ", all); // no stack trace
            Assert.False(File.Exists($"/run/netns/{name}"));
        }
        finally
        {
            File.Delete(script);
        }
    }
}
