using System.Management.Automation;

namespace LinuxNetPS.Commands;

/// <summary>The error of a wait that ran out of time: one id and category for every Wait- cmdlet.</summary>
internal static class WaitErrors
{
    public const string TimedOutId = "WaitTimedOut";

    public static ErrorRecord TimedOut(string message, object target) =>
        new(new TimeoutException(message), TimedOutId, ErrorCategory.OperationTimeout, target);
}
