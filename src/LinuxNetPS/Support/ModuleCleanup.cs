using System.Management.Automation;

namespace LinuxNetPS.Support;

/// <summary>Remove-Module LinuxNetPS: Invoke-NetNamespace's warm child pwsh processes end with the module.</summary>
public sealed class ModuleCleanup : IModuleAssemblyCleanup
{
    /// <summary>Called by PowerShell when the module is removed.</summary>
    public void OnRemove(PSModuleInfo psModuleInfo) => WarmChildren.EndAll();
}
