using System.Xml.Linq;

namespace LinuxNetPS.HelpBuilder.Tests;

public class MamlWriterTests
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    /// <summary>Serialized and parsed back, so the assertions see what PowerShell would read from disk.</summary>
    private static XDocument Maml_()
    {
        var diagnostics = new List<HelpDiagnostic>();
        var help = PlatyPsParser.Parse(Samples.MoveNetLink, "Move-NetLink.md", diagnostics);
        Assert.Empty(diagnostics);
        return XDocument.Parse(HelpBuild.ToXml(MamlWriter.Write([help])));
    }

    private static XElement Cmd() => Maml_().Root!.Element(Command + "command")!;

    [Fact]
    public void Root_is_helpItems_in_the_msh_namespace_with_maml_schema()
    {
        var doc = Maml_();
        Assert.Equal(Msh + "helpItems", doc.Root!.Name);
        Assert.Equal("maml", (string?)doc.Root.Attribute("schema"));
        Assert.Single(doc.Root.Elements(Command + "command"));
    }

    [Fact]
    public void Details_carry_name_verb_noun_and_synopsis()
    {
        var details = Cmd().Element(Command + "details")!;
        Assert.Equal("Move-NetLink", details.Element(Command + "name")!.Value);
        Assert.Equal("Move", details.Element(Command + "verb")!.Value);
        Assert.Equal("NetLink", details.Element(Command + "noun")!.Value);
        Assert.Equal("Moves a link into another network namespace.", details.Element(Maml + "description")!.Element(Maml + "para")!.Value);
        Assert.Equal(3, Cmd().Element(Maml + "description")!.Elements(Maml + "para").Count());
    }

    [Fact]
    public void Each_syntax_item_lists_only_its_sets_parameters_in_syntax_order()
    {
        var items = Cmd().Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();
        Assert.Equal(2, items.Count);
        string[] Names(XElement item) => item.Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value).ToArray();
        Assert.Equal(["Name", "TargetNamespace", "NewName", "PassThru", "Namespace", "Family", "WhatIf", "Confirm"], Names(items[0]));
        Assert.Equal(["Name", "ToHost", "NewName", "PassThru", "Namespace", "WhatIf", "Family", "Confirm"], Names(items[1]));
        Assert.All(items, i => Assert.Equal("Move-NetLink", i.Element(Maml + "name")!.Value));
    }

    [Fact]
    public void Syntax_uses_the_variant_of_the_set()
    {
        var items = Cmd().Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();
        XElement Param(XElement item, string name) => item.Elements(Command + "parameter").Single(p => p.Element(Maml + "name")!.Value == name);
        Assert.Equal("1", (string?)Param(items[0], "NewName").Attribute("position"));
        Assert.Equal("named", (string?)Param(items[1], "NewName").Attribute("position"));
    }

    [Fact]
    public void Parameter_attributes_follow_the_yaml()
    {
        var parameters = Cmd().Element(Command + "parameters")!.Elements(Command + "parameter").ToList();
        Assert.Equal(["Name", "TargetNamespace", "ToHost", "NewName", "PassThru", "Namespace", "Family", "WhatIf", "Confirm"],
            parameters.Select(p => p.Element(Maml + "name")!.Value));
        var name = parameters[0];
        Assert.Equal("true", (string?)name.Attribute("required"));
        Assert.Equal("0", (string?)name.Attribute("position"));
        Assert.Equal("True (ByPropertyName)", (string?)name.Attribute("pipelineInput"));
        Assert.Equal("none", (string?)name.Attribute("aliases"));
        Assert.Equal("String", name.Element(Command + "parameterValue")!.Value);
        Assert.Equal("String", name.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal("The link to move.", name.Element(Maml + "description")!.Element(Maml + "para")!.Value);

        var ns = parameters.Single(p => p.Element(Maml + "name")!.Value == "Namespace");
        Assert.Equal("ns, netns", (string?)ns.Attribute("aliases"));
        Assert.Equal("named", (string?)ns.Attribute("position"));
        Assert.Equal("false", (string?)ns.Attribute("required"));
    }

    [Fact]
    public void Switches_have_no_parameterValue_and_accepted_values_become_a_value_group()
    {
        var syntax = Cmd().Element(Command + "syntax")!.Elements(Command + "syntaxItem").First();
        var passThru = syntax.Elements(Command + "parameter").Single(p => p.Element(Maml + "name")!.Value == "PassThru");
        Assert.Null(passThru.Element(Command + "parameterValue"));
        Assert.Equal("SwitchParameter", passThru.Element(Dev + "type")!.Element(Maml + "name")!.Value);

        var family = syntax.Elements(Command + "parameter").Single(p => p.Element(Maml + "name")!.Value == "Family");
        Assert.Equal(["IPv4", "IPv6"], family.Element(Command + "parameterValueGroup")!.Elements(Command + "parameterValue").Select(v => v.Value));
    }

    [Fact]
    public void Inputs_outputs_notes_examples_and_links_are_written()
    {
        var cmd = Cmd();
        Assert.Equal("System.String", cmd.Element(Command + "inputTypes")!.Element(Command + "inputType")!.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal("LinuxNetPS.Model.NetLink", cmd.Element(Command + "returnValues")!.Element(Command + "returnValue")!.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal("Moving needs CAP_NET_ADMIN in both namespaces.", cmd.Element(Maml + "alertSet")!.Element(Maml + "alert")!.Element(Maml + "para")!.Value);

        var example = cmd.Element(Command + "examples")!.Element(Command + "example")!;
        Assert.Contains("Example 1: Move a link and back", example.Element(Maml + "title")!.Value);
        Assert.Equal("Move-NetLink eth1 -TargetNamespace red\nMove-NetLink eth1 -Namespace red -ToHost", example.Element(Dev + "code")!.Value);
        Assert.Equal("The link goes into red, then back.", example.Element(Dev + "remarks")!.Element(Maml + "para")!.Value);

        var links = cmd.Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink")
            .Select(l => (l.Element(Maml + "linkText")!.Value, l.Element(Maml + "uri")!.Value)).ToList();
        Assert.Equal([("Online Version:", "https://example.invalid/Move-NetLink"), ("Get-NetLink", ""),
                      ("ip-link(8)", "https://man7.org/linux/man-pages/man8/ip-link.8.html")], links);
    }

    [Fact]
    public void Text_with_xml_special_characters_round_trips()
    {
        var text = Samples.MoveNetLink.Replace("Moves a link into another network namespace.", "Moves <link> & \"friends\" into a namespace.");
        var help = PlatyPsParser.Parse(text, "Move-NetLink.md", []);
        var doc = XDocument.Parse(HelpBuild.ToXml(MamlWriter.Write([help])));
        Assert.Equal("Moves <link> & \"friends\" into a namespace.",
            doc.Root!.Element(Command + "command")!.Element(Command + "details")!.Element(Maml + "description")!.Value);
    }
}
