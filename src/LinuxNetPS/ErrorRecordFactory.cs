using System.Management.Automation;
using LinuxNetPS.Errors;

namespace LinuxNetPS;

/// <summary>
/// The one place where a core <see cref="NetOperationException"/> becomes a PowerShell ErrorRecord.
/// The ErrorId is the kind's name ("NotFound"); PowerShell appends the cmdlet, so the
/// FullyQualifiedErrorId reads "NotFound,LinuxNetPS.Commands.SetNetLinkCommand".
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
        _ => ErrorCategory.NotSpecified,
    };

    /// <summary>The stable error id: the kind's name.</summary>
    public static string ErrorIdOf(NetErrorKind kind) => kind.ToString();

    /// <summary>Builds the record; <paramref name="target"/> is what the cmdlet was acting on (falls back to the exception's target).</summary>
    public static ErrorRecord Create(NetOperationException exception, object? target)
    {
        var record = new ErrorRecord(exception, ErrorIdOf(exception.Kind), CategoryOf(exception.Kind), target ?? exception.Target);
        var action = RecommendedAction(exception.Kind);
        if (action is not null) record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = action };
        return record;
    }

    private static string? RecommendedAction(NetErrorKind kind) => kind switch
    {
        NetErrorKind.PermissionDenied => "Run PowerShell as root (sudo pwsh) or give it CAP_NET_ADMIN (and CAP_SYS_ADMIN for namespaces).",
        NetErrorKind.NotSupported => "Check that the running kernel provides this feature (for a link kind: its module is built in or loadable).",
        _ => null,
    };
}
