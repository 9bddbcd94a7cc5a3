using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Compose.Networks;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Remove-ContainerNetwork: `docker network rm`. Deletes the network's bridge, NAT and isolation rules and its state;
/// refuses while containers are connected, unless -Force, which disconnects them first.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "ContainerNetwork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ContainerNetwork))]
public sealed class RemoveContainerNetworkCommand : NamespacedCmdlet
{
    /// <summary>The network: a name, or an object from Get-ContainerNetwork (its namespace comes along).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ContainerNetworkCompleter))]
    public object Network { get; set; } = "";

    /// <summary>Disconnect the containers that are still connected, then remove the network.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write the removed network to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>overlay: the hosts (PowerShell sessions) to remove the network from; the hosts that keep it forget them.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public System.Management.Automation.Runspaces.PSSession[]? Session { get; set; }

    protected override void ProcessRecord()
    {
        Try(Network, () =>
        {
            var (name, ns) = NetworkArgument.Resolve(Network, Namespace);
            if (Session is not null)
            {
                new OverlayHosts(this).Remove(Session, name, PassThru, what => ShouldProcess(what, "Remove"));
                return;
            }
            var networks = ContainerNetworks.For(ns);
            var current = networks.Get(name);
            // `Get-ContainerNetwork | Remove-ContainerNetwork` means "every network there is to remove": the built-in ones
            // that have nothing to remove (host, none, and bridge before its first use), which Get-ContainerNetwork lists
            // first, are passed over, as `docker network prune` passes them over. Named on the command line they keep their
            // error (BuiltInNetworkNotRemovable). -Network binds from the pipeline only by property name, so whatever arrives
            // there came from an object's Network property.
            if (MyInvocation.ExpectingInput && current.Status == ContainerNetworkStatus.BuiltIn)
            {
                WriteVerbose($"Skipping the built-in network '{name}': it has nothing to remove.");
                return;
            }
            string what = TargetText.Of("container network", name, ns) +
                (current.Endpoints > 0 ? $" and its {current.Endpoints} connected container(s)" : "");
            if (!ShouldProcess(what, "Remove")) return;
            var removed = networks.Remove(name, Force);
            if (PassThru) WriteObject(removed);
        });
    }
}
