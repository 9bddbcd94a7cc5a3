using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Commands;

/// <summary>
/// What every cmdlet that makes one link takes besides its kind's settings (New-NetLink, New-NetVxlan): the name, MTU,
/// hardware address, bridge and -Up, declared once, so their binding, completion and checks cannot drift apart.
/// </summary>
public abstract class NewLinkCmdlet : NamespacedCmdlet
{
    /// <summary>Name of the new interface (at most 15 bytes).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>MTU of the new link.</summary>
    [Parameter]
    public uint? Mtu { get; set; }

    /// <summary>Hardware address, aa:bb:cc:dd:ee:ff.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MacAddress { get; set; }

    /// <summary>Bridge to attach the new link to.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BridgeNameCompleter))]
    public string? Master { get; set; }

    /// <summary>Bring the link up once created.</summary>
    [Parameter]
    public SwitchParameter Up { get; set; }

    /// <summary>Checks -Name and -Master as interface names before anything is sent.</summary>
    protected void ValidateNames()
    {
        LinkName.Validate(Name);
        if (Master is not null) LinkName.Validate(Master);
    }
}
