namespace LinuxNetPS.Errors;

/// <summary>
/// The one exception type the core library throws for failed operations: kernel errors (with
/// errno and the netlink extended-ACK text) and input rejected before reaching the kernel.
/// </summary>
public class NetOperationException : IOException
{
    public NetOperationException(NetErrorKind kind, string message, Errno errno, string? kernelMessage = null,
        string? operation = null, string? target = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        ErrnoCode = errno;
        KernelMessage = kernelMessage;
        Operation = operation;
        Target = target;
        HResult = errno == Errors.Errno.None ? HResult : Errno;
    }

    /// <summary>As the typed constructor, for an errno passed on as its number (<see cref="Errno"/> of another exception), or none.</summary>
    public NetOperationException(NetErrorKind kind, string message, int errno = 0, string? kernelMessage = null,
        string? operation = null, string? target = null, Exception? inner = null)
        : this(kind, message, (Errno)errno, kernelMessage, operation, target, inner)
    {
    }

    /// <summary>The classification used to choose an ErrorCategory.</summary>
    public NetErrorKind Kind { get; }

    /// <summary>
    /// The Linux errno as its number, or 0 when the input was rejected before the kernel saw it: what PowerShell
    /// users read (<c>$Error[0].Exception.Errno</c>) and what survives remoting as a number. Code compares
    /// <see cref="ErrnoCode"/>, never this.
    /// </summary>
    public int Errno => (int)ErrnoCode;

    /// <summary>The errno as the typed enum, for comparisons (<c>e.ErrnoCode == Errors.Errno.ENODEV</c>); <see cref="Errors.Errno.None"/> when there is none.</summary>
    public Errno ErrnoCode { get; }

    /// <summary>The kernel's extended-ACK message, when it sent one.</summary>
    public string? KernelMessage { get; }

    /// <summary>What we were doing, e.g. "create link".</summary>
    public string? Operation { get; }

    /// <summary>What we were doing it to, e.g. "veth0" or "10.0.0.1/24".</summary>
    public string? Target { get; }

    /// <summary>
    /// A specific, stable id for this failure, one of <see cref="ErrorIds"/> ("LinkNotFound"); null when the
    /// failure has none, and then the kind's name serves. PowerShell's ErrorRecord uses it as the error id.
    /// </summary>
    public string? ErrorId
    {
        // A rewording that keeps the kind keeps the id of what it rewords.
        get => _errorId ?? (InnerException is NetOperationException inner && inner.Kind == Kind ? inner.ErrorId : null);
        private set => _errorId = value;
    }

    private string? _errorId;

    /// <summary>Gives the exception its specific id (see <see cref="ErrorIds"/>) and returns it, for `throw NetOperationException.NotFound(...).WithErrorId(ErrorIds.LinkNotFound)`.</summary>
    public NetOperationException WithErrorId(string errorId)
    {
        ErrorId = errorId;
        return this;
    }

    /// <summary>Input rejected before the kernel: always <see cref="NetErrorKind.InvalidArgument"/> unless told otherwise.</summary>
    public static NetOperationException Invalid(string message, string? target = null) =>
        new(NetErrorKind.InvalidArgument, message, target: target);

    public static NetOperationException NotFound(string message, string? target = null) =>
        new(NetErrorKind.NotFound, message, target: target);
}
