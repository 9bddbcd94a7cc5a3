using System.Text;
using LinuxNetPS.Errors;
using LinuxNetPS.Interop;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Opens a lab definition file for every reader (.psd1, .json, .clab.yml): a regular file of at most
/// <see cref="MaxBytes"/>, checked on the open file before anything is read. A FIFO no longer hangs (opened without
/// blocking, then refused), /dev/zero is not read without end, and a 200 MB file is refused at once.
/// </summary>
public static class LabFile
{
    /// <summary>The largest definition read: 16 MB (a lab file is kilobytes; 1000 nodes with links are well under 1 MB).</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    private const string Operation = "read lab definition";

    /// <summary>The file's text (UTF-8, a byte-order mark dropped); NotFound, or InvalidLabDefinition for what is not a small regular file.</summary>
    public static string ReadText(string path)
    {
        int fd = Sys.Open(path, Sys.O_RDONLY | Sys.O_NONBLOCK | Sys.O_NOCTTY | Sys.O_CLOEXEC, 0);
        if (fd < 0)
        {
            var errno = Sys.LastErrno();
            if (errno is Errno.ENOENT or Errno.ENOTDIR)
                throw new NetOperationException(NetErrorKind.NotFound, $"The lab definition '{InputText.Echo(path)}' does not exist.", errno, operation: Operation, target: path);
            throw Sys.LastError(Operation, path);
        }
        using var file = new FileDescriptor(fd);
        var stat = Sys.OwnerAndModeOf(file) ?? throw Sys.LastError(Operation, path);
        if (stat.Type == Sys.S_IFDIR)
            throw new NetOperationException(NetErrorKind.InvalidArgument, $"'{InputText.Echo(path)}' is a directory; give the lab definition file in it (a .psd1, .json or .clab.yml file).", operation: Operation, target: path).WithErrorId(ErrorIds.PathIsDirectory);
        if (stat.Type != Sys.S_IFREG)
            throw Invalid(path, $"'{InputText.Echo(path)}' is {Describe(stat.Type)}, not a regular file; a lab definition is a .psd1, .json or .clab.yml file.");
        if (stat.Size > MaxBytes)
            throw Invalid(path, $"'{InputText.Echo(path)}' is {stat.Size / (1024 * 1024)} MB; a lab definition may be at most {MaxBytes / (1024 * 1024)} MB.");
        var bytes = Sys.ReadAll(file, MaxBytes) ?? throw Sys.LastError(Operation, path);
        if (bytes.Length > MaxBytes) // it grew while being read
            throw Invalid(path, $"'{InputText.Echo(path)}' is larger than {MaxBytes / (1024 * 1024)} MB, the most a lab definition may be.");
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw Invalid(path, $"'{InputText.Echo(path)}' is not UTF-8 text.");
        }
    }

    private static NetOperationException Invalid(string path, string message) =>
        new NetOperationException(NetErrorKind.InvalidArgument, message, operation: Operation, target: path).WithErrorId(ErrorIds.InvalidLabDefinition);

    private static string Describe(int type) => type switch
    {
        Sys.S_IFDIR => "a directory",
        0x1000 => "a FIFO",
        0x2000 => "a character device",
        0x6000 => "a block device",
        0xC000 => "a socket",
        _ => "not a regular file",
    };
}
