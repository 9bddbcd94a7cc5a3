using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Get-NetIPAddress: Windows' NetTCPIP shape of Get-NetAddress (filters by address, interface alias or index, family, prefix length, prefix origin).</summary>
[Cmdlet(VerbsCommon.Get, "NetIPAddress")]
[OutputType(typeof(NetAddress))]
public sealed class GetNetIPAddressCommand : NamespacedCmdlet
{
    /// <summary>Only these addresses (without prefix length); wildcards allowed, e.g. 10.0.*.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? IPAddress { get; set; }

    /// <summary>Only addresses on these interfaces; wildcards allowed.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string[]? InterfaceAlias { get; set; }

    /// <summary>Only addresses on the interfaces with these indexes.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ifIndex")]
    [ValidateRange(1, int.MaxValue)]
    public int[]? InterfaceIndex { get; set; }

    /// <summary>Only IPv4 or only IPv6 addresses.</summary>
    [Parameter]
    public IPFamily[]? AddressFamily { get; set; }

    /// <summary>Only addresses with these prefix lengths.</summary>
    [Parameter]
    [ValidateRange(0, 128)]
    public int[]? PrefixLength { get; set; }

    /// <summary>Only addresses of these origins: Manual, WellKnown (loopback, link-local) or RouterAdvertisement.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public LinuxNetPS.Model.PrefixOrigin[]? PrefixOrigin { get; set; }

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            var client = Client;
            WindowsInterfaces.RequireExisting(client, InterfaceAlias, InterfaceIndex);
            var wanted = IPAddress?.Select(a => Wildcard.IsPattern(a) ? a : IPPrefix.ParseAddress(a, "address").ToString()).ToList();
            var addresses = client.Addresses.List()
                .Where(a => WindowsInterfaces.Matches(a.Interface, a.InterfaceIndex, InterfaceAlias, InterfaceIndex))
                .Where(a => AddressFamily is null || AddressFamily.Contains(a.Family))
                .Where(a => PrefixLength is null || PrefixLength.Contains(a.PrefixLength))
                .Where(a => PrefixOrigin is null || PrefixOrigin.Contains(a.PrefixOrigin))
                .Where(a => wanted is null || wanted.Any(w => Wildcard.IsPattern(w) ? Wildcard.Matches(w, a.IPAddress.ToString()) : w == a.IPAddress.ToString()));
            WriteObject(addresses, true);
        });
    }
}
