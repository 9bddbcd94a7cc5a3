using System.Runtime.InteropServices;

namespace LinuxNetPS.Interop;

/// <summary>An owned file descriptor (socket or namespace file), closed exactly once.</summary>
internal sealed class FileDescriptor : SafeHandle
{
    public FileDescriptor(int fd) : base(new IntPtr(-1), ownsHandle: true) => SetHandle(new IntPtr(fd));

    public override bool IsInvalid => handle.ToInt64() < 0;

    public int Value => (int)handle.ToInt64();

    protected override bool ReleaseHandle() => Sys.Close(Value) == 0;

    /// <summary>Opens a file read-only with O_CLOEXEC (namespace files such as /proc/self/ns/net).</summary>
    public static FileDescriptor OpenReadOnly(string path)
    {
        int fd = Sys.Open(path, Sys.O_RDONLY | Sys.O_CLOEXEC, 0);
        if (fd < 0) throw Sys.LastError("open", path);
        return new FileDescriptor(fd);
    }
}
