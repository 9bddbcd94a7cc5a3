using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using System.Text;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Support;

/// <summary>
/// Warm child pwsh processes for Invoke-NetNamespace's script blocks: the first call into a namespace
/// starts one (as before, through the namespace launcher); later calls from the same console into the
/// same namespace reuse it, each with fresh runspace state.
/// </summary>
/// <remarks>
/// Fresh state per call is PowerShell's own Runspace.ResetRunspaceState (sent over the remoting protocol:
/// the variable table goes back to the initial session state's, preference variables included), plus
/// what it leaves alone, put back here: the location, strict mode, Set-PSDebug, $Error. This settling happens after the
/// call has returned its output, off the caller's critical path: the child stays taken until it is done, and the next
/// call into the namespace waits for it (so it is never skipped, only overlapped with what the caller does between
/// calls). Everything else a
/// block can change that would outlive it is compared after every call with what the child had when it
/// was new: functions and aliases (names and definitions), environment variables, loaded modules, drives,
/// jobs, runspaces, event subscribers, in-memory and dynamic assemblies (Add-Type, classes), the language
/// mode. If any differs, or the call was stopped or failed, the child is ended instead of reused: a later
/// call never sees what an earlier one left.
///
/// A child is reused only for the same namespace (by inode, so a namespace deleted and made again under
/// the same name gets a new one), the same /etc/netns/NAME files (names, sizes, times), the same
/// environment of this process and the same host (the console the child writes to). It is ended by
/// Remove-NetNamespace of its namespace, after <see cref="IdleTimeout"/> without a call, when the module
/// is removed, and when this process exits (its standard input closes then too, which ends it on its own).
/// </remarks>
internal static class WarmChildren
{
    /// <summary>How long an unused child is kept; LINUXNETPS_WARM_IDLE_SECONDS overrides it (0: never reuse).</summary>
    public static TimeSpan IdleTimeout =>
        int.TryParse(Environment.GetEnvironmentVariable("LINUXNETPS_WARM_IDLE_SECONDS"), out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs after ResetRunspaceState: puts back the state it keeps, then fingerprints what it cannot put back; $args[0]
    /// is the location. Engine APIs rather than cmdlets where there is one, and member enumeration (`$f.Name`, done by
    /// the engine) rather than a script loop over the functions and aliases: this runs after every call. Invoked with
    /// `&amp;`, so its own variables end with it.
    /// </summary>
    private const string SettleBody = """
        $ErrorActionPreference = 'Stop'
        $null = $ExecutionContext.SessionState.Path.SetLocation([System.Management.Automation.WildcardPattern]::Escape($args[0]))
        Microsoft.PowerShell.Core\Set-StrictMode -Off
        Microsoft.PowerShell.Core\Set-PSDebug -Off
        $global:Error.Clear()
        $k = [System.Text.StringBuilder]::new()
        $f = $ExecutionContext.InvokeProvider.ChildItem.Get('function:', $false)
        $a = $ExecutionContext.InvokeProvider.ChildItem.Get('alias:', $false)
        $null = $k.Append($f.Name -join "`n").Append("`n").Append($f.Definition -join "`n").Append("`n").Append($a.Name -join "`n").Append("`n").Append($a.Definition -join "`n").Append("`n")
        foreach ($i in [Environment]::GetEnvironmentVariables().GetEnumerator()) { $null = $k.Append($i.Key).Append('=').Append($i.Value).Append("`n") }
        foreach ($i in Microsoft.PowerShell.Core\Get-Module) { $null = $k.Append($i.Path).Append(' ').Append($i.Version).Append("`n") }
        foreach ($i in $ExecutionContext.SessionState.Drive.GetAll()) { $null = $k.Append($i.Name).Append(' ').Append($i.Root).Append("`n") }
        $null = $k.Append('jobs ').Append(@(Microsoft.PowerShell.Core\Get-Job).Count).Append("`n")
        $null = $k.Append('runspaces ').Append(@(Microsoft.PowerShell.Utility\Get-Runspace).Count).Append("`n")
        $null = $k.Append('events ').Append(@(Microsoft.PowerShell.Utility\Get-EventSubscriber -Force).Count).Append("`n")
        $n = 0
        foreach ($a in [AppDomain]::CurrentDomain.GetAssemblies()) { if ($a.IsDynamic -or -not $a.Location) { $n++ } }
        $null = $k.Append('assemblies ').Append($n).Append("`n")
        $null = $k.Append('language ').Append($ExecutionContext.SessionState.LanguageMode)
        $k.ToString().GetHashCode()
        """;

    /// <summary>Where the child keeps the compiled settle block: not a variable (reset clears those) nor a function (a block would see it).</summary>
    private const string SettleSlot = "LinuxNetPS.WarmChild.Settle";

    /// <summary>
    /// Loads the modules nearly every block loads on first use (so loading them is not a change) and keeps the settle
    /// block compiled: sent as text after every call it would be parsed and interpreted anew each time (about 3x the cost).
    /// </summary>
    private const string WarmUpScript =
        "Microsoft.PowerShell.Core\\Import-Module Microsoft.PowerShell.Utility, Microsoft.PowerShell.Management\n" +
        "[AppDomain]::CurrentDomain.SetData('" + SettleSlot + "', {\n" + SettleBody + "\n})";

    private const string SettleScript = "& ([AppDomain]::CurrentDomain.GetData('" + SettleSlot + "')) $args[0]";

    private static readonly object Gate = new();
    private static readonly List<Child> All = [];
    private static int _exitHookRegistered;

    /// <summary>One child pwsh, its runspace and the PSSession that Invoke-Command runs blocks in.</summary>
    internal sealed class Child
    {
        internal Child(Key key, Runspace runspace, PSSession session, string location)
        {
            Key = key;
            Runspace = runspace;
            Session = session;
            Location = location;
        }

        public Key Key { get; }
        public Runspace Runspace { get; }
        public PSSession Session { get; }
        public string Location { get; set; }
        public int Baseline { get; set; }
        public bool InUse { get; set; }
        public bool Doomed { get; set; }
        public Timer? IdleTimer { get; set; }
        public int Calls { get; set; }

        /// <summary>The settling after the last call while it runs (the child is InUse until it ends), else null.</summary>
        public Task? Settling { get; set; }
    }

    /// <summary>What a child must share with a call to be reused for it.</summary>
    internal sealed record Key(ulong Inode, string? Name, string Etc, int Environment, PSHost Host)
    {
        public bool Equals(Key? other) => other is not null && Inode == other.Inode && Name == other.Name && Etc == other.Etc
            && Environment == other.Environment && ReferenceEquals(Host, other.Host);

        public override int GetHashCode() => HashCode.Combine(Inode, Name, Etc, Environment, System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Host));
    }

