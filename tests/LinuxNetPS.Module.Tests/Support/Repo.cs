using System.Reflection;

namespace LinuxNetPS.Module.Tests.Support;

/// <summary>Paths of the things under test, as the build recorded them in this test assembly.</summary>
internal static class Repo
{
    private static string? Metadata(string key) =>
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value is { Length: > 0 } v ? v : null;

    public static string Root { get; } = Metadata("RepoRoot") ?? throw new InvalidOperationException("RepoRoot metadata missing");

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string ModuleProject => Path("src", "LinuxNetPS", "LinuxNetPS.csproj");
    public static string ModuleLayout => Path("out", "LinuxNetPS");
    public static string HelpDocs => Path("docs", "help");
    public static string AboutPage => Path("docs", "help", "about_LinuxNetPS.md");
    public static string Manifest => Path("LinuxNetPS.psd1");

    /// <summary>
    /// The module assembly the build produced for this configuration. Tests fail with a clear
    /// message (never skip) when it is not there: the conformance checks are only worth something
    /// when they ran against the real thing.
    /// </summary>
    public static string ModuleAssembly
    {
        get
        {
            if (!File.Exists(ModuleProject))
                throw new FileNotFoundException($"The module project {ModuleProject} does not exist yet, so there is nothing to check.");
            var built = Metadata("ModuleAssembly");
            if (built is not null && File.Exists(built)) return built;
            var layout = System.IO.Path.Combine(ModuleLayout, "LinuxNetPS.dll");
            if (File.Exists(layout)) return layout;
            throw new FileNotFoundException($"LinuxNetPS.dll not found (build output '{built}', module folder '{layout}'). Run `dotnet build LinuxNetPS.sln` first.");
        }
    }

    /// <summary>PowerShellStandard.Library's reference System.Management.Automation.dll (compile-time surface of PowerShell).</summary>
    public static string SystemManagementAutomation
    {
        get
        {
            string[] roots =
            [
                Metadata("PowerShellStandardDir") ?? "",
                System.IO.Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"), "powershellstandard.library", "5.1.1"),
            ];
            foreach (var root in roots.Where(r => r.Length > 0))
            {
                var dll = System.IO.Path.Combine(root, "lib", "netstandard2.0", "System.Management.Automation.dll");
                if (File.Exists(dll)) return dll;
            }
            throw new FileNotFoundException("PowerShellStandard.Library 5.1.1 (lib/netstandard2.0/System.Management.Automation.dll) not found in the NuGet cache; run `dotnet restore`.");
        }
    }
}
