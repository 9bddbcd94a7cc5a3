using System.Xml.Linq;
using LinuxNetPS.Module.Tests.Support;

namespace LinuxNetPS.Module.Tests;

/// <summary>LinuxNetPS.format.ps1xml and LinuxNetPS.types.ps1xml against the types the module really emits.</summary>
public class FormatFileTests
{
    private static string FormatFile => Repo.Path("src", "LinuxNetPS", "LinuxNetPS.format.ps1xml");
    private static string TypesFile => Repo.Path("src", "LinuxNetPS", "LinuxNetPS.types.ps1xml");

    /// <summary>Members types.ps1xml adds (ScriptProperty, AliasProperty ...), per type full name: format views may show them too.</summary>
    private static Dictionary<string, HashSet<string>> ExtendedMembers()
    {
        var result = new Dictionary<string, HashSet<string>>();
        if (!File.Exists(TypesFile)) return result;
        foreach (var type in XDocument.Load(TypesFile).Root!.Elements("Type"))
        {
            var name = type.Element("Name")!.Value.Trim();
            var set = result.TryGetValue(name, out var s) ? s : result[name] = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var member in type.Element("Members")?.Elements() ?? [])
                if (member.Element("Name") is { } n) set.Add(n.Value.Trim());
        }
        return result;
    }

    private static bool HasMember(Type t, string name, Dictionary<string, HashSet<string>> extended) =>
        Binding.Properties(t).Any(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        || (extended.TryGetValue(t.FullName!, out var extra) && extra.Contains(name));

    [Fact]
    public void Every_view_names_a_real_type_and_real_properties()
    {
        Assert.True(File.Exists(FormatFile), $"{FormatFile} missing");
        var doc = XDocument.Load(FormatFile); // also proves it is well-formed
        var module = ModuleMetadata.Instance;
        var extended = ExtendedMembers();
        var selectionSets = doc.Root!.Element("SelectionSets")?.Elements("SelectionSet")
            .ToDictionary(s => s.Element("Name")!.Value.Trim(), s => s.Element("Types")!.Elements("TypeName").Select(t => t.Value.Trim()).ToList()) ?? [];
        var problems = new Problems();
        var views = doc.Root.Element("ViewDefinitions")?.Elements("View").ToList() ?? [];
        problems.Check(views.Count > 0, "the format file defines no views");

        foreach (var view in views)
        {
            var viewName = view.Element("Name")?.Value.Trim() ?? "(unnamed)";
            var selected = view.Element("ViewSelectedBy");
            var typeNames = (selected?.Elements("TypeName").Select(t => t.Value.Trim()) ?? [])
                .Concat(selected?.Elements("SelectionSetName").SelectMany(s => selectionSets.GetValueOrDefault(s.Value.Trim()) ?? []) ?? []).ToList();
            problems.Check(typeNames.Count > 0, $"view '{viewName}' selects no type");
            var types = new List<Type>();
            foreach (var typeName in typeNames)
            {
                // Views for "Deserialized.X" format X's properties on objects that came back over remoting.
                var name = typeName.StartsWith("Deserialized.") ? typeName["Deserialized.".Length..] : typeName;
                // "X#vxlan": PowerShell's convention for a view of some X objects (the cmdlet inserts the name); X is real.
                if (name.IndexOf('#') is > 0 and var hash) name = name[..hash];
                var t = module.FindType(name);
                if (t is null || !t.IsPublic || t.FullName != name) problems.Add($"view '{viewName}': TypeName '{typeName}' is not a public type (by full name) in the module's assemblies");
                else types.Add(t);
            }

            foreach (var property in view.Descendants("PropertyName"))
            {
                var name = property.Value.Trim();
                var entryTypes = property.Ancestors().Select(a => a.Element("EntrySelectedBy")).FirstOrDefault(e => e is not null)
                    ?.Elements("TypeName").Select(t => module.FindType(t.Value.Trim())).OfType<Type>().ToList();
                foreach (var t in entryTypes is { Count: > 0 } ? entryTypes : types)
                    problems.Check(HasMember(t, name, extended), $"view '{viewName}': {t.Name} has no property '{name}'");
            }

            var table = view.Element("TableControl");
            if (table is not null)
            {
                int headers = table.Element("TableHeaders")?.Elements("TableColumnHeader").Count() ?? 0;
                foreach (var row in table.Descendants("TableRowEntry"))
                {
                    int columns = row.Element("TableColumnItems")?.Elements("TableColumnItem").Count() ?? 0;
                    problems.Check(headers == 0 || headers == columns, $"view '{viewName}': {headers} column headers but {columns} column items");
                    foreach (var item in row.Descendants("TableColumnItem"))
                        problems.Check(item.Element("PropertyName") is not null || item.Element("ScriptBlock") is not null, $"view '{viewName}': a column with neither PropertyName nor ScriptBlock");
                }
            }
        }
        problems.AssertNone("format file");
    }

    [Fact]
    public void Every_view_also_selects_the_deserialized_type()
    {
        // Objects back from Export-Clixml, Import-Clixml or remoting are named "Deserialized.X": a view selected
        // by type name reaches them only if it names that too.
        var problems = new Problems();
        foreach (var view in XDocument.Load(FormatFile).Descendants("View"))
        {
            var names = view.Element("ViewSelectedBy")?.Elements("TypeName").Select(t => t.Value.Trim()).ToHashSet() ?? [];
            foreach (var name in names.Where(n => !n.StartsWith("Deserialized.")))
                problems.Check(names.Contains("Deserialized." + name), $"view '{view.Element("Name")?.Value}' selects {name} but not Deserialized.{name}");
        }
        problems.AssertNone("deserialized views");
    }

    [Fact]
    public void Every_emitted_model_type_has_a_default_view()
    {
        var doc = XDocument.Load(FormatFile);
        var covered = doc.Descendants("TypeName").Select(t => t.Value.Trim()).ToHashSet();
        var module = ModuleMetadata.Instance;
        var own = module.OwnAssemblies.ToHashSet();
        var problems = new Problems();
        foreach (var c in module.Cmdlets)
            foreach (var o in c.OutputTypes.Where(o => o.Type is not null && own.Contains(o.Type.Assembly)))
                problems.Check(covered.Contains(o.Type!.FullName!), $"{c} emits {o.Type!.FullName}, which has no view in LinuxNetPS.format.ps1xml");
        problems.AssertNone("default views");
    }

    [Fact]
    public void Types_file_when_present_extends_real_types_with_real_members()
    {
        if (!File.Exists(TypesFile))
        {
            var manifest = Psd1.Parse(File.ReadAllText(Repo.Manifest));
            Assert.Empty(Psd1.Strings(manifest.GetValueOrDefault("TypesToProcess"))); // no file, so the manifest must not name one
            return;
        }
        var module = ModuleMetadata.Instance;
        var problems = new Problems();
        foreach (var type in XDocument.Load(TypesFile).Root!.Elements("Type"))
        {
            var name = type.Element("Name")!.Value.Trim();
            var t = module.FindType(name);
            if (t is null || t.FullName != name) { problems.Add($"types file: '{name}' is not a type (by full name) in the module's assemblies"); continue; }
            foreach (var alias in type.Descendants("AliasProperty"))
            {
                var target = alias.Element("ReferencedMemberName")?.Value.Trim() ?? "";
                problems.Check(Binding.ClrProperties(t).Any(p => p.Name == target), $"types file: {t.Name} alias '{alias.Element("Name")?.Value}' points at missing '{target}'");
            }
            foreach (var set in type.Descendants("PropertySet"))
                foreach (var referenced in set.Descendants("Name").Skip(1))
                    problems.Check(HasMember(t, referenced.Value.Trim(), ExtendedMembers()), $"types file: {t.Name} property set '{set.Element("Name")?.Value}' names missing '{referenced.Value.Trim()}'");
        }
        problems.AssertNone("types file");
    }
}