    /// <summary>A child for a call into <paramref name="ns"/>: an idle warm one with the same key, or a new one.</summary>
    public static Child Take(NamespaceRef ns, string workingDirectory, PSHost host)
    {
        var key = KeyFor(ns, host);
        if (IdleTimeout > TimeSpan.Zero)
        {
            // A child still settling after the previous call becomes idle (or is ended) when that is done: wait for it.
            Task? settling;
            lock (Gate) settling = All.FirstOrDefault(c => c.Settling is not null && !c.Doomed && c.Key.Equals(key))?.Settling;
            settling?.Wait();
            Child? warm;
            lock (Gate)
            {
                warm = All.FirstOrDefault(c => !c.InUse && !c.Doomed && c.Key.Equals(key));
                if (warm is not null)
                {
                    warm.InUse = true;
                    warm.IdleTimer?.Dispose();
                    warm.IdleTimer = null;
                }
            }
            if (warm is not null)
            {
                if (warm.Runspace.RunspaceStateInfo.State == RunspaceState.Opened && TryMoveTo(warm, workingDirectory)) return warm;
                End(warm);
            }
        }
        return Start(ns, key, workingDirectory, host);
    }

    /// <summary>
    /// After a call: a child whose call ended normally is settled in the background (state reset, then compared
    /// with its state when new) and kept for the next call if it is back to new; any other is ended.
    /// </summary>
    public static void Return(Child child, bool completed)
    {
        child.Calls++;
        if (!completed || child.Doomed || IdleTimeout <= TimeSpan.Zero)
        {
            End(child);
            return;
        }
        lock (Gate) child.Settling = Task.Run(() => Settle(child));
    }

    /// <summary>Runs on the thread pool after a call: the child becomes idle if its state is back to new, else it is ended.</summary>
    private static void Settle(Child child)
    {
        bool clean;
        try
        {
            clean = TrySettle(child, out var fingerprint) && fingerprint == child.Baseline;
        }
        catch (Exception)
        {
            clean = false; // nothing may escape a thread-pool task; the child is simply not reused
        }
        lock (Gate) child.Settling = null;
        if (!clean)
        {
            End(child);
            return;
        }
        lock (Gate)
        {
            if (child.Doomed)
            {
                child.InUse = false;
            }
            else
            {
                child.InUse = false;
                child.IdleTimer = new Timer(_ => EndIfIdle(child), null, IdleTimeout, Timeout.InfiniteTimeSpan);
                return;
            }
        }
        End(child);
    }

    /// <summary>Ends the children in the namespaces named <paramref name="names"/> or with inodes <paramref name="inodes"/> (Remove-NetNamespace): idle ones now, busy ones when their call and its settling end.</summary>
    public static void EndIn(IReadOnlyCollection<string> names, IReadOnlyCollection<ulong> inodes)
    {
        List<Child> idle;
        lock (Gate)
        {
            if (All.Count == 0) return;
            var matching = All.Where(c => (c.Key.Name is { } n && names.Contains(n)) || inodes.Contains(c.Key.Inode)).ToList();
            foreach (var c in matching) c.Doomed = true;
            idle = matching.Where(c => !c.InUse).ToList();
        }
        foreach (var c in idle) End(c);
    }

