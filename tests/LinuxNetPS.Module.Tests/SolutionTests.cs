using LinuxNetPS.Module.Tests.Support;

namespace LinuxNetPS.Module.Tests;

/// <summary>
/// The design card's layout: one classic solution file, LinuxNetPS.sln, at the top (older tools cannot open .slnx),
/// listing every project of the repository.
/// </summary>
public class SolutionTests
{
    [Fact]
    public void OneClassicSolution_AtTheTop_ListsEveryProject()
    {
        Assert.Equal(["LinuxNetPS.sln"], Directory.GetFiles(Repo.Root, "*.sln*").Select(Path.GetFileName).ToArray());
        string text = File.ReadAllText(Repo.Path("LinuxNetPS.sln"));
        Assert.Contains("Microsoft Visual Studio Solution File, Format Version 12.00", text);
        var projects = new[] { "src", "tests", "tools", "bench", "examples" }
            .SelectMany(d => Directory.EnumerateFiles(Repo.Path(d), "*.csproj", SearchOption.AllDirectories))
            .Select(p => Path.GetRelativePath(Repo.Root, p).Replace('/', '\\'))
            .Where(p => !p.Contains("\\bin\\") && !p.Contains("\\obj\\"))
            .ToList();
        Assert.NotEmpty(projects);
        foreach (var project in projects) Assert.Contains($"\"{project}\"", text);
    }
}
