namespace LinuxNetPS.Errors;

/// <summary>
/// What kind of failure happened, independent of PowerShell. The module maps each kind to one
/// ErrorCategory (see the module's ErrorRecordFactory); keep the two lists in step.
/// </summary>
public enum NetErrorKind
{
    /// <summary>Anything not covered below.</summary>
    Other,
    /// <summary>EEXIST: the object is already there.</summary>
    AlreadyExists,
    /// <summary>ENOENT, ENODEV, ESRCH, EADDRNOTAVAIL, or a name we could not resolve.</summary>
    NotFound,
    /// <summary>EPERM, EACCES: not root / no CAP_NET_ADMIN.</summary>
    PermissionDenied,
    /// <summary>EINVAL, ERANGE or input we rejected before asking the kernel.</summary>
    InvalidArgument,
    /// <summary>EOPNOTSUPP, EAFNOSUPPORT, EPROTONOSUPPORT: e.g. a link kind the kernel lacks.</summary>
    NotSupported,
    /// <summary>EBUSY: the object is in use.</summary>
    Busy,
    /// <summary>ENETUNREACH, EHOSTUNREACH: a gateway that is not reachable.</summary>
    Unreachable,
    /// <summary>ENOBUFS, ENOMEM, ENOSPC: the kernel ran out of room.</summary>
    ResourceExhausted,
    /// <summary>ETIMEDOUT, or a wait whose condition did not come true in time.</summary>
    TimedOut,
    /// <summary>A message from the kernel (or a file) that LinuxNetPS could not read: see <see cref="MalformedMessageException"/>.</summary>
    Malformed,
}
