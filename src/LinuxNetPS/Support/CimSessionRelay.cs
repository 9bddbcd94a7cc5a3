using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Support;

/// <summary>
/// -CimSession, as Windows' networking cmdlets take it, over the remote engine Linux has: PowerShell remoting over SSH.
/// A cmdlet that opts in gives its -CimSession targets here; the same cmdlet then runs on every target at once
/// (Invoke-Command) with the same parameters minus -CimSession, and its results (tagged PSComputerName) and errors (ids
/// and categories as the host wrote them) come out of this cmdlet. A target is an ssh destination ("host",
/// "user@host": a session opened for the command and closed after it) or an open PSSession.
/// -WhatIf goes to the hosts, which say what they would do; confirmation is asked here, once per host, as Windows asks
/// on the calling machine, and the hosts are then told not to ask again (a remote prompt from a job has nobody to answer).
/// </summary>
internal sealed class CimSessionRelay : IDisposable
{
    // Imports the module where a host's PowerShell has not, and says so when it cannot (one round trip either way).
    private const string Script = """
        param($command, $parameters)
        if (-not (Get-Module LinuxNetPS)) {
            try { Import-Module LinuxNetPS -ErrorAction Stop }
            catch { return [pscustomobject]@{ LinuxNetPSMissing = "$_" } }
        }
        & $command @parameters
        """;

    private readonly PSCmdlet _cmdlet;
    private readonly bool _changesState;
    private List<PSSession>? _sessions;
    private readonly List<PSSession> _opened = [];

    /// <param name="cmdlet">The cmdlet that was given -CimSession.</param>
    /// <param name="changesState">The cmdlet changes state (SupportsShouldProcess): -WhatIf and confirmation apply.</param>
    public CimSessionRelay(PSCmdlet cmdlet, bool changesState) => (_cmdlet, _changesState) = (cmdlet, changesState);

    /// <summary>
    /// Checks the targets before anything runs: a host name must be an ssh destination ([user@]host, nothing that ssh
    /// would read as an option), anything else must be a PSSession. Throws InvalidRemoteHost.
    /// </summary>
    public static void Validate(object[] targets)
    {
        if (targets.Length == 0) throw NetOperationException.Invalid("-CimSession is empty: give a host name (or user@host) or a PSSession.", "").WithErrorId(ErrorIds.InvalidRemoteHost);
        foreach (var t in targets.Select(Unwrap))
        {
            if (t is PSSession) continue;
            if (t is not string name)
                throw NetOperationException.Invalid($"-CimSession takes host names (or user@host) and PSSessions (New-PSSession -HostName); '{t}' is a {t?.GetType().Name ?? "null"}.", t?.ToString() ?? "")
                    .WithErrorId(ErrorIds.InvalidRemoteHost);
            string host = RemoteHosts.HostPart(name);
            if (host.Length == 0 || name.StartsWith('-') || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || host.Contains(':') && !host.Contains(']'))
                throw NetOperationException.Invalid($"'{name}' is not a host name for -CimSession: give a host name or address, or user@host (PowerShell remoting over SSH reaches it).", name)
                    .WithErrorId(ErrorIds.InvalidRemoteHost);
        }
    }