    /// <summary>Ends every idle child (module removal, process exit); busy ones end when their call returns.</summary>
    public static void EndAll()
    {
        List<Child> idle;
        lock (Gate)
        {
            foreach (var c in All) c.Doomed = true;
            idle = All.Where(c => !c.InUse).ToList();
        }
        foreach (var c in idle) End(c);
    }

    /// <summary>This process is exiting: every child is killed at once, without the close handshake.</summary>
    private static void KillAll()
    {
        List<Child> children;
        lock (Gate) children = [.. All];
        foreach (var c in children) NamespaceSessions.Kill(c.Runspace);
    }

    /// <summary>The number of children alive now (for tests and diagnostics).</summary>
    internal static int Count
    {
        get
        {
            lock (Gate) return All.Count;
        }
    }

    private static Child Start(NamespaceRef ns, Key key, string workingDirectory, PSHost host)
    {
        if (Interlocked.Exchange(ref _exitHookRegistered, 1) == 0) AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        var runspace = NamespaceSessions.OpenRunspace(ns, workingDirectory, host);
        Child child;
        try
        {
            var session = NamespaceSessions.Wrap(runspace, $"netns-{ns}", cmdlet: null);
            child = new Child(key, runspace, session, workingDirectory) { InUse = true };
            if (IdleTimeout > TimeSpan.Zero)
            {
                Invoke(runspace, WarmUpScript);
                // The first settle after the warm-up differs from later ones (the session's own first commands); the second is the baseline.
                child.Baseline = TrySettle(child, out _) && TrySettle(child, out var baseline) ? baseline : 0;
            }
        }
        catch
        {
            NamespaceSessions.End(runspace);
            throw;
        }
        lock (Gate) All.Add(child);
        return child;
    }

    /// <summary>Puts the state back and fingerprints it; false when the child does not answer as it should.</summary>
    private static bool TrySettle(Child child, out int fingerprint)
    {
        fingerprint = 0;
        try
        {
            // Reset first: it also puts the location back to the process's working directory, which the settle block then corrects.
            child.Runspace.ResetRunspaceState();
            var result = Invoke(child.Runspace, SettleScript, child.Location);
            if (result is null) return false;
            fingerprint = result.Value;
            return true;
        }
        catch (Exception e) when (e is RuntimeException or InvalidOperationException or System.Management.Automation.Remoting.PSRemotingTransportException)
        {
            return false;
        }
    }

    private static bool TryMoveTo(Child child, string workingDirectory)
    {
        if (child.Location == workingDirectory) return true;
        child.Location = workingDirectory;
        try
        {
            Invoke(child.Runspace, "Microsoft.PowerShell.Management\\Set-Location -LiteralPath $args[0]", workingDirectory);
            return true;
        }
        catch (Exception e) when (e is RuntimeException or InvalidOperationException or System.Management.Automation.Remoting.PSRemotingTransportException)
        {
            return false;
        }
    }

    /// <summary>Runs <paramref name="script"/> in the child; its single int output, or null when it wrote an error or nothing.</summary>
    private static int? Invoke(Runspace runspace, string script, params object[] arguments)
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript(script);
        foreach (var a in arguments) ps.AddArgument(a);
        var output = ps.Invoke();
        if (ps.HadErrors) throw new InvalidOperationException("The namespace's pwsh reported an error while being prepared for reuse.");
        return output.Count == 1 && output[0]?.BaseObject is int value ? value : null;
    }

    private static void EndIfIdle(Child child)
    {
        lock (Gate)
        {
            if (child.InUse) return;
            child.Doomed = true;
        }
        End(child);
    }

    private static void End(Child child)
    {
        lock (Gate)
        {
            All.Remove(child);
            child.IdleTimer?.Dispose();
            child.IdleTimer = null;
        }
        NamespaceSessions.End(child.Runspace);
    }

    private static Key KeyFor(NamespaceRef ns, PSHost host)
    {
        var inode = NetworkNamespaces.Get(ns).Inode;
        return new Key(inode, ns.Name, EtcState(ns.Name), EnvironmentHash(), host);
    }

    /// <summary>The /etc/netns/NAME entries the child's mounts were made from: names, sizes and modification times.</summary>
    private static string EtcState(string? name)
    {
        if (name is null) return "";
        var folder = Path.Combine("/etc/netns", name);
        if (!Directory.Exists(folder)) return "";
        var text = new StringBuilder();
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
            text.Append(entry.Name).Append(' ').Append(entry is FileInfo f ? f.Length : -1).Append(' ').Append(entry.LastWriteTimeUtc.Ticks).Append('\n');
        return text.ToString();
    }

    private static int EnvironmentHash()
    {
        var entries = new List<string>();
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables()) entries.Add($"{e.Key}={e.Value}");
        entries.Sort(StringComparer.Ordinal);
        return string.Join("\n", entries).GetHashCode();
    }
}
