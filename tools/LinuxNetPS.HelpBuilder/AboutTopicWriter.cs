using System.Text;

namespace LinuxNetPS.HelpBuilder;

/// <summary>
/// Renders an about_*.md page as the plain-text about_*.help.txt that Get-Help shows:
/// "TOPIC" + name, upper-case section titles at column 0, prose wrapped at 80 columns and
/// indented 4, code and indented lines kept verbatim (indented 4 more).
/// </summary>
internal static class AboutTopicWriter
{
    private const int Width = 80;

    public static string Write(string markdown, string file, List<HelpDiagnostic> diagnostics)
    {
        var (_, blocks) = MarkdownBlocks.Parse(markdown);
        var title = blocks.OfType<Heading>().FirstOrDefault(h => h.Level == 1);
        var expected = Path.GetFileNameWithoutExtension(file);
        if (title is null) diagnostics.Add(new HelpDiagnostic(file, 1, $"no '# {expected}' heading"));
        else if (!title.Text.Equals(expected, StringComparison.OrdinalIgnoreCase))
            diagnostics.Add(new HelpDiagnostic(file, title.Line, $"title '{title.Text}' should be the file name '{expected}'"));
        if (!blocks.OfType<Heading>().Any(h => h.Level == 2 && h.Text.Equals("SHORT DESCRIPTION", StringComparison.OrdinalIgnoreCase)))
            diagnostics.Add(new HelpDiagnostic(file, title?.Line ?? 1, "missing '## SHORT DESCRIPTION' (Get-Help lists about topics by it)"));

        var sb = new StringBuilder();
        sb.Append("TOPIC\n    ").Append(title?.Text ?? expected).Append('\n');
        bool afterHeading = true;
        foreach (var block in blocks)
        {
            // A section's first block follows its heading directly; later blocks are separated by a blank line.
            if (block is not Heading && !afterHeading) sb.Append('\n');
            afterHeading = block is Heading;
            switch (block)
            {
                case Heading { Level: 1 }:
                    break;
                case Heading { Level: 2 } h:
                    sb.Append('\n').Append(h.Text.ToUpperInvariant()).Append('\n');
                    break;
                case Heading h:
                    sb.Append('\n').Append("    ").Append(h.Text).Append('\n');
                    break;
                case CodeBlock c:
                    foreach (var line in PlatyPsParser.Dedent(c.Lines)) sb.Append(Indent(8, line)).Append('\n');
                    break;
                case Paragraph p when p.Lines.All(l => l.StartsWith("    ") || l.StartsWith('\t')):
                    foreach (var line in PlatyPsParser.Dedent(p.Lines)) sb.Append(Indent(8, line)).Append('\n');
                    break;
                case Paragraph p:
                    foreach (var para in PlatyPsParser.Paras([p]))
                        foreach (var line in Wrap(para, Width - 4, IsListItem(para) ? 2 : 0)) sb.Append(Indent(4, line)).Append('\n');
                    break;
            }
        }
        return sb.ToString();
    }

    private static bool IsListItem(string para) => para.Length > 1 && "-*+".Contains(para[0]) && para[1] == ' ';

    private static string Indent(int n, string line) => line.Length == 0 ? "" : new string(' ', n) + line.TrimEnd();

    /// <summary>Greedy word wrap; continuation lines get a hanging indent (list items).</summary>
    internal static IEnumerable<string> Wrap(string text, int width, int hanging)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear().Append(' ', hanging);
            }
            if (line.Length > 0 && line.ToString().Trim().Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.ToString().Trim().Length > 0) yield return line.ToString();
    }
}
