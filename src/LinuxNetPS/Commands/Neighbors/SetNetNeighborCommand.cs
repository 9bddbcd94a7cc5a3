using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Neighbors;
using LinuxNetPS.Primitives;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Set-NetNeighbor: changes an existing ARP/ND entry's hardware address, state or router flag (`ip neigh change`).</summary>
[Cmdlet(VerbsCommon.Set, "NetNeighbor", SupportsShouldProcess = true)]
[OutputType(typeof(NetNeighbor))]
public sealed class SetNetNeighborCommand : NamespacedCmdlet
{
    /// <summary>The neighbour's IP address.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("IPAddress")]
    [ValidateNotNullOrEmpty]
    public string Address { get; set; } = "";

    /// <summary>The interface the entry is on.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Name", "InterfaceAlias")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string Interface { get; set; } = "";

    /// <summary>The new hardware (MAC) address.</summary>
    [Parameter]
    [Alias("MacAddress")]
    [ValidateNotNullOrEmpty]
    public string? LinkLayerAddress { get; set; }

    /// <summary>The new state; omitted, the entry keeps its own (a passing one, such as Failed, becomes Reachable).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NeighborStateCompleter))]
    public string? State { get; set; }

    /// <summary>Mark the IPv6 neighbour as a router.</summary>
    [Parameter]
    public SwitchParameter Router { get; set; }

    /// <summary>Write the changed entry to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (LinkLayerAddress is null && State is null && !Router)
            ThrowUsage(NetOperationException.Invalid("Say what to change: -LinkLayerAddress, -State or -Router."));
    }

    protected override void ProcessRecord()
    {
        Try(Address, () =>
        {
            LinkName.Validate(Interface);
            var spec = new NeighborSpec
            {
                Interface = Interface,
                Address = NeighborArguments.Address(Address),
                LinkLayerAddress = LinkLayerAddress,
                State = State is null ? null : NeighborStates.Parse(State),
                Router = Router.IsPresent,
            };
            var client = Client;
            if (!ShouldProcess(Target("interface", Interface), $"Change neighbour {spec.Address}")) return;
            var changed = client.Neighbors.Set(spec);
            if (PassThru) WriteObject(changed);
        });
    }
}
