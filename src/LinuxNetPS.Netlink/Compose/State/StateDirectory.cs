using LinuxNetPS.Errors;
using LinuxNetPS.Interop;

namespace LinuxNetPS.Compose.State;

/// <summary>
/// Where Compose keeps what the kernel cannot hold (container networks' subnets and allocations, lab records):
/// /run/linuxnetps, a tmpfs on real systems, so it lives exactly as long as the kernel objects it describes.
/// <see cref="RootVariable"/> moves it (for tests). Each kind of state has a folder of its own below it
/// (networks/, labs/), written with <see cref="StateFile"/> under a <see cref="StateLock"/>.
/// <para>
/// Root acts on these records (Remove-NetLab deletes the namespaces a record names), so nobody else may write there:
/// <see cref="Ensure"/> makes the folders 0755 whatever the umask, and refuses a folder that is a symlink, is not owned
/// by this user (root) or is writable by group or others, before anything in it is read or written.
/// </para>
/// </summary>
internal static class StateDirectory
{
    public const string DefaultRoot = "/run/linuxnetps";
    public const string RootVariable = "LINUXNETPS_STATE_DIR";
    private const int Mode0755 = 0x1ed;

    /// <summary>The root as this process sees it now (the variable is read on every call: a test may set it late).</summary>
    public static string Root => Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } root ? root : DefaultRoot;

    /// <summary>The folder of one kind of state, e.g. "networks" or "labs".</summary>
    public static string Of(string kind) => Path.Combine(Root, kind);

    /// <summary>
    /// Makes (0755) or checks the root and its folder <paramref name="kind"/>, and removes temp files of writers that died
    /// (<see cref="StateFile.RemoveOrphans"/>). Returns the folder. Throws PermissionDenied (<see cref="ErrorIds.UnsafeStateDirectory"/>)
    /// for a folder someone else could have written in.
    /// </summary>
    public static string Ensure(string kind)
    {
        string root = Root;
        EnsureOne(root);
        string folder = Path.Combine(root, kind);
        EnsureOne(folder);
        StateFile.RemoveOrphans(folder);
        return folder;
    }

    /// <summary>One folder: created 0755 if missing, then opened without following a link and checked.</summary>
    internal static void EnsureOne(string path)
    {
        bool made = Sys.MkDir(path, Mode0755) == 0;
        if (!made && Sys.LastErrno() != Errno.EEXIST) throw Sys.LastError("create the state folder", path);
        int fd = Sys.Open(path, Sys.O_RDONLY | Sys.O_DIRECTORY | Sys.O_NOFOLLOW | Sys.O_CLOEXEC, 0);
        if (fd < 0)
        {
            var errno = Sys.LastErrno();
            if (errno is Errno.ELOOP or Errno.ENOTDIR)
                throw Unsafe(path, "it is a symlink or not a folder");
            throw ErrnoMapper.FromErrno(errno, "open the state folder", path, null);
        }
        using var folder = new FileDescriptor(fd);
        if (made && Sys.FChMod(folder, Mode0755) != 0) throw Sys.LastError("set the mode of the state folder", path); // the umask may have narrowed it
        var stat = Sys.OwnerAndModeOf(folder) ?? throw Sys.LastError("check the state folder", path);
        uint me = Sys.GetEuid();
        if (stat.Owner != me)
            throw Unsafe(path, $"it is owned by uid {stat.Owner}, not by uid {me} (this process{(me == 0 ? ", root" : "")})");
        if ((stat.Permissions & 0x12) != 0) // S_IWGRP | S_IWOTH
            throw Unsafe(path, $"its mode is {Convert.ToString(stat.Permissions, 8).PadLeft(4, '0')}: group or others may write in it");
    }

    private static NetOperationException Unsafe(string path, string why) =>
        new NetOperationException(NetErrorKind.PermissionDenied,
            $"Refusing to use the state folder {path}: {why}. Another user could have changed the records kept there, which " +
            $"Remove-NetLab and Remove-ContainerNetwork act on as root. Check what is in it, then remove it or make it yours with mode 0755 (chown root: {path}; chmod 755 {path}).",
            operation: "check the state folder", target: path).WithErrorId(ErrorIds.UnsafeStateDirectory);
}
