namespace LinuxNetPS.HelpBuilder.Tests;

public class AboutTopicWriterTests
{
    private static string[] Lines(string markdown, out List<HelpDiagnostic> diagnostics)
    {
        diagnostics = [];
        return AboutTopicWriter.Write(markdown, "about_LinuxNetPS.md", diagnostics).Split('\n');
    }

    [Fact]
    public void Starts_with_topic_and_upper_cases_section_titles()
    {
        var lines = Lines(Samples.About, out var diagnostics);
        Assert.Empty(diagnostics);
        Assert.Equal(["TOPIC", "    about_LinuxNetPS", "", "SHORT DESCRIPTION", "    Linux network plumbing over netlink.", "", "LONG DESCRIPTION"], lines[..7]);
        Assert.Contains("SUPPORTED PIPELINES", lines);
    }

    [Fact]
    public void Prose_is_wrapped_at_80_columns_and_indented()
    {
        var lines = Lines(Samples.About, out _);
        int start = Array.IndexOf(lines, "LONG DESCRIPTION") + 1;
        var prose = lines[start..].TakeWhile(l => l.Length > 0).ToList();
        Assert.True(prose.Count >= 2, "the long paragraph should wrap");
        Assert.All(prose, l => { Assert.StartsWith("    ", l); Assert.True(l.Length <= 80, $"too long: '{l}'"); });
        Assert.Equal(Samples.About.Split('\n').Single(l => l.StartsWith("LinuxNetPS creates")).Trim(),
            string.Join(" ", prose.Select(l => l.Trim())));
    }

    [Fact]
    public void List_items_wrap_with_a_hanging_indent()
    {
        var lines = Lines(Samples.About, out _);
        int i = Array.FindIndex(lines, l => l.StartsWith("    - Objects pipe"));
        Assert.True(i > 0);
        Assert.StartsWith("      ", lines[i + 1]);
        Assert.NotEqual('-', lines[i + 1].TrimStart()[0]);
    }

    [Fact]
    public void Indented_lines_are_kept_verbatim_so_the_pipeline_list_survives()
    {
        var lines = Lines(Samples.About, out _);
        Assert.Contains("        New-NetNamespace | New-VethPair", lines);
        Assert.Contains("        Get-NetLink | Set-NetLink", lines);
    }

    [Fact]
    public void Missing_short_description_and_wrong_title_are_reported()
    {
        Lines("# about_Other\n\n## LONG DESCRIPTION\nText.\n", out var diagnostics);
        Assert.Contains(diagnostics, d => d.Message.Contains("should be the file name 'about_LinuxNetPS'"));
        Assert.Contains(diagnostics, d => d.Message.Contains("missing '## SHORT DESCRIPTION'"));
    }
}
