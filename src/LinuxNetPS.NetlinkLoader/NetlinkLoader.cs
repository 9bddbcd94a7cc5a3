using System.Management.Automation;
using System.Reflection;

namespace LinuxNetPS;

/// <summary>
/// Loads the build of the core library (LinuxNetPS.Netlink.dll) that matches the .NET runtime this
/// pwsh runs on. The manifest lists this assembly in NestedModules, which PowerShell imports before
/// the root module LinuxNetPS.dll; once loaded, the runtime binds LinuxNetPS.dll's reference to it by name.
/// Then the third-party assemblies go into a load context of their own (<see cref="PrivateAssemblies"/>).
/// </summary>
/// <remarks>
/// Why two builds: the package precompiles the library (ReadyToRun) and a runtime only uses an image
/// made for its own major version. pwsh 7.4 runs on .NET 8, 7.5 on .NET 9, 7.6 on .NET 10, which
/// JIT-compiles a net8.0 image like plain IL. Both builds keep their IL, so other architectures run them too.
/// Why a separate assembly: PowerShell lists LinuxNetPS.dll's public types (its cmdlets, whose
/// parameters use the library's enums, so the library must already resolve) before it runs any code
/// of that assembly, [ModuleInitializer] and IModuleAssemblyInitializer.OnImport included. A nested
/// script module would do the same job, but costs a new pwsh some 300 more JIT-compiled methods.
/// </remarks>
public sealed class NetlinkLoader : IModuleAssemblyInitializer
{
    /// <summary>Called by PowerShell on import; again on Import-Module -Force or in another runspace, when LoadFrom finds the assembly already loaded.</summary>
    public void OnImport()
    {
        var moduleFolder = Path.GetDirectoryName(typeof(NetlinkLoader).Assembly.Location)!;
        var core = Assembly.LoadFrom(Path.Combine(moduleFolder, "lib", BuildFolder(Environment.Version.Major), "LinuxNetPS.Netlink.dll"));
        PrivateAssemblies.Load(moduleFolder, core);
    }

    /// <summary>The lib/ folder holding the build for a .NET major version: net10.0 from .NET 10 on, net8.0 before.</summary>
    public static string BuildFolder(int runtimeMajorVersion) => runtimeMajorVersion >= 10 ? "net10.0" : "net8.0";
}
