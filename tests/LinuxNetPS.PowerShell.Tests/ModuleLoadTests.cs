using System.Management.Automation;
using LinuxNetPS.PowerShell.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// The built module folder loads in PowerShell 7.6 as the manifest describes it: its cmdlets,
/// its version, its format and types files (the shared session imported it; these look closer).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ModuleLoadTests(PowerShellSession ps) : IDisposable
{
    private readonly Lab _lab = new();

    [Fact]
    public void The_manifest_and_the_loaded_module_agree()
    {
        var manifest = (PSModuleInfo)ps.Run("Test-ModuleManifest -Path $args[0]", Repo.Manifest).AssertClean().Output.Single().BaseObject;
        Assert.Equal(manifest.Version, ps.Module.Version);
        Assert.Equal(manifest.ExportedCmdlets.Keys.Order(StringComparer.Ordinal), ps.Module.ExportedCmdlets.Keys.Order(StringComparer.Ordinal));
        // Every cmdlet class of the assembly is exported, and nothing else: a new cmdlet missing from the manifest fails here.
        var cmdletClasses = ps.Module.ImplementingAssembly.GetTypes()
            .Where(t => !t.IsAbstract && t.GetCustomAttributes(typeof(CmdletAttribute), false).Length > 0)
            .Select(t => (CmdletAttribute)t.GetCustomAttributes(typeof(CmdletAttribute), false)[0])
            .Select(a => $"{a.VerbName}-{a.NounName}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(cmdletClasses, ps.Module.ExportedCmdlets.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(ps.Module.ExportedFormatFiles, f => f.EndsWith("LinuxNetPS.format.ps1xml", StringComparison.Ordinal));
        Assert.Contains(ps.Module.ExportedTypeFiles, f => f.EndsWith("LinuxNetPS.types.ps1xml", StringComparison.Ordinal));
        Assert.Equal(ModuleType.Binary, ps.Module.ModuleType);
    }

    [Fact]
    public void The_types_file_applies_to_our_objects()
    {
        var ns = _lab.Create("a");
        var depth = ps.Run("(New-VethPair -Name v0 -PeerName v1 -Namespace $args[0]).PSStandardMembers.SerializationDepth", ns)
            .AssertClean().Output.Single().BaseObject;
        Assert.Equal(2, Convert.ToInt32(depth));
    }

    [Fact]
    public void Importing_again_with_Force_works_as_the_examples_do()
    {
        ps.Run("Import-Module -Name $args[0] -Force -ErrorAction Stop", Repo.Manifest).AssertClean();
        var names = ps.Run("(Get-Command -Module LinuxNetPS).Name").AssertClean().Output.Select(o => (string)o.BaseObject);
        // Cmdlets and the exported aliases (Windows' names that are ours unchanged, e.g. Get-NetAdapterStatistics).
        var exported = ps.Module.ExportedCmdlets.Keys.Concat(ps.Module.ExportedAliases.Keys);
        Assert.Equal(exported.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    public void Dispose() => _lab.Dispose();
}
