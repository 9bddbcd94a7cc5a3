using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Get-NetIPInterface: Windows' NetTCPIP view of a namespace's interfaces, one row per interface and family, with the
/// family's forwarding switch (net.ipv4.conf.NAME.forwarding), the MTU and whether the link is connected.
/// </summary>
[Cmdlet(VerbsCommon.Get, "NetIPInterface")]
[OutputType(typeof(NetIPInterface))]
public sealed class GetNetIPInterfaceCommand : NamespacedCmdlet
{
    /// <summary>Only these interfaces; wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string[]? InterfaceAlias { get; set; }

    /// <summary>Only the interfaces with these indexes.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ifIndex")]
    [ValidateRange(1, int.MaxValue)]
    public int[]? InterfaceIndex { get; set; }

    /// <summary>Only the IPv4 or only the IPv6 rows.</summary>
    [Parameter]
    public IPFamily[]? AddressFamily { get; set; }

    /// <summary>Only rows whose forwarding is Enabled (or Disabled).</summary>
    [Parameter]
    public IPInterfaceSetting[]? Forwarding { get; set; }

    /// <summary>Only interfaces that are Connected (up with a carrier) or Disconnected.</summary>
    [Parameter]
    public IPConnectionState[]? ConnectionState { get; set; }

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            var client = Client;
            WindowsInterfaces.RequireExisting(client, InterfaceAlias, InterfaceIndex);
            var rows = IPInterfaces.List(client)
                .Where(r => WindowsInterfaces.Matches(r.InterfaceAlias, r.InterfaceIndex, InterfaceAlias, InterfaceIndex))
                .Where(r => AddressFamily is null || AddressFamily.Contains(r.AddressFamily))
                .Where(r => Forwarding is null || Forwarding.Contains(r.Forwarding))
                .Where(r => ConnectionState is null || ConnectionState.Contains(r.ConnectionState));
            WriteObject(rows, true);
        });
    }
}
