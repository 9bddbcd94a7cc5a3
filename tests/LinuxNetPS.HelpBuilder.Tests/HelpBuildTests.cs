using System.Xml.Linq;

namespace LinuxNetPS.HelpBuilder.Tests;

public sealed class HelpBuildTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("helpbuilder-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Docs()
    {
        var docs = Directory.CreateDirectory(Path.Combine(_dir, "docs")).FullName;
        File.WriteAllText(Path.Combine(docs, "Move-NetLink.md"), Samples.MoveNetLink);
        File.WriteAllText(Path.Combine(docs, "Get-NetLink.md"), Samples.MoveNetLink.Replace("# Move-NetLink", "# Get-NetLink"));
        File.WriteAllText(Path.Combine(docs, "about_LinuxNetPS.md"), Samples.About);
        return docs;
    }

    [Fact]
    public void Program_writes_one_maml_file_with_every_command_and_the_about_topic()
    {
        var docs = Docs();
        var outDir = Path.Combine(_dir, "out", "en-US");
        Assert.Equal(0, Program.Main(["--docs", docs, "--out", outDir, "--assembly", "LinuxNetPS.dll"]));
        Assert.Equal(["LinuxNetPS.dll-Help.xml", "about_LinuxNetPS.help.txt"],
            Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var doc = XDocument.Load(Path.Combine(outDir, "LinuxNetPS.dll-Help.xml"));
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        Assert.Equal(["Get-NetLink", "Move-NetLink"],
            doc.Root!.Elements(command + "command").Select(c => c.Element(command + "details")!.Element(command + "name")!.Value));
    }

    [Fact]
    public void Program_fails_and_writes_nothing_when_a_page_is_broken()
    {
        var docs = Docs();
        File.WriteAllText(Path.Combine(docs, "Get-NetLink.md"), Samples.MoveNetLink); // title does not match file name
        var outDir = Path.Combine(_dir, "out2");
        Assert.Equal(1, Program.Main(["--docs", docs, "--out", outDir]));
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Program_rejects_bad_usage()
    {
        Assert.Equal(2, Program.Main(["--docs"]));
        Assert.Equal(2, Program.Main(["--out", _dir]));
        Assert.Equal(2, Program.Main(["--docs", Path.Combine(_dir, "missing"), "--out", _dir]));
        Assert.Equal(2, Program.Main(["--docs", _dir, "--out", _dir, "--what"]));
    }

    [Fact]
    public void Title_must_match_file_name()
    {
        var docs = Docs();
        File.WriteAllText(Path.Combine(docs, "Set-NetLink.md"), Samples.MoveNetLink);
        var result = HelpBuild.Run(docs, "LinuxNetPS.dll");
        Assert.Contains(result.Diagnostics, d => d.File.EndsWith("Set-NetLink.md") && d.Message.Contains("should match the file name 'Set-NetLink'"));
    }
}
