using System.Xml.Linq;

namespace LinuxNetPS.HelpBuilder;

/// <summary>
/// Writes the MAML document PowerShell's Get-Help reads for a binary module
/// (&lt;helpItems schema="maml"&gt; with one command:command per cmdlet), in the standard namespaces.
/// </summary>
internal static class MamlWriter
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    public static readonly XNamespace MSHelp = "http://msdn.microsoft.com/mshelp";

    public static XDocument Write(IEnumerable<CommandHelp> commands) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems",
                new XAttribute("schema", "maml"),
                commands.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Select(WriteCommand)));

    private static XElement WriteCommand(CommandHelp c) =>
        new(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MSHelp),
            new XElement(Command + "details",
                new XElement(Command + "name", c.Name),
                new XElement(Command + "verb", c.Verb),
                new XElement(Command + "noun", c.Noun),
                Description([c.Synopsis])),
            Description(c.Description),
            new XElement(Command + "syntax", c.Syntax.Select(s => SyntaxItem(c, s))),
            new XElement(Command + "parameters",
                c.Parameters.Select(p => Parameter(p, p.Variants[0], includeValueGroup: false))),
            new XElement(Command + "inputTypes", c.Inputs.Select(t =>
                new XElement(Command + "inputType", TypeElement(t.Name), Description(t.Description)))),
            new XElement(Command + "returnValues", c.Outputs.Select(t =>
                new XElement(Command + "returnValue", TypeElement(t.Name), Description(t.Description)))),
            new XElement(Maml + "alertSet",
                new XElement(Maml + "alert", c.Notes.Select(Para))),
            new XElement(Command + "examples", c.Examples.Select(Example)),
            new XElement(Command + "relatedLinks", RelatedLinks(c)));

    private static XElement SyntaxItem(CommandHelp c, SyntaxSet set)
    {
        // Parameters in the order the syntax line shows them, then any the yaml assigns to this set that the line forgot.
        var names = set.ParameterOrder.Where(n => !PlatyPsParser.CommonParameters.Contains(n)).ToList();
        names.AddRange(c.Parameters.Where(p => p.Variants.Any(v => v.ParameterSets.Contains(set.Name, StringComparer.OrdinalIgnoreCase))
                                               && !names.Contains(p.Name, StringComparer.OrdinalIgnoreCase))
                                   .Select(p => p.Name));
        var items = new List<XElement>();
        foreach (var name in names)
        {
            var p = c.Parameter(name);
            if (p is null) continue; // reported by the parser
            items.Add(Parameter(p, p.For(set.Name) ?? p.Variants[0], includeValueGroup: true));
        }
        return new XElement(Command + "syntaxItem", new XElement(Maml + "name", c.Name), items);
    }

    private static XElement Parameter(ParameterHelp p, ParameterVariant v, bool includeValueGroup)
    {
        var element = new XElement(Command + "parameter",
            new XAttribute("required", v.Required ? "true" : "false"),
            new XAttribute("variableLength", v.Type.EndsWith("[]") ? "true" : "false"),
            new XAttribute("globbing", v.Globbing ? "true" : "false"),
            new XAttribute("pipelineInput", v.PipelineInput),
            new XAttribute("position", v.Position.Equals("Named", StringComparison.OrdinalIgnoreCase) ? "named" : v.Position),
            new XAttribute("aliases", v.Aliases.Count == 0 ? "none" : string.Join(", ", v.Aliases)),
            new XElement(Maml + "name", p.Name),
            Description(p.Description));
        if (includeValueGroup && v.AcceptedValues.Count > 0)
            element.Add(new XElement(Command + "parameterValueGroup", v.AcceptedValues.Select(a =>
                new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute(Command + "variableLength", "false"), a))));
        if (!v.IsSwitch)
            element.Add(new XElement(Command + "parameterValue",
                new XAttribute("required", v.Required ? "true" : "false"),
                new XAttribute("variableLength", v.Type.EndsWith("[]") ? "true" : "false"),
                v.Type));
        element.Add(TypeElement(v.Type), new XElement(Dev + "defaultValue", v.DefaultValue));
        return element;
    }

    private static XElement Example(ExampleHelp e) =>
        new(Command + "example",
            new XElement(Maml + "title", $"-------------------------- {e.Title} --------------------------"),
            new XElement(Maml + "introduction", e.Introduction.Select(Para)),
            new XElement(Dev + "code", e.Code),
            new XElement(Dev + "remarks", e.Remarks.Select(Para)));

    private static IEnumerable<XElement> RelatedLinks(CommandHelp c)
    {
        if (c.OnlineVersion is not null)
            yield return NavigationLink("Online Version:", c.OnlineVersion);
        foreach (var link in c.RelatedLinks) yield return NavigationLink(link.Text, link.Uri);
    }

    private static XElement NavigationLink(string text, string uri) =>
        new(Maml + "navigationLink", new XElement(Maml + "linkText", text), new XElement(Maml + "uri", uri));

    private static XElement TypeElement(string name) =>
        new(Dev + "type", new XElement(Maml + "name", name), new XElement(Maml + "uri"));

    private static XElement Description(IEnumerable<string> paras) =>
        new(Maml + "description", paras.Select(Para));

    private static XElement Para(string text) => new(Maml + "para", text);
}
