using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Compose.Networks;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Connect-ContainerNetwork: `docker run --network NET` / `docker network connect NET c1`. The container (namespace)
/// gets an interface on the network (a veth into the bridge, or a macvlan), an address (the next free one or
/// -IPAddress), the default route, lo up and the -Publish ports, all or nothing. -Network none leaves only lo, up.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "ContainerNetwork", SupportsShouldProcess = true)]
[OutputType(typeof(ContainerEndpoint))]
public sealed class ConnectContainerNetworkCommand : ContainerEndpointCmdlet
{
    /// <summary>The network: a name (bridge, none, foo ...) or an object from Get-/New-ContainerNetwork.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(ContainerNetworkCompleter))]
    public object Network { get; set; } = "";

    /// <summary>The container's namespace: a name under /run/netns, a path or a process id. Namespaces pipe in by property name.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string Namespace { get; set; } = "";

    /// <summary>The container's address (`--ip`); omitted: the next free address of the network.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? IPAddress { get; set; }

    /// <summary>The interface's name in the container; default eth0. (-Interface, with the alias Name, as on the address cmdlets.)</summary>
    [Parameter]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(FreeInterfaceNameCompleter))]
    public string Interface { get; set; } = "eth0";

    /// <summary>The interface's MAC address (`--mac-address`).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MacAddress { get; set; }

    /// <summary>Published ports (`-p`): "8080:80", "5353:53/udp", "10.0.0.1:8080:80".</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] Publish { get; set; } = [];

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            var (name, ns) = NetworkArgument.Resolve(Network, NetworkNamespace);
            var networks = ContainerNetworks.For(ns);
            var spec = new ConnectSpec
            {
                Network = name, Namespace = Namespace, IPAddress = IPAddress, InterfaceName = Interface, MacAddress = MacAddress, Publish = Publish,
            };
            var steps = networks.PlanConnect(spec); // checks everything first: bad input fails the same with -WhatIf
            if (!ShouldProcess($"{TargetText.Where(Namespace)} to container network '{name}' in {TargetText.Where(ns)}: {string.Join("; ", steps)}", "Connect")) return;
            WriteObject(networks.Connect(spec));
        });
    }
}
