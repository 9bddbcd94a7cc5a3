using System.Management.Automation;
using LinuxNetPS.PowerShell.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// The module folder holds the core library twice (lib/net8.0, lib/net10.0) and its nested
/// LinuxNetPS.NetlinkLoader.dll loads the build for the running .NET before the root module: here,
/// .NET 10 (this test host and pwsh 7.6), so the net10.0 build, once per process however often and
/// wherever the module is imported. pwsh 7.4 and 7.5 are not on this machine: the net8.0 side is
/// proven by the loader's choice for their runtime versions and by the cmdlets running on that build.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class CoreLibraryBuildTests(PowerShellSession ps) : IDisposable
{
    // One line per LinuxNetPS.Netlink assembly in the process: "CORE|<target framework>|<path>".
    private const string LoadedCore =
        "[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'LinuxNetPS.Netlink' } | " +
        "ForEach-Object { 'CORE|' + $_.GetCustomAttributes([Runtime.Versioning.TargetFrameworkAttribute], $false)[0].FrameworkName + '|' + $_.Location }";

    private readonly Lab _lab = new();
    private readonly string _copy = Path.Combine(Path.GetTempPath(), $"lpscore{Environment.ProcessId}");

    private static string ModuleFolder => Path.GetDirectoryName(Repo.Manifest)!;

    private static string Net10Build(string moduleFolder) => Path.Combine(moduleFolder, "lib", "net10.0", "LinuxNetPS.Netlink.dll");

    private static List<string> CoreLines(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("CORE|", StringComparison.Ordinal)).ToList();

    [Fact]
    public void The_hosted_engine_on_NET_10_loads_the_net10_build_from_the_module_folder_once()
    {
        Assert.Equal(10, Environment.Version.Major);
        // A cmdlet call binds LinuxNetPS.dll's reference to the core library; a second runspace imports again.
        ps.Run("$null = Get-NetLink -Name lo").AssertClean();
        ps.Run("""
            $second = [powershell]::Create([initialsessionstate]::CreateDefault2())
            try { $null = $second.AddScript("Import-Module '$($args[0])' -ErrorAction Stop; `$null = Get-NetLink -Name lo").Invoke(); if ($second.HadErrors) { throw "second runspace: $($second.Streams.Error)" } }
            finally { $second.Dispose() }
            """, Repo.Manifest).AssertClean();
        var loaded = CoreLines(string.Join("\n", ps.Run(LoadedCore).AssertClean().Output.Select(o => o.ToString())));
        Assert.Equal([$"CORE|.NETCoreApp,Version=v10.0|{Net10Build(ModuleFolder)}"], loaded);
        Assert.Equal(ps.Module.ModuleBase, ModuleFolder);
    }

    [Fact]
    public void The_loader_picks_net8_for_NET_8_and_9_and_net10_from_NET_10_on()
    {
        var picks = ps.Run("8, 9, 10, 11 | ForEach-Object { [LinuxNetPS.NetlinkLoader]::BuildFolder($_) }")
            .AssertClean().Output.Select(o => o.ToString());
        Assert.Equal(["net8.0", "net8.0", "net10.0", "net10.0"], picks);
        // The loader is a nested module of LinuxNetPS that adds no commands of its own.
        var nested = ps.Module.NestedModules.Single();
        Assert.Equal("LinuxNetPS.NetlinkLoader", nested.Name);
        Assert.Empty(nested.ExportedCommands);
    }

    [Fact]
    public void Pwsh_7_6_loads_the_net10_build_once_across_imports_runspaces_and_an_isolated_child()
    {
        var ns = _lab.Create("a");
        var script = Path.Combine(Path.GetTempPath(), $"lpscore{Environment.ProcessId}.ps1");
        File.WriteAllText(script, $$"""
            param($Manifest, $Namespace)
            $ErrorActionPreference = 'Stop'
            Import-Module $Manifest
            $null = Get-NetLink -Name lo
            Import-Module $Manifest -Force
            $null = Get-NetLink -Name lo
            $second = [powershell]::Create([initialsessionstate]::CreateDefault2())
            try { $null = $second.AddScript("Import-Module '$Manifest' -ErrorAction Stop; `$null = Get-NetLink -Name lo").Invoke(); if ($second.HadErrors) { throw "second runspace: $($second.Streams.Error)" } }
            finally { $second.Dispose() }
            'PARENT'
            {{LoadedCore}}
            'CHILD'
            Invoke-NetNamespace $Namespace { Import-Module $using:Manifest -ErrorAction Stop; $null = Get-NetLink -Name lo; {{LoadedCore}} }
            """);
        try
        {
            var (code, output, errors) = Pwsh.RunFile(script, [Repo.Manifest, ns], TimeSpan.FromMinutes(2));
            Assert.True(code == 0, $"pwsh failed ({code}):\n{output}\n{errors}");
            Assert.Equal("", errors.Trim());
            var parent = output[output.IndexOf("PARENT", StringComparison.Ordinal)..output.IndexOf("CHILD", StringComparison.Ordinal)];
            var child = output[output.IndexOf("CHILD", StringComparison.Ordinal)..];
            var expected = $"CORE|.NETCoreApp,Version=v10.0|{Net10Build(ModuleFolder)}";
            Assert.Equal([expected], CoreLines(parent));
            Assert.Equal([expected], CoreLines(child));
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public void The_cmdlets_run_on_the_net8_build()
    {
        // A copy of the module folder whose net10.0 slot holds the net8.0 build: what pwsh 7.4 and 7.5
        // load, here run by pwsh 7.6 (a net8.0 assembly runs on .NET 10, the other way round it would not).
        CopyTree(ModuleFolder, _copy);
        File.Copy(Path.Combine(_copy, "lib", "net8.0", "LinuxNetPS.Netlink.dll"), Net10Build(_copy), overwrite: true);
        var script = Path.Combine(_copy, "net8.ps1");
        File.WriteAllText(script, $$"""
            $ErrorActionPreference = 'Stop'
            Import-Module '{{Path.Combine(_copy, "LinuxNetPS.psd1")}}'
            Get-NetLink -Name lo | ForEach-Object { 'LINK|' + $_.Name }
            {{LoadedCore}}
            """);
        var (code, output, errors) = Pwsh.RunFile(script, [], TimeSpan.FromMinutes(1));
        Assert.True(code == 0, $"pwsh failed ({code}):\n{output}\n{errors}");
        Assert.Contains("LINK|lo", output.Split('\n').Select(l => l.Trim()));
        Assert.Equal([$"CORE|.NETCoreApp,Version=v8.0|{Net10Build(_copy)}"], CoreLines(output));
    }

    [Fact]
    public void Without_the_loader_PowerShell_cannot_even_list_the_cmdlets()
    {
        // Why the loader is a nested module and not code in LinuxNetPS.dll: PowerShell reads the root
        // module's public types (which need LinuxNetPS.Netlink) before it runs any of its code.
        CopyTree(ModuleFolder, _copy);
        var manifest = Path.Combine(_copy, "LinuxNetPS.psd1");
        var lines = File.ReadAllLines(manifest);
        Assert.Single(lines, l => l.TrimStart().StartsWith("NestedModules", StringComparison.Ordinal));
        File.WriteAllLines(manifest, lines.Where(l => !l.TrimStart().StartsWith("NestedModules", StringComparison.Ordinal)));
        var script = Path.Combine(_copy, "noloader.ps1");
        // PowerShell reports this failure without stopping the script, whatever -ErrorAction says.
        File.WriteAllText(script, $"Import-Module '{manifest}'; 'COMMANDS|' + @(Get-Command -Module LinuxNetPS).Count");
        var (_, output, errors) = Pwsh.RunFile(script, [], TimeSpan.FromMinutes(1));
        Assert.Contains("COMMANDS|0", output);
        Assert.Contains("Could not load file or assembly 'LinuxNetPS.Netlink", errors);
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
    }

    public void Dispose()
    {
        _lab.Dispose();
        if (Directory.Exists(_copy)) Directory.Delete(_copy, recursive: true);
    }
}
