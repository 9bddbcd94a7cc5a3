namespace LinuxNetPS.Errors;

/// <summary>The single place where an errno becomes a typed, readable exception.</summary>
public static class ErrnoMapper
{
    private static readonly Dictionary<Errno, NetErrorKind> Kinds = new()
    {
        [Errno.EPERM] = NetErrorKind.PermissionDenied,
        [Errno.EACCES] = NetErrorKind.PermissionDenied,
        [Errno.ENOENT] = NetErrorKind.NotFound,
        [Errno.ESRCH] = NetErrorKind.NotFound,
        [Errno.ENODEV] = NetErrorKind.NotFound,
        [Errno.EADDRNOTAVAIL] = NetErrorKind.NotFound,
        [Errno.ENOMEM] = NetErrorKind.ResourceExhausted,
        [Errno.ENOSPC] = NetErrorKind.ResourceExhausted,
        [Errno.ENOBUFS] = NetErrorKind.ResourceExhausted,
        [Errno.EBUSY] = NetErrorKind.Busy,
        [Errno.ERESTART] = NetErrorKind.Busy,
        [Errno.EAGAIN] = NetErrorKind.Busy,
        [Errno.ETIMEDOUT] = NetErrorKind.Busy,
        [Errno.EEXIST] = NetErrorKind.AlreadyExists,
        [Errno.EINVAL] = NetErrorKind.InvalidArgument,
        [Errno.ERANGE] = NetErrorKind.InvalidArgument,
        [Errno.ENAMETOOLONG] = NetErrorKind.InvalidArgument,
        [Errno.ELOOP] = NetErrorKind.InvalidArgument,
        [Errno.ENOTDIR] = NetErrorKind.InvalidArgument,
        [Errno.EISDIR] = NetErrorKind.InvalidArgument,
        [Errno.ENXIO] = NetErrorKind.InvalidArgument,
        [Errno.ENOTTY] = NetErrorKind.InvalidArgument,
        [Errno.EPROTONOSUPPORT] = NetErrorKind.NotSupported,
        [Errno.EOPNOTSUPP] = NetErrorKind.NotSupported,
        [Errno.EAFNOSUPPORT] = NetErrorKind.NotSupported,
        [Errno.ENETDOWN] = NetErrorKind.Unreachable,
        [Errno.ENETUNREACH] = NetErrorKind.Unreachable,
        [Errno.EHOSTUNREACH] = NetErrorKind.Unreachable,
    };

    /// <summary>The symbolic name of an errno ("EEXIST"), or "errno N".</summary>
    public static string Name(Errno errno) => Enum.IsDefined(errno) ? errno.ToString() : $"errno {errno:D}";

    /// <summary>As <see cref="Name(Errno)"/>, for an errno given as its number.</summary>
    public static string Name(int errno) => Name((Errno)errno);

    public static NetErrorKind Classify(Errno errno) => Kinds.TryGetValue(errno, out var k) ? k : NetErrorKind.Other;

    /// <summary>As <see cref="Classify(Errno)"/>, for an errno given as its number.</summary>
    public static NetErrorKind Classify(int errno) => Classify((Errno)errno);

    /// <summary>Builds the exception for a failed operation: "Cannot create link 'veth0': File exists (EEXIST). Kernel: ..."</summary>
    public static NetOperationException FromErrno(Errno errno, string operation, string? target, string? kernelMessage)
    {
        string text = new System.ComponentModel.Win32Exception((int)errno).Message; // strerror() on Unix
        var message = $"Cannot {operation}{(target is null ? "" : $" '{InputText.Echo(target)}'")}: {text} ({Name(errno)}).";
        if (!string.IsNullOrEmpty(kernelMessage)) message += $" Kernel says: {kernelMessage}.";
        var kind = Classify(errno);
        if (kind == NetErrorKind.PermissionDenied)
            message += CapabilityAdvice.For(operation);
        return new NetOperationException(kind, message, errno, kernelMessage, operation, target);
    }

    /// <summary>As <see cref="FromErrno(Errno, string, string?, string?)"/>, for an errno given as its number.</summary>
    public static NetOperationException FromErrno(int errno, string operation, string? target, string? kernelMessage) =>
        FromErrno((Errno)errno, operation, target, kernelMessage);
}
