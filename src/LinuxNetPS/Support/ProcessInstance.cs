using System.Diagnostics;
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
internal static class ProcessInstance
{
    private const string TypeName = "System.Management.Automation.Runspaces.PowerShellProcessInstance";
    private static readonly Type? InstanceType = typeof(Runspace).Assembly.GetType(TypeName);

    /// <summary>A new, not yet started instance (its Process is configured for `pwsh -s -NoLogo -NoProfile`).</summary>
    public static IDisposable Create() => (IDisposable)Activator.CreateInstance(Required())!;

    public static Process ProcessOf(IDisposable instance) =>
        Required().GetProperty("Process", BindingFlags.Public | BindingFlags.Instance)?.GetValue(instance) as Process
        ?? throw Missing("the Process property");

    /// <summary>
    /// Marks the instance started, so that opening the runspace does not start a second pwsh in the
    /// caller's namespace (its Start returns early when this private flag is set).
    /// </summary>
    public static void MarkStarted(IDisposable instance)
    {
        var started = Required().GetField("_started", BindingFlags.NonPublic | BindingFlags.Instance);
        if (started is null || started.FieldType != typeof(bool)) throw Missing("its private '_started' flag");
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
            ?? throw Missing("NewProcessConnectionInfo");
        var processProperty = infoType.GetProperty("Process", Any)?.GetSetMethod(nonPublic: true)
            ?? throw Missing("NewProcessConnectionInfo.Process");
        var info = (RunspaceConnectionInfo)Invoke(() => Activator.CreateInstance(infoType, Any, null, [null], null))!;
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

    private static NetOperationException Missing(string what) => new(NetErrorKind.NotSupported,
        $"This PowerShell lacks {what}, which LinuxNetPS needs to start a pwsh inside a namespace (tested with PowerShell 7.4 to 7.6). Use Invoke-NetNamespace -InProcess instead.");
}
