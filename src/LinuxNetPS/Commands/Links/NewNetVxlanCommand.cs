using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// New-NetVxlan: creates a VXLAN link with typed settings (`ip link add NAME type vxlan id VNI [remote|group IP] [local IP]
/// [dev DEV] dstport PORT [nolearning] [ttl N]`). The same link as New-NetLink -Kind vxlan -Option @{ ... }, checked
/// before anything is created; the destination port defaults to IANA's 4789, not the kernel's 8472.
/// </summary>
[Cmdlet(VerbsCommon.New, "NetVxlan", SupportsShouldProcess = true)]
[OutputType(typeof(NetLink))]
public sealed class NewNetVxlanCommand : NewLinkCmdlet
{
    /// <summary>The VXLAN network identifier (VNI), 1-16777215.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public uint? Vni { get; set; }

    /// <summary>The unicast peer (`remote`): the other end's underlay address.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Remote { get; set; }

    /// <summary>The multicast group (`group`) that floods reach every peer through.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Group { get; set; }

    /// <summary>The source address of the tunnel's packets (`local`).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Local { get; set; }

    /// <summary>UDP destination port (`dstport`); 4789 when omitted.</summary>
    [Parameter]
    public int? DestinationPort { get; set; }

    /// <summary>The underlay interface (`dev`), as New-NetLink -Parent; -Device says it as iproute2 does.</summary>
    [Parameter]
    [Alias("Device")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? Parent { get; set; }

    /// <summary>Do not learn remote MAC addresses from received packets (`nolearning`); the FDB is filled by hand.</summary>
    [Parameter]
    public SwitchParameter NoLearning { get; set; }

    /// <summary>TTL of the tunnel's packets (1-255); omitted: auto.</summary>
    [Parameter]
    public int? Ttl { get; set; }

    protected override void ProcessRecord()
    {
        Try(Name, () =>
        {
            ValidateNames();
            var spec = new VxlanSpec
            {
                Name = Name,
                Vni = Vni ?? 0,
                Remote = Remote is null ? null : IPPrefix.ParseAddress(Remote, "remote"),
                Group = Group is null ? null : IPPrefix.ParseAddress(Group, "group"),
                Local = Local is null ? null : IPPrefix.ParseAddress(Local, "local address"),
                DestinationPort = DestinationPort,
                Parent = Parent,
                Learning = !NoLearning.IsPresent,
                Ttl = Ttl,
                Mtu = Mtu,
                MacAddress = MacAddress,
                Master = Master,
                Up = Up.IsPresent,
            };
            var link = spec.ToLinkSpec();
            var client = Client;
            var what = $"Create vxlan link, VNI {spec.Vni}" + (spec.Remote is null ? "" : $", remote {spec.Remote}") + (spec.Group is null ? "" : $", group {spec.Group}")
                + $", dstport {link.Options["port"]}";
            if (!ShouldProcess(Target("link", Name), what)) return;
            WriteObject(LinkView.Tagged(client.Links.Create(link)));
        });
    }
}
