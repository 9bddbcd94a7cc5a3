using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Support;

/// <summary>
/// The one session layer for commands that act on other hosts through PowerShell remoting over SSH (the project has no
/// daemon of its own): sessions opened for a call with New-PSSession -HostName, checked to be open, and a script run on
/// all of them at once with Invoke-Command, counting the hosts that have answered as progress. Used by the overlay
/// networks (<see cref="OverlayHosts"/>) and by -CimSession (<see cref="CimSessionRelay"/>).
/// </summary>
internal sealed class RemoteHosts
{
    private readonly PSCmdlet _cmdlet;

    public RemoteHosts(PSCmdlet cmdlet) => _cmdlet = cmdlet;

    /// <summary>The activity the fan-outs report their "N of M hosts" on; null writes no progress.</summary>
    public ProgressReporter? Progress { get; set; }

    /// <summary>The Unreachable error for the first session that is not open (the caller gives it its id), or null.</summary>
    public static NetOperationException? NotOpen(IEnumerable<PSSession> sessions) =>
        sessions.FirstOrDefault(s => s.Runspace.RunspaceStateInfo.State != RunspaceState.Opened) is { } s
            ? Unreachable(s.ComputerName, $"the session to it is {s.Runspace.RunspaceStateInfo.State}; open a new one (New-PSSession -HostName {s.ComputerName})")
            : null;

    /// <summary>The error for a host that cannot be reached: its name, and why (the caller gives it its id).</summary>
    public static NetOperationException Unreachable(string host, string why) =>
        new(NetErrorKind.Unreachable, $"{host} cannot be reached: {why}.", target: host);

    /// <summary>
    /// Opens one session per host name (ssh destinations: "host" or "user@host", all at once); the sessions that opened,
    /// and an Unreachable error (without an id: the caller's) for each host that did not.
    /// </summary>
    public (List<PSSession> Sessions, List<NetOperationException> Failures) Open(IReadOnlyList<string> hostNames)
    {
        const string open = "param($names) $failed = $null; " +
            "$s = New-PSSession -HostName $names -ErrorAction SilentlyContinue -ErrorVariable failed; ,@($s); ,@($failed)";
        var result = _cmdlet.InvokeCommand.InvokeScript(open, true, PipelineResultTypes.None, null, new object[] { hostNames.ToArray() });
        var sessions = Items(result.Count > 0 ? result[0] : null).Select(o => o.BaseObject).OfType<PSSession>().ToList();
        var errors = Items(result.Count > 1 ? result[1] : null).Select(o => o.BaseObject).OfType<ErrorRecord>().ToList();
        var failures = new List<NetOperationException>();
        foreach (var name in hostNames)
        {
            string host = HostPart(name);
            if (sessions.Any(s => Same(s.ComputerName, host))) continue;
            // Sessions open in parallel; the error that names the host says why, else the only one there is.
            var why = errors.FirstOrDefault(e => e.ToString().Contains(host, StringComparison.OrdinalIgnoreCase)) ?? (errors.Count == 1 ? errors[0] : null);
            failures.Add(Unreachable(name, why?.Exception.Message.TrimEnd('.', ' ', '\n') ?? "no session could be opened to it"));
        }
        return (sessions, failures);
    }

    /// <summary>
    /// Runs <paramref name="script"/> on every session at once (Invoke-Command fans out in parallel); its output and its
    /// errors. As a job, so this (the pipeline) thread can count the hosts that have answered and write progress while
    /// the others work; Receive-Job then gives the same output and errors Invoke-Command would.
    /// </summary>
    public (List<PSObject> Output, List<ErrorRecord> Errors) Run(IReadOnlyList<PSSession> sessions, string script, string step, params object?[] arguments)
    {
        const string start = "param($sessions, $script, $arguments) " +
            "Invoke-Command -Session $sessions -ScriptBlock ([scriptblock]::Create($script)) -ArgumentList $arguments -AsJob";
        const string receive = "param($job) $failed = $null; " +
            "$out = Receive-Job -Job $job -Wait -AutoRemoveJob -ErrorAction SilentlyContinue -ErrorVariable failed; ,@($out); ,@($failed)";
        var job = _cmdlet.InvokeCommand.InvokeScript(start, true, PipelineResultTypes.None, null, sessions.ToArray(), script, arguments)
            .Select(o => o.BaseObject).OfType<Job>().Single();
        var pending = job.ChildJobs.ToList();
        int total = pending.Count;
        while (pending.Count > 0)
        {
            Progress?.Report(total - pending.Count, total, $"{total - pending.Count} of {total} hosts {step}");
            if (_cmdlet.Stopping)
            {
                job.StopJob();
                throw new PipelineStoppedException();
            }
            pending[0].Finished.WaitOne(ProgressReporter.Interval);
            pending.RemoveAll(j => j.Finished.WaitOne(0));
        }
        Progress?.Report(total, total, $"{total} of {total} hosts {step}");
        var result = _cmdlet.InvokeCommand.InvokeScript(receive, true, PipelineResultTypes.None, null, job);
        var output = Items(result.Count > 0 ? result[0] : null).ToList();
        var errors = Items(result.Count > 1 ? result[1] : null).Select(o => o.BaseObject).OfType<ErrorRecord>().ToList();
        return (output, errors);
    }

    /// <summary>Closes sessions this command opened for itself.</summary>
    public void Close(IReadOnlyList<PSSession> sessions)
    {
        if (sessions.Count > 0)
            _cmdlet.InvokeCommand.InvokeScript("param($s) Remove-PSSession -Session $s -ErrorAction Ignore", true, PipelineResultTypes.None, null, new object[] { sessions.ToArray() });
    }

    /// <summary>The host of an ssh destination ("user@host" → "host"), as PSSession.ComputerName says it.</summary>
    public static string HostPart(string destination) => destination[(destination.LastIndexOf('@') + 1)..];

    public static IEnumerable<PSObject> Items(PSObject? list) =>
        list?.BaseObject is IEnumerable e ? e.Cast<object>().Select(x => x as PSObject ?? PSObject.AsPSObject(x)) : [];

    public static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
