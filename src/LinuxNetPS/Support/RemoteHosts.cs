using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Support;

/// <summary>
/// What every feature spanning hosts needs from PowerShell remoting, in one place (overlays: <see cref="OverlayHosts"/>,
/// split labs: <see cref="LabHosts"/>): running a script on many sessions at once, and asking each host first whether it
/// can take part at all (its session open, it answers, it imports LinuxNetPS) and where its underlay is. Each feature
/// names its own error ids, so a user reads "lab host" or "overlay host" in the id of what failed. -CimSession
/// (<see cref="CimSessionRelay"/>) opens its sessions for one call here and closes them again.
/// </summary>
internal static class RemoteHosts
{
    /// <summary>The first lines of a probe that needs no underlay (<see cref="Ask"/>): imports the module, or answers Module = $false and why.</summary>
    public const string ImportPreamble = """
        if (-not (Get-Module LinuxNetPS)) {
            try { Import-Module LinuxNetPS -ErrorAction Stop }
            catch { return [pscustomobject]@{ Module = $false; Why = "$_" } }
        }

        """;

    /// <summary>
    /// The first lines of a probe script: imports the module (or answers Module = $false and why), then sets $underlay
    /// (the address the host's SSH server was reached at, SSH_CONNECTION: the address the controller knows the host by,
    /// so the interface that has it carries tunnels), $mtu (that interface's MTU) and $vnis (the VXLAN ids in use in the
    /// host's namespace). The feature's own lines follow and end in one object with Module = $true and those values.
    /// </summary>
    public const string ProbePreamble = ImportPreamble + """
        $underlay = if ($env:SSH_CONNECTION) { ($env:SSH_CONNECTION -split ' ')[2] }
        $mtu = $null
        if ($underlay) {
            $a = Get-NetAddress | Where-Object { "$($_.IPAddress)" -eq $underlay } | Select-Object -First 1
            if ($a) { $mtu = (Get-NetLink -Name $a.Interface).Mtu }
        }
        $vnis = @(Get-NetLink | Where-Object { $_.Kind -eq 'vxlan' -and $_.Details } | ForEach-Object { [long]$_.Details.Id })

        """;

    /// <summary>The feature that spans the hosts: it names the error ids of a host that cannot take part ("lab host", "overlay host").</summary>
    public enum Ids { Overlay, Lab }

    /// <summary>One host's answer to a probe: its session, its underlay address, and the rest of the object it returned.</summary>
    public sealed record Answer(PSSession Session, string Underlay, PSObject Object)
    {
        public string Name => Session.ComputerName;
        public object? this[string property] => Object.Properties[property]?.Value;
    }

    /// <summary>Refuses sessions that are not open: the host cannot be reached through them.</summary>
    public static void RequireOpen(IEnumerable<PSSession> sessions, Ids ids)
    {
        foreach (var s in sessions)
            if (s.Runspace.RunspaceStateInfo.State != RunspaceState.Opened)
                throw new NetOperationException(NetErrorKind.Unreachable, $"The session to {s.ComputerName} is {s.Runspace.RunspaceStateInfo.State}, so the host cannot be reached; open a new one (New-PSSession -HostName {s.ComputerName}).",
                    target: s.ComputerName).WithErrorId(ids == Ids.Lab ? ErrorIds.LabHostUnreachable : ErrorIds.OverlayHostUnreachable);
    }

    /// <summary>
    /// Runs <paramref name="script"/> (a probe: <see cref="ProbePreamble"/> and the feature's lines) on every session at once;
    /// a host that does not answer, lacks the module or was not reached over SSH stops it all, before anything changed.
    /// </summary>
    public static List<Answer> Probe(PSCmdlet cmdlet, IReadOnlyList<PSSession> sessions, Ids ids, string script, params object?[] arguments) =>
        Probe(cmdlet, null, sessions, ids, script, arguments);

    /// <inheritdoc cref="Probe(PSCmdlet, IReadOnlyList{PSSession}, Ids, string, object?[])"/>
    public static List<Answer> Probe(PSCmdlet cmdlet, HostProgress? progress, IReadOnlyList<PSSession> sessions, Ids ids, string script, params object?[] arguments)
    {
        var answers = Ask(cmdlet, progress, sessions, ids, script, arguments);
        foreach (var a in answers)
            if (string.IsNullOrEmpty(a.Underlay))
                throw NetOperationException.Invalid($"{a.Name} was not reached over SSH (no SSH_CONNECTION), so its underlay address is unknown; open the session with New-PSSession -HostName.", a.Name)
                    .WithErrorId(ErrorIds.InvalidVxlanAddress);
        return answers;
    }

