namespace LinuxNetPS.Errors;

/// <summary>The single place where an errno becomes a typed, readable exception.</summary>
public static class ErrnoMapper
{
    // errno values from asm-generic/errno-base.h and errno.h
    private static readonly Dictionary<int, (string Name, NetErrorKind Kind)> Known = new()
    {
        [1] = ("EPERM", NetErrorKind.PermissionDenied),
        [2] = ("ENOENT", NetErrorKind.NotFound),
        [3] = ("ESRCH", NetErrorKind.NotFound),
        [12] = ("ENOMEM", NetErrorKind.ResourceExhausted),
        [13] = ("EACCES", NetErrorKind.PermissionDenied),
        [16] = ("EBUSY", NetErrorKind.Busy),
        [17] = ("EEXIST", NetErrorKind.AlreadyExists),
        [19] = ("ENODEV", NetErrorKind.NotFound),
        [22] = ("EINVAL", NetErrorKind.InvalidArgument),
        [28] = ("ENOSPC", NetErrorKind.ResourceExhausted),
        [34] = ("ERANGE", NetErrorKind.InvalidArgument),
        [36] = ("ENAMETOOLONG", NetErrorKind.InvalidArgument),
        [93] = ("EPROTONOSUPPORT", NetErrorKind.NotSupported),
        [95] = ("EOPNOTSUPP", NetErrorKind.NotSupported),
        [97] = ("EAFNOSUPPORT", NetErrorKind.NotSupported),
        [99] = ("EADDRNOTAVAIL", NetErrorKind.NotFound),
        [101] = ("ENETUNREACH", NetErrorKind.Unreachable),
        [105] = ("ENOBUFS", NetErrorKind.ResourceExhausted),
        [113] = ("EHOSTUNREACH", NetErrorKind.Unreachable),
    };

    /// <summary>The symbolic name of an errno ("EEXIST"), or "errno N".</summary>
    public static string Name(int errno) => Known.TryGetValue(errno, out var k) ? k.Name : $"errno {errno}";

    public static NetErrorKind Classify(int errno) => Known.TryGetValue(errno, out var k) ? k.Kind : NetErrorKind.Other;

    /// <summary>Builds the exception for a failed operation: "Cannot create link 'veth0': File exists (EEXIST). Kernel: ..."</summary>
    public static NetOperationException FromErrno(int errno, string operation, string? target, string? kernelMessage)
    {
        string text = new System.ComponentModel.Win32Exception(errno).Message; // strerror() on Unix
        var message = $"Cannot {operation}{(target is null ? "" : $" '{target}'")}: {text} ({Name(errno)}).";
        if (!string.IsNullOrEmpty(kernelMessage)) message += $" Kernel says: {kernelMessage}.";
        var kind = Classify(errno);
        if (kind == NetErrorKind.PermissionDenied)
            message += CapabilityAdvice.For(operation);
        return new NetOperationException(kind, message, errno, kernelMessage, operation, target);
    }
}
