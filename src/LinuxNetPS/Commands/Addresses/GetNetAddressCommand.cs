using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Get-NetAddress: lists IPv4/IPv6 addresses (`ip addr show [dev IFACE]`).</summary>
[Cmdlet(VerbsCommon.Get, "NetAddress")]
[OutputType(typeof(NetAddress))]
public sealed class GetNetAddressCommand : NamespacedCmdlet
{
    /// <summary>Interfaces whose addresses to list; wildcards allowed. Omitted: all interfaces.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name", "InterfaceAlias")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string[]? Interface { get; set; }

    /// <summary>Only IPv4 or only IPv6 addresses.</summary>
    [Parameter]
    [Alias("AddressFamily")]
    public IPFamily? Family { get; set; }

    protected override void ProcessRecord()
    {
        if (Interface is null)
        {
            Try(Namespace, () => WriteObject(Client.Addresses.List(null, Family), true));
            return;
        }
        foreach (var name in Interface)
        {
            Try(name, () =>
            {
                if (Wildcard.IsPattern(name))
                {
                    var all = Client.Addresses.List(null, Family);
                    WriteObject(NameFilter.Select(all, a => a.Interface, [name], out _), true);
                    return;
                }
                var literal = LinkName.Validate(Wildcard.Unescape(name));
                WriteObject(Client.Addresses.List(literal, Family), true);
            });
        }
    }
}