    /// <summary>
    /// Runs <paramref name="script"/> (<see cref="ImportPreamble"/> or <see cref="ProbePreamble"/> and the feature's lines) on
    /// every session at once; a host whose session is not open, that does not answer or lacks the module stops it all. The
    /// answers' Underlay is what the host said (empty if it did not say).
    /// </summary>
    public static List<Answer> Ask(PSCmdlet cmdlet, HostProgress? progress, IReadOnlyList<PSSession> sessions, Ids ids, string script, params object?[] arguments)
    {
        RequireOpen(sessions, ids);
        var (output, errors) = Run(cmdlet, progress, sessions, script, arguments);
        var result = new List<Answer>();
        foreach (var s in sessions)
        {
            var o = output.FirstOrDefault(x => x.Properties["RunspaceId"]?.Value is Guid id && id == s.Runspace.InstanceId);
            if (o is null)
            {
                var why = errors.FirstOrDefault(e => Same(e.OriginInfo(), s.ComputerName))?.Exception.Message ?? errors.FirstOrDefault()?.Exception.Message;
                throw new NetOperationException(NetErrorKind.Unreachable, $"{s.ComputerName} did not answer{(why is null ? "" : ": " + why)}.", target: s.ComputerName)
                    .WithErrorId(ids == Ids.Lab ? ErrorIds.LabHostUnreachable : ErrorIds.OverlayHostUnreachable);
            }
            if (o.Properties["Module"]?.Value is not true)
                throw new NetOperationException(NetErrorKind.NotFound,
                    $"{s.ComputerName} has no LinuxNetPS module to import ({o.Properties["Why"]?.Value}); install it there (on the PSModulePath of its PowerShell remoting endpoint) first.", target: s.ComputerName)
                    .WithErrorId(ids == Ids.Lab ? ErrorIds.LabHostWithoutModule : ErrorIds.OverlayHostWithoutModule);
            result.Add(new Answer(s, o.Properties["Underlay"]?.Value as string ?? "", o));
        }
        return result;
    }

    /// <summary>Runs <paramref name="script"/> on every session at once (Invoke-Command fans out in parallel); its output and its errors.</summary>
    public static (List<PSObject> Output, List<ErrorRecord> Errors) Run(PSCmdlet cmdlet, IReadOnlyList<PSSession> sessions, string script, params object?[] arguments) =>
        Run(cmdlet, null, sessions, script, arguments);

    /// <summary>
    /// Runs <paramref name="script"/> on every session at once (Invoke-Command fans out in parallel); its output and its
    /// errors. As a job, so this (the pipeline) thread can count the hosts that have answered and write
    /// <paramref name="progress"/> ("N of M hosts ...") while the others work; Receive-Job then gives the same output and
    /// errors Invoke-Command would. Ctrl+C stops the job.
    /// </summary>
    public static (List<PSObject> Output, List<ErrorRecord> Errors) Run(PSCmdlet cmdlet, HostProgress? progress, IReadOnlyList<PSSession> sessions, string script, params object?[] arguments)
    {
        const string start = "param($sessions, $script, $arguments) " +
            "Invoke-Command -Session $sessions -ScriptBlock ([scriptblock]::Create($script)) -ArgumentList $arguments -AsJob";
        const string receive = "param($job) $failed = $null; " +
            "$out = Receive-Job -Job $job -Wait -AutoRemoveJob -ErrorAction SilentlyContinue -ErrorVariable failed; ,@($out); ,@($failed)";
        var job = cmdlet.InvokeCommand.InvokeScript(start, true, PipelineResultTypes.None, null, sessions.ToArray(), script, arguments)
            .Select(o => o.BaseObject).OfType<Job>().Single();
        var pending = job.ChildJobs.ToList();
        int total = pending.Count;
        while (pending.Count > 0)
        {
            progress?.Report(total - pending.Count, total);
            if (cmdlet.Stopping)
            {
                job.StopJob();
                throw new PipelineStoppedException();
            }
            pending[0].Finished.WaitOne(ProgressReporter.Interval);
            pending.RemoveAll(j => j.Finished.WaitOne(0));
        }
        progress?.Report(total, total);
        var result = cmdlet.InvokeCommand.InvokeScript(receive, true, PipelineResultTypes.None, null, job);
        var output = Items(result.Count > 0 ? result[0] : null).ToList();
        var errors = Items(result.Count > 1 ? result[1] : null).Select(o => o.BaseObject).OfType<ErrorRecord>().ToList();
        return (output, errors);
    }

    /// <summary>A fan-out's progress: the activity's reporter and what the hosts that answered have done ("created their part").</summary>
    public readonly record struct HostProgress(ProgressReporter Reporter, string Step)
    {
        public void Report(int done, int total) => Reporter.Report(done, total, $"{done} of {total} hosts {Step}");
    }

