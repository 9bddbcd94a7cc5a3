using System.Diagnostics;
using LinuxNetPS.PowerShell.Tests.Support;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// What a user without root sees: reading the host's links works (no setns is needed for the
/// namespace the process is already in), and a change is one clear permission error, not a
/// stack trace. Runs the script host as the unprivileged user "nobody" (setpriv, util-linux).
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
        // The checkout may sit where "nobody" cannot read (e.g. under /root): copy the script host
        // and the built module to a world-readable folder first.
        string root = Path.Combine("/tmp", name);
        try
        {
            CopyTree(AppContext.BaseDirectory, Path.Combine(root, "host"));
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

            var info = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "env", "HOME=/tmp", "DOTNET_CLI_HOME=/tmp", "NO_COLOR=1",
                         "dotnet", Path.Combine(root, "host", "LinuxNetPS.ScriptHost.dll"), script })
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
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// A veth whose peer is in a namespace this user may not look into: the link is listed with its peer left empty
    /// (as `ip -br link` shows it), not a PermissionDenied that stops the listing. The script host runs as "nobody"
    /// inside a lab namespace (ip netns exec), where that namespace is its own, readable without privileges.
    /// </summary>
    [Fact]
    public void WithoutRoot_AVethWhosePeerIsElsewhere_IsListedWithAnEmptyPeer()
    {
        using var lab = new Lab();
        var here = lab.Create("uhere");
        var there = lab.Create("uthere");
        Ip.Run($"-n {here} link add uv0 type veth peer name uv1 netns {there}");
        string root = Path.Combine("/tmp", $"lpsnobody{Environment.ProcessId}peer");
        try
        {
            CopyTree(AppContext.BaseDirectory, Path.Combine(root, "host"));
            CopyTree(Path.GetDirectoryName(Repo.Manifest)!, Path.Combine(root, "LinuxNetPS"));
            string script = Path.Combine(root, "script.ps1");
            File.WriteAllLines(script,
            [
                $"Import-Module '{Path.Combine(root, "LinuxNetPS", "LinuxNetPS.psd1")}'",
                "Get-NetLink | ForEach-Object { 'LINK:' + $_.Name + ':' + $_.Kind + ':[' + $_.PeerName + ']' }",
            ]);
            File.SetUnixFileMode(script, ReadableFile);
            var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "netns", "exec", here, "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "env", "HOME=/tmp",
                         "DOTNET_CLI_HOME=/tmp", "NO_COLOR=1", "dotnet", Path.Combine(root, "host", "LinuxNetPS.ScriptHost.dll"), script })
                info.ArgumentList.Add(a);
            using var p = Process.Start(info)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            Assert.True(p.WaitForExit(60_000), "the script host did not finish");
            string all = stdout.Result + stderr.Result;

            Assert.Contains("LINK:lo:", all);
            Assert.Contains("LINK:uv0:veth:[]", all);
            Assert.DoesNotContain("PermissionDenied", all);
            Assert.DoesNotContain("Cannot find veth peer", all);
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
            File.SetUnixFileMode(target, ReadableFile);
        }
    }
}
