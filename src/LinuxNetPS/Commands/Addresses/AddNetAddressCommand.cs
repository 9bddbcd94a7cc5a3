using System.Management.Automation;
using LinuxNetPS.Addresses;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Commands;

/// <summary>Add-NetAddress: adds IPv4/IPv6 addresses to an interface (`ip addr add ADDR/LEN dev IFACE`).</summary>
[Cmdlet(VerbsCommon.Add, "NetAddress", SupportsShouldProcess = true)]
[OutputType(typeof(NetAddress))]
public sealed class AddNetAddressCommand : NamespacedCmdlet
{
    /// <summary>Addresses with prefix length, e.g. 10.10.1.10/16 or fd00::1/64; without a length, /32 or /128.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("IPAddress")]
    [ValidateNotNullOrEmpty]
    public string[] Address { get; set; } = [];

    /// <summary>The interface to add them to.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Name", "InterfaceAlias")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string Interface { get; set; } = "";

    /// <summary>IPv4 broadcast address.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Broadcast { get; set; }

    /// <summary>IPv4 address label (must start with the interface name, e.g. eth0:web).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Label { get; set; }

    /// <summary>Address scope: Universe (global), Site, Link or Host.</summary>
    [Parameter]
    public RouteScope? Scope { get; set; }

    /// <summary>Skip IPv6 duplicate address detection: the address is usable at once.</summary>
    [Parameter]
    public SwitchParameter NoDad { get; set; }

    /// <summary>Write the new addresses to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var text in Address)
        {
            Try(text, () =>
            {
                LinkName.Validate(Interface);
                var prefix = IPPrefix.Parse(text);
                var options = new AddressOptions
                {
                    Broadcast = Broadcast is null ? null : IPPrefix.ParseAddress(Broadcast, "broadcast address"),
                    Label = Label,
                    Scope = Scope,
                    NoDad = NoDad.IsPresent,
                };
                var client = Client;
                if (!ShouldProcess(Target("interface", Interface), $"Add address {prefix}")) return;
                var added = client.Addresses.Add(Interface, prefix, options);
                if (PassThru) WriteObject(added);
            });
        }
    }
}
