using System.Text.Json;

namespace LinuxNetPS.Compose.State;

/// <summary>
/// The one way our state under /run/linuxnetps (container networks, labs) is written: to a temp file beside the target,
/// flushed, then renamed over it, so a reader sees the old file or the new one and a killed writer leaves at most a
/// stray temp file, never half a record. Callers hold their flock; the temp name is unique per process and thread anyway.
/// </summary>
internal static class StateFile
{
    public static void WriteAtomically<T>(string path, T value, JsonSerializerOptions options)
    {
        string temp = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, value, options);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true); // rename(2): atomic
    }
}
