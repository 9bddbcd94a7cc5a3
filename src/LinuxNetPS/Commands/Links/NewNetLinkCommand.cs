using System.Collections;
using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>New-NetLink: creates a link of a given kind (`ip link add NAME type KIND ...`). New-NetVxlan is the typed form for vxlan.</summary>
[Cmdlet(VerbsCommon.New, "NetLink", SupportsShouldProcess = true)]
[OutputType(typeof(NetLink))]
public sealed class NewNetLinkCommand : NewLinkCmdlet
{
    /// <summary>The link kind: bridge, dummy, macvlan, macvtap, vxlan, ifb, ipvlan, vlan, bond ...</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkKindCompleter))]
    public string Kind { get; set; } = "";

    /// <summary>Lower device for stacked kinds (macvlan, macvtap, ipvlan, vlan, vxlan).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? Parent { get; set; }

    /// <summary>Kind-specific settings, e.g. @{ mode = 'bridge' } for macvlan or @{ id = 42 } for vxlan.</summary>
    [Parameter]
    public Hashtable? Option { get; set; }

    protected override void ProcessRecord()
    {
        Try(Name, () =>
        {
            LinkName.Validate(Name);
            if (Parent is not null) LinkName.Validate(Parent);
            if (Master is not null) LinkName.Validate(Master);
            var spec = new LinkSpec
            {
                Name = Name,
                Kind = Kind,
                Parent = Parent,
                Options = OptionTable.Convert(Option, Unwrap),
                Mtu = Mtu,
                MacAddress = MacAddress,
                Master = Master,
                Up = Up.IsPresent,
            };
            var client = Client;
            if (!ShouldProcess(Target("link", Name), $"Create {Kind} link")) return;
            WriteObject(LinkView.Tagged(client.Links.Create(spec)));
        });
    }
}
