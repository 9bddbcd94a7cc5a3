using System.Management.Automation;
using System.Xml.Linq;
using LinuxNetPS.PowerShell.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// Get-Help in the engine finds the generated MAML (out/LinuxNetPS/en-US/LinuxNetPS.dll-Help.xml)
/// for every exported cmdlet — our synopsis, every parameter, examples — and the about topic.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class HelpTests(PowerShellSession ps)
{
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";

    private static readonly string[] Common =
        ["Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable",
         "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm"];

    private static List<string> MamlCommands() =>
        XDocument.Load(Repo.Path("out", "LinuxNetPS", "en-US", "LinuxNetPS.dll-Help.xml"))
            .Descendants(Command + "command").Select(c => c.Element(Command + "details")!.Element(Command + "name")!.Value)
            .Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> Cmdlets() => new(MamlCommands());

    private static XElement MamlOf(string cmdlet) =>
        XDocument.Load(Repo.Path("out", "LinuxNetPS", "en-US", "LinuxNetPS.dll-Help.xml"))
            .Descendants(Command + "command").Single(c => c.Element(Command + "details")!.Element(Command + "name")!.Value == cmdlet);

    [Fact]
    public void The_MAML_covers_every_exported_cmdlet()
    {
        Assert.Equal(ps.Module.ExportedCmdlets.Keys.Order(StringComparer.Ordinal), MamlCommands());
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Get_Help_shows_our_synopsis_parameters_and_examples(string cmdlet)
    {
        var help = ps.Run("Get-Help -Name $args[0] -Full", cmdlet).AssertClean().Output.Single();
        var maml = MamlOf(cmdlet);

        var synopsis = maml.Element(Command + "details")!.Element(Maml + "description")!.Value.Trim();
        Assert.False(string.IsNullOrWhiteSpace(synopsis));
        Assert.Equal(synopsis, ((string)help.Properties["Synopsis"].Value).Trim());

        var helpParameters = Names(help, "parameters", "parameter");
        var declared = ((CommandInfo)ps.Run("Get-Command -Name $args[0]", cmdlet).Output.Single().BaseObject)
            .Parameters.Keys.Except(Common).Order().ToList();
        Assert.Equal(declared, helpParameters.Except(Common).Order());
        foreach (var p in Items(help, "parameters", "parameter"))
            Assert.False(string.IsNullOrWhiteSpace(Text(p.Properties["description"]?.Value)), $"{cmdlet} -{Text(p.Properties["name"].Value)} has no description");

        var examples = Items(help, "examples", "example");
        Assert.NotEmpty(examples);
        Assert.All(examples, e => Assert.Contains("-", Text(e.Properties["code"].Value)));
    }

    [Fact]
    public void Get_Help_about_LinuxNetPS_shows_the_topic()
    {
        var text = string.Concat(ps.Run("Get-Help -Name about_LinuxNetPS").AssertClean().Output.Select(o => o.ToString()));
        Assert.Contains("about_LinuxNetPS", text);
        Assert.Contains("SUPPORTED PIPELINES", text);
        Assert.Contains("Get-NetAddress | Remove-NetAddress", text);
    }

    private static List<PSObject> Items(PSObject help, string outer, string inner)
    {
        var container = help.Properties[outer]?.Value as PSObject;
        var value = container?.Properties[inner]?.Value;
        return value switch
        {
            null => [],
            PSObject { BaseObject: object[] many } => many.Select(PSObject.AsPSObject).ToList(),
            object[] many => many.Select(PSObject.AsPSObject).ToList(),
            _ => [PSObject.AsPSObject(value)],
        };
    }

    private static List<string> Names(PSObject help, string outer, string inner) =>
        Items(help, outer, inner).Select(p => Text(p.Properties["name"].Value).Trim()).ToList();

    /// <summary>Help text fields are strings, or arrays of objects with a Text property (paragraphs).</summary>
    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        PSObject { BaseObject: string s } => s,
        PSObject { BaseObject: object[] many } => string.Join("\n", many.Select(Text)),
        object[] many => string.Join("\n", many.Select(Text)),
        PSObject o when o.Properties["Text"] is { } t => Text(t.Value),
        _ => value.ToString() ?? "",
    };
}
