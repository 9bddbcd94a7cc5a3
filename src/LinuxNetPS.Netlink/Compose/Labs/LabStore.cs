using System.Text.Json;
using LinuxNetPS.Compose.State;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// The lab records under /run/linuxnetps/labs (<see cref="StateDirectory"/>: tmpfs, so they live as long as the
/// namespaces they describe). One record per lab; every change runs under the <see cref="StateLock"/> of labs/.lock
/// (which a kill -9 releases) and is written with <see cref="StateFile"/>, so a reader never sees half a record.
/// The lock is held only while records are read or written, never while a lab is built.
/// </summary>
internal static class LabStore
{
    public static string Directory => StateDirectory.Of("labs");

    public static string PathOf(string name) => Path.Combine(Directory, name + ".json");

    public static T Locked<T>(Func<T> work)
    {
        StateDirectory.Ensure("labs");
        using var gate = StateLock.Acquire(Path.Combine(Directory, ".lock"), "lab records");
        return work();
    }

    public static LabRecord? Read(string name)
    {
        string path = PathOf(name);
        if (!File.Exists(path)) return null;
        try
        {
            return StateFile.Read<LabRecord>(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (JsonException e)
        {
            throw Unreadable(path, e.Message, e);
        }
    }

    private static NetOperationException Unreadable(string path, string why, Exception? inner = null) =>
        new(NetErrorKind.Malformed,
            $"The lab record {path} cannot be read ({why}). Its namespaces start with the lab's prefix; move the file away to start over.",
            operation: "read lab record", target: path, inner: inner);

    /// <summary>
    /// Every readable record. One that cannot be read (not JSON, not a record, a Name other than its file's) is left out
    /// and told to <paramref name="warn"/>, so one bad file never hides the other labs.
    /// </summary>
    public static IReadOnlyList<LabRecord> ReadAll(Action<string>? warn = null)
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        var records = new List<LabRecord>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*.json").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            try
            {
                if (Read(name) is not { } record) continue;
                if (record.Name != name) throw Unreadable(path, $"it names the lab '{InputText.Echo(record.Name)}', not '{InputText.Echo(name)}'");
                records.Add(record);
            }
            catch (NetOperationException e) when (e.Kind is NetErrorKind.Malformed or NetErrorKind.PermissionDenied)
            {
                warn?.Invoke(e.Message);
            }
        }
        return records;
    }

    public static void Write(LabRecord record) => StateFile.WriteAtomically(PathOf(record.Name), record);

    public static void Delete(string name) => File.Delete(PathOf(name));
}
