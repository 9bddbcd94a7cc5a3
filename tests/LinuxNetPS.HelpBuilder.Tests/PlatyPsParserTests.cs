namespace LinuxNetPS.HelpBuilder.Tests;

public class PlatyPsParserTests
{
    private static CommandHelp Parse(string text, out List<HelpDiagnostic> diagnostics)
    {
        diagnostics = [];
        return PlatyPsParser.Parse(text, "Move-NetLink.md", diagnostics);
    }

    [Fact]
    public void Sample_page_parses_without_diagnostics()
    {
        var help = Parse(Samples.MoveNetLink, out var diagnostics);
        Assert.Empty(diagnostics);
        Assert.Equal("Move-NetLink", help.Name);
        Assert.Equal("Move", help.Verb);
        Assert.Equal("NetLink", help.Noun);
        Assert.Equal("Moves a link into another network namespace.", help.Synopsis);
        Assert.Equal("https://example.invalid/Move-NetLink", help.OnlineVersion);
    }

    [Fact]
    public void Description_joins_prose_lines_and_keeps_list_items_apart()
    {
        var help = Parse(Samples.MoveNetLink, out _);
        Assert.Equal(
        [
            "Moves the link like `ip link set NAME netns NS`. The link keeps its addresses only if you add them again.",
            "- Links that cannot move (lo, bridges with ports) fail with InvalidArgument.",
            "- The moved link is down.",
        ], help.Description);
    }

    [Fact]
    public void Syntax_sets_keep_their_names_default_flag_and_parameter_order_across_wrapped_lines()
    {
        var help = Parse(Samples.MoveNetLink, out _);
        Assert.Equal(["ToNamespace", "ToHost"], help.Syntax.Select(s => s.Name));
        Assert.True(help.Syntax[0].IsDefault);
        Assert.False(help.Syntax[1].IsDefault);
        Assert.Equal(["Name", "TargetNamespace", "NewName", "PassThru", "Namespace", "Family", "WhatIf", "Confirm"], help.Syntax[0].ParameterOrder);
        Assert.Equal(["Name", "ToHost", "NewName", "PassThru", "Namespace", "WhatIf", "Family", "Confirm"], help.Syntax[1].ParameterOrder);
    }

    [Fact]
    public void Parameter_yaml_is_read_field_by_field()
    {
        var help = Parse(Samples.MoveNetLink, out _);
        Assert.DoesNotContain(help.Parameters, p => p.Name == "CommonParameters");
        var ns = help.Parameter("Namespace")!.Variants.Single();
        Assert.Equal("String", ns.Type);
        Assert.Empty(ns.ParameterSets);
        Assert.Equal(["ns", "netns"], ns.Aliases);
        Assert.False(ns.Required);
        Assert.Equal("Named", ns.Position);
        Assert.True(ns.ByPropertyName);
        Assert.False(ns.ByValue);

        var name = help.Parameter("name")!.Variants.Single();
        Assert.True(name.Required);
        Assert.Equal("0", name.Position);

        Assert.Equal(["IPv4", "IPv6"], help.Parameter("Family")!.Variants.Single().AcceptedValues);
        Assert.True(help.Parameter("ToHost")!.Variants.Single().IsSwitch);
        Assert.Equal(["The link to move."], help.Parameter("Name")!.Description);
    }

    [Fact]
    public void A_parameter_with_one_yaml_block_per_set_keeps_each_variant()
    {
        var newName = Parse(Samples.MoveNetLink, out _).Parameter("NewName")!;
        Assert.Equal(2, newName.Variants.Count);
        Assert.Equal("1", newName.For("ToNamespace")!.Position);
        Assert.Equal("Named", newName.For("ToHost")!.Position);
        Assert.Null(Parse(Samples.MoveNetLink, out _).Parameter("TargetNamespace")!.For("ToHost"));
    }

    [Fact]
    public void Examples_split_into_introduction_code_and_remarks()
    {
        var example = Parse(Samples.MoveNetLink, out _).Examples.Single();
        Assert.Equal("Example 1: Move a link and back", example.Title);
        Assert.Equal(["Setup first."], example.Introduction);
        Assert.Equal("Move-NetLink eth1 -TargetNamespace red\nMove-NetLink eth1 -Namespace red -ToHost", example.Code);
        Assert.Equal(["The link goes into red, then back."], example.Remarks);
    }

