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
        System.IO.Directory.CreateDirectory(Directory);
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
        catch (JsonException e)
        {
            throw new NetOperationException(NetErrorKind.Malformed,
                $"The lab record {path} cannot be read ({e.Message}). Its namespaces start with the lab's prefix; move the file away to start over.",
                operation: "read lab record", target: path, inner: e);
        }
    }

    public static IReadOnlyList<LabRecord> ReadAll()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        return System.IO.Directory.EnumerateFiles(Directory, "*.json").Order(StringComparer.Ordinal)
            .Select(p => Read(Path.GetFileNameWithoutExtension(p))).OfType<LabRecord>().ToList();
    }

    public static void Write(LabRecord record) => StateFile.WriteAtomically(PathOf(record.Name), record);

    public static void Delete(string name) => File.Delete(PathOf(name));
}
