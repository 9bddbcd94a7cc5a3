using System.Text;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// containerlab's expansion of environment variables in a topology, done before the YAML is read as containerlab does
/// it (core/file.go: github.com/hellt/envsubst, BytesRestrictedNoReplace with noUnset and noEmpty off, noReplace and
/// noDigit on). The forms and what they give, NAME being letters, digits and '_':
/// <list type="bullet">
/// <item>$NAME and ${NAME}: the value when set and not empty; otherwise the text $NAME (noReplace keeps the reference,
/// without braces, as the library writes it);</item>
/// <item>${NAME:-word} and ${NAME:=word}: the value when set and not empty, else word; ${NAME-word} and ${NAME=word}:
/// word only when NAME is unset (set and empty gives $NAME); ${NAME+word} and ${NAME:+word}: word when NAME is set,
/// else nothing. word is text, or $OTHER which is expanded as above;</item>
/// <item>$$ is one '$'; '$' or '${' before a digit is text (noDigit); a '${' without its '}' on the same line is an
/// error, as it is for containerlab.</item>
/// </list>
/// Each line is expanded on its own, so no line moves; a value holding a line break is refused (it would move them).
/// Comment lines are left as they are: what they expand to cannot change the topology. Columns after an expansion are
/// mapped back to the file's (<see cref="Columns"/>), so every message still points into the file as written.
/// </summary>
public static class ContainerlabEnvironment
{
    /// <summary>The process environment, as containerlab reads its own.</summary>
    public static string? Process(string name) => Environment.GetEnvironmentVariable(name);

    /// <summary>The text with every reference expanded, and the map from its columns back to the file's.</summary>
    public static (string Text, Columns Map) Expand(string text, string? file, Func<string, string?> environment)
    {
        var lines = text.Split('\n');
        var map = new Columns();
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].IndexOf('$') < 0 || lines[i].TrimStart().StartsWith('#')) continue;
            lines[i] = Line(lines[i], i + 1, file, environment, map);
        }
        return (string.Join('\n', lines), map);
    }

    private static string Line(string line, int number, string? file, Func<string, string?> environment, Columns map)
    {
        var output = new StringBuilder(line.Length);
        int at = 0;
        while (at < line.Length)
        {
            int dollar = line.IndexOf('$', at);
            if (dollar < 0) { output.Append(line, at, line.Length - at); break; }
            output.Append(line, at, dollar - at);
            var (replacement, end) = Reference(line, dollar, number, file, environment);
            if (replacement is null)
            {
                // Not a reference: the '$' stays as text.
                output.Append('$');
                at = dollar + 1;
                continue;
            }
            if (replacement.AsSpan().IndexOfAny('\n', '\r') >= 0)
                throw LabErrors.Invalid(new SourceLocation(file, number, dollar + 1, ""),
                    $"'{line[dollar..end]}' expands to several lines; a topology's environment variables hold one line each (the lines after it would move).");
            map.Add(number, output.Length + 1, replacement.Length, dollar + 1, end - dollar);
            output.Append(replacement);
            at = end;
        }
        return output.ToString();
    }

    /// <summary>The reference at <paramref name="dollar"/> and the index after it; null when the '$' is plain text.</summary>
    private static (string? Value, int End) Reference(string line, int dollar, int number, string? file, Func<string, string?> environment)
    {
        int next = dollar + 1;
        if (next >= line.Length) return (null, next);
        char c = line[next];
        if (c == '$') return ("$", next + 1);
        if (char.IsDigit(c)) return (null, next);
        if (c != '{')
        {
            int nameEnd = NameEnd(line, next);
            if (nameEnd == next || line[next..nameEnd] == "_") return (null, next);
            string bare = line[next..nameEnd];
            return (Plain(bare, environment(bare)), nameEnd);
        }
        int start = next + 1;
        if (start >= line.Length || char.IsDigit(line[start]) || NameEnd(line, start) == start) return (null, next);
        int close = line.IndexOf('}', start);
        if (close < 0)
            throw LabErrors.Invalid(new SourceLocation(file, number, dollar + 1, ""),
                $"'{line[dollar..]}' has no closing brace on its line; containerlab refuses the file too (closing brace expected).");
        int end = NameEnd(line, start);
        string name = line[start..end];
        string? value = environment(name);
        string rest = line[end..close];
        string op = rest.StartsWith(":-") || rest.StartsWith(":=") || rest.StartsWith(":+") ? rest[..2]
            : rest.Length > 0 && rest[0] is '-' or '=' or '+' ? rest[..1] : "";
        string word = op.Length == 0 ? "" : Word(rest[op.Length..], environment);
        string result = op switch
        {
            ":-" or ":=" => string.IsNullOrEmpty(value) ? word : value,
            "-" or "=" => value is null ? word : Plain(name, value),
            "+" or ":+" => value is null ? "" : word,
            // ${NAME} (anything else after the name is ignored, as the library does)
            _ => Plain(name, value),
        };
        return (result, close + 1);
    }

    private static string Plain(string name, string? value) => string.IsNullOrEmpty(value) ? "$" + name : value;

    /// <summary>A default word: $OTHER is that variable's expansion; anything else is the text itself.</summary>
    private static string Word(string word, Func<string, string?> environment)
    {
        if (word.Length > 1 && word[0] == '$' && NameEnd(word, 1) == word.Length && !char.IsDigit(word[1]))
            return Plain(word[1..], environment(word[1..]));
        return word;
    }

    private static int NameEnd(string text, int start)
    {
        int i = start;
        while (i < text.Length && (text[i] == '_' || char.IsLetterOrDigit(text[i]))) i++;
        return i;
    }

    /// <summary>Where each expansion sits in the expanded text and where it was in the file, per line.</summary>
    public sealed class Columns
    {
        private readonly Dictionary<int, List<(int Expanded, int ExpandedLength, int Original, int OriginalLength)>> _lines = new();

        public bool IsEmpty => _lines.Count == 0;

        internal void Add(int line, int expanded, int expandedLength, int original, int originalLength)
        {
            if (!_lines.TryGetValue(line, out var list)) _lines[line] = list = new();
            list.Add((expanded, expandedLength, original, originalLength));
        }

        /// <summary>The file's column of a column of the expanded line: inside an expansion, the reference's own.</summary>
        public int Original(int line, int column)
        {
            if (column <= 0 || !_lines.TryGetValue(line, out var list)) return column;
            int shift = 0;
            foreach (var (expanded, length, original, originalLength) in list)
            {
                if (column < expanded) break;
                if (column < expanded + length) return original;
                shift += originalLength - length;
            }
            return column + shift;
        }

        /// <summary>The tree with its locations in the file's columns.</summary>
        public LabValue Remap(LabValue value) => IsEmpty ? value : Map(value);

        private SourceLocation Map(SourceLocation at) => at with { Column = Original(at.Line, at.Column) };

        private LabValue Map(LabValue value) => value switch
        {
            LabScalar s => new LabScalar(s.Text, Map(s.Location), s.IsBoolean),
            LabList l => new LabList(l.Items.Select(Map).ToList(), Map(l.Location)),
            LabMap m => new LabMap(m.Entries.Select(e => new LabEntry(e.Key, Map(e.KeyLocation), Map(e.Value))).ToList(), Map(m.Location)),
            _ => value,
        };
    }
}
