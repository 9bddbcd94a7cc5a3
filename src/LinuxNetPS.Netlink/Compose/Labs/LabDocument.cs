namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Where a value of a lab definition came from: the file (null for a hashtable given in memory), its 1-based line and
/// column (0 when unknown), and the path of keys to it ("Links[6].Endpoints"), so every message can point at it.
/// </summary>
public sealed record SourceLocation(string? File, int Line, int Column, string Path)
{
    public SourceLocation Child(string key, int line = 0, int column = 0) =>
        new(File, line == 0 ? Line : line, line == 0 ? Column : column, Path.Length == 0 ? key : $"{Path}.{key}");

    public SourceLocation Item(int index, int line = 0, int column = 0) =>
        new(File, line == 0 ? Line : line, line == 0 ? Column : column, $"{Path}[{index}]");

    /// <summary>"lab.psd1:12:5 (Links[6].Endpoints)", or "the definition (Links[6])" without a file.</summary>
    public override string ToString()
    {
        string where = File is null ? "the definition" : Line > 0 ? $"{File}:{Line}{(Column > 0 ? ":" + Column : "")}" : File;
        return Path.Length == 0 ? where : $"{where} ({Path})";
    }
}

/// <summary>
/// A lab definition read from any source (PowerShell data file, hashtable, JSON, YAML) before it means anything:
/// maps, lists and scalars with their locations. Every loader produces this one tree, so the schema, the checks and
/// the messages are written once (<see cref="LabBinder"/>).
/// </summary>
public abstract class LabValue
{
    protected LabValue(SourceLocation location) => Location = location;

    public SourceLocation Location { get; }

    /// <summary>"a mapping", "a list", "a text" ... for "expected X, found Y" messages.</summary>
    public abstract string Describe();
}

/// <summary>A scalar: text (numbers and booleans keep their source text; <see cref="IsNull"/> for null/~/$null).</summary>
public sealed class LabScalar : LabValue
{
    public LabScalar(string? text, SourceLocation location, bool isBoolean = false) : base(location)
    {
        Text = text;
        IsBoolean = isBoolean;
    }

    public string? Text { get; }
    public bool IsNull => Text is null;
    public bool IsBoolean { get; }

    public override string Describe() => IsNull ? "nothing (null)" : $"'{Text}'";
}

public sealed class LabList : LabValue
{
    public LabList(IReadOnlyList<LabValue> items, SourceLocation location) : base(location) => Items = items;

    public IReadOnlyList<LabValue> Items { get; }

    public override string Describe() => "a list";
}

/// <summary>A mapping whose keys keep their order and their own locations (an unknown key is reported where it is).</summary>
public sealed class LabMap : LabValue
{
    public LabMap(IReadOnlyList<LabEntry> entries, SourceLocation location) : base(location) => Entries = entries;

    public IReadOnlyList<LabEntry> Entries { get; }

    public LabEntry? Find(string key) => Entries.FirstOrDefault(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));

    public override string Describe() => "a mapping";
}

public sealed record LabEntry(string Key, SourceLocation KeyLocation, LabValue Value);
