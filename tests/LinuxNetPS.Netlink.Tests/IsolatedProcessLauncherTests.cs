using System.Diagnostics;
using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

/// <summary>
/// IsolatedProcessLauncher: a child started in a namespace is there with `ip netns exec`'s mount
/// semantics (/sys of the namespace, /etc/netns/NAME over /etc), nothing of it leaks back (no
/// thread of this process is left in the namespace or another mount namespace, the host's mounts
/// are untouched), and background children start with SIGINT blocked.
/// </summary>
public sealed class IsolatedProcessLauncherTests
{
    private static string Link(string path) => new FileInfo(path).LinkTarget!;

    private static (int ExitCode, string Output) Run(string ns, params string[] argv)
    {
        var info = new ProcessStartInfo(ProgramPath.Resolve(argv[0], "/", Environment.GetEnvironmentVariable("PATH"))) { RedirectStandardOutput = true };
        foreach (var a in argv.Skip(1)) info.ArgumentList.Add(a);
        using var p = IsolatedProcessLauncher.Start(NamespaceRef.Parse(ns), info);
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    [Fact]
    public void Child_is_in_the_namespace_and_in_its_own_mount_namespace_with_the_namespaces_sys()
    {
        using var lab = new Lab();
        var ns = lab.Create("iso");
        Ip.Run($"-n {ns} link add {lab.Prefix}b type bridge");
        var inode = NetworkNamespaces.Get(NamespaceRef.Parse(ns)).Inode;

        var (code, output) = Run(ns, "sh", "-c", "readlink /proc/self/ns/net; readlink /proc/self/ns/mnt; ls /sys/class/net");
        Assert.Equal(0, code);
        var lines = output.Trim().Split('\n');
        Assert.Equal($"net:[{inode}]", lines[0]);
        Assert.NotEqual(Link("/proc/self/ns/mnt"), lines[1]);
        Assert.Equal(new[] { $"{lab.Prefix}b", "lo" }, lines.Skip(2).Order(StringComparer.Ordinal));
        // The host's /sys is still the host's.
        Assert.False(Directory.Exists($"/sys/class/net/{lab.Prefix}b"));
    }

    [Fact]
    public void Files_in_etc_netns_NAME_are_seen_over_etc_and_the_host_file_is_unchanged()
    {
        using var lab = new Lab();
        var ns = lab.Create("etc");
        var folder = Path.Combine("/etc/netns", ns);
        Directory.CreateDirectory(folder);
        int HostMountsOnEtcHosts() => File.ReadAllLines("/proc/self/mountinfo").Count(l => l.Split(' ')[4] == "/etc/hosts");
        int before = HostMountsOnEtcHosts();
        try
        {
            File.WriteAllText(Path.Combine(folder, "hosts"), $"127.0.0.1 only-in-{ns}\n");
            var (code, output) = Run(ns, "cat", "/etc/hosts");
            Assert.Equal(0, code);
            Assert.Equal($"127.0.0.1 only-in-{ns}\n", output);
            Assert.DoesNotContain($"only-in-{ns}", File.ReadAllText("/etc/hosts"));
            Assert.Equal(before, HostMountsOnEtcHosts());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void No_thread_of_this_process_is_left_in_the_namespace_or_another_mount_namespace()
    {
        using var lab = new Lab();
        var ns = lab.Create("threads");
        var target = $"net:[{NetworkNamespaces.Get(NamespaceRef.Parse(ns)).Inode}]";
        var ownMount = Link("/proc/self/ns/mnt");
        for (int i = 0; i < 3; i++) Assert.Equal(0, Run(ns, "true").ExitCode);

        // Exit notification, output readers, thread-pool work: all happened by now.
        var threads = Directory.GetDirectories("/proc/self/task")
            .Select(t => (Net: TryLink($"{t}/ns/net"), Mnt: TryLink($"{t}/ns/mnt")))
            .Where(t => t.Net is not null)
            .ToList();
        Assert.True(threads.Count > 1);
        Assert.DoesNotContain(threads, t => t.Net == target);
        Assert.DoesNotContain(threads, t => t.Mnt != ownMount);
    }

    [Fact]
    public void A_background_child_starts_with_SIGINT_and_SIGQUIT_blocked_a_foreground_one_does_not()
    {
        using var lab = new Lab();
        var ns = lab.Create("sig");
        var sleep = ProgramPath.Resolve("sleep", "/", Environment.GetEnvironmentVariable("PATH"));
        using var background = IsolatedProcessLauncher.Start(NamespaceRef.Parse(ns), new ProcessStartInfo(sleep, "30"), background: true);
        using var foreground = IsolatedProcessLauncher.Start(NamespaceRef.Parse(ns), new ProcessStartInfo(sleep, "30"));
        try
        {
            const ulong IntAndQuit = (1UL << (2 - 1)) | (1UL << (3 - 1));
            Assert.Equal(IntAndQuit, BlockedSignals(background.Id) & IntAndQuit);
            Assert.Equal(0UL, BlockedSignals(foreground.Id) & IntAndQuit);
        }
        finally
        {
            background.Kill();
            foreground.Kill();
        }
    }

    [Fact]
    public void Bad_input_is_refused_before_anything_starts()
    {
        using var lab = new Lab();
        var ns = lab.Create("bad");
        var relative = Assert.Throws<NetOperationException>(() =>
            IsolatedProcessLauncher.Start(NamespaceRef.Parse(ns), new ProcessStartInfo("true")));
        Assert.Equal(NetErrorKind.InvalidArgument, relative.Kind);

        var missing = Assert.Throws<NetOperationException>(() =>
            IsolatedProcessLauncher.Start(NamespaceRef.Parse(lab.Ns("missing")), new ProcessStartInfo("/bin/true")));
        Assert.Equal(NetErrorKind.NotFound, missing.Kind);
        Assert.Contains(lab.Ns("missing"), missing.Message);
    }

    [Fact]
    public void Starting_from_a_thread_that_is_in_another_namespace_is_refused()
    {
        using var lab = new Lab();
        var ns = lab.Create("from");
        var e = Assert.Throws<NetOperationException>(() => NetworkNamespaces.Run(NamespaceRef.Parse(ns),
            () => IsolatedProcessLauncher.Start(NamespaceRef.Parse(ns), new ProcessStartInfo("/bin/true"))));
        Assert.Contains("from a thread that is itself in another namespace", e.Message);
    }

    [Fact]
    public void ThreadCensus_finds_a_thread_created_while_a_thread_was_inside_a_namespace()
    {
        using var lab = new Lab();
        var ns = lab.Create("census");
        var inode = NetworkNamespaces.Get(NamespaceRef.Parse(ns)).Inode;
        using var release = new ManualResetEventSlim();
        int tid = 0;
        using var started = new ManualResetEventSlim();
        var thread = NetworkNamespaces.Run(NamespaceRef.Parse(ns), () =>
        {
            var t = new Thread(() => { tid = int.Parse(Path.GetFileName(new FileInfo("/proc/thread-self").LinkTarget!)); /* "PID/task/TID" */ started.Set(); release.Wait(); }) { IsBackground = true };
            t.Start();
            return t;
        });
        started.Wait();
        Assert.Contains(tid, ThreadCensus.ThreadsIn(inode));
        Assert.True(ThreadCensus.CallingThreadIsHome());
        release.Set();
        thread.Join();
        // Join returns when the managed thread is done; the kernel task goes a moment later.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (ThreadCensus.ThreadsIn(inode).Contains(tid) && DateTime.UtcNow < deadline) Thread.Sleep(10);
        Assert.DoesNotContain(tid, ThreadCensus.ThreadsIn(inode));
    }

    private static string? TryLink(string path)
    {
        try { return Link(path); }
        catch (IOException) { return null; } // the thread ended meanwhile
    }

    private static ulong BlockedSignals(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("SigBlk:", StringComparison.Ordinal));
        return Convert.ToUInt64(line["SigBlk:".Length..].Trim(), 16);
    }
}

/// <summary>ProgramPath: a bare name is found in PATH only, never in the current directory; paths are checked.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ProgramPathTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lnt-programpath-").FullName;

    private string Plant(string name, bool executable)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, "#!/bin/sh\necho planted\n");
        if (executable) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public void A_bare_name_comes_from_PATH_not_from_the_working_directory()
    {
        Plant("ip", executable: true);
        var found = ProgramPath.Resolve("ip", _dir, "/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin");
        Assert.NotEqual(Path.Combine(_dir, "ip"), found);
        Assert.True(Path.IsPathRooted(found));
        Assert.EndsWith("/ip", found);
    }

