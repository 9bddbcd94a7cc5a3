using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Neighbors;
using LinuxNetPS.Primitives;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>New-NetNeighbor: adds ARP/ND entries or proxy entries (`ip neigh add ADDR lladdr MAC dev IFACE nud STATE`, `ip neigh add proxy ADDR dev IFACE`).</summary>
[Cmdlet(VerbsCommon.New, "NetNeighbor", SupportsShouldProcess = true)]
[OutputType(typeof(NetNeighbor))]
public sealed class NewNetNeighborCommand : NamespacedCmdlet
{
    /// <summary>The neighbours' IPv4 or IPv6 addresses.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("IPAddress")]
    [ValidateNotNullOrEmpty]
    public string[] Address { get; set; } = [];

    /// <summary>The interface the neighbours are reached on.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Name", "InterfaceAlias")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string Interface { get; set; } = "";

    /// <summary>The neighbour's hardware (MAC) address; needed for Permanent, NoArp, Reachable and Stale entries.</summary>
    [Parameter]
    [Alias("MacAddress")]
    [ValidateNotNullOrEmpty]
    public string? LinkLayerAddress { get; set; }

    /// <summary>The state: Permanent (the default: never expires, never re-checked), NoArp, Reachable, Stale, None ...</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NeighborStateCompleter))]
    public string? State { get; set; }

    /// <summary>Mark the IPv6 neighbour as a router (NTF_ROUTER).</summary>
    [Parameter]
    public SwitchParameter Router { get; set; }

    /// <summary>Add a proxy ARP/ND entry: the namespace answers ARP/ND for the address on the interface.</summary>
    [Parameter]
    public SwitchParameter Proxy { get; set; }

    /// <summary>Replace an entry the interface has for the address already (`ip neigh replace`), such as the one the kernel makes on a link with ARP off.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var text in Address)
        {
            Try(text, () =>
            {
                LinkName.Validate(Interface);
                var spec = new NeighborSpec
                {
                    Interface = Interface,
                    Address = NeighborArguments.Address(text),
                    LinkLayerAddress = LinkLayerAddress,
                    State = State is null ? null : NeighborStates.Parse(State),
                    Router = Router.IsPresent,
                    Proxy = Proxy.IsPresent,
                };
                var client = Client;
                if (!ShouldProcess(Target("interface", Interface), $"Add {(Proxy ? "proxy entry" : "neighbour")} {spec.Address}" + (LinkLayerAddress is null ? "" : $" lladdr {LinkLayerAddress}"))) return;
                WriteObject(Force ? client.Neighbors.Replace(spec) : client.Neighbors.Add(spec));
            });
        }
    }
}
