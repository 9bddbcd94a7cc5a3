using System.Xml.Linq;
using LinuxNetPS.HelpBuilder;
using LinuxNetPS.Module.Tests.Support;

namespace LinuxNetPS.Module.Tests;

/// <summary>docs/help against the assembly, and the MAML the build produced against both.</summary>
public class HelpCoverageTests
{
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";

    /// <summary>-WhatIf/-Confirm are documented for ShouldProcess cmdlets (platyPS does so too).</summary>
    private static IEnumerable<string> DocumentedParameters(CmdletInfo c) =>
        c.Parameters.Select(p => p.Name).Concat(c.SupportsShouldProcess ? ["WhatIf", "Confirm"] : []);

    private static CommandHelp? Page(CmdletInfo c, Problems problems)
    {
        var path = Path.Combine(Repo.HelpDocs, c.Name + ".md");
        if (!File.Exists(path)) { problems.Add($"{c}: no help page docs/help/{c.Name}.md"); return null; }
        var diagnostics = new List<HelpDiagnostic>();
        var help = PlatyPsParser.Parse(File.ReadAllText(path), path, diagnostics);
        foreach (var d in diagnostics) problems.Add(d.ToString());
        return help;
    }

    [Fact]
    public void Every_cmdlet_has_a_page_documenting_every_parameter_and_no_others()
    {
        var problems = new Problems();
        foreach (var c in ModuleMetadata.Instance.Cmdlets)
        {
            var help = Page(c, problems);
            if (help is null) continue;
            var expected = DocumentedParameters(c).ToList();
            foreach (var name in expected.Where(n => help.Parameter(n) is null))
                problems.Add($"{c}: parameter -{name} is not documented ('### -{name}' in docs/help/{c.Name}.md)");
            foreach (var p in help.Parameters.Where(p => !expected.Contains(p.Name, StringComparer.OrdinalIgnoreCase)))
                problems.Add($"{c}: docs/help/{c.Name}.md documents -{p.Name}, which the cmdlet does not have");
            problems.Check(help.Examples.Count > 0, $"{c}: help page has no example");
            foreach (var o in c.OutputTypes)
                if (o.Name == "System.Void") // [OutputType(typeof(void))] = emits nothing; platyPS writes "None"
                    problems.Check(help.Outputs.Count == 0 || help.Outputs.Any(h => h.Name is "None" or "System.Void"), $"{c}: emits nothing, but OUTPUTS names {string.Join(", ", help.Outputs.Select(h => h.Name))}");
                else
                    problems.Check(help.Outputs.Any(h => h.Name == o.Name), $"{c}: OUTPUTS does not name {o.Name}");
        }
        problems.AssertNone("help coverage");
    }

    [Fact]
    public void Help_pages_describe_parameters_as_the_assembly_declares_them()
    {
        var problems = new Problems();
        foreach (var c in ModuleMetadata.Instance.Cmdlets)
        {
            var help = Page(c, new Problems());
            if (help is null) continue;
            foreach (var p in c.Parameters)
            {
                var doc = help.Parameter(p.Name);
                if (doc is null) continue; // reported by the coverage test
                foreach (var membership in p.Sets)
                {
                    var variant = doc.For(membership.Set) ?? doc.Variants[0];
                    var where = membership.Set == CmdletParameter.AllSets ? "" : $" (set {membership.Set})";
                    problems.Check(TypeMatches(variant.Type, p.Type), $"{c} -{p.Name}{where}: help says Type {variant.Type}, code has {p.Type.Name}");
                    problems.Check(variant.Required == membership.Mandatory, $"{c} -{p.Name}{where}: help says Required {variant.Required}, code has Mandatory={membership.Mandatory}");
                    var position = membership.Position?.ToString() ?? "Named";
                    problems.Check(variant.Position == position, $"{c} -{p.Name}{where}: help says Position {variant.Position}, code has {position}");
                    problems.Check(variant.ByValue == membership.ByValue && variant.ByPropertyName == membership.ByPropertyName,
                        $"{c} -{p.Name}{where}: help says 'Accept pipeline input: {variant.PipelineInput}', code has ByValue={membership.ByValue}, ByPropertyName={membership.ByPropertyName}");
                }
                var docAliases = doc.Variants[0].Aliases.Order(StringComparer.OrdinalIgnoreCase);
                problems.Check(docAliases.SequenceEqual(p.Aliases.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase),
                    $"{c} -{p.Name}: help says Aliases [{string.Join(", ", doc.Variants[0].Aliases)}], code has [{string.Join(", ", p.Aliases)}]");
            }
            var sets = c.ParameterSets.Where(s => s != CmdletParameter.AllSets).ToList();
            if (sets.Count > 0)
                foreach (var set in sets)
                    problems.Check(help.Syntax.Any(s => s.Name == set), $"{c}: SYNTAX has no '### {set}' for that parameter set");
        }
        problems.AssertNone("help vs code");
    }

    [Fact]
    public void No_help_page_for_a_cmdlet_that_does_not_exist()
    {
        var names = ModuleMetadata.Instance.Cmdlets.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var stray = Directory.GetFiles(Repo.HelpDocs, "*.md").Select(Path.GetFileNameWithoutExtension)
            .Where(n => !n!.StartsWith("about_") && !names.Contains(n!)).ToList();
        Assert.True(stray.Count == 0, "help pages without a cmdlet: " + string.Join(", ", stray));
    }

    [Fact]
    public void The_built_maml_has_every_cmdlet_and_the_about_topic_is_built()
    {
        var maml = Path.Combine(Repo.ModuleLayout, "en-US", "LinuxNetPS.dll-Help.xml");
        Assert.True(File.Exists(maml), $"{maml} missing: the build step (src/LinuxNetPS/LinuxNetPS.Help.targets) did not run");
        var doc = XDocument.Load(maml);
        Assert.Equal("helpItems", doc.Root!.Name.LocalName);
        Assert.Equal("http://msh", doc.Root.Name.NamespaceName);
        var documented = doc.Root.Elements(Command + "command")
            .Select(c => c.Element(Command + "details")!.Element(Command + "name")!.Value).ToHashSet(StringComparer.Ordinal);
        var missing = ModuleMetadata.Instance.Cmdlets.Where(c => !documented.Contains(c.Name)).Select(c => c.Name).ToList();
        Assert.True(missing.Count == 0, "the MAML lacks: " + string.Join(", ", missing));
        Assert.True(File.Exists(Path.Combine(Repo.ModuleLayout, "en-US", "about_LinuxNetPS.help.txt")), "about_LinuxNetPS.help.txt not built");
    }

    /// <summary>"String[]" (platyPS) vs System.String[]; "Nullable`1[Int32]" or "Int32" vs Nullable&lt;int&gt;.</summary>
    private static bool TypeMatches(string documented, Type actual)
    {
        static string Short(string name) => name.Contains('.') && !name.Contains('[') ? name[(name.LastIndexOf('.') + 1)..] : name;
        var candidates = new List<string> { actual.Name, actual.FullName ?? actual.Name };
        if (Binding.UnderlyingNullable(actual) is { } inner)
            candidates.AddRange([inner.Name, inner.FullName!, $"Nullable`1[{inner.Name}]", $"System.Nullable`1[{inner.FullName}]"]);
        return candidates.Any(c => c.Equals(documented, StringComparison.OrdinalIgnoreCase) || Short(c).Equals(Short(documented), StringComparison.OrdinalIgnoreCase));
    }
}
