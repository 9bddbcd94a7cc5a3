# Loads the build of the core library (LinuxNetPS.Netlink.dll) that matches the .NET runtime this
# pwsh runs on, before PowerShell loads the root module LinuxNetPS.dll (a nested module is imported
# first).
#
# Why there are two builds: the package precompiles the library (ReadyToRun), and the runtime only
# uses a ReadyToRun image made for its own major version. pwsh 7.4 runs on .NET 8, 7.5 on .NET 9 and
# 7.6 on .NET 10. On .NET 10 a net8.0 image is JIT-compiled as if it were plain IL, so lib/net10.0
# holds a build for .NET 10 and lib/net8.0 one for everything older (both keep their IL, so other
# architectures still run them, JIT-compiled).
#
# Why here and not in C#: PowerShell lists LinuxNetPS.dll's public types (Assembly.GetExportedTypes)
# before it runs any code of ours, neither [ModuleInitializer] nor IModuleAssemblyInitializer.OnImport
# comes earlier, and listing the cmdlets already needs LinuxNetPS.Netlink (parameters typed with its
# enums). Once loaded, the runtime binds LinuxNetPS.dll's reference to this copy by name.

# The lib/ folder for a runtime major version (8, 9, 10 ...).
function Get-NetlinkBuildFolder([int] $RuntimeMajorVersion) {
    if ($RuntimeMajorVersion -ge 10) { 'net10.0' } else { 'net8.0' }
}

$path = [IO.Path]::Combine($PSScriptRoot, 'lib', (Get-NetlinkBuildFolder ([Environment]::Version.Major)), 'LinuxNetPS.Netlink.dll')
# Importing again (-Force, another runspace) finds the assembly already loaded from this path.
$null = [System.Reflection.Assembly]::LoadFrom($path)

Export-ModuleMember
