using System.Management.Automation;
using System.Management.Automation.Host;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Commands;

/// <summary>
/// Base of every LinuxNetPS cmdlet: runs the work for one pipeline input and turns a core
/// <see cref="NetOperationException"/> into a non-terminating error for that input, as built-in
/// cmdlets do. Permission errors stop the command instead: every further input would fail the
/// same way, and one clear error reads better than a screenful.
/// </summary>
public abstract class NetCmdlet : PSCmdlet
{
    /// <summary>
    /// Paths and program names ([PathArgument] parameters) with a control character stop the command before anything
    /// runs. Cmdlets that override this call it first.
    /// </summary>
    protected override void BeginProcessing()
    {
        if (Attempt(() => Support.PathArgument.CheckBound(this)) is { } error) ThrowUsage(error);
        if (this is ICimSessionCmdlet { CimSession: { } targets } && Attempt(() => Support.CimSessionRelay.Validate(targets)) is { } bad) ThrowUsage(bad);
        base.BeginProcessing();
    }

    // -CimSession: the command runs on other hosts instead (see ICimSessionCmdlet); its sessions live for the command.
    private Support.CimSessionRelay? _relay;

    /// <summary>
    /// For a cmdlet that opts into -CimSession: when it was given, runs this invocation on its hosts, writes what they
    /// answer and returns true (the caller does nothing locally); otherwise false. Call it first in ProcessRecord.
    /// </summary>
    protected bool RelayedToHosts()
    {
        if (this is not ICimSessionCmdlet { CimSession: { } targets }) return false;
        _relay ??= new Support.CimSessionRelay(this,
            ((CmdletAttribute)Attribute.GetCustomAttribute(GetType(), typeof(CmdletAttribute))!).SupportsShouldProcess);
        _relay.Relay(targets);
        return true;
    }

    protected override void EndProcessing()
    {
        _relay?.Dispose();
        base.EndProcessing();
    }

    /// <summary>Runs <paramref name="work"/>; a core failure is reported against <paramref name="target"/>.</summary>
    protected void Try(object? target, Action work)
    {
        if (Attempt(work) is { } error) Report(error, target);
    }

    /// <summary>Runs <paramref name="work"/> and returns its core failure (null when it succeeded), for reporting later.</summary>
    internal static NetOperationException? Attempt(Action work)
    {
        try
        {
            work();
            return null;
        }
        catch (NetOperationException e)
        {
            return e;
        }
        catch (UnauthorizedAccessException e)
        {
            // .NET file APIs (e.g. creating /run/netns) say "not root" this way; make it the same one clear error.
            return new NetOperationException(NetErrorKind.PermissionDenied,
                $"{e.Message}{CapabilityAdvice.For("change network namespaces")}", errno: Errno.EACCES, operation: "change network namespaces", inner: e);
        }
    }

    /// <summary>Writes the error for one input (terminating for PermissionDenied).</summary>
    protected internal void Report(NetOperationException exception, object? target)
    {
        var record = ErrorRecordFactory.Create(exception, target);
        if (exception.Kind == NetErrorKind.PermissionDenied) ThrowTerminatingError(record);
        WriteError(record);
    }

    /// <summary>A parameter combination that cannot work: stops the command before anything is changed.</summary>
    protected void ThrowUsage(NetOperationException exception) =>
        ThrowTerminatingError(ErrorRecordFactory.Create(exception.ErrorId is null ? exception.WithErrorId(ErrorIds.ParameterConflict) : exception, null));

    /// <summary>
    /// ShouldProcess that -Force answers for ConfirmImpact High cmdlets: with -Force (and no explicit -Confirm)
    /// nothing is asked, yet -WhatIf still only describes, and -Verbose still says what is done.
    /// </summary>
    protected bool ShouldProcessUnlessForced(bool force, string target, string action)
    {
        if (!force || MyInvocation.BoundParameters.ContainsKey("Confirm") || WhatIfInEffect) return ShouldProcessOrExplain(target, action);
        WriteVerbose($"Performing the operation \"{action}\" on target \"{target}\".");
        return true;
    }

    /// <summary>
    /// ShouldProcess, for a question nothing may be able to answer. PowerShell itself does not skip a confirmation
    /// because the host cannot prompt: `pwsh -NonInteractive`, and Invoke-Command from such a host (the remote
    /// session asks the caller's host), fail with "PowerShell is in NonInteractive mode" (a RemoteException over
    /// remoting). We keep that behaviour and only make the failure say how to run the command without a prompt.
    /// </summary>
    private bool ShouldProcessOrExplain(string target, string action)
    {
        try
        {
            return ShouldProcess(target, action);
        }
        catch (Exception e) when (e is RemoteException or PSInvalidOperationException or HostException or NotImplementedException)
        {
            var name = MyInvocation.MyCommand.Name;
            ThrowTerminatingError(ErrorRecordFactory.Create(new NetOperationException(NetErrorKind.NotSupported,
                    $"{name} asks before it does this (\"{action}\" on {target}), and this PowerShell host cannot ask: {e.Message} " +
                    $"To run it without a prompt (a script, a job, Invoke-Command over remoting), add -Force or -Confirm:$false.", inner: e)
                .WithErrorId(ErrorIds.InteractiveHostRequired), target));
            return false;
        }
    }

    private bool WhatIfInEffect => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
        ? whatIf is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(whatIf)
        : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

    /// <summary>Strips PowerShell's PSObject wrapper.</summary>
    protected static object? Unwrap(object? value) => value is PSObject p ? p.BaseObject : value;
}
