using System.Text.Json;
using System.Text.Json.Serialization;

namespace LinuxNetPS.Compose.State;

/// <summary>
/// The one way our state under /run/linuxnetps (container networks, labs) is read and written, in one JSON format
/// (indented, nulls left out, enums by name). Writes go to a temp file beside the target, flushed, then renamed over
/// it, so a reader sees the old file or the new one and a killed writer leaves at most a stray temp file, never half a
/// record. Callers hold their flock; the temp name is unique per process and thread anyway.
/// </summary>
internal static class StateFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The record in <paramref name="path"/>; JsonException when it is not one (an empty document included).</summary>
    public static T Read<T>(string path) where T : class =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json) ?? throw new JsonException("empty document");

    public static void WriteAtomically<T>(string path, T value)
    {
        string temp = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, value, Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true); // rename(2): atomic
    }
}
