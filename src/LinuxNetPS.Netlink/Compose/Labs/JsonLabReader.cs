using System.Text;
using System.Text.Json;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Reads a JSON lab definition into the location-carrying tree. Utf8JsonReader gives byte offsets, not lines, so the
/// offsets of the line starts are computed once and each token's line is found by binary search.
/// Comments and trailing commas are allowed on purpose (people annotate their labs; a comment changes no value, so
/// unlike a lenient value it hides no mistake). New-NetLab's help says so.
/// </summary>
public static class JsonLabReader
{
    public static LabValue Read(string json, string? file)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var lines = LineStarts(bytes);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read()) throw LabErrors.Invalid(new SourceLocation(file, 1, 1, ""), "The file is empty; a lab definition is a JSON object.");
            var value = ReadValue(ref reader, bytes, lines, file, "");
            if (reader.Read()) throw LabErrors.Invalid(At(reader.TokenStartIndex, lines, file, ""), "Unexpected text after the end of the lab definition.");
            return value;
        }
        catch (JsonException e)
        {
            throw LabErrors.Invalid(new SourceLocation(file, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, ""), $"This is not valid JSON: {e.Message}");
        }
    }

    private static LabValue ReadValue(ref Utf8JsonReader reader, byte[] bytes, int[] lines, string? file, string path)
    {
        var here = At(reader.TokenStartIndex, lines, file, path);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var entries = new List<LabEntry>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    string key = reader.GetString()!;
                    var keyAt = At(reader.TokenStartIndex, lines, file, Join(path, key));
                    reader.Read();
                    entries.Add(new LabEntry(key, keyAt, ReadValue(ref reader, bytes, lines, file, Join(path, key))));
                }
                return new LabMap(entries, here);
            }
            case JsonTokenType.StartArray:
            {
                var items = new List<LabValue>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    items.Add(ReadValue(ref reader, bytes, lines, file, $"{path}[{items.Count}]"));
                return new LabList(items, here);
            }
            case JsonTokenType.String: return new LabScalar(reader.GetString(), here);
            case JsonTokenType.Number: return new LabScalar(Encoding.UTF8.GetString(reader.ValueSpan), here);
            case JsonTokenType.True: return new LabScalar("true", here, isBoolean: true);
            case JsonTokenType.False: return new LabScalar("false", here, isBoolean: true);
            case JsonTokenType.Null: return new LabScalar(null, here);
            default: throw LabErrors.Invalid(here, $"Unexpected JSON token {reader.TokenType}.");
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static int[] LineStarts(byte[] bytes)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < bytes.Length; i++)
            if (bytes[i] == (byte)'\n') starts.Add(i + 1);
        return starts.ToArray();
    }

    private static SourceLocation At(long offset, int[] lines, string? file, string path)
    {
        int index = Array.BinarySearch(lines, (int)offset);
        if (index < 0) index = ~index - 1;
        return new SourceLocation(file, index + 1, (int)offset - lines[index] + 1, path);
    }
}
