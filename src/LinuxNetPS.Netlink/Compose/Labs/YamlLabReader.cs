using System.Text;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// The YAML that containerlab topologies are written in, and no more: block mappings and sequences by indentation,
/// one-line flow sequences and mappings (["a:eth1", "b:eth1"]), plain, 'single' and "double" quoted scalars, comments
/// and a leading ---. Anchors, aliases, tags and multi-line scalars are refused with their line, rather than
/// misread. Written here instead of taking a YAML library: the subset is small, every value comes out with its line
/// and column for the definition checks, and the module keeps loading without a third-party assembly.
/// </summary>
public static class YamlLabReader
{
    private sealed record Line(int Number, int Indent, string Text);

    public static LabValue Read(string yaml, string? file)
    {
        var lines = new List<Line>();
        int number = 0;
        foreach (var raw in yaml.Replace("\r\n", "\n").Split('\n'))
        {
            number++;
            if (raw.Contains('\t') && raw.TrimStart(' ').StartsWith('\t'))
                throw LabErrors.Invalid(new SourceLocation(file, number, 1, ""), "YAML indentation must be spaces, not tabs.");
            string text = StripComment(raw).TrimEnd();
            if (text.Trim().Length == 0) continue;
            if (lines.Count == 0 && text.Trim() == "---") continue;
            if (text.Trim() is "---" or "...")
                throw LabErrors.Invalid(new SourceLocation(file, number, 1, ""), "Only one YAML document is read; remove the second one.");
            int indent = text.Length - text.TrimStart(' ').Length;
            lines.Add(new Line(number, indent, text[indent..]));
        }
        if (lines.Count == 0) throw LabErrors.Invalid(new SourceLocation(file, 1, 1, ""), "The file is empty; a lab definition is a YAML mapping.");
        var parser = new Parser(lines, file);
        var value = parser.Block(lines[0].Indent, "");
        if (parser.Position < lines.Count)
            throw LabErrors.Invalid(parser.At(lines[parser.Position], 0, ""), "This line is not indented like the lines before it.");
        return value;
    }

