using LinuxNetPS.PowerShell.Tests.Support;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// Issue 27, item 1: root's state under /run/linuxnetps (here a temp folder, LINUXNETPS_STATE_DIR) in real pwsh started
/// with umask 000: folders 0755 and records 0644, so the unprivileged user "nobody" cannot plant or change a record; a junk
/// record is a warning, not a broken Get-NetLab; a folder others can write in is refused with UnsafeStateDirectory.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class StateDirectoryTests
{
    [Fact]
    public void UnderUmask000_TheStateIs0755And0644_NobodyCannotWriteThere_JunkIsAWarning_AndAnOpenFolderIsRefused()
    {
        using var lab = new Lab();
        string root = Directory.CreateTempSubdirectory("lps-state-").FullName;
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101); // nobody may look, as in /run
        string state = Path.Combine(root, "state");
        string labs = Path.Combine(state, "labs"), networks = Path.Combine(state, "networks");
        try
        {
            string definition = Path.Combine(root, "lab.json");
            File.WriteAllText(definition, """{ "Nodes": { "a": {}, "b": {} }, "Links": [ { "Endpoints": [ "a:eth0", "b:eth0" ] } ] }""");
            string first = Script(root, "first.ps1", state,
                $"$null = New-NetNamespace '{lab.Ns("host")}'",
                $"$null = New-ContainerNetwork web -Namespace '{lab.Ns("host")}'",
                $"$null = New-NetLab -Path '{definition}' -Name '{lab.Prefix}' -Prefix '{lab.Prefix}-'",
                "'DONE'");
            var (_, stdout, stderr) = Pwsh.RunFile(first, [], TimeSpan.FromMinutes(2), executable: "sh",
                prefix: ["-c", "umask 000; exec \"$0\" \"$@\"", Pwsh.Executable]);
            Assert.True(stdout.Contains("DONE"), stdout + stderr);

            const UnixFileMode Dir0755 = (UnixFileMode)0b111_101_101, File0644 = (UnixFileMode)0b110_100_100;
            foreach (var dir in new[] { state, labs, networks }) Assert.Equal(Dir0755, File.GetUnixFileMode(dir));
            var files = Directory.GetFiles(labs).Concat(Directory.GetFiles(networks)).ToList();
            Assert.Contains(files, f => f.EndsWith($"{lab.Prefix}.json", StringComparison.Ordinal));
            Assert.Contains(files, f => Path.GetFileName(f).StartsWith("netns-", StringComparison.Ordinal) && f.EndsWith(".json", StringComparison.Ordinal));
            foreach (var f in files) Assert.Equal(File0644, File.GetUnixFileMode(f));

            // What a local user would try: plant a record, change one, replace the lock.
            foreach (var attack in new[] { $"echo x > {labs}/evil.json", $"echo x >> {labs}/{lab.Prefix}.json", $"ln -sf /etc/passwd {labs}/.lock" })
            {
                var (code, _, _) = Ip.Exec("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sh", "-c", attack);
                Assert.NotEqual(0, code);
            }
            Assert.False(File.Exists(Path.Combine(labs, "evil.json")));

            // Junk (as root could leave it): a warning naming the file, the other labs still listed.
            File.WriteAllText(Path.Combine(labs, "x.json"), "not a record");
            string second = Script(root, "second.ps1", state,
                "Get-NetLab 3>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.WarningRecord]) { 'WARN:' + $_.Message } else { 'LAB:' + $_.Lab } }");
            (_, stdout, stderr) = Pwsh.RunFile(second, [], TimeSpan.FromMinutes(1));
            Assert.Contains($"LAB:{lab.Prefix}", stdout);
            Assert.Contains("WARN:The lab record " + Path.Combine(labs, "x.json"), stdout);

            // A folder others may write in: refused, with its id, before anything in it is read.
            File.SetUnixFileMode(labs, (UnixFileMode)0b111_111_111);
            string third = Script(root, "third.ps1", state,
                "try { Get-NetLab -ErrorAction Stop } catch { 'ID:' + $_.FullyQualifiedErrorId; 'MESSAGE:' + $_.Exception.Message }");
            (_, stdout, stderr) = Pwsh.RunFile(third, [], TimeSpan.FromMinutes(1));
            Assert.Contains("ID:UnsafeStateDirectory,", stdout);
            Assert.Contains("group or others may write", stdout);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Script(string root, string name, string state, params string[] lines)
    {
        string path = Path.Combine(root, name);
        File.WriteAllLines(path, [$"$env:LINUXNETPS_STATE_DIR = '{state}'", $"Import-Module '{Repo.Manifest}'", .. lines]);
        return path;
    }
}
