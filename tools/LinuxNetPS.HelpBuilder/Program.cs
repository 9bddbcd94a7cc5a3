using System.Text;
using System.Xml;

namespace LinuxNetPS.HelpBuilder;

/// <summary>
/// dotnet LinuxNetPS.HelpBuilder.dll --docs docs/help --out out/LinuxNetPS/en-US [--assembly LinuxNetPS.dll]
/// Exit code 0 = help written; 1 = a page has problems (printed as MSBuild errors, nothing written); 2 = usage.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        string? docs = null, output = null, assembly = "LinuxNetPS.dll";
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--docs": docs = Next(); break;
                    case "--out": output = Next(); break;
                    case "--assembly": assembly = Next(); break;
                    default: return Usage($"unknown argument '{args[i]}'");
                }
            }
            catch (ArgumentException e) { return Usage(e.Message); }
        }
        if (docs is null || output is null) return Usage("--docs and --out are required");
        if (!Directory.Exists(docs)) return Usage($"docs folder '{docs}' does not exist");

        var result = HelpBuild.Run(docs, assembly);
        foreach (var d in result.Diagnostics) Console.Error.WriteLine(d);
        if (result.Diagnostics.Count > 0) return 1;

        Directory.CreateDirectory(output);
        foreach (var (name, content) in result.Files)
            File.WriteAllText(Path.Combine(output, name), content, new UTF8Encoding(false));
        Console.WriteLine($"HelpBuilder: {result.CommandCount} command(s), {result.Files.Count} file(s) written to {output}");
        return 0;
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"error HB000: {message}");
        Console.Error.WriteLine("usage: LinuxNetPS.HelpBuilder --docs <folder of platyPS .md> --out <en-US folder> [--assembly LinuxNetPS.dll]");
        return 2;
    }
}

/// <summary>The whole conversion, in memory: what the program writes and what the tests check.</summary>
internal static class HelpBuild
{
    public sealed record Result(IReadOnlyList<(string Name, string Content)> Files, IReadOnlyList<CommandHelp> Commands, List<HelpDiagnostic> Diagnostics)
    {
        public int CommandCount => Commands.Count;
    }

    public static Result Run(string docsFolder, string assemblyFileName)
    {
        var diagnostics = new List<HelpDiagnostic>();
        var commands = new List<CommandHelp>();
        var files = new List<(string, string)>();
        foreach (var path in Directory.GetFiles(docsFolder, "*.md").OrderBy(p => p, StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var text = File.ReadAllText(path);
            if (name.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
            {
                files.Add(($"{name}.help.txt", AboutTopicWriter.Write(text, path, diagnostics)));
                continue;
            }
            var help = PlatyPsParser.Parse(text, path, diagnostics);
            if (!help.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                diagnostics.Add(new HelpDiagnostic(path, 1, $"title '# {help.Name}' should match the file name '{name}'"));
            commands.Add(help);
        }
        if (commands.Count > 0) files.Insert(0, ($"{assemblyFileName}-Help.xml", ToXml(MamlWriter.Write(commands))));
        return new Result(files, commands, diagnostics);
    }

    public static string ToXml(System.Xml.Linq.XDocument doc)
    {
        var sb = new StringBuilder();
        using (var writer = XmlWriter.Create(new StringWriterUtf8(sb), new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
            doc.Save(writer);
        return sb.Append('\n').ToString();
    }

    private sealed class StringWriterUtf8(StringBuilder sb) : StringWriter(sb)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
