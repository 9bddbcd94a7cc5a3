using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Primitives;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Remove-NetAddress: removes an address from an interface (`ip addr del ADDR/LEN dev IFACE`).</summary>
[Cmdlet(VerbsCommon.Remove, "NetAddress", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveNetAddressCommand : NamespacedCmdlet
{
    /// <summary>The address, as 10.10.1.10/16, or 10.10.1.10 (with -PrefixLength, or the length the interface has it with).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("IPAddress")]
    [ValidateNotNullOrEmpty]
    public string Address { get; set; } = "";

    /// <summary>Prefix length of the address, when -Address has none.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, 128)]
    public int? PrefixLength { get; set; }

    /// <summary>The interface that has the address.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Name", "InterfaceAlias")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string Interface { get; set; } = "";

    protected override void ProcessRecord()
    {
        Try(Address, () =>
        {
            LinkName.Validate(Interface);
            var (address, length) = AddressArgument.Read(Address, PrefixLength);
            var client = Client;
            var prefix = AddressArgument.Resolve(address, length,
                length is null ? client.Addresses.List(Interface) : [], Interface);
            if (!ShouldProcess(Target("interface", Interface), $"Remove address {prefix}")) return;
            client.Addresses.Remove(Interface, prefix);
        });
    }
}
