using LinuxNetPS.Errors;
using LinuxNetPS.Interop;

namespace LinuxNetPS.Namespaces;

/// <summary>
/// Opens namespace files and reads their identity (the nsfs inode), without trusting what is there:
/// /run/netns may be writable by others, so nothing opened here can block (a FIFO), redirect (a
/// symlink under /run/netns) or pass for a namespace when it is not one (NS_GET_NSTYPE).
/// </summary>
internal static class NamespaceFile
{
    /// <summary>Opens the namespace file and checks that it really is a network namespace.</summary>
    public static FileDescriptor Open(NamespaceRef ns, out ulong inode)
    {
        // /proc/PID/ns/net is itself a (magic) symlink and must be followed; entries under /run/netns never are.
        var fd = FileDescriptor.TryOpenCarefully(ns.Path, noFollow: ns.Name is not null, out var errno);
        if (fd is null)
            throw errno switch
            {
                Errno.ENOENT or Errno.ENOTDIR or Errno.ESRCH => NotFound(ns),
                Errno.ELOOP => NotNamespace(ns, "it is a symbolic link, which LinuxNetPS does not follow under /run/netns"),
                Errno.ENXIO => NotNamespace(ns, "it is a socket or device"),
                _ => ErrnoMapper.FromErrno(errno, "open network namespace", ns.ToString(), null),
            };
        try
        {
            inode = Check(fd, out var why) ?? throw (ns.Name is not null && why is null ? NotMounted(ns) : NotNamespace(ns, why ?? "it is not an nsfs file"));
            return fd;
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>The inode of an open file if it is a network namespace, or null (a stale /run/netns entry, a FIFO ...).</summary>
    public static ulong? InodeOf(FileDescriptor fd) => Check(fd, out _);

    /// <summary>The inode of a network namespace file; null otherwise, with <paramref name="why"/> set when it is not even a regular file.</summary>
    private static ulong? Check(FileDescriptor fd, out string? why)
    {
        why = null;
        if (Sys.StatOf(fd) is not { } stat) return null;
        if (stat.Type != Sys.S_IFREG)
        {
            why = stat.Type switch { 0x1000 => "it is a FIFO", 0x4000 => "it is a directory", 0xC000 => "it is a socket", _ => "it is a device or special file" };
            return null;
        }
        // NS_GET_NSTYPE answers CLONE_NEWNET only for a network namespace file (ENOTTY for a plain file).
        return Sys.Ioctl(fd, Sys.NS_GET_NSTYPE) == Sys.CLONE_NEWNET ? stat.Inode : null;
    }

    /// <summary>Whether /run/netns/NAME (not followed if a symlink) is a mounted network namespace, and its inode.</summary>
    public static (bool Mounted, ulong Inode) Probe(string path)
    {
        using var fd = FileDescriptor.TryOpenCarefully(path, noFollow: true, out _);
        return fd is not null && InodeOf(fd) is { } inode ? (true, inode) : (false, 0);
    }

    public static NetOperationException NotFound(NamespaceRef ns) => ns.Name is { } name
        ? NetOperationException.NotFound($"Network namespace '{InputText.Echo(name)}' does not exist ({InputText.Echo(ns.Path)} not found). Create it first, or list the existing ones.", name).WithErrorId(ErrorIds.NamespaceNotFound)
        : NetOperationException.NotFound($"'{InputText.Echo(ns.Spec)}' is not a network namespace ({InputText.Echo(ns.Path)} does not exist).", ns.Spec).WithErrorId(ErrorIds.NamespaceNotFound);

    public static NetOperationException NotMounted(NamespaceRef ns) =>
        NetOperationException.NotFound(
            $"Network namespace '{InputText.Echo(ns.Name)}' is not mounted: {InputText.Echo(ns.Path)} is a stale entry (left by an interrupted creation, for example). " +
            "Remove-NetNamespace deletes it; then create the namespace again.", ns.Name).WithErrorId(ErrorIds.NamespaceNotMounted);

    public static NetOperationException NotNamespace(NamespaceRef ns, string why) =>
        NetOperationException.Invalid($"'{InputText.Echo(ns.Spec)}' is not a network namespace: {InputText.Echo(ns.Path)} cannot be used as one ({why}).", ns.Spec).WithErrorId(ErrorIds.NotANamespace);
}
