namespace LinuxNetPS.HelpBuilder;

/// <summary>One block of a markdown file, with the 1-based line it starts on (for error messages).</summary>
internal abstract record Block(int Line);

/// <summary>"## SYNOPSIS" → Level 2, Text "SYNOPSIS".</summary>
internal sealed record Heading(int Line, int Level, string Text) : Block(Line);

/// <summary>A fenced code block; Info is what follows the opening fence ("powershell", "yaml", "").</summary>
internal sealed record CodeBlock(int Line, string Info, IReadOnlyList<string> Lines) : Block(Line)
{
    public string Text => string.Join("\n", Lines);
}

/// <summary>Consecutive non-blank lines that are neither a heading nor a fence.</summary>
internal sealed record Paragraph(int Line, IReadOnlyList<string> Lines) : Block(Line);

/// <summary>
/// Splits markdown into headings, fenced code blocks and paragraphs. That is all the structure
/// platyPS files have; headings inside fences stay code. A YAML front matter block (--- ... ---)
/// at the top is returned separately.
/// </summary>
internal static class MarkdownBlocks
{
    public static (IReadOnlyDictionary<string, string> FrontMatter, IReadOnlyList<Block> Blocks) Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var front = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var blocks = new List<Block>();
        int i = 0;

        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            int end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
            if (end > 0)
            {
                foreach (var (key, value) in YamlLines.Parse(lines[1..end])) front[key] = value;
                i = end + 1;
            }
        }

        var para = new List<string>();
        int paraStart = 0;
        void FlushParagraph()
        {
            if (para.Count > 0) blocks.Add(new Paragraph(paraStart, para.ToArray()));
            para.Clear();
        }

        for (; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("```") || trimmed.StartsWith("~~~"))
            {
                FlushParagraph();
                var fence = trimmed[..3];
                int start = i + 1;
                var body = new List<string>();
                for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith(fence); i++) body.Add(lines[i]);
                blocks.Add(new CodeBlock(start, trimmed[3..].Trim(), body));
                continue;
            }
            if (IsHeading(trimmed, out int level, out string heading) && line.Length - trimmed.Length < 4)
            {
                FlushParagraph();
                blocks.Add(new Heading(i + 1, level, heading));
                continue;
            }
            if (line.Trim().Length == 0) { FlushParagraph(); continue; }
            if (para.Count == 0) paraStart = i + 1;
            para.Add(line.TrimEnd());
        }
        FlushParagraph();
        return (front, blocks);
    }

    private static bool IsHeading(string trimmed, out int level, out string text)
    {
        level = 0;
        while (level < trimmed.Length && trimmed[level] == '#') level++;
        text = level > 0 && level <= 6 && level < trimmed.Length && trimmed[level] == ' '
            ? trimmed[(level + 1)..].Trim().TrimEnd('#').Trim()
            : "";
        return text.Length > 0;
    }
}

/// <summary>The flat "Key: Value" YAML that platyPS writes (front matter and parameter blocks).</summary>
internal static class YamlLines
{
    public static IEnumerable<(string Key, string Value)> Parse(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            int colon = line.IndexOf(':');
            if (colon <= 0 || line.TrimStart().StartsWith('#')) continue;
            yield return (line[..colon].Trim(), line[(colon + 1)..].Trim());
        }
    }
}
