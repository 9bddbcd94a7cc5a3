using System.Management.Automation;
using LinuxNetPS.Client;
using LinuxNetPS.Completers;
using LinuxNetPS.Compose.Networks;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Get-ContainerEndpoint: the containers connected to the networks of a namespace (`docker network inspect`'s
/// Containers), optionally of one network or one container.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ContainerEndpoint")]
[OutputType(typeof(ContainerEndpoint))]
public sealed class GetContainerEndpointCommand : ContainerEndpointCmdlet
{
    /// <summary>Only this network (a name or an object from Get-ContainerNetwork).</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ContainerNetworkCompleter))]
    public object? Network { get; set; }

    /// <summary>Only this container's namespace. The network's own namespace here (as when a network is piped in) means every container.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string? Namespace { get; set; }

    protected override void ProcessRecord()
    {
        Try(Network ?? Namespace, () =>
        {
            var (name, ns) = Network is null ? ((string?)null, NetworkNamespace) : NetworkArgument.Resolve(Network, NetworkNamespace);
            var networks = ContainerNetworks.For(ns);
            string? container = string.IsNullOrEmpty(Namespace) || NetClient.For(Namespace).Inode == NetClient.For(ns).Inode ? null : Namespace;
            WriteObject(networks.Endpoints(name, container), enumerateCollection: true);
        });
    }
}
