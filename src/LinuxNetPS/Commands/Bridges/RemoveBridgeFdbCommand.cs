using System.Management.Automation;
using LinuxNetPS.Bridges;
using LinuxNetPS.Completers;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Commands;

/// <summary>Remove-BridgeFdb: removes a forwarding database entry (`bridge fdb del MAC dev DEV [vlan N] [dst IP]`). Get-BridgeFdb's objects bind every parameter it needs.</summary>
[Cmdlet(VerbsCommon.Remove, "BridgeFdb", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveBridgeFdbCommand : NamespacedCmdlet
{
    /// <summary>The entry's MAC address.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string MacAddress { get; set; } = "";

    /// <summary>The device the entry is on.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string Interface { get; set; } = "";

    /// <summary>The entry's VLAN id.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    public string? Vlan { get; set; }

    /// <summary>VXLAN: the remote endpoint to remove; omitted, every remote of the MAC goes.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("RemoteAddress")]
    [AllowNull]
    [AllowEmptyString]
    public string? Destination { get; set; }

    /// <summary>VXLAN: the remote's UDP port.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("RemotePort")]
    public int? DestinationPort { get; set; }

    /// <summary>VXLAN: the VNI.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public uint? Vni { get; set; }

    /// <summary>Remove from the device's own table (`self`) even on a bridge port.</summary>
    [Parameter]
    public SwitchParameter Self { get; set; }

    protected override void ProcessRecord()
    {
        Try(MacAddress, () =>
        {
            LinkName.Validate(Interface);
            var spec = new FdbSpec
            {
                MacAddress = MacAddress,
                Interface = Interface,
                Vlan = string.IsNullOrEmpty(Vlan) ? null : VlanIds.ParseSingle(Vlan),
                Destination = string.IsNullOrEmpty(Destination) ? null : IPPrefix.ParseAddress(Destination, "destination (remote tunnel endpoint)"),
                DestinationPort = DestinationPort,
                Vni = Vni,
                Self = Self.IsPresent ? true : null,
            };
            spec.Validate();
            var client = Client;
            if (!ShouldProcess(Target("interface", Interface), $"Remove FDB entry {MacAddress}" + (spec.Destination is null ? "" : $" dst {spec.Destination}"))) return;
            client.Fdb.Remove(spec);
        });
    }
}
