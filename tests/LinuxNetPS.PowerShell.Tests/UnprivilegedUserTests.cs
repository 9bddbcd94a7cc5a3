using System.Diagnostics;
using LinuxNetPS.PowerShell.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// What a user without root sees: reading the host's links works (no setns is needed for the
/// namespace the process is already in), and a change is one clear permission error, not a
/// stack trace. Runs real pwsh as the unprivileged user "nobody" (setpriv, util-linux).
/// </summary>
public class UnprivilegedUserTests
{
    private const UnixFileMode ReadableDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode ReadableFile = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [Fact]
    public void WithoutRoot_ListingTheHostWorks_AndCreatingIsOneClearPermissionError()
    {
        string name = $"lpsnobody{Environment.ProcessId}";
        // The checkout and the NuGet cache may sit where "nobody" cannot read (e.g. under /root):
        // copy pwsh and the built module to a world-readable folder first.
        string root = Path.Combine("/tmp", name);
        try
        {
            CopyTree(Pwsh.Home, Path.Combine(root, "pwsh"));
            File.SetUnixFileMode(Path.Combine(root, "pwsh", "pwsh"), ReadableFile | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            CopyTree(Path.GetDirectoryName(Repo.Manifest)!, Path.Combine(root, "LinuxNetPS"));
            string script = Path.Combine(root, "script.ps1");
            string manifest = Path.Combine(root, "LinuxNetPS", "LinuxNetPS.psd1");
            File.WriteAllLines(script,
            [
                $"Import-Module '{manifest}'",
                "Get-NetLink -Name lo | ForEach-Object { 'LINK:' + $_.Name + ':' + $_.Index }",
                $"New-NetNamespace {name}",
            ]);
            File.SetUnixFileMode(script, ReadableFile);

            var (_, stdout, stderr) = Pwsh.RunFile(script, [], TimeSpan.FromMinutes(1), executable: "setpriv",
                prefix: ["--reuid=65534", "--regid=65534", "--clear-groups", "env", "HOME=/tmp", "NO_COLOR=1", Path.Combine(root, "pwsh", "pwsh")]);
            string all = stdout + stderr;

            Assert.Contains("LINK:lo:1", all);
            Assert.Contains("Operation not permitted (EPERM)", all);
            Assert.Contains("root", all);
            Assert.DoesNotContain("   at ", all); // no stack trace
            Assert.False(File.Exists($"/run/netns/{name}"));
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// A user with CAP_NET_ADMIN but not CAP_SYS_ADMIN (ambient capability, as a service account might have) can
    /// change the host's links but cannot enter another namespace: the message names the namespace and the
    /// capability that is really missing, and says which one the process has.
    /// </summary>
    [Fact]
    public void With_CAP_NET_ADMIN_only_entering_a_namespace_names_it_and_asks_for_CAP_SYS_ADMIN()
    {
        using var lab = new Support.Lab();
        string ns = lab.Create("caps");
        string name = $"lpscaps{Environment.ProcessId}";
        string root = Path.Combine("/tmp", name);
        try
        {
            CopyTree(AppContext.BaseDirectory, Path.Combine(root, "host"));
            CopyTree(Path.GetDirectoryName(Repo.Manifest)!, Path.Combine(root, "LinuxNetPS"));
            string script = Path.Combine(root, "script.ps1");
            File.WriteAllLines(script,
            [
                $"Import-Module '{Path.Combine(root, "LinuxNetPS", "LinuxNetPS.psd1")}'",
                $"try {{ Get-NetLink -Namespace '{ns}' -ErrorAction Stop }} catch {{ 'ID:' + $_.FullyQualifiedErrorId; 'MESSAGE:' + $_.Exception.Message; 'ACTION:' + $_.ErrorDetails.RecommendedAction }}",
            ]);
            File.SetUnixFileMode(script, ReadableFile);

            var info = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=+net_admin", "--ambient-caps=+net_admin",
                         "env", "HOME=/tmp", "DOTNET_CLI_HOME=/tmp", "NO_COLOR=1", "dotnet", Path.Combine(root, "host", "LinuxNetPS.ScriptHost.dll"), script })
                info.ArgumentList.Add(a);
            using var p = Process.Start(info)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            Assert.True(p.WaitForExit(60_000), "the script host did not finish");
            string all = stdout.Result + stderr.Result;

            Assert.Contains($"Cannot enter network namespace '{ns}'", all);
            Assert.Contains("has CAP_NET_ADMIN but not CAP_SYS_ADMIN", all);
            Assert.Contains("ACTION:Run PowerShell as root (sudo pwsh) or give it CAP_SYS_ADMIN.", all);
            Assert.Contains("ID:PermissionDenied,", all);
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Copies a folder tree with every folder and file readable by everyone.</summary>
    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to, ReadableDirectory);
        File.SetUnixFileMode(Path.GetDirectoryName(to)!, ReadableDirectory);
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)), ReadableDirectory);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            File.Copy(file, target, overwrite: true);
            // Keep execute bits (pwsh itself, native libraries), add read for everyone.
            File.SetUnixFileMode(target, File.GetUnixFileMode(file) | ReadableFile);
        }
    }
}
