using System.Management.Automation;
using System.Management.Automation.Runspaces;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// New-NetNamespaceSession: a PSSession whose pwsh lives entirely inside a network namespace (and a
/// mount namespace set up like `ip netns exec`). Use it with Invoke-Command -Session,
/// Invoke-NetNamespace -Session, Enter-PSSession and Remove-PSSession.
/// </summary>
[Cmdlet(VerbsCommon.New, "NetNamespaceSession", SupportsShouldProcess = true)]
[OutputType(typeof(PSSession))]
public sealed class NewNetNamespaceSessionCommand : NetCmdlet
{
    /// <summary>The namespace the session's pwsh runs in: a name under /run/netns, a path to a namespace file, or a process id.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    [ArgumentCompleter(typeof(Completers.NamespaceCompleter))]
    public string? Namespace { get; set; }

    /// <summary>The session's name (Get-PSSession -Name); default netns-NAMESPACE.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            var ns = NamespaceArgument.Parse(Namespace);
            if (!ShouldProcess($"pwsh session in {ns.Description}", "Start")) return;
            var workingDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
            WriteObject(NamespaceSessions.Create(ns, workingDirectory, Name ?? $"netns-{ns}", this));
        });
    }
}
