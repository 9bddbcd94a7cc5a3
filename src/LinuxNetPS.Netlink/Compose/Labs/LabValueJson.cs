using System.Text;
using System.Text.Json;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// A definition tree as JSON, keys in their order: how the controller of a split lab hands the definition to each host
/// (which reads it back with ConvertFrom-Json -AsHashtable, an ordered hashtable), so every host binds the same tree and
/// so hands out the same pool addresses. Texts stay texts (numbers keep their source text), booleans stay booleans.
/// </summary>
public static class LabValueJson
{
    public static string Write(LabValue value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            Write(writer, value);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter w, LabValue value)
    {
        switch (value)
        {
            case LabMap map:
                w.WriteStartObject();
                foreach (var entry in map.Entries)
                {
                    w.WritePropertyName(entry.Key);
                    Write(w, entry.Value);
                }
                w.WriteEndObject();
                break;
            case LabList list:
                w.WriteStartArray();
                foreach (var item in list.Items) Write(w, item);
                w.WriteEndArray();
                break;
            case LabScalar { IsNull: true }:
                w.WriteNullValue();
                break;
            case LabScalar { IsBoolean: true } b:
                w.WriteBooleanValue(string.Equals(b.Text, "true", StringComparison.OrdinalIgnoreCase));
                break;
            case LabScalar s:
                w.WriteStringValue(s.Text);
                break;
        }
    }
}
