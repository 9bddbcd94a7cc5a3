using LinuxNetPS.Errors;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Reads YAML text into the definition tree, every value with its line and column. The core library has no YAML
/// parser of its own and no reference to one: the reader lives in LinuxNetPS.Yaml.dll (YamlDotNet), which the module's
/// loader loads into a private AssemblyLoadContext, so another module's YamlDotNet never clashes with ours.
/// </summary>
public interface ILabYamlReader
{
    /// <summary>One YAML document as a tree; bad YAML, a second document or a value over the <see cref="LabYaml"/> budget is a lab definition error with its file:line.</summary>
    LabValue Read(string yaml, string? file);
}

/// <summary>
/// Where the core finds its YAML reader. The module's loader sets <see cref="Reader"/> at import; a C# program that
/// references LinuxNetPS.Yaml needs to do nothing (the reader is found by name on first use), or sets it itself.
/// The budget every reader keeps, so a hostile file cannot make a small text into a huge tree:
/// </summary>
public static class LabYaml
{
    /// <summary>Deepest nesting of mappings and lists (a containerlab file needs about 6).</summary>
    public const int MaxDepth = 64;

    /// <summary>Most values (scalars, mappings, lists) in the tree, counting every value an alias repeats (a billion-laughs file stops here).</summary>
    public const int MaxValues = 100_000;

    private const string DefaultReader = "LinuxNetPS.Yaml.YamlDotNetLabReader, LinuxNetPS.Yaml";

    private static ILabYamlReader? _reader;

    /// <summary>The reader in use; null until one is registered or found.</summary>
    public static ILabYamlReader? Reader
    {
        get => Volatile.Read(ref _reader);
        set => Volatile.Write(ref _reader, value);
    }

    public static LabValue Read(string yaml, string? file)
    {
        var reader = Reader ?? Find() ?? throw new NetOperationException(NetErrorKind.NotSupported,
            "Reading YAML lab definitions needs LinuxNetPS.Yaml.dll (the module ships it in private/); a C# program references the LinuxNetPS.Yaml project or sets LabYaml.Reader.",
            operation: "read lab definition", target: file).WithErrorId(ErrorIds.InvalidLabDefinition);
        return reader.Read(yaml, file);
    }

    private static ILabYamlReader? Find()
    {
        Type? type;
        try { type = Type.GetType(DefaultReader, throwOnError: false); }
        catch (Exception e) when (e is IOException or BadImageFormatException) { return null; }
        if (type is null || Activator.CreateInstance(type) is not ILabYamlReader found) return null;
        Interlocked.CompareExchange(ref _reader, found, null);
        return Reader;
    }
}
