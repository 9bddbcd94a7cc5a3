using System.Reflection;

namespace LinuxNetPS.PowerShell.Tests.Support;

/// <summary>Paths in the repository, as the build recorded its root in this assembly.</summary>
internal static class Repo
{
    public static string Root { get; } =
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepoRoot").Value!;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The built module's manifest; fails clearly (never skips) when the build did not lay it out.</summary>
    public static string Manifest
    {
        get
        {
            var path = Path("out", "LinuxNetPS", "LinuxNetPS.psd1");
            if (!File.Exists(path)) throw new FileNotFoundException($"{path} is missing: build src/LinuxNetPS first (dotnet build LinuxNetPS.sln).");
            return path;
        }
    }
}
