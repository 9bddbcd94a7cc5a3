namespace LinuxNetPS.Errors;

/// <summary>
/// The library's one parse error: a netlink message (or part of one) that does not have the
/// layout its type promises. Every parser turns malformed input into this, never into an
/// ArgumentException, an IndexOutOfRange or a silently dropped object.
/// </summary>
public sealed class MalformedMessageException : NetOperationException
{
    public MalformedMessageException(string what, string detail)
        : base(NetErrorKind.Malformed, $"The kernel sent a {what} LinuxNetPS could not read: {detail}.", operation: "read " + what)
    {
        Detail = detail;
    }

    /// <summary>What was wrong, e.g. "attribute 3 has length 200 but 12 bytes remain".</summary>
    public string Detail { get; }
}
