using System.Reflection;
using LinuxNetPS.PowerShell.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// The module's YamlDotNet lives in a load context of its own (private/, loaded by LinuxNetPS.NetlinkLoader): a pwsh
/// that also loads another YamlDotNet, another module's, before or after ours, uses both side by side. The other
/// copy is YamlDotNet 16.3.0 from NuGet (assembly version 16.0.0.0; the module ships 18.1.0, assembly version 18.0.0.0).
/// </summary>
public sealed class PrivateAssemblyTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"lpsyaml{Environment.ProcessId}");

    private static string OtherYamlDotNet
    {
        get
        {
            string root = typeof(PrivateAssemblyTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "NuGetPackageRoot").Value!;
            string path = Path.Combine(root, "yamldotnet", "16.3.0", "lib", "net8.0", "YamlDotNet.dll");
            if (!File.Exists(path)) throw new FileNotFoundException($"{path} is missing: the test project's PackageDownload of YamlDotNet 16.3.0 restores it.");
            return path;
        }
    }

    private const string Topology = """
        name: clash
        x-defaults: &linux
          kind: linux
        topology:
          nodes:
            a: *linux
            b:
              <<: *linux
          links:
            - endpoints: ["a:eth1", "b:eth1"]
        """;

    // Reads the lab file with the module (New-NetLab -WhatIf reads and checks it, builds nothing), uses the other
    // YamlDotNet from PowerShell, and lists every YamlDotNet in the process with its load context.
    private const string UseOurs = """
        $null = New-NetLab -Path $Lab -Prefix 'lpsyaml-' -WhatIf -WarningAction SilentlyContinue
        'OURS|ok'
        $bad = try { New-NetLab -Path $Bad -WhatIf -ErrorAction Stop; 'none' } catch { $_.Exception.Message }
        'BAD|' + $bad
        """;
    private const string UseOther = """
        $stream = [YamlDotNet.RepresentationModel.YamlStream]::new()
        $stream.Load([IO.StringReader]::new("[1, 2, 3]"))
        'OTHER|' + $stream.Documents[0].RootNode.Children.Count + '|' + [YamlDotNet.RepresentationModel.YamlStream].Assembly.GetName().Version
        """;
    private const string List = """
        [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'YamlDotNet' } |
            ForEach-Object { 'YAML|' + $_.GetName().Version + '|' + [Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name } | Sort-Object
        """;

    [Theory]
    [InlineData("other first")]
    [InlineData("ours first")]
    public void Another_modules_YamlDotNet_and_ours_both_work_in_one_pwsh(string order)
    {
        Directory.CreateDirectory(_folder);
        string lab = Path.Combine(_folder, "clash.clab.yml"), bad = Path.Combine(_folder, "bad.clab.yml");
        File.WriteAllText(lab, Topology);
        File.WriteAllText(bad, "topology:\n  nodes:\n    a: &a [*a]\n");
        string import = $"Import-Module '{Repo.Manifest}'";
        string other = $"Add-Type -Path '{OtherYamlDotNet}'";
        string body = order == "other first"
            ? string.Join("\n", other, UseOther, import, UseOurs, UseOther, List)
            : string.Join("\n", import, UseOurs, other, UseOther, UseOurs, List);
        string script = Path.Combine(_folder, "clash.ps1");
        File.WriteAllText(script, $"param($Lab, $Bad)\n$ErrorActionPreference = 'Stop'\n{body}\n");

        var (code, output, errors) = Pwsh.RunFile(script, [lab, bad], TimeSpan.FromMinutes(2));
        Assert.True(code == 0, $"pwsh failed ({code}):\n{output}\n{errors}");
        var lines = output.Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains("OURS|ok", lines);
        Assert.All(lines.Where(l => l.StartsWith("OTHER|", StringComparison.Ordinal)), l => Assert.Equal("OTHER|3|16.0.0.0", l));
        Assert.Contains(lines, l => l.StartsWith("BAD|", StringComparison.Ordinal) && l.Contains("bad.clab.yml:3:") && l.Contains("names no anchor"));
        Assert.Equal(["YAML|16.0.0.0|Default", "YAML|18.0.0.0|LinuxNetPS.Private"], lines.Where(l => l.StartsWith("YAML|", StringComparison.Ordinal)));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
