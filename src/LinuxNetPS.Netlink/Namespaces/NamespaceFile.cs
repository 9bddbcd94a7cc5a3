using LinuxNetPS.Errors;
using LinuxNetPS.Interop;

namespace LinuxNetPS.Namespaces;

/// <summary>Opens namespace files and reads their identity (the nsfs inode).</summary>
internal static class NamespaceFile
{
    /// <summary>Opens the namespace file and checks that it really is a network namespace.</summary>
    public static FileDescriptor Open(NamespaceRef ns, out ulong inode)
    {
        FileDescriptor fd;
        try
        {
            fd = FileDescriptor.OpenReadOnly(ns.Path);
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound)
        {
            throw NotFound(ns);
        }
        try
        {
            inode = InodeOf(fd) ?? throw NotFound(ns);
            return fd;
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>The inode of an open nsfs file, or null if the file is not a network namespace (e.g. a stale /run/netns entry).</summary>
    public static ulong? InodeOf(FileDescriptor fd)
    {
        // NS_GET_NSTYPE answers CLONE_NEWNET only for a network namespace file (ENOTTY for a plain file).
        if (Sys.Ioctl(fd.Value, Sys.NS_GET_NSTYPE) != Sys.CLONE_NEWNET) return null;
        return Sys.InodeOf(fd.Value);
    }

    public static NetOperationException NotFound(NamespaceRef ns) => ns.Name is { } name
        ? NetOperationException.NotFound($"Network namespace '{name}' does not exist ({ns.Path} not found). Create it first, or list the existing ones.", name).WithErrorId(ErrorIds.NamespaceNotFound)
        : NetOperationException.NotFound($"'{ns.Spec}' is not a network namespace ({ns.Path} cannot be opened as one).", ns.Spec).WithErrorId(ErrorIds.NamespaceNotFound);
}
