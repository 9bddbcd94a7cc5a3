using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using LinuxNetPS.Errors;
using LinuxNetPS.Interop;

namespace LinuxNetPS.Compose.State;

/// <summary>
/// The one way our state under /run/linuxnetps (container networks, labs) is read and written, in one JSON format
/// (indented, nulls left out, enums by name). Writes go to a temp file beside the target, flushed, then renamed over
/// it, so a reader sees the old file or the new one and a killed writer leaves at most a stray temp file, never half a
/// record (the next <see cref="StateDirectory.Ensure"/> removes it). The temp file is made with O_CREAT|O_EXCL|O_NOFOLLOW
/// under a random name and set to 0644 whatever the umask: a link planted on its name is never followed. Records are
/// read without following links, only from regular files, and at most <see cref="MaxRecordBytes"/>.
/// </summary>
internal static class StateFile
{
    /// <summary>The largest record read: far above any real one (a network with thousands of endpoints is a few MB).</summary>
    public const int MaxRecordBytes = 16 * 1024 * 1024;
    private const int Mode0644 = 0x1a4;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// The record in <paramref name="path"/>; JsonException when it is not one (an empty document, a symlink, a FIFO or
    /// anything but a regular file of at most <see cref="MaxRecordBytes"/> included), FileNotFoundException when it is gone.
    /// </summary>
    public static T Read<T>(string path) where T : class
    {
        int fd = Sys.Open(path, Sys.O_RDONLY | Sys.O_NOFOLLOW | Sys.O_NONBLOCK | Sys.O_NOCTTY | Sys.O_CLOEXEC, 0);
        if (fd < 0)
        {
            var errno = Sys.LastErrno();
            if (errno == Errno.ENOENT) throw new FileNotFoundException($"{path} is gone", path);
            if (errno == Errno.ELOOP) throw new JsonException("it is a symlink, not a record");
            throw ErrnoMapper.FromErrno(errno, "read a state record", path, null);
        }
        using var file = new FileDescriptor(fd);
        var stat = Sys.OwnerAndModeOf(file) ?? throw Sys.LastError("read a state record", path);
        if (stat.Type != Sys.S_IFREG) throw new JsonException("it is not a regular file");
        if (stat.Size > MaxRecordBytes) throw new JsonException($"it is {stat.Size} bytes, over the limit of {MaxRecordBytes}");
        var bytes = Sys.ReadAll(file, MaxRecordBytes) ?? throw Sys.LastError("read a state record", path);
        if (bytes.Length > MaxRecordBytes) throw new JsonException($"it is over the limit of {MaxRecordBytes} bytes");
        return JsonSerializer.Deserialize<T>(bytes, Json) ?? throw new JsonException("empty document");
    }

    public static void WriteAtomically<T>(string path, T value)
    {
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(value, Json);
        string temp = $"{path}.{WriterIdentity.Current}.{Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant()}.tmp";
        int fd = Sys.Open(temp, Sys.O_WRONLY | Sys.O_CREAT | Sys.O_EXCL | Sys.O_NOFOLLOW | Sys.O_CLOEXEC, Mode0644);
        if (fd < 0) throw Sys.LastError("write a state record", temp);
        try
        {
            using (var file = new FileDescriptor(fd))
            {
                if (Sys.FChMod(file, Mode0644) != 0 || !Sys.WriteAll(file, bytes) || Sys.FSync(file) != 0)
                    throw Sys.LastError("write a state record", temp);
            }
            File.Move(temp, path, overwrite: true); // rename(2): atomic, and it replaces a link rather than following it
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>
    /// Removes NAME.WRITER.RANDOM.tmp files whose writer is provably no longer running (<see cref="WriterIdentity"/>:
    /// its PID gone, or reused by a process started at another time): a writer killed between creating its temp file
    /// and renaming it. A live writer's file, or one whose writer cannot be proved dead, stays. Best effort; a file that
    /// cannot be removed stays.
    /// </summary>
    public static void RemoveOrphans(string folder)
    {
        try
        {
            foreach (var temp in Directory.EnumerateFiles(folder, "*.tmp"))
            {
                var parts = Path.GetFileName(temp).Split('.');
                if (parts.Length < 4 || !WriterIdentity.ProvablyDead(parts[^3])) continue;
                try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
        catch (IOException) { }
    }
}
