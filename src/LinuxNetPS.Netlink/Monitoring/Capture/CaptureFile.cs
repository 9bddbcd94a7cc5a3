using LinuxNetPS.Errors;
using LinuxNetPS.Interop;

namespace LinuxNetPS.Monitoring.Capture;

/// <summary>
/// Opens the file a capture is written to (Get-NetPacket -OutFile) the way a program running as root must in a folder
/// other users can write to (/tmp): a new file is created with O_EXCL; an existing one is reused only when it is a
/// regular file of this user, opened with O_NOFOLLOW (a symlink is refused, never followed to its target) and emptied
/// only after that check. So a link or file another user planted under the name is never written through.
/// </summary>
public static class CaptureFile
{
    private const int Mode0644 = 0x1A4;
    private const string Operation = "create pcap file";

    /// <summary>A write-only stream on <paramref name="path"/>, new or emptied; NetOperationException when it may not be written.</summary>
    public static Stream Create(string path)
    {
        int fd = Sys.Open(path, Sys.O_WRONLY | Sys.O_CREAT | Sys.O_EXCL | Sys.O_NOFOLLOW | Sys.O_NOCTTY | Sys.O_CLOEXEC, Mode0644);
        if (fd < 0 && Sys.LastErrno() == Errno.EEXIST)
            return new BufferedStream(new DescriptorWriteStream(OpenExisting(path)), 64 * 1024);
        if (fd < 0) throw Sys.LastError(Operation, path);
        return new BufferedStream(new DescriptorWriteStream(new FileDescriptor(fd)), 64 * 1024);
    }

    /// <summary>An existing file: not through a symlink, without blocking (a FIFO), only a regular file this user owns, then emptied.</summary>
    private static FileDescriptor OpenExisting(string path)
    {
        int fd = Sys.Open(path, Sys.O_WRONLY | Sys.O_NOFOLLOW | Sys.O_NONBLOCK | Sys.O_NOCTTY | Sys.O_CLOEXEC, 0);
        if (fd < 0)
        {
            var errno = Sys.LastErrno();
            if (errno == Errno.ELOOP)
                throw new NetOperationException(NetErrorKind.PermissionDenied,
                    $"'{InputText.Echo(path)}' is a symbolic link; a capture is not written through a link (another user could have planted it to have a file of yours overwritten). Remove it or choose another name.",
                    errno, operation: Operation, target: path);
            throw Sys.LastError(Operation, path);
        }
        var file = new FileDescriptor(fd);
        try
        {
            var stat = Sys.OwnerAndModeOf(file) ?? throw Sys.LastError(Operation, path);
            if (stat.Type != Sys.S_IFREG)
                throw new NetOperationException(NetErrorKind.InvalidArgument,
                    $"'{InputText.Echo(path)}' exists and is not a regular file; a capture is written only to a new file or a regular file of yours.", operation: Operation, target: path);
            if (stat.Owner != Sys.GetEuid())
                throw new NetOperationException(NetErrorKind.PermissionDenied,
                    $"'{InputText.Echo(path)}' exists and belongs to user {stat.Owner}, not to this user ({Sys.GetEuid()}); it is not overwritten. Remove it or choose another name.",
                    operation: Operation, target: path);
            if (Sys.FTruncate(file, 0) != 0) throw Sys.LastError(Operation, path);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Writes go straight to the descriptor (Sys.WriteAll); the stream owns it.</summary>
    private sealed class DescriptorWriteStream(FileDescriptor fd) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => !fd.IsClosed;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (!Sys.WriteAll(fd, buffer)) throw Sys.LastError("write pcap file");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) fd.Dispose();
            base.Dispose(disposing);
        }
    }
}
