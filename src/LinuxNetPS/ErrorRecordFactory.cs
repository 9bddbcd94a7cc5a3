using System.Management.Automation;
using LinuxNetPS.Errors;

namespace LinuxNetPS;

/// <summary>
/// The one place where a core <see cref="NetOperationException"/> becomes a PowerShell ErrorRecord.
/// The ErrorId is the exception's specific id (<see cref="ErrorIds"/>, e.g. "LinkNotFound") or, when it has
/// none, the kind's name ("NotFound"); PowerShell appends the cmdlet, so the FullyQualifiedErrorId reads
/// "LinkNotFound,LinuxNetPS.Commands.SetNetLinkCommand". Every id is listed in about_LinuxNetPS.
/// </summary>
public static class ErrorRecordFactory
{
    /// <summary>The ErrorCategory for each kind (keep in step with <see cref="NetErrorKind"/>).</summary>
    public static ErrorCategory CategoryOf(NetErrorKind kind) => kind switch
    {
        NetErrorKind.AlreadyExists => ErrorCategory.ResourceExists,
        NetErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        NetErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        NetErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        NetErrorKind.NotSupported => ErrorCategory.NotImplemented,
        NetErrorKind.Busy => ErrorCategory.ResourceBusy,
        NetErrorKind.Unreachable => ErrorCategory.ConnectionError,
        NetErrorKind.ResourceExhausted => ErrorCategory.LimitsExceeded,
        NetErrorKind.Malformed => ErrorCategory.InvalidData,
        NetErrorKind.TimedOut => ErrorCategory.OperationTimeout,
        _ => ErrorCategory.NotSpecified,
    };

    /// <summary>The fallback error id of a failure without a specific one: the kind's name.</summary>
    public static string ErrorIdOf(NetErrorKind kind) => kind.ToString();

    /// <summary>The stable error id of a failure: its specific id, else its kind's name.</summary>
    public static string ErrorIdOf(NetOperationException exception) => exception.ErrorId ?? ErrorIdOf(exception.Kind);

    /// <summary>Builds the record; <paramref name="target"/> is what the cmdlet was acting on (falls back to the exception's target).</summary>
    public static ErrorRecord Create(NetOperationException exception, object? target)
    {
        var record = new ErrorRecord(exception, ErrorIdOf(exception), CategoryOf(exception.Kind), target ?? exception.Target);
        var action = RecommendedAction(exception);
        if (action is not null) record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = action };
        return record;
    }

    private static string? RecommendedAction(NetOperationException exception) => exception.Kind switch
    {
        NetErrorKind.PermissionDenied => $"Run PowerShell as root (sudo pwsh) or give it {CapabilityAdvice.RequiredFor(exception.Operation)}.",
        NetErrorKind.NotSupported => "Check that the running kernel provides this feature (for a link kind: its module is built in or loadable).",
        _ => null,
    };
}