    /// <summary>
    /// Runs the cmdlet as invoked (its bound parameters minus -CimSession) on every target; writes what comes back.
    /// Sessions are opened on the first call and kept for the command's later pipeline input.
    /// </summary>
    public void Relay(object[] targets)
    {
        var sessions = Sessions(targets);
        if (sessions.Count == 0) return;
        var parameters = Parameters();
        bool whatIf = WhatIf();
        if (_changesState && !whatIf)
        {
            string what = Describe(parameters);
            sessions = sessions.Where(s => _cmdlet.ShouldProcess(s.ComputerName, what)).ToList();
            if (sessions.Count == 0) return;
        }
        if (_changesState)
        {
            // The answer was given here (or -WhatIf was): the hosts neither ask again nor change anything under -WhatIf.
            parameters["WhatIf"] = whatIf;
            parameters["Confirm"] = false;
        }
        var command = _cmdlet.MyInvocation.MyCommand.Name;
        var progress = new ProgressReporter(_cmdlet, $"{command} on {sessions.Count} host(s)");
        try
        {
            var (output, errors) = RemoteHosts.Run(_cmdlet, new RemoteHosts.HostProgress(progress, "answered"), sessions, Script, command, parameters);
            foreach (var o in output)
            {
                if (o.Properties["LinuxNetPSMissing"]?.Value is { } why)
                {
                    string host = o.Properties["PSComputerName"]?.Value as string ?? "";
                    var e = new NetOperationException(NetErrorKind.NotFound,
                        $"{host} has no LinuxNetPS module to import ({why}); install it there, on the PSModulePath of its PowerShell remoting endpoint.", target: host)
                        .WithErrorId(ErrorIds.RemoteHostWithoutModule);
                    _cmdlet.WriteError(ErrorRecordFactory.Create(e, host));
                }
                else _cmdlet.WriteObject(o);
            }
            foreach (var e in errors) _cmdlet.WriteError(e);
        }
        catch
        {
            // Stopped (Ctrl+C) or -ErrorAction Stop: EndProcessing will not run, so the sessions opened here close now.
            Dispose();
            throw;
        }
        finally
        {
            progress.Complete();
        }
    }

    /// <summary>The sessions for <paramref name="targets"/>: those given, and one opened per host name (the unreachable reported).</summary>
    private List<PSSession> Sessions(object[] targets)
    {
        if (_sessions is not null) return _sessions;
        var given = targets.Select(Unwrap).OfType<PSSession>().ToList();
        var names = targets.Select(Unwrap).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        _sessions = [];
        foreach (var s in given.GroupBy(s => s.InstanceId).Select(g => g.First()))
        {
            if (RemoteHosts.NotOpen([s]) is { } closed) _cmdlet.WriteError(ErrorRecordFactory.Create(closed.WithErrorId(ErrorIds.RemoteHostUnreachable), s.ComputerName));
            else _sessions.Add(s);
        }
        if (names.Count > 0)
        {
            var (opened, failures) = RemoteHosts.Open(_cmdlet, names);
            _opened.AddRange(opened.Values);
            _sessions.AddRange(opened.Values);
            foreach (var (name, why) in failures)
                _cmdlet.WriteError(ErrorRecordFactory.Create(RemoteHosts.Unreachable(name, why).WithErrorId(ErrorIds.RemoteHostUnreachable), name));
        }
        return _sessions;
    }

    /// <summary>The cmdlet's own bound parameters without -CimSession and the common ones, as plain values for the wire.</summary>
    private Hashtable Parameters()
    {
        var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in _cmdlet.MyInvocation.BoundParameters)
        {
            if (name.Equals("CimSession", StringComparison.OrdinalIgnoreCase) || Cmdlet.CommonParameters.Contains(name) || Cmdlet.OptionalCommonParameters.Contains(name)) continue;
            table[name] = Unwrap(value) is SwitchParameter sw ? sw.IsPresent : Unwrap(value);
        }
        return table;
    }

    /// <summary>-WhatIf given, or $WhatIfPreference set in the caller's scope.</summary>
    private bool WhatIf() =>
        _cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w)
            ? Unwrap(w) is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(w)
            : LanguagePrimitives.IsTrue(_cmdlet.SessionState.PSVariable.GetValue("WhatIfPreference"));

    /// <summary>What confirmation names as the action: the command line as the host will run it.</summary>
    private string Describe(Hashtable parameters) =>
        _cmdlet.MyInvocation.MyCommand.Name + string.Concat(parameters.Keys.Cast<string>().Order(StringComparer.Ordinal)
            .Select(k => parameters[k] is bool b ? (b ? $" -{k}" : $" -{k}:$false") : $" -{k} {string.Join(",", Values(parameters[k]))}"));

    private static IEnumerable<string> Values(object? v) => v is IEnumerable e and not string ? e.Cast<object>().Select(x => $"{x}") : [$"{v}"];

    private static object? Unwrap(object? value) => value is PSObject p ? p.BaseObject : value;

    /// <summary>Closes the sessions opened for host names (given PSSessions stay open: they are the caller's).</summary>
    public void Dispose()
    {
        RemoteHosts.Close(_cmdlet, _opened);
        _opened.Clear();
    }
}
