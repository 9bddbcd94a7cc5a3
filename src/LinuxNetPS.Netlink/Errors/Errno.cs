namespace LinuxNetPS.Errors;

/// <summary>
/// The Linux errno values the library meets, named as in asm-generic/errno-base.h and errno.h.
/// The one representation of an errno in the code: compare with these, never with numbers.
/// </summary>
public enum Errno
{
    None = 0,
    EPERM = 1,
    ENOENT = 2,
    ESRCH = 3,
    EINTR = 4,
    ENXIO = 6,
    E2BIG = 7,
    EBADF = 9,
    EAGAIN = 11,
    ENOMEM = 12,
    EACCES = 13,
    EBUSY = 16,
    EEXIST = 17,
    ENODEV = 19,
    ENOTDIR = 20,
    EISDIR = 21,
    EINVAL = 22,
    ENOTTY = 25,
    ENOSPC = 28,
    ERANGE = 34,
    ENAMETOOLONG = 36,
    ELOOP = 40,
    /// <summary>nf_tables: the ruleset changed since the generation a batch named.</summary>
    ERESTART = 85,
    EMSGSIZE = 90,
    EPROTONOSUPPORT = 93,
    EOPNOTSUPP = 95,
    EAFNOSUPPORT = 97,
    EADDRNOTAVAIL = 99,
    ENETDOWN = 100,
    ENETUNREACH = 101,
    ENOBUFS = 105,
    ETIMEDOUT = 110,
    EHOSTUNREACH = 113,
}
