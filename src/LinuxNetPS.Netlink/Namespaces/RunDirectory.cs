using LinuxNetPS.Errors;
using LinuxNetPS.Interop;

namespace LinuxNetPS.Namespaces;

/// <summary>Creates the directory that holds namespace entries, with an explicit mode that the umask cannot widen or narrow.</summary>
internal static class RunDirectory
{
    /// <summary>rwxr-xr-x: only root adds or removes entries, everybody may list them.</summary>
    public const int Mode = 0x1ED; // 0755

    /// <summary>
    /// Creates <paramref name="path"/> (and missing parents) if absent. A directory it creates gets exactly
    /// <see cref="Mode"/>; an existing one is left as it is (it is not ours to change). A symlink or a file
    /// in its place is refused.
    /// </summary>
    public static void Create(string path)
    {
        var info = new DirectoryInfo(path);
        if (info.LinkTarget is not null)
            throw NetOperationException.Invalid($"{path} is a symbolic link; LinuxNetPS keeps network namespaces only in a real directory there.", path);
        if (info.Exists) return;
        if (info.Parent is { Exists: false } parent) Directory.CreateDirectory(parent.FullName);
        if (Sys.MkDir(path, Mode) < 0)
        {
            var error = Sys.LastError("create directory", path);
            if (error.Kind == NetErrorKind.AlreadyExists) return; // another process made it first
            throw error;
        }
        // mkdir applies the umask (0777 would come out under umask 000, 0700 under 077): set the mode we mean.
        Sys.ThrowIfFailed(Sys.ChMod(path, Mode), "set the mode of", path);
    }
}
