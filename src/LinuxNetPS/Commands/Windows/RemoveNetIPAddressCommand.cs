using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Remove-NetIPAddress: Windows' NetTCPIP shape of Remove-NetAddress. -IPAddress alone finds the interface (every
/// interface that has the address, as Windows removes every match); -DefaultGateway also removes the default route through it.
/// -PrefixOrigin without -IPAddress removes every address of that origin (asking first, see WholesaleConfirmation).
/// </summary>
[Cmdlet(VerbsCommon.Remove, "NetIPAddress", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "ByAddress")]
[OutputType(typeof(void))]
public sealed class RemoveNetIPAddressCommand : NamespacedCmdlet
{
    /// <summary>The address to remove, without prefix length (10.0.0.5) or with it (10.0.0.5/24).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = "ByAddress")]
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = "ByPrefixOrigin")]
    [ValidateNotNullOrEmpty]
    public string? IPAddress { get; set; }

    /// <summary>
    /// Only addresses of these origins: Manual (added from user space), WellKnown (loopback and link-local, made by the
    /// kernel), RouterAdvertisement (made by the kernel from a router advertisement). Without -IPAddress: every such address.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = "ByPrefixOrigin")]
    [ValidateNotNullOrEmpty]
    public LinuxNetPS.Model.PrefixOrigin[]? PrefixOrigin { get; set; }

    /// <summary>Only from this interface; omitted: from every interface that has the address.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? InterfaceAlias { get; set; }

    /// <summary>Only from the interface with this index.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ifIndex")]
    [ValidateRange(1, int.MaxValue)]
    public int? InterfaceIndex { get; set; }

    /// <summary>Only the address with this prefix length.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, 128)]
    public int? PrefixLength { get; set; }

    /// <summary>Also remove the default route through this gateway (what New-NetIPAddress -DefaultGateway added).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DefaultGateway { get; set; }

    protected override void ProcessRecord()
    {
        Try(IPAddress ?? Namespace ?? "", () =>
        {
            System.Net.IPAddress? address = null;
            int? length = PrefixLength;
            if (IPAddress is not null) (address, length) = AddressArgument.Read(IPAddress, PrefixLength);
            var gateway = DefaultGateway is null ? null : IPPrefix.ParseAddress(DefaultGateway, "gateway");
            var client = Client;
            var iface = WindowsInterfaces.One(client, InterfaceAlias, InterfaceIndex);
            var matches = client.Addresses.List(iface)
                .Where(a => (address is null || a.IPAddress.Equals(address)) && (length is null || a.PrefixLength == length)
                    && (PrefixOrigin is null || PrefixOrigin.Contains(a.PrefixOrigin))).ToList();
            string what = (address is null ? "" : $" {address}{(length is null ? "" : $"/{length}")}")
                + (PrefixOrigin is null ? "" : $" of origin {string.Join(" or ", PrefixOrigin)}");
            if (matches.Count == 0 && address is not null)
                throw NetOperationException.NotFound(
                    $"No interface{(iface is null ? "" : $" '{iface}'")} in {TargetText.Where(Namespace)} has the address{what}.",
                    IPAddress).WithErrorId(ErrorIds.AddressNotFound);
            // Windows removes nothing and says nothing when no address has the origin; so do we.
            if (address is null && matches.Count > 0 && !WholesaleConfirmation.Confirm(this,
                    $"Remove {matches.Count} address(es) of origin {string.Join(" or ", PrefixOrigin!)} in {TargetText.Where(Namespace)}: {string.Join(", ", matches.Select(m => $"{m.Cidr} ({m.Interface})"))}?",
                    "Remove-NetIPAddress")) return;
            var routes = gateway is null ? [] : client.Routes.List(IPFamilies.Of(gateway))
                .Where(r => r.DestinationPrefix.EndsWith("/0", StringComparison.Ordinal) && gateway.Equals(r.Gateway)
                    && matches.Any(m => m.Interface == r.Interface)).ToList();
            if (gateway is not null && routes.Count == 0)
                throw NetOperationException.NotFound($"There is no default route via {gateway} through the interface of {address} in {TargetText.Where(Namespace)}; nothing was removed.", DefaultGateway)
                    .WithErrorId(ErrorIds.RouteNotFound);
            foreach (var route in routes)
            {
                if (!ShouldProcess($"route {route} in {TargetText.Where(Namespace)}", "Remove")) continue;
                client.Routes.Remove(new RouteArguments { Destination = route.DestinationPrefix, Gateway = route.Gateway?.ToString(), Interface = route.Interface, Metric = route.Metric }.ToSpec());
            }
            foreach (var m in matches)
            {
                if (!ShouldProcess(Target("interface", m.Interface), $"Remove address {m.Cidr}")) continue;
                client.Addresses.Remove(m.Interface, new IPPrefix(m.IPAddress, m.PrefixLength));
            }
        });
    }
}
