using LinuxNetPS.Errors;

namespace LinuxNetPS.Commands;

/// <summary>The error of a wait that ran out of time: one id (WaitTimedOut) and category (OperationTimeout) for every Wait- cmdlet.</summary>
internal static class WaitErrors
{
    public static NetOperationException TimedOut(string message, string target) =>
        new NetOperationException(NetErrorKind.TimedOut, message, operation: "wait", target: target).WithErrorId(ErrorIds.WaitTimedOut);
}