    [Fact]
    public void Empty_and_relative_PATH_entries_are_skipped()
    {
        Plant("only-here", executable: true);
        var e = Assert.Throws<NetOperationException>(() => ProgramPath.Resolve("only-here", _dir, ":.:relative"));
        Assert.Equal(NetErrorKind.NotFound, e.Kind);
        Assert.Contains("./only-here", e.Message);
    }

    [Fact]
    public void Explicit_paths_are_resolved_against_the_working_directory()
    {
        var planted = Plant("tool", executable: true);
        Assert.Equal(planted, ProgramPath.Resolve("./tool", _dir, "/usr/bin"));
        Assert.Equal(planted, ProgramPath.Resolve(planted, "/", "/usr/bin"));
    }

    [Theory]
    [InlineData("./missing", NetErrorKind.NotFound, "does not exist")]
    [InlineData("./notexec", NetErrorKind.InvalidArgument, "not executable")]
    [InlineData("./sub", NetErrorKind.InvalidArgument, "is a directory")]
    [InlineData("", NetErrorKind.InvalidArgument, "cannot be empty")]
    public void Bad_programs_are_refused_with_a_clear_error(string given, NetErrorKind kind, string message)
    {
        Plant("notexec", executable: false);
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        var e = Assert.Throws<NetOperationException>(() => ProgramPath.Resolve(given, _dir, "/usr/bin"));
        Assert.Equal(kind, e.Kind);
        Assert.Contains(message, e.Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
