using LinuxNetPS.Module.Tests.Support;

namespace LinuxNetPS.Module.Tests;

/// <summary>LinuxNetPS.psd1 against the assembly and the module folder the build lays out.</summary>
public class ManifestTests
{
    private static Dictionary<string, object?> Manifest() => Psd1.Parse(File.ReadAllText(Repo.Manifest));

    [Fact]
    public void Psd1_reader_reads_manifest_syntax()
    {
        var m = Psd1.Parse("""
            # comment
            @{
                RootModule = 'LinuxNetPS.dll' # trailing
                ModuleVersion = "0.1.0"
                <# block
                   comment #>
                CmdletsToExport = @(
                    'New-NetNamespace',
                    'Get-NetLink'
                    "Set-NetLink"
                )
                AliasesToExport = @()
                FormatsToProcess = 'a.ps1xml', 'b.ps1xml'
                PrivateData = @{ PSData = @{ Tags = @('Linux'); Prerelease = 'it''s' } }
                CompatiblePSEditions = @('Core'); PowerShellVersion = '7.4'
                Flag = $true
            }
            """);
        Assert.Equal("LinuxNetPS.dll", m["RootModule"]);
        Assert.Equal(["New-NetNamespace", "Get-NetLink", "Set-NetLink"], Psd1.Strings(m["CmdletsToExport"]));
        Assert.Empty(Psd1.Strings(m["AliasesToExport"]));
        Assert.Equal(["a.ps1xml", "b.ps1xml"], Psd1.Strings(m["FormatsToProcess"]));
        var psData = (Dictionary<string, object?>)((Dictionary<string, object?>)m["PrivateData"]!)["PSData"]!;
        Assert.Equal("it's", psData["Prerelease"]);
        Assert.Equal("7.4", m["PowerShellVersion"]);
        Assert.Equal(true, m["Flag"]);
        Assert.Throws<FormatException>(() => Psd1.Parse("@{ A = 'x' \n A = 'y' }"));
        Assert.Throws<FormatException>(() => Psd1.Parse("@{ A = Get-Date }"));
    }

