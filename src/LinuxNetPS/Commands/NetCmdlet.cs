using System.Management.Automation;
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
    /// <summary>Runs <paramref name="work"/>; a core failure is reported against <paramref name="target"/>.</summary>
    protected void Try(object? target, Action work)
    {
        try
        {
            work();
        }
        catch (NetOperationException e)
        {
            Report(e, target);
        }
        catch (UnauthorizedAccessException e)
        {
            // .NET file APIs (e.g. creating /run/netns) say "not root" this way; make it the same one clear error.
            Report(new NetOperationException(NetErrorKind.PermissionDenied,
                $"{e.Message} LinuxNetPS needs root or CAP_NET_ADMIN (and CAP_SYS_ADMIN for namespaces) for this.", errno: (int)Errno.EACCES, inner: e), target);
        }
    }

    /// <summary>Writes the error for one input (terminating for PermissionDenied).</summary>
    protected void Report(NetOperationException exception, object? target)
    {
        var record = ErrorRecordFactory.Create(exception, target);
        if (exception.Kind == NetErrorKind.PermissionDenied) ThrowTerminatingError(record);
        WriteError(record);
    }

    /// <summary>A parameter combination that cannot work: stops the command before anything is changed.</summary>
    protected void ThrowUsage(NetOperationException exception) =>
        ThrowTerminatingError(ErrorRecordFactory.Create(exception, null));

    /// <summary>Strips PowerShell's PSObject wrapper.</summary>
    protected static object? Unwrap(object? value) => value is PSObject p ? p.BaseObject : value;
}
