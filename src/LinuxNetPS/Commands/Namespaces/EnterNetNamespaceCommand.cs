using LinuxNetPS.Errors;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Enter-NetNamespace: an interactive prompt inside a network namespace (the `nsenter --net` /
/// `ip netns exec NAME bash` experience): a namespace session entered with Enter-PSSession and
/// removed again when you leave it with `exit`.
/// </summary>
[Cmdlet(VerbsCommon.Enter, "NetNamespace")]
[OutputType(typeof(void))]
public sealed class EnterNetNamespaceCommand : NetCmdlet
{
    /// <summary>The namespace to enter: a name under /run/netns, a path to a namespace file, or a process id.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [AllowNull]
    [AllowEmptyString]
    [ArgumentCompleter(typeof(Completers.NamespaceCompleter))]
    public string? Namespace { get; set; }

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            var ns = NamespaceArgument.Parse(Namespace);
            NetworkNamespaces.Get(ns); // a wrong namespace is reported as such, whatever the host
            // Checked before anything is opened: the console host claims interactive sessions even where no one can
            // type (a script, -NonInteractive, output to a pipe), and a session pushed there never ends or fails at exit.
            if (InteractivePrompt.WhyNot(Host) is { } reason || Host is not IHostSupportsInteractiveSession interactive)
            {
                reason = InteractivePrompt.WhyNot(Host) ?? "it cannot push a session";
                ThrowTerminatingError(ErrorRecordFactory.Create(new NetOperationException(NetErrorKind.NotSupported,
                        $"Enter-NetNamespace needs an interactive PowerShell prompt, and this PowerShell has none: {reason}. " +
                        "In scripts use Invoke-NetNamespace or New-NetNamespaceSession.")
                    .WithErrorId(ErrorIds.InteractiveHostRequired), Namespace));
                return;
            }
            var workingDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
            // Not listed in Get-PSSession: it belongs to the prompt and ends with it.
            var runspace = NamespaceSessions.OpenRunspace(ns, workingDirectory, Host);
            PSSession session;
            try
            {
                session = NamespaceSessions.Wrap(runspace, $"netns-{ns}", cmdlet: null);
            }
            catch
            {
                runspace.Dispose();
                throw;
            }
            try
            {
                NamespacePrompt.Install(session);
                InvokeCommand.InvokeScript(false, ScriptBlock.Create("Microsoft.PowerShell.Core\\Enter-PSSession -Session $args[0]"), null, session);
                InteractiveSessionWatcher.CloseWhenLeft(interactive, session.Runspace);
            }
            catch
            {
                session.Runspace.Dispose();
                throw;
            }
        });
    }
}