    [Fact]
    public void Inputs_outputs_notes_and_links()
    {
        var help = Parse(Samples.MoveNetLink, out _);
        Assert.Equal("System.String", help.Inputs.Single().Name);
        Assert.Equal(["Name and Namespace by property name."], help.Inputs.Single().Description);
        Assert.Equal("LinuxNetPS.Model.NetLink", help.Outputs.Single().Name);
        Assert.Equal(["Moving needs CAP_NET_ADMIN in both namespaces."], help.Notes);
        Assert.Equal([new LinkHelp("Get-NetLink", ""), new LinkHelp("ip-link(8)", "https://man7.org/linux/man-pages/man8/ip-link.8.html")], help.RelatedLinks);
    }

    [Fact]
    public void Headings_inside_code_fences_are_code()
    {
        var text = Samples.MoveNetLink.Replace("Move-NetLink eth1 -TargetNamespace red", "# not a heading\n## SYNOPSIS");
        var help = Parse(text, out var diagnostics);
        Assert.Empty(diagnostics);
        Assert.Equal("Moves a link into another network namespace.", help.Synopsis);
        Assert.StartsWith("# not a heading\n## SYNOPSIS", help.Examples.Single().Code);
    }

    [Theory]
    [InlineData("Moves a link into another network namespace.", "{{ Fill in the Synopsis }}", "unfilled platyPS placeholder")]
    [InlineData("## SYNOPSIS\nMoves a link into another network namespace.", "## SYNOPSIS", "missing or empty '## SYNOPSIS'")]
    [InlineData("[-PassThru] [-Namespace <String>]\n [-Family", "[-PassThru] [-Bogus] [-Namespace <String>]\n [-Family", "shows -Bogus but '## PARAMETERS' has no '### -Bogus'")]
    [InlineData("Type: SwitchParameter\nParameter Sets: ToHost", "Parameter Sets: ToHost", "-ToHost: yaml block has no 'Type:'")]
    [InlineData("Required: True\nPosition: 0", "Required: Yes\nPosition: 0", "'Required: Yes' is neither True nor False")]
    [InlineData("Position: 0", "Position: first", "'Position: first' is neither Named nor a number")]
    [InlineData("Accept pipeline input: True (ByPropertyName)\nAccept wildcard characters: False\n```\n\n### -TargetNamespace", "Accept pipeline input: Yes\nAccept wildcard characters: False\n```\n\n### -TargetNamespace", "'Accept pipeline input: Yes'")]
    [InlineData("### -PassThru", "### PassThru", "must be '### -Name'")]
    [InlineData("The link to move.\n", "", "-Name has no description")]
    [InlineData("## DESCRIPTION\nMoves the link like `ip link set NAME netns NS`.\nThe link keeps its addresses only if you add them again.\n\n- Links that cannot move (lo, bridges with ports) fail with InvalidArgument.\n- The moved link is down.", "## DESCRIPTION", "missing or empty '## DESCRIPTION'")]
    public void Broken_pages_are_reported_with_a_reason(string find, string replace, string expected)
    {
        var normalized = Samples.MoveNetLink.Replace("\r\n", "\n");
        Assert.Contains(find, normalized); // the mutation must apply, or the test proves nothing
        var text = ReplaceFirst(normalized, find, replace);
        Parse(text, out var diagnostics);
        Assert.Contains(diagnostics, d => d.Message.Contains(expected));
    }

    [Fact]
    public void A_documented_parameter_missing_from_every_syntax_line_is_reported()
    {
        var text = Samples.MoveNetLink.Replace("[-Family <String>] ", "");
        Parse(text, out var diagnostics);
        Assert.Contains(diagnostics, d => d.Message == "-Family is documented but no '## SYNTAX' line shows it");
    }

    [Fact]
    public void Diagnostics_use_msbuild_canonical_format_with_the_line()
    {
        var text = Samples.MoveNetLink.Replace("Moves a link into another network namespace.", "{{ Fill in the Synopsis }}");
        Parse(text, out var diagnostics);
        var line = text.Replace("\r\n", "\n").Split('\n').ToList().FindIndex(l => l.Contains("{{")) + 1;
        Assert.Equal($"Move-NetLink.md({line}): error HB001: unfilled platyPS placeholder '{{{{ Fill in the Synopsis }}}}'", diagnostics.Single().ToString());
    }

    private static string ReplaceFirst(string text, string find, string replace)
    {
        int i = text.IndexOf(find, StringComparison.Ordinal);
        return text[..i] + replace + text[(i + find.Length)..];
    }
}
