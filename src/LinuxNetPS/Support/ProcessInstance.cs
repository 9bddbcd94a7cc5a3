using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using System.Reflection;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Support;

/// <summary>
/// PowerShell's PowerShellProcessInstance (the child pwsh behind Start-Job and out-of-process
/// runspaces). It is public in PowerShell 7 but absent from the PowerShellStandard 5.1 reference
/// this module compiles against, so it is reached by reflection; anything missing fails with one
/// clear error instead of a stray exception.
/// </summary>
/// <remarks>
/// Two of the members are not public in any PowerShell 7 (checked in the sources of 7.4.0 to 7.6.5 and
/// of the main branch of 2026-08): the private <c>_started</c> flag, and the internal
/// NewProcessConnectionInfo with its internal Process property. No public API starts the runspace over a
/// process that someone else started: the transport always calls the instance's internal Start, which
/// starts the process unless the flag is set, and RunspaceFactory.CreateOutOfProcessRunspace gives the
/// remote side no host. tests/ProcessInstance.Tests.ps1 (run by every real pwsh that runs the Pester
/// suites) and ProcessInstanceTests (the hosted engine, and each real pwsh it is given) fail with the
/// field's name and the PowerShell version when a release changes either.
/// </remarks>
internal static class ProcessInstance
{
    private const string TypeName = "System.Management.Automation.Runspaces.PowerShellProcessInstance";
    private static readonly Type? InstanceType = typeof(Runspace).Assembly.GetType(TypeName);

    /// <summary>A new, not yet started instance (its Process is configured for `pwsh -s -NoLogo -NoProfile`).</summary>
    public static IDisposable Create() => (IDisposable)Activator.CreateInstance(Required())!;

    public static Process ProcessOf(IDisposable instance) =>
        Required().GetProperty("Process", BindingFlags.Public | BindingFlags.Instance)?.GetValue(instance) as Process
        ?? throw Missing("PowerShellProcessInstance.Process");

    /// <summary>
    /// Marks the instance started, so that opening the runspace does not start a second pwsh in the
    /// caller's namespace (its Start returns early when this private flag is set).
    /// </summary>
    public static void MarkStarted(IDisposable instance)
    {
        var started = Required().GetField("_started", BindingFlags.NonPublic | BindingFlags.Instance);
        if (started is null || started.FieldType != typeof(bool)) throw Missing("the private bool field '_started' of PowerShellProcessInstance");
        started.SetValue(instance, true);
    }

    /// <summary>
    /// A runspace over the instance that uses <paramref name="host"/> for the remote side's host calls
    /// (Write-Host, warnings and verbose shown on the console, Read-Host), as New-PSSession does. That
    /// needs the internal NewProcessConnectionInfo; RunspaceFactory.CreateOutOfProcessRunspace would
    /// give the remote side no host, and its Write-Host output and displayed warnings would be lost.
    /// </summary>
    public static Runspace CreateRunspace(TypeTable types, IDisposable instance, PSHost host)
    {
        const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
        var infoType = typeof(Runspace).Assembly.GetType("System.Management.Automation.Runspaces.NewProcessConnectionInfo")
            ?? throw Missing("the internal type System.Management.Automation.Runspaces.NewProcessConnectionInfo");
        var processProperty = infoType.GetProperty("Process", Any)?.GetSetMethod(nonPublic: true)
            ?? throw Missing("the setter of NewProcessConnectionInfo.Process");
        var constructor = infoType.GetConstructor(Any, null, [typeof(PSCredential)], null)
            ?? throw Missing("the constructor NewProcessConnectionInfo(PSCredential)");
        var info = (RunspaceConnectionInfo)Invoke(() => constructor.Invoke([null]))!;
        Invoke(() => processProperty.Invoke(info, [instance]));
        return RunspaceFactory.CreateRunspace(info, host, types);
    }

    private static object? Invoke(Func<object?> call)
    {
        try
        {
            return call();
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    private static Type Required() => InstanceType ?? throw Missing("the type " + TypeName);

    /// <summary>The running PowerShell's version as $PSVersionTable shows it (e.g. 7.6.10), from System.Management.Automation itself.</summary>
    internal static string PowerShellVersion { get; } =
        typeof(Runspace).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split(' ', '+')[0]
        ?? typeof(Runspace).Assembly.GetName().Version?.ToString() ?? "unknown";

    private static NetOperationException Missing(string what) => new(NetErrorKind.NotSupported,
        $"PowerShell {PowerShellVersion} lacks {what}, which LinuxNetPS reaches by reflection to start a pwsh inside a namespace (checked with PowerShell 7.4 to 7.6). Use Invoke-NetNamespace -InProcess instead.");
}
