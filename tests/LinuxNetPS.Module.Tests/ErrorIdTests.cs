using System.Reflection;
using System.Text.RegularExpressions;
using LinuxNetPS.Module.Tests.Support;

namespace LinuxNetPS.Module.Tests;

/// <summary>
/// Error ids are an API: people catch them and search for them. Every id the code can emit (the
/// constants of LinuxNetPS.Errors.ErrorIds, and the kind names that serve when a failure has no
/// specific id) is listed in about_LinuxNetPS's ERROR IDS section, and the code sets ids only from
/// those constants, so the list cannot fall behind.
/// </summary>
public class ErrorIdTests
{
    private static IReadOnlyList<string> SpecificIds()
    {
        var type = ModuleMetadata.Instance.FindType("LinuxNetPS.Errors.ErrorIds") ?? throw new InvalidOperationException("no LinuxNetPS.Errors.ErrorIds");
        return type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
    }

    private static IReadOnlyList<string> KindIds()
    {
        var type = ModuleMetadata.Instance.FindType("LinuxNetPS.Errors.NetErrorKind") ?? throw new InvalidOperationException("no NetErrorKind");
        return type.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name).ToList();
    }

    /// <summary>The ids named in `backticks` at the start of a table row of the ERROR IDS section.</summary>
    private static IReadOnlySet<string> DocumentedIds()
    {
        var text = File.ReadAllText(Repo.AboutPage);
        var section = Regex.Match(text, @"^## ERROR IDS\s*$(.*?)(?=^## )", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(section.Success, "about_LinuxNetPS.md has no '## ERROR IDS' section");
        return Regex.Matches(section.Groups[1].Value, @"^\|\s*`(\w+)`", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
    }

    [Fact]
    public void Every_error_id_the_code_can_emit_is_documented()
    {
        var documented = DocumentedIds();
        var ids = SpecificIds().Concat(KindIds()).ToList();
        Assert.Contains("LinkNotFound", ids); // the reflection really found the list
        var missing = ids.Where(id => !documented.Contains(id)).ToList();
        Assert.True(missing.Count == 0, "about_LinuxNetPS.md ERROR IDS lacks: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_documented_error_id_exists()
    {
        var ids = SpecificIds().Concat(KindIds()).ToHashSet();
        var stale = DocumentedIds().Where(id => !ids.Contains(id)).ToList();
        Assert.True(stale.Count == 0, "about_LinuxNetPS.md ERROR IDS lists ids the code never emits: " + string.Join(", ", stale));
    }

    [Fact]
    public void Specific_ids_are_unique_and_named_after_themselves()
    {
        var type = ModuleMetadata.Instance.FindType("LinuxNetPS.Errors.ErrorIds")!;
        var problems = new Problems();
        foreach (var f in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
            problems.Check((string)f.GetRawConstantValue()! == f.Name, $"ErrorIds.{f.Name} is '{f.GetRawConstantValue()}': an id reads as its constant's name");
        var kinds = KindIds().ToHashSet();
        foreach (var id in SpecificIds().Where(kinds.Contains))
            problems.Add($"ErrorIds.{id} repeats a kind name; a specific id says more than its kind");
        problems.AssertNone("error ids");
    }

    [Fact]
    public void Ids_are_set_only_from_the_ErrorIds_constants_and_records_only_made_in_one_place()
    {
        var problems = new Problems();
        foreach (var file in Directory.EnumerateFiles(Repo.Path("src"), "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")))
        {
            var text = File.ReadAllText(file);
            var name = Path.GetRelativePath(Repo.Root, file);
            // The argument may choose between constants, never spell one.
            foreach (Match m in Regex.Matches(text, @"\bWithErrorId\("))
            {
                var argument = Argument(text, m.Index + m.Length);
                bool declaration = argument.TrimStart().StartsWith("string ");
                problems.Check(declaration || (argument.Contains("ErrorIds.") && !argument.Contains('"')),
                    $"{name}: WithErrorId({argument.Trim()}) does not use ErrorIds constants");
            }
            if (!name.EndsWith("ErrorRecordFactory.cs"))
                problems.Check(!Regex.IsMatch(text, @"new\s+ErrorRecord\s*\("), $"{name}: builds an ErrorRecord itself; use ErrorRecordFactory, whose ids are documented");
        }
        problems.AssertNone("error id sources");
    }

    /// <summary>The text from <paramref name="start"/> up to the parenthesis that closes the call.</summary>
    private static string Argument(string text, int start)
    {
        int depth = 1;
        for (int i = start; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')' && --depth == 0) return text[start..i];
        }
        return text[start..];
    }
}
