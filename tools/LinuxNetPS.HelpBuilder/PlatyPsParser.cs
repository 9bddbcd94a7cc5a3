using System.Text.RegularExpressions;

namespace LinuxNetPS.HelpBuilder;

/// <summary>A problem in a markdown file, printed in MSBuild's canonical "file(line): error HB001: text" form.</summary>
internal sealed record HelpDiagnostic(string File, int Line, string Message)
{
    public override string ToString() => $"{File}({Line}): error HB001: {Message}";
}

/// <summary>
/// Reads one platyPS command page (schema 2.0.0). Anything we cannot represent faithfully is a
/// diagnostic, not a silent omission: help that builds is help that says what the page says.
/// </summary>
internal static partial class PlatyPsParser
{
    /// <summary>The parameters PowerShell adds to every cmdlet; platyPS folds them into one "CommonParameters" entry.</summary>
    public static readonly IReadOnlySet<string> CommonParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable",
        "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "CommonParameters",
    };

    public static CommandHelp Parse(string text, string file, List<HelpDiagnostic> diagnostics)
    {
        var (front, blocks) = MarkdownBlocks.Parse(text);
        void Error(int line, string message) => diagnostics.Add(new HelpDiagnostic(file, line, message));

        foreach (Match m in Placeholder().Matches(text))
            Error(LineOf(text, m.Index), $"unfilled platyPS placeholder '{m.Value}'");

        var title = blocks.OfType<Heading>().FirstOrDefault(h => h.Level == 1);
        if (title is null)
        {
            Error(1, "no '# Command-Name' heading");
            return new CommandHelp { Name = Path.GetFileNameWithoutExtension(file) };
        }

        var sections = Sections(blocks, 2);
        var synopsisBlocks = sections.GetValueOrDefault("SYNOPSIS");
        var synopsis = string.Join(" ", Paras(synopsisBlocks ?? []));
        if (synopsisBlocks is null || synopsis.Length == 0) Error(title.Line, "missing or empty '## SYNOPSIS'");

        var syntax = ParseSyntax(sections.GetValueOrDefault("SYNTAX") ?? [], Error);
        if (syntax.Count == 0) Error(title.Line, "missing '## SYNTAX' with at least one '### SetName' and code block");

        var parameters = ParseParameters(sections.GetValueOrDefault("PARAMETERS") ?? [], Error);
        foreach (var set in syntax)
            foreach (var name in set.ParameterOrder)
                if (!CommonParameters.Contains(name) && !parameters.Any(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
                    Error(title.Line, $"syntax '{set.Name}' shows -{name} but '## PARAMETERS' has no '### -{name}'");

        foreach (var p in parameters)
            if (syntax.Count > 0 && !syntax.Any(s => s.ParameterOrder.Contains(p.Name, StringComparer.OrdinalIgnoreCase)))
                Error(title.Line, $"-{p.Name} is documented but no '## SYNTAX' line shows it");

        var description = Paras(sections.GetValueOrDefault("DESCRIPTION") ?? []);
        if (description.Count == 0) Error(title.Line, "missing or empty '## DESCRIPTION'");

        return new CommandHelp
        {
            Name = title.Text,
            Synopsis = synopsis,
            Description = description,
            Syntax = syntax,
            Parameters = parameters,
            Examples = ParseExamples(sections.GetValueOrDefault("EXAMPLES") ?? [], Error),
            Inputs = ParseTypes(sections.GetValueOrDefault("INPUTS") ?? []),
            Outputs = ParseTypes(sections.GetValueOrDefault("OUTPUTS") ?? []),
            Notes = Paras(sections.GetValueOrDefault("NOTES") ?? []),
            RelatedLinks = ParseLinks(sections.GetValueOrDefault("RELATED LINKS") ?? []),
            OnlineVersion = front.TryGetValue("online version", out var online) && online.Length > 0 ? online : null,
        };
    }

    /// <summary>Groups the blocks under each heading of the given level (heading text upper-cased) until the next heading of that level or higher.</summary>
    internal static Dictionary<string, List<Block>> Sections(IEnumerable<Block> blocks, int level)
    {
        var result = new Dictionary<string, List<Block>>(StringComparer.OrdinalIgnoreCase);
        List<Block>? current = null;
        foreach (var b in blocks)
        {
            if (b is Heading h && h.Level <= level)
            {
                current = h.Level == level ? (result[h.Text.Trim()] = []) : null;
                continue;
            }
            current?.Add(b);
        }
        return result;
    }

    /// <summary>Subsections: each level-3 heading with the blocks below it, in order.</summary>
    private static List<(Heading Heading, List<Block> Blocks)> Subsections(List<Block> blocks)
    {
        var result = new List<(Heading, List<Block>)>();
        foreach (var b in blocks)
        {
            if (b is Heading { Level: 3 } h) result.Add((h, []));
            else if (result.Count > 0) result[^1].Item2.Add(b);
        }
        return result;
    }

    private static List<SyntaxSet> ParseSyntax(List<Block> blocks, Action<int, string> error)
    {
        var sets = new List<SyntaxSet>();
        foreach (var (heading, body) in Subsections(blocks))
        {
            var m = SetHeading().Match(heading.Text);
            var name = m.Groups["name"].Value.Trim();
            var code = body.OfType<CodeBlock>().FirstOrDefault();
            if (code is null) { error(heading.Line, $"syntax '{name}' has no code block"); continue; }
            var line = string.Join(" ", code.Lines.Select(l => l.Trim())).Trim();
            var order = SyntaxParameter().Matches(line).Select(p => p.Groups[1].Value).ToList();
            sets.Add(new SyntaxSet(name, m.Groups["default"].Success, order, line));
        }
        return sets;
    }

    private static List<ParameterHelp> ParseParameters(List<Block> blocks, Action<int, string> error)
    {
        var result = new List<ParameterHelp>();
        foreach (var (heading, body) in Subsections(blocks))
        {
            if (heading.Text.Equals("CommonParameters", StringComparison.OrdinalIgnoreCase)) continue;
            if (!heading.Text.StartsWith('-'))
            {
                error(heading.Line, $"parameter heading '### {heading.Text}' must be '### -Name'");
                continue;
            }
            var name = heading.Text[1..].Trim();
            var variants = new List<ParameterVariant>();
            foreach (var yaml in body.OfType<CodeBlock>().Where(c => c.Info.Equals("yaml", StringComparison.OrdinalIgnoreCase)))
            {
                var fields = YamlLines.Parse(yaml.Lines).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
                if (!fields.TryGetValue("Type", out var type) || type.Length == 0)
                {
                    error(yaml.Line, $"parameter -{name}: yaml block has no 'Type:'");
                    continue;
                }
                var required = fields.GetValueOrDefault("Required", "False");
                if (!bool.TryParse(required, out var isRequired))
                    error(yaml.Line, $"parameter -{name}: 'Required: {required}' is neither True nor False");
                var position = fields.GetValueOrDefault("Position", "Named");
                if (position.Length == 0) position = "Named";
                if (!position.Equals("Named", StringComparison.OrdinalIgnoreCase) && !int.TryParse(position, out _))
                    error(yaml.Line, $"parameter -{name}: 'Position: {position}' is neither Named nor a number");
                var pipeline = fields.GetValueOrDefault("Accept pipeline input", "False");
                if (pipeline.Length == 0) pipeline = "False";
                if (!PipelineValue().IsMatch(pipeline))
                    error(yaml.Line, $"parameter -{name}: 'Accept pipeline input: {pipeline}' should be False or True (ByValue|ByPropertyName)");
                var sets = List(fields.GetValueOrDefault("Parameter Sets", ""));
                variants.Add(new ParameterVariant
                {
                    Type = type,
                    ParameterSets = sets.Any(s => s.Equals("(All)", StringComparison.OrdinalIgnoreCase)) ? [] : sets,
                    Aliases = List(fields.GetValueOrDefault("Aliases", "")),
                    AcceptedValues = List(fields.GetValueOrDefault("Accepted values", "")),
                    Required = isRequired,
                    Position = position.Equals("Named", StringComparison.OrdinalIgnoreCase) ? "Named" : position,
                    DefaultValue = fields.GetValueOrDefault("Default value", "None") is { Length: > 0 } d ? d : "None",
                    PipelineInput = pipeline,
                    Globbing = bool.TryParse(fields.GetValueOrDefault("Accept wildcard characters", "False"), out var g) && g,
                });
            }
            if (variants.Count == 0) error(heading.Line, $"parameter -{name} has no ```yaml block");
            var description = Paras(body.Where(b => b is not CodeBlock { Info: var info } || !info.Equals("yaml", StringComparison.OrdinalIgnoreCase)).ToList());
            if (description.Count == 0) error(heading.Line, $"parameter -{name} has no description");
            result.Add(new ParameterHelp(name, description, variants));
        }
        return result;
    }

    private static List<ExampleHelp> ParseExamples(List<Block> blocks, Action<int, string> error)
    {
        var result = new List<ExampleHelp>();
        foreach (var (heading, body) in Subsections(blocks))
        {
            int codeIndex = body.FindIndex(b => b is CodeBlock);
            if (codeIndex < 0) { error(heading.Line, $"example '{heading.Text}' has no code block"); continue; }
            var code = string.Join("\n\n", body.OfType<CodeBlock>().Take(1).Select(c => c.Text));
            result.Add(new ExampleHelp(
                heading.Text,
                Paras(body.Take(codeIndex).ToList()),
                code,
                Paras(body.Skip(codeIndex + 1).ToList())));
        }
        return result;
    }

    private static List<TypeHelp> ParseTypes(List<Block> blocks) =>
        Subsections(blocks).Select(s => new TypeHelp(s.Heading.Text, Paras(s.Blocks))).ToList();

    private static List<LinkHelp> ParseLinks(List<Block> blocks)
    {
        var links = new List<LinkHelp>();
        foreach (var p in blocks.OfType<Paragraph>())
            foreach (var line in p.Lines)
            {
                var m = MarkdownLink().Match(line);
                if (m.Success)
                {
                    var uri = m.Groups["uri"].Value.Trim();
                    // Links to sibling pages (Get-NetLink.md) become plain names: Get-Help resolves them by name.
                    links.Add(new LinkHelp(m.Groups["text"].Value.Trim(), uri.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? "" : uri));
                }
                else if (line.Trim().Length > 0)
                    links.Add(new LinkHelp(line.Trim().TrimStart('-', '*', ' '), ""));
            }
        return links;
    }

    /// <summary>
    /// Blocks → MAML paragraphs: a prose paragraph is one para (lines joined); a list gives one para per item;
    /// code (fenced or indented) keeps its line breaks.
    /// </summary>
    internal static List<string> Paras(IReadOnlyList<Block> blocks)
    {
        var paras = new List<string>();
        foreach (var block in blocks)
        {
            switch (block)
            {
                case CodeBlock c when c.Lines.Count > 0:
                    paras.Add(c.Text.TrimEnd());
                    break;
                case Paragraph p when p.Lines.All(l => l.StartsWith("    ") || l.StartsWith('\t')):
                    paras.Add(string.Join("\n", Dedent(p.Lines)));
                    break;
                case Paragraph p when p.Lines.Any(l => ListItem().IsMatch(l)):
                    foreach (var line in p.Lines)
                    {
                        if (ListItem().IsMatch(line) || paras.Count == 0) paras.Add(line.Trim());
                        else paras[^1] += " " + line.Trim();
                    }
                    break;
                case Paragraph p:
                    paras.Add(string.Join(" ", p.Lines.Select(l => l.Trim())));
                    break;
            }
        }
        return paras;
    }

    internal static IEnumerable<string> Dedent(IReadOnlyList<string> lines)
    {
        int indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart());
    }

    private static List<string> List(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
             .Where(s => !s.Equals("None", StringComparison.OrdinalIgnoreCase)).ToList();

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    [GeneratedRegex(@"\{\{[^}]*\}\}")] private static partial Regex Placeholder();
    [GeneratedRegex(@"^(?<name>.+?)(?:\s*\((?<default>Default)\))?\s*$", RegexOptions.IgnoreCase)] private static partial Regex SetHeading();
    [GeneratedRegex(@"(?<=[\s\[])-(\w+)")] private static partial Regex SyntaxParameter();
    [GeneratedRegex(@"^(False|True \((ByValue|ByPropertyName)(, (ByValue|ByPropertyName))?\))$", RegexOptions.IgnoreCase)] private static partial Regex PipelineValue();
    [GeneratedRegex(@"\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)")] private static partial Regex MarkdownLink();
    [GeneratedRegex(@"^\s*([-*+]|\d+\.)\s+")] private static partial Regex ListItem();
}
