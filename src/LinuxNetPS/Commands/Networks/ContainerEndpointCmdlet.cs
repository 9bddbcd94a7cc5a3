using System.Management.Automation;
using LinuxNetPS.Completers;

namespace LinuxNetPS.Commands;

/// <summary>
/// The endpoint cmdlets (Connect-, Disconnect-ContainerNetwork, Get-ContainerEndpoint): -Namespace is the CONTAINER's
/// namespace, so namespaces and endpoints pipe in meaning that container; the network's own namespace (where its bridge
/// and rules are) is -NetworkNamespace, or comes with a network object given to -Network.
/// </summary>
public abstract class ContainerEndpointCmdlet : NetCmdlet
{
    /// <summary>The namespace the network lives in; omitted: the host's (or the -Network object's).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string? NetworkNamespace { get; set; }
}
