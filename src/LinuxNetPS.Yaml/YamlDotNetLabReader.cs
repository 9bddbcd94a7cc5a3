using System.Text.RegularExpressions;
using LinuxNetPS.Compose.Labs;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LinuxNetPS.Yaml;

/// <summary>
/// The lab definitions' YAML reader: YamlDotNet's parser events become the core's definition tree, each value with
/// the line and column of its event's start mark, so every check the binder makes points at the file. All of YAML
/// 1.1 that a topology uses reads: block and flow collections, every scalar style (plain, quoted, | and &gt;),
/// anchors and aliases, and merge keys (&lt;&lt;: *defaults). Within <see cref="LabYaml"/>'s budget: nesting deeper than
/// <see cref="LabYaml.MaxDepth"/> or more than <see cref="LabYaml.MaxValues"/> values (an alias counts everything it
/// repeats, so an alias bomb stops early) is refused with its location, long before memory or time run short.
/// </summary>
public sealed partial class YamlDotNetLabReader : ILabYamlReader
{
    /// <summary>Makes this the core's reader (the module's loader calls it after loading this assembly privately).</summary>
    public static void Register() => LabYaml.Reader = new YamlDotNetLabReader();

    public LabValue Read(string yaml, string? file) => new TreeBuilder(yaml, file).Document();

    private sealed partial class TreeBuilder
    {
        private const string MergeKey = "<<";
        private readonly IParser _parser;
        private readonly string? _file;
        private readonly Dictionary<string, LabValue> _anchors = new(StringComparer.Ordinal);
        private int _values;

        public TreeBuilder(string yaml, string? file)
        {
            _parser = new Parser(new StringReader(yaml));
            _file = file;
        }

        [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
        private static partial Regex MarkPrefix();

        private SourceLocation At(Mark mark, string path) => new(_file, (int)mark.Line, (int)mark.Column, path);

        public LabValue Document()
        {
            try
            {
                Next<StreamStart>();
                if (Peek() is StreamEnd) throw LabErrors.Invalid(new SourceLocation(_file, 1, 1, ""), "The file is empty; a lab definition is a YAML mapping.");
                Next<DocumentStart>();
                var root = Node("", 0);
                Next<DocumentEnd>();
                if (Peek() is DocumentStart second)
                    throw LabErrors.Invalid(At(second.Start, ""), "Only one YAML document is read; remove the second one (after ---).");
                return root;
            }
            catch (YamlException e)
            {
                string message = MarkPrefix().Replace(e.Message, "");
                throw LabErrors.Invalid(At(e.Start, ""), $"This is not valid YAML: {message}");
            }

        }

        private ParsingEvent Peek() => _parser.Current ?? throw new YamlException("The YAML ends too early.");

        private ParsingEvent Next()
        {
            if (_parser.Current is null && !MoveNext()) throw new YamlException("The YAML ends too early.");
            var current = _parser.Current!;
            MoveNext();
            return current;
        }

        /// <summary>
        /// The parser's next event. YamlDotNet's scanner throws InvalidOperationException or ArgumentException on some
        /// broken text instead of a YamlException (a deep flow mapping cut by a plain scalar; found by the text fuzzer):
        /// still a bad file, reported where the reader got to, never a crash.
        /// </summary>
        private bool MoveNext()
        {
            try
            {
                return _parser.MoveNext();
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                var near = _parser.Current?.End ?? Mark.Empty;
                throw new YamlException(near, near, "the reader could not make sense of the text after this point (unbalanced { } or [ ], or a broken escape?).");
            }
        }

        private T Next<T>() where T : ParsingEvent
        {
            if (_parser.Current is null) MoveNext();
            return Next() is T e ? e : throw new YamlException(_parser.Current?.Start ?? Mark.Empty, _parser.Current?.End ?? Mark.Empty, $"Expected {typeof(T).Name}.");
        }

        private void Count(SourceLocation where)
        {
            if (++_values > LabYaml.MaxValues)
                throw LabErrors.Invalid(where,
                    $"The YAML makes more than {LabYaml.MaxValues} values (aliases count every value they repeat); nested aliases that multiply (a 'billion laughs' file) are refused.");
        }

        private void Deep(int depth, SourceLocation where)
        {
            if (depth > LabYaml.MaxDepth) throw LabErrors.Invalid(where, $"The YAML is nested more than {LabYaml.MaxDepth} levels deep; a lab definition needs far fewer.");
        }

        private void CheckTag(NodeEvent e, SourceLocation where)
        {
            if (!e.Tag.IsEmpty && !e.Tag.Value.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal))
                throw LabErrors.Invalid(where, $"The YAML tag '{e.Tag.Value}' means nothing to a lab definition; remove it.");
        }

