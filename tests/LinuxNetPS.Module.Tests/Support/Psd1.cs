using System.Collections;
using System.Management.Automation.Language;

namespace LinuxNetPS.Module.Tests.Support;

/// <summary>
/// Reads a module manifest as data with PowerShell's own parser: the file must be one hashtable
/// literal of constants (what Import-PowerShellDataFile accepts). Values become string, bool,
/// numbers, null, List&lt;object?&gt; or a case-insensitive Dictionary&lt;string, object?&gt;;
/// a syntax error or a non-constant value is a FormatException, not a guess.
/// </summary>
internal static class Psd1
{
    public static Dictionary<string, object?> Parse(string text)
    {
        var ast = Parser.ParseInput(text, out _, out var errors);
        if (errors.Length > 0)
            throw new FormatException(string.Join("; ", errors.Select(e => $"line {e.Extent.StartLineNumber}: {e.Message} ({e.ErrorId})")));
        var hashtable = ast.Find(a => a is HashtableAst, searchNestedScriptBlocks: false) as HashtableAst
            ?? throw new FormatException("the manifest holds no @{ } hashtable");
        object? value;
        try
        {
            value = hashtable.SafeGetValue();
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException($"the manifest holds a value that is not a constant: {e.Message}", e);
        }
        return (Dictionary<string, object?>)Convert(value)!;
    }

    /// <summary>A value as a list of strings: 'a' → [a], @('a','b') → [a, b], @() → [].</summary>
    public static IReadOnlyList<string> Strings(object? value) => value switch
    {
        null => [],
        string s => [s],
        List<object?> list => list.Select(v => v as string ?? throw new FormatException($"expected strings, found {v}")).ToList(),
        _ => throw new FormatException($"expected a string or an array of strings, found {value.GetType().Name}"),
    };

    private static object? Convert(object? value) => value switch
    {
        IDictionary d => d.Keys.Cast<object>().ToDictionary(k => k.ToString()!, k => Convert(d[k]), StringComparer.OrdinalIgnoreCase),
        object[] array => array.Select(Convert).ToList(),
        _ => value,
    };
}
