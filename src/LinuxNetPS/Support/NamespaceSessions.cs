using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using System.Reflection;
using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Support;

/// <summary>
/// Child pwsh processes that live entirely inside a network namespace and speak PowerShell's
/// out-of-process runspace protocol (the one Start-Job uses), wrapped as real PSSessions.
/// </summary>
/// <remarks>
/// PowerShell would start the child itself on the thread that opens the runspace, in the caller's
/// namespace. Instead the child is started by <see cref="IsolatedProcessLauncher"/> (on its own
/// short-lived thread, inside the namespace) and the process instance is then marked as started, so
/// opening the runspace (and the reader threads it makes) happens on the caller's own thread.
/// </remarks>
internal static class NamespaceSessions
{
    /// <summary>The transport name shown in Get-PSSession.</summary>
    public const string TransportName = "NetNamespace";

    /// <summary>The environment variable that tells code in the session which namespace it is in.</summary>
    public const string NamespaceVariable = "LINUXNETPS_NAMESPACE";

    private static readonly Lazy<TypeTable> Types = new(TypeTable.LoadDefaultTypeFiles);

    /// <summary>Starts a pwsh in <paramref name="ns"/>, opens a runspace to it and wraps it as a PSSession named <paramref name="name"/> (listed by Get-PSSession).</summary>
    public static PSSession Create(NamespaceRef ns, string workingDirectory, string name, PSCmdlet cmdlet)
    {
        var runspace = OpenRunspace(ns, workingDirectory, cmdlet.Host);
        try
        {
            return Wrap(runspace, name, cmdlet);
        }
        catch
        {
            runspace.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A PSSession for an opened out-of-process runspace. PSSession.Create is public in PowerShell 7
    /// but missing from the 5.1 reference this module compiles against, so it is found by reflection.
    /// With a cmdlet, the session joins that runspace's session list (Get-PSSession).
    /// </summary>
    public static PSSession Wrap(Runspace runspace, string name, PSCmdlet? cmdlet)
    {
        var create = typeof(PSSession).GetMethod("Create", BindingFlags.Public | BindingFlags.Static, null,
            [typeof(Runspace), typeof(string), typeof(PSCmdlet)], null)
            ?? throw new NetOperationException(NetErrorKind.NotSupported,
                "This PowerShell has no PSSession.Create(Runspace, string, PSCmdlet); namespace sessions need PowerShell 7.4 or later.");
        PSSession session;
        try
        {
            session = (PSSession)create.Invoke(null, [runspace, TransportName, cmdlet])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
        session.Name = name;
        return session;
    }

    /// <summary>The child pwsh behind each runspace opened here, so ending one never depends on the close handshake.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Runspace, IDisposable> Instances = new();

    /// <summary>
    /// Closes a runspace opened by <see cref="OpenRunspace"/> and ends its pwsh even if the close does not get
    /// through (a child that no longer answers, or a close still in flight): the process instance is disposed,
    /// which kills the process if it is still there.
    /// </summary>
    public static void End(Runspace runspace)
    {
        try { runspace.Dispose(); }
        catch (Exception e) when (e is InvalidOperationException or PSInvalidOperationException or System.Management.Automation.Remoting.PSRemotingTransportException) { }
        finally
        {
            if (Instances.TryGetValue(runspace, out var instance)) instance.Dispose();
        }
    }

    /// <summary>Kills the pwsh behind a runspace opened by <see cref="OpenRunspace"/> without a close handshake (this process is exiting).</summary>
    public static void Kill(Runspace runspace)
    {
        if (Instances.TryGetValue(runspace, out var instance)) instance.Dispose();
    }

    /// <summary>
    /// PowerShell starts $PSHOME/pwsh. A pwsh run as `dotnet pwsh.dll` (a .NET global tool may be) can have no such apphost:
    /// then the child is started the same way as this process, by its host (dotnet) with $PSHOME/pwsh.dll first.
    /// </summary>
    private static void UseThisHostWithoutAnAppHost(System.Diagnostics.ProcessStartInfo startInfo)
    {
        if (File.Exists(startInfo.FileName) || Path.GetDirectoryName(startInfo.FileName) is not { } home) return;
        string dll = Path.Combine(home, "pwsh.dll");
        if (!File.Exists(dll) || Environment.ProcessPath is not { } host || Path.GetFileNameWithoutExtension(host) != "dotnet") return;
        startInfo.FileName = host;
        if (startInfo.ArgumentList.Count > 0) startInfo.ArgumentList.Insert(0, dll);
        else startInfo.Arguments = $"\"{dll}\" {startInfo.Arguments}";
    }

    /// <summary>An opened out-of-process runspace whose pwsh runs in <paramref name="ns"/> and talks to <paramref name="host"/>; the pwsh ends when the runspace closes.</summary>
    public static Runspace OpenRunspace(NamespaceRef ns, string workingDirectory, PSHost host)
    {
        NetworkNamespaces.Get(ns); // a missing namespace is reported as such, before anything else is looked for
        var instance = ProcessInstance.Create();
        try
        {
            var process = ProcessInstance.ProcessOf(instance);
            var startInfo = process.StartInfo;
            UseThisHostWithoutAnAppHost(startInfo);
            if (!File.Exists(startInfo.FileName))
                throw new NetOperationException(NetErrorKind.NotFound,
                    $"Cannot find pwsh at '{startInfo.FileName}' to run the script block in {ns.Description}. Use -InProcess, or run from pwsh itself.",
                    target: startInfo.FileName);
            startInfo.WorkingDirectory = workingDirectory;
            startInfo.Environment[NamespaceVariable] = ns.ToString();
            // Ctrl+C reaches the session as a stop message over the protocol, never as a signal that would kill it.
            IsolatedProcessLauncher.Start(ns, process, background: true);
            ProcessInstance.MarkStarted(instance);

            var runspace = ProcessInstance.CreateRunspace(Types.Value, instance, host);
            // The transport does not own a process it did not start, so the instance ends it with the runspace.
            Instances.AddOrUpdate(runspace, instance);
            runspace.StateChanged += (_, e) =>
            {
                if (e.RunspaceStateInfo.State is RunspaceState.Closed or RunspaceState.Broken) instance.Dispose();
            };
            runspace.Open();
            StartIn(runspace, workingDirectory);
            return runspace;
        }
        catch
        {
            instance.Dispose();
            throw;
        }
    }

    /// <summary>Like `ip netns exec`, the code starts in the caller's directory (a server-mode pwsh starts in $HOME).</summary>
    private static void StartIn(Runspace runspace, string workingDirectory)
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddCommand("Set-Location").AddParameter("LiteralPath", workingDirectory);
        ps.Invoke();
    }
}