        private void Remember(NodeEvent e, LabValue value)
        {
            if (!e.Anchor.IsEmpty) _anchors[e.Anchor.Value] = value;
        }

        private LabValue Node(string path, int depth)
        {
            var e = Next();
            var where = At(e.Start, path);
            switch (e)
            {
                case AnchorAlias alias:
                    if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
                        throw LabErrors.Invalid(where, $"The alias *{alias.Value.Value} names no anchor (&{alias.Value.Value}) before it.");
                    return Copy(anchored, path, depth, where);
                case Scalar scalar:
                {
                    CheckTag(scalar, where);
                    Count(where);
                    var value = ScalarValue(scalar, where);
                    Remember(scalar, value);
                    return value;
                }
                case SequenceStart start:
                {
                    CheckTag(start, where);
                    Deep(depth + 1, where);
                    Count(where);
                    var items = new List<LabValue>();
                    while (Peek() is not SequenceEnd) items.Add(Node($"{path}[{items.Count}]", depth + 1));
                    Next();
                    var list = new LabList(items, where);
                    Remember(start, list);
                    return list;
                }
                case MappingStart start:
                {
                    CheckTag(start, where);
                    Deep(depth + 1, where);
                    Count(where);
                    var map = Mapping(path, depth + 1, where);
                    Remember(start, map);
                    return map;
                }
                default:
                    throw LabErrors.Invalid(where, $"Unexpected YAML ({e.GetType().Name}).");
            }
        }

        /// <summary>Keys are texts; a merge key (&lt;&lt;) adds the entries of the mapping(s) it names that the mapping does not give itself.</summary>
        private LabMap Mapping(string path, int depth, SourceLocation where)
        {
            var entries = new List<LabEntry>();
            var merged = new List<LabEntry>();
            while (Peek() is not MappingEnd)
            {
                var keyEvent = Peek();
                if (keyEvent is not Scalar keyScalar)
                    throw LabErrors.Invalid(At(keyEvent.Start, path), "A mapping key must be a text, not a list, a mapping or an alias.");
                Next();
                string key = keyScalar.Value;
                string keyPath = path.Length == 0 ? key : $"{path}.{key}";
                if (key == MergeKey && keyScalar.Style == ScalarStyle.Plain)
                {
                    var source = Node(path, depth);
                    foreach (var item in source is LabList list ? list.Items : [source])
                    {
                        if (item is not LabMap from)
                            throw LabErrors.Invalid(item.Location, $"A merge key (<<) takes a mapping or a list of mappings, not {item.Describe()}.");
                        merged.AddRange(from.Entries);
                    }
                    continue;
                }
                entries.Add(new LabEntry(key, At(keyEvent.Start, keyPath), Node(keyPath, depth)));
            }
            Next();
            foreach (var entry in merged)
                if (!entries.Any(e => e.Key == entry.Key)) entries.Add(entry);
            return new LabMap(entries, where);
        }

        private static LabValue ScalarValue(Scalar scalar, SourceLocation where)
        {
            if (scalar.Style == ScalarStyle.Plain)
                switch (scalar.Value)
                {
                    case "" or "~" or "null" or "Null" or "NULL": return new LabScalar(null, where);
                    case "true" or "True" or "TRUE": return new LabScalar("true", where, isBoolean: true);
                    case "false" or "False" or "FALSE": return new LabScalar("false", where, isBoolean: true);
                }
            return new LabScalar(scalar.Value, where);
        }

        /// <summary>
        /// What an alias stands for, at the alias's path, counted against the budget: the copy itself is where the alias
        /// is, the values inside it keep the line of the text they came from.
        /// </summary>
        private LabValue Copy(LabValue value, string path, int depth, SourceLocation? aliasAt = null)
        {
            var where = aliasAt ?? value.Location with { Path = path };
            Count(where);
            switch (value)
            {
                case LabList list:
                    Deep(depth + 1, where);
                    return new LabList(list.Items.Select((item, i) => Copy(item, $"{path}[{i}]", depth + 1)).ToList(), where);
                case LabMap map:
                    Deep(depth + 1, where);
                    return new LabMap(map.Entries.Select(entry =>
                    {
                        string keyPath = path.Length == 0 ? entry.Key : $"{path}.{entry.Key}";
                        return new LabEntry(entry.Key, entry.KeyLocation with { Path = keyPath }, Copy(entry.Value, keyPath, depth + 1));
                    }).ToList(), where);
                case LabScalar scalar:
                    return new LabScalar(scalar.Text, where, scalar.IsBoolean);
                default:
                    throw new InvalidOperationException(value.GetType().Name);
            }
        }
    }
}