    private static string StripComment(string line)
    {
        bool single = false, dbl = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '\'' && !dbl) single = !single;
            else if (c == '"' && !single) dbl = !dbl;
            else if (c == '#' && !single && !dbl && (i == 0 || line[i - 1] == ' ')) return line[..i];
        }
        return line;
    }

    private sealed class Parser
    {
        private readonly List<Line> _lines;
        private readonly string? _file;

        public Parser(List<Line> lines, string? file)
        {
            _lines = lines;
            _file = file;
        }

        public int Position;

        public SourceLocation At(Line line, int offset, string path) => new(_file, line.Number, line.Indent + offset + 1, path);

        public LabValue Block(int indent, string path)
        {
            var first = _lines[Position];
            return IsItem(first.Text) ? Sequence(indent, path) : Mapping(indent, path);
        }

        private static bool IsItem(string text) => text == "-" || text.StartsWith("- ");

        private LabValue Sequence(int indent, string path)
        {
            var start = _lines[Position];
            var items = new List<LabValue>();
            while (Position < _lines.Count && _lines[Position].Indent == indent && IsItem(_lines[Position].Text))
            {
                var line = _lines[Position];
                string itemPath = $"{path}[{items.Count}]";
                string rest = line.Text.Length > 1 ? line.Text[2..].TrimStart() : "";
                if (rest.Length == 0)
                {
                    Position++;
                    items.Add(Position < _lines.Count && _lines[Position].Indent > indent ? Block(_lines[Position].Indent, itemPath) : new LabScalar(null, At(line, 0, itemPath)));
                    continue;
                }
                int restIndent = indent + (line.Text.Length - rest.Length);
                if (KeyOf(rest, out _, out _) && rest[0] is not ('[' or '{' or '"' or '\''))
                {
                    // "- key: value" opens a mapping whose keys sit at the column after "- ".
                    _lines[Position] = new Line(line.Number, restIndent, rest);
                    items.Add(Mapping(restIndent, itemPath));
                    continue;
                }
                Position++;
                items.Add(Scalar(rest, line, restIndent - line.Indent, itemPath));
            }
            return new LabList(items, At(start, 0, path));
        }

        private LabValue Mapping(int indent, string path)
        {
            var start = _lines[Position];
            var entries = new List<LabEntry>();
            while (Position < _lines.Count && _lines[Position].Indent == indent)
            {
                var line = _lines[Position];
                if (IsItem(line.Text)) throw LabErrors.Invalid(At(line, 0, path), "A list item where a key was expected (check the indentation).");
                if (!KeyOf(line.Text, out string key, out int colon))
                    throw LabErrors.Invalid(At(line, 0, path), $"Expected 'key: value', found '{line.Text}'.");
                string keyPath = path.Length == 0 ? key : $"{path}.{key}";
                var keyAt = At(line, 0, keyPath);
                string rest = line.Text[(colon + 1)..].Trim();
                Position++;
                LabValue value;
                if (rest.Length == 0)
                    value = Position < _lines.Count && (_lines[Position].Indent > indent || _lines[Position].Indent == indent && IsItem(_lines[Position].Text))
                        ? Block(_lines[Position].Indent, keyPath)
                        : new LabScalar(null, keyAt);
                else value = Scalar(rest, line, line.Text.Length - line.Text[(colon + 1)..].TrimStart().Length, keyPath);
                entries.Add(new LabEntry(key, keyAt, value));
            }
            if (Position < _lines.Count && _lines[Position].Indent > indent)
                throw LabErrors.Invalid(At(_lines[Position], 0, path), "This line is indented more than the key before it allows.");
            return new LabMap(entries, At(start, 0, path));
        }

        /// <summary>A key is text up to the first ": " (or a final ":") outside quotes.</summary>
        private static bool KeyOf(string text, out string key, out int colon)
        {
            key = "";
            colon = -1;
            if (text[0] is '"' or '\'')
            {
                int close = text.IndexOf(text[0], 1);
                if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':') return false;
                key = text[1..close];
                colon = close + 1;
                return colon + 1 == text.Length || text[colon + 1] == ' ';
            }
            for (int i = 0; i < text.Length; i++)
                if (text[i] == ':' && (i + 1 == text.Length || text[i + 1] == ' '))
                {
                    key = text[..i].Trim();
                    colon = i;
                    return key.Length > 0 && key[0] is not ('[' or '{');
                }
            return false;
        }

        private LabValue Scalar(string text, Line line, int offset, string path)
        {
            var where = At(line, offset, path);
            if (text[0] is '|' or '>') throw LabErrors.Invalid(where, "Multi-line scalars (| and >) are not read here; write the value on one line.");
            if (text[0] is '&' or '*' or '!') throw LabErrors.Invalid(where, "YAML anchors, aliases and tags are not read here; write the value out.");
            int i = 0;
            var value = Flow(text, ref i, where, path, inFlow: false);
            while (i < text.Length && text[i] == ' ') i++;
            if (i != text.Length) throw LabErrors.Invalid(where, $"Unexpected text after the value: '{text[i..]}'.");
            return value;
        }

        private LabValue Flow(string text, ref int i, SourceLocation where, string path, bool inFlow)
        {
            while (i < text.Length && text[i] == ' ') i++;
            if (i >= text.Length) throw LabErrors.Invalid(where, "A value is missing.");
            char c = text[i];
            if (c == '[')
            {
                i++;
                var items = new List<LabValue>();
                while (true)
                {
                    while (i < text.Length && text[i] == ' ') i++;
                    if (i < text.Length && text[i] == ']') { i++; break; }
                    items.Add(Flow(text, ref i, where, $"{path}[{items.Count}]", inFlow: true));
                    while (i < text.Length && text[i] == ' ') i++;
                    if (i < text.Length && text[i] == ',') { i++; continue; }
                    if (i < text.Length && text[i] == ']') { i++; break; }
                    throw LabErrors.Invalid(where, "A flow list [ ... ] must be closed on the same line.");
                }
                return new LabList(items, where);
            }
            if (c == '{')
            {
                i++;
                var entries = new List<LabEntry>();
                while (true)
                {
                    while (i < text.Length && text[i] == ' ') i++;
                    if (i < text.Length && text[i] == '}') { i++; break; }
                    var keyValue = Flow(text, ref i, where, path, inFlow: true) as LabScalar;
                    if (keyValue?.Text is not { } key || i >= text.Length || text[i] != ':')
                        throw LabErrors.Invalid(where, "A flow mapping { ... } must hold 'key: value' pairs and be closed on the same line.");
                    i++;
                    entries.Add(new LabEntry(key, where, Flow(text, ref i, where, $"{path}.{key}", inFlow: true)));
                    while (i < text.Length && text[i] == ' ') i++;
                    if (i < text.Length && text[i] == ',') { i++; continue; }
                    if (i < text.Length && text[i] == '}') { i++; break; }
                    throw LabErrors.Invalid(where, "A flow mapping { ... } must be closed on the same line.");
                }
                return new LabMap(entries, where);
            }
            if (c is '"' or '\'')
            {
                var sb = new StringBuilder();
                for (i++; ; i++)
                {
                    if (i >= text.Length) throw LabErrors.Invalid(where, "A quoted value is not closed on its line.");
                    if (text[i] == c)
                    {
                        if (c == '\'' && i + 1 < text.Length && text[i + 1] == '\'') { sb.Append('\''); i++; continue; }
                        i++;
                        break;
                    }
                    if (c == '"' && text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                        sb.Append(text[i] switch { 'n' => '\n', 't' => '\t', _ => text[i] });
                        continue;
                    }
                    sb.Append(text[i]);
                }
                return new LabScalar(sb.ToString(), where);
            }
            int start = i;
            // A plain scalar ends at a flow indicator inside flows; outside, comments are already stripped.
            while (i < text.Length && !(text[i] is ',' or ']' or '}' && inFlow) && !(text[i] == ':' && inFlow && (i + 1 == text.Length || text[i + 1] == ' '))) i++;
            string plain = text[start..i].Trim();
            return plain switch
            {
                "null" or "~" or "Null" or "NULL" => new LabScalar(null, where),
                "true" or "True" or "TRUE" => new LabScalar("true", where, isBoolean: true),
                "false" or "False" or "FALSE" => new LabScalar("false", where, isBoolean: true),
                _ => new LabScalar(plain, where),
            };
        }
    }
}
