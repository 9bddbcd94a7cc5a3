using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Compose.Networks;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Disconnect-ContainerNetwork: `docker network disconnect NET c1`: removes the container's interface and published ports and frees its address.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "ContainerNetwork", SupportsShouldProcess = true)]
[OutputType(typeof(ContainerEndpoint))]
public sealed class DisconnectContainerNetworkCommand : ContainerEndpointCmdlet
{
    /// <summary>The network: a name or an object from Get-ContainerNetwork. Endpoints pipe in by property name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ContainerNetworkCompleter))]
    public object Network { get; set; } = "";

    /// <summary>The container's namespace.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string Namespace { get; set; } = "";

    /// <summary>Write the endpoint that was removed to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>overlay: the host (a PowerShell session) the container is on; the overlay's other hosts forget it.</summary>
    [Parameter]
    [ValidateNotNull]
    public System.Management.Automation.Runspaces.PSSession? Session { get; set; }

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            var (name, ns) = NetworkArgument.Resolve(Network, NetworkNamespace);
            if (Session is not null)
            {
                new OverlayHosts(this).Disconnect(Session, name, Namespace, PassThru, what => ShouldProcess(what, "Disconnect"));
                return;
            }
            if (!ShouldProcess($"{TargetText.Where(Namespace)} from container network '{name}' in {TargetText.Where(ns)}", "Disconnect")) return;
            var removed = ContainerNetworks.For(ns).Disconnect(name, Namespace);
            if (PassThru) WriteObject(removed);
        });
    }
}