    [Fact]
    public void Exported_cmdlets_are_exactly_the_cmdlets_in_the_assembly()
    {
        var exported = Psd1.Strings(Manifest().GetValueOrDefault("CmdletsToExport"));
        Assert.DoesNotContain("*", exported); // wildcards make PowerShell load the assembly to discover commands
        var inAssembly = ModuleMetadata.Instance.Cmdlets.Select(c => c.Name).ToList();
        var problems = new Problems();
        foreach (var name in exported.Where(e => !inAssembly.Contains(e, StringComparer.Ordinal)))
            problems.Add($"CmdletsToExport lists {name}, which the assembly does not define (or spells differently)");
        foreach (var name in inAssembly.Where(c => !exported.Contains(c, StringComparer.Ordinal)))
            problems.Add($"{name} is in the assembly but not in CmdletsToExport");
        foreach (var dup in exported.GroupBy(e => e, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            problems.Add($"CmdletsToExport lists {dup.Key} {dup.Count()} times");
        problems.AssertNone("CmdletsToExport");
    }

    [Fact]
    public void Manifest_fields_are_set_for_a_binary_module_on_PowerShell_7()
    {
        var m = Manifest();
        var problems = new Problems();
        problems.Check(m.GetValueOrDefault("RootModule") as string == "LinuxNetPS.dll", $"RootModule is '{m.GetValueOrDefault("RootModule")}', expected 'LinuxNetPS.dll'");
        problems.Check(Guid.TryParse(m.GetValueOrDefault("GUID") as string, out _), "GUID missing or not a GUID");
        foreach (var key in new[] { "FunctionsToExport", "AliasesToExport", "VariablesToExport" })
            if (m.ContainsKey(key))
                problems.Check(!Psd1.Strings(m[key]).Contains("*"), $"{key} = '*' makes PowerShell scan for exports; list them or use @()");
        problems.Check(Psd1.Strings(m.GetValueOrDefault("CompatiblePSEditions")).Contains("Core"), "CompatiblePSEditions should include 'Core'");
        problems.Check(Version.TryParse(m.GetValueOrDefault("PowerShellVersion") as string, out var ps) && ps >= new Version(7, 4),
            $"PowerShellVersion is '{m.GetValueOrDefault("PowerShellVersion")}', expected 7.4 or later (the module targets .NET 8)");

        var moduleVersion = m.GetValueOrDefault("ModuleVersion") as string;
        var assemblyVersion = ModuleMetadata.Instance.Module.GetName().Version!;
        problems.Check(Version.TryParse(moduleVersion, out var mv) && mv.Major == assemblyVersion.Major && mv.Minor == assemblyVersion.Minor && mv.Build == assemblyVersion.Build,
            $"ModuleVersion '{moduleVersion}' differs from the assembly version {assemblyVersion}");
        problems.AssertNone("manifest fields");
    }

    [Fact]
    public void Files_the_manifest_names_exist_in_the_module_folder()
    {
        var m = Manifest();
        var problems = new Problems();
        problems.Check(Directory.Exists(Repo.ModuleLayout), $"module folder {Repo.ModuleLayout} does not exist: the build should lay it out");
        var layoutManifest = Path.Combine(Repo.ModuleLayout, "LinuxNetPS.psd1");
        problems.Check(File.Exists(layoutManifest) && File.ReadAllText(layoutManifest) == File.ReadAllText(Repo.Manifest),
            $"{layoutManifest} is missing or differs from the repo's LinuxNetPS.psd1");

        var files = new List<string>();
        if (m.GetValueOrDefault("RootModule") is string root) files.Add(root);
        foreach (var key in new[] { "FormatsToProcess", "TypesToProcess", "RequiredAssemblies", "NestedModules", "FileList" })
            files.AddRange(Psd1.Strings(m.GetValueOrDefault(key)));
        foreach (var f in files)
            problems.Check(File.Exists(Path.Combine(Repo.ModuleLayout, f)), $"the manifest names '{f}', which is not in {Repo.ModuleLayout}");

        problems.Check(Psd1.Strings(m.GetValueOrDefault("FormatsToProcess")).Contains("LinuxNetPS.format.ps1xml"), "FormatsToProcess should list LinuxNetPS.format.ps1xml");
        problems.Check(Psd1.Strings(m.GetValueOrDefault("NestedModules")).Contains("LinuxNetPS.NetlinkLoader.dll"),
            "NestedModules should list LinuxNetPS.NetlinkLoader.dll: it loads the core library before the root module");
        problems.Check(!Psd1.Strings(m.GetValueOrDefault("RequiredAssemblies")).Any(a => a.Contains("LinuxNetPS.Netlink", StringComparison.OrdinalIgnoreCase)),
            "RequiredAssemblies names LinuxNetPS.Netlink: the loader picks its build per runtime, a fixed one would be loaded first");
        problems.AssertNone("module folder");
    }

    // The two builds of the core library, in the folders LinuxNetPS.NetlinkLoader.dll picks from.
    [Theory]
    [InlineData("net8.0", ".NETCoreApp,Version=v8.0")]
    [InlineData("net10.0", ".NETCoreApp,Version=v10.0")]
    public void Module_folder_holds_the_core_library_built_for_each_runtime(string folder, string framework)
    {
        var path = Path.Combine(Repo.ModuleLayout, "lib", folder, "LinuxNetPS.Netlink.dll");
        Assert.True(File.Exists(path), $"{path} (the core library for {framework}) is not in the module folder");
        using var ctx = new System.Reflection.MetadataLoadContext(new System.Reflection.PathAssemblyResolver(
            Directory.GetFiles(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "*.dll").Append(path)), "System.Private.CoreLib");
        var attribute = ctx.LoadFromAssemblyPath(path).GetCustomAttributesData()
            .Single(a => a.AttributeType.FullName == "System.Runtime.Versioning.TargetFrameworkAttribute");
        Assert.Equal(framework, attribute.ConstructorArguments[0].Value);
    }

    [Fact]
    public void Core_library_is_not_next_to_the_root_module()
    {
        // PowerShell would find a copy there by name (Assembly.LoadFrom looks beside the requesting
        // assembly), which would hide a loader that no longer loads the right build.
        var stray = Path.Combine(Repo.ModuleLayout, "LinuxNetPS.Netlink.dll");
        Assert.False(File.Exists(stray), $"{stray} should not exist: the core library lives in lib/<framework>/");
    }

    [Fact]
    public void Module_folder_holds_the_freshly_built_assembly()
    {
        var layoutDll = Path.Combine(Repo.ModuleLayout, "LinuxNetPS.dll");
        Assert.True(File.Exists(layoutDll), $"{layoutDll} missing");
        if (Path.GetFullPath(layoutDll) == Path.GetFullPath(ModuleMetadata.Instance.AssemblyPath)) return;
        var built = ModuleMetadata.Instance.Module.ManifestModule.ModuleVersionId;
        using var ctx = new System.Reflection.MetadataLoadContext(new System.Reflection.PathAssemblyResolver(
            Directory.GetFiles(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "*.dll").Append(layoutDll)), "System.Private.CoreLib");
        var layout = ctx.LoadFromAssemblyPath(layoutDll).ManifestModule.ModuleVersionId;
        Assert.True(built == layout, $"{layoutDll} is not the assembly just built ({ModuleMetadata.Instance.AssemblyPath}): the module folder is stale");
    }
}