    /// <summary>The items of a list that came back from a script (as one object).</summary>
    public static IEnumerable<PSObject> Items(PSObject? list) =>
        list?.BaseObject is IEnumerable e ? e.Cast<object>().Select(x => x as PSObject ?? PSObject.AsPSObject(x)) : [];

    /// <summary>A list property of a probe's answer as texts.</summary>
    public static List<string> Strings(object? value) =>
        (value is PSObject p ? p.BaseObject : value) is IEnumerable e and not string ? e.Cast<object>().Select(x => x?.ToString() ?? "").Where(x => x.Length > 0).ToList() : [];

    /// <summary>Each session once.</summary>
    public static List<PSSession> Distinct(IReadOnlyList<PSSession> sessions) => sessions.GroupBy(s => s.InstanceId).Select(g => g.First()).ToList();

    public static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>The Unreachable error for the first session that is not open (the caller gives it its id), or null.</summary>
    public static NetOperationException? NotOpen(IEnumerable<PSSession> sessions) =>
        sessions.FirstOrDefault(s => s.Runspace.RunspaceStateInfo.State != RunspaceState.Opened) is { } s
            ? Unreachable(s.ComputerName, $"the session to it is {s.Runspace.RunspaceStateInfo.State}; open a new one (New-PSSession -HostName {s.ComputerName})")
            : null;

    /// <summary>The error for a host that cannot be reached: its name, and why (the caller gives it its id).</summary>
    public static NetOperationException Unreachable(string host, string why) =>
        new(NetErrorKind.Unreachable, $"{host} cannot be reached: {why}.", target: host);

    /// <summary>
    /// Opens one session per host name (ssh destinations: "host" or "user@host", all at once, as New-PSSession -HostName
    /// does); the sessions that opened, by the name asked for, and for each host that did not, why (in ssh's or
    /// PowerShell's words; the caller makes its error, with its own id, e.g. with <see cref="Unreachable"/>).
    /// </summary>
    public static (Dictionary<string, PSSession> Sessions, Dictionary<string, string> Failures) Open(PSCmdlet cmdlet, IReadOnlyList<string> hostNames)
    {
        const string open = "param($names) $failed = $null; " +
            "$s = New-PSSession -HostName $names -ErrorAction SilentlyContinue -ErrorVariable failed; ,@($s); ,@($failed)";
        var result = cmdlet.InvokeCommand.InvokeScript(open, true, PipelineResultTypes.None, null, new object[] { hostNames.ToArray() });
        var opened = Items(result.Count > 0 ? result[0] : null).Select(o => o.BaseObject).OfType<PSSession>().ToList();
        var errors = Items(result.Count > 1 ? result[1] : null).Select(o => o.BaseObject).OfType<ErrorRecord>().ToList();
        var sessions = new Dictionary<string, PSSession>(StringComparer.Ordinal);
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in hostNames.Distinct(StringComparer.Ordinal))
        {
            string host = HostPart(name);
            if (opened.FirstOrDefault(s => Same(s.ComputerName, host) && !sessions.ContainsValue(s)) is { } session)
            {
                sessions[name] = session;
                continue;
            }
            // Sessions open in parallel; the error that names the host says why, else the only one there is.
            var why = errors.FirstOrDefault(e => e.ToString().Contains(host, StringComparison.OrdinalIgnoreCase)) ?? (errors.Count == 1 ? errors[0] : null);
            failures[name] = why?.Exception.Message.TrimEnd('.', ' ', '\n') ?? "no session could be opened to it";
        }
        return (sessions, failures);
    }

    /// <summary>Closes sessions this command opened for itself.</summary>
    public static void Close(PSCmdlet cmdlet, IEnumerable<PSSession> sessions)
    {
        var list = sessions.ToArray();
        if (list.Length > 0)
            cmdlet.InvokeCommand.InvokeScript("param($s) Remove-PSSession -Session $s -ErrorAction Ignore", true, PipelineResultTypes.None, null, new object[] { list });
    }

    /// <summary>The host of an ssh destination ("user@host" → "host"), as PSSession.ComputerName says it.</summary>
    public static string HostPart(string destination) => destination[(destination.LastIndexOf('@') + 1)..];
}

internal static class ErrorRecordOrigin
{
    /// <summary>The host a remote error came from (PSComputerName), or null.</summary>
    public static string? OriginInfo(this ErrorRecord e) => (e as System.Management.Automation.Runspaces.RemotingErrorRecord)?.OriginInfo?.PSComputerName;
}
