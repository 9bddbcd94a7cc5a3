using System.Text.RegularExpressions;
using LinuxNetPS.Module.Tests.Support;

namespace LinuxNetPS.Module.Tests;

/// <summary>
/// Every parameter that names a file or a program carries [PathArgument], so NetCmdlet.BeginProcessing refuses a control
/// character in it (a NUL the system would cut the name at) before anything runs (issue 27 item 4).
/// </summary>
public class PathArgumentTests
{
    private static readonly Regex PathLike = new(@"^(Path|LiteralPath|FilePath|OutFile|\w+File|\w+Path|Redirect\w+|WorkingDirectory)$");

    [Fact]
    public void Every_path_parameter_is_checked_for_control_characters()
    {
        var problems = new Problems();
        int found = 0;
        foreach (var c in ModuleMetadata.Instance.Cmdlets)
            foreach (var p in c.Parameters.Where(p => p.ElementType.FullName == "System.String" && p.NameAndAliases.Any(PathLike.IsMatch)))
            {
                found++;
                problems.Check(p.Property.CustomAttributes.Any(a => a.AttributeType.Name == "PathArgumentAttribute"),
                    $"{c}: -{p.Name} names a file or program but has no [PathArgument]");
                problems.Check(Derives(c.Type, "LinuxNetPS.Commands.NetCmdlet"), $"{c}: -{p.Name} is marked, but only NetCmdlet checks the marks");
            }
        problems.AssertNone("path parameters");
        Assert.True(found >= 7, $"only {found} path parameters found: the name pattern has stopped matching");
    }

    private static bool Derives(Type type, string baseName)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
            if (t.FullName == baseName) return true;
        return false;
    }
}
