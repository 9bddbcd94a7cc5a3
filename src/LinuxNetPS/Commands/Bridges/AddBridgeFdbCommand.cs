using System.Management.Automation;
using LinuxNetPS.Bridges;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Commands;

/// <summary>
/// Add-BridgeFdb: adds forwarding database entries (`bridge fdb add MAC dev DEV [vlan N] [dst IP] [port P] [vni N] [self|master]
/// [static|permanent|dynamic]`); on a VXLAN device, 00:00:00:00:00:00 with -Destination is a head-end replication target.
/// </summary>
[Cmdlet(VerbsCommon.Add, "BridgeFdb", SupportsShouldProcess = true)]
[OutputType(typeof(BridgeFdbEntry))]
public sealed class AddBridgeFdbCommand : NamespacedCmdlet
{
    /// <summary>The MAC addresses (00:00:00:00:00:00 on a VXLAN device: flood to -Destination).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[] MacAddress { get; set; } = [];

    /// <summary>The device: a bridge port (the bridge's table), the bridge itself, or a VXLAN device.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string Interface { get; set; } = "";

    /// <summary>The VLAN id (1-4094) of the entry, on a VLAN-filtering bridge.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Vlan { get; set; }

    /// <summary>VXLAN: the remote tunnel endpoints (`dst`); one entry per address.</summary>
    [Parameter]
    [Alias("RemoteAddress")]
    [ValidateNotNullOrEmpty]
    public string[]? Destination { get; set; }

    /// <summary>VXLAN: the remote's UDP port, when it differs from the device's (`port`).</summary>
    [Parameter]
    [Alias("RemotePort")]
    public int? DestinationPort { get; set; }

    /// <summary>VXLAN: the VNI, when it differs from the device's (`vni`).</summary>
    [Parameter]
    public uint? Vni { get; set; }

    /// <summary>Static (default on ports and VXLAN: never ages), Permanent (default on the bridge itself: a local address), Dynamic (ages out).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(FdbStateCompleter))]
    public string? State { get; set; }

    /// <summary>Put the entry in the device's own table (`self`) even on a bridge port; the default is the bridge's table for ports.</summary>
    [Parameter]
    public SwitchParameter Self { get; set; }

    /// <summary>Write the new entries to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var destinations = Destination ?? [null!];
        foreach (var mac in MacAddress)
            foreach (var destination in destinations)
            {
                Try(mac, () =>
                {
                    LinkName.Validate(Interface);
                    var spec = new FdbSpec
                    {
                        MacAddress = mac,
                        Interface = Interface,
                        Vlan = Vlan is null ? null : VlanIds.ParseSingle(Vlan),
                        Destination = destination is null ? null : IPPrefix.ParseAddress(destination, "destination (remote tunnel endpoint)"),
                        DestinationPort = DestinationPort,
                        Vni = Vni,
                        State = State is null ? null : BridgeFdbStates.Parse(State),
                        Self = Self.IsPresent ? true : null,
                    };
                    spec.Validate();
                    var client = Client;
                    if (!ShouldProcess(Target("interface", Interface), $"Add FDB entry {mac}" + (destination is null ? "" : $" dst {destination}"))) return;
                    client.Fdb.Add(spec);
                    if (PassThru && client.Fdb.Find(spec) is { } added) WriteObject(added);
                });
            }
    }
}
