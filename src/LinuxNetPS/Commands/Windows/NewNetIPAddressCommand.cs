using System.Management.Automation;
using LinuxNetPS.Addresses;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;
using LinuxNetPS.Routes;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// New-NetIPAddress: Windows' NetTCPIP shape of Add-NetAddress, with -DefaultGateway adding the default route through
/// the new address's network. Both or neither: a gateway the kernel refuses takes the new address away again.
/// </summary>
[Cmdlet(VerbsCommon.New, "NetIPAddress", SupportsShouldProcess = true, DefaultParameterSetName = "ByAlias")]
[OutputType(typeof(NetAddress), typeof(NetRoute))]
public sealed class NewNetIPAddressCommand : NamespacedCmdlet
{
    /// <summary>The address, without prefix length (10.0.0.5), or with one (10.0.0.5/24) when -PrefixLength is not given.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string IPAddress { get; set; } = "";

    /// <summary>The interface to add the address to.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "ByAlias", ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string InterfaceAlias { get; set; } = "";

    /// <summary>The index of the interface to add the address to.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "ByIndex", ValueFromPipelineByPropertyName = true)]
    [Alias("ifIndex")]
    [ValidateRange(1, int.MaxValue)]
    public int InterfaceIndex { get; set; }

    /// <summary>Prefix length of the address's network (24 for 255.255.255.0); omitted: 32 for IPv4, 128 for IPv6, or the length in -IPAddress.</summary>
    [Parameter]
    [ValidateRange(0, 128)]
    public int? PrefixLength { get; set; }

    /// <summary>A gateway for a default route through this interface (`ip route add default via G dev IF`).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DefaultGateway { get; set; }

    /// <summary>How long the address stays (the kernel's valid_lft); omitted or [TimeSpan]::MaxValue: forever.</summary>
    [Parameter]
    public TimeSpan? ValidLifetime { get; set; }

    /// <summary>How long it stays preferred as a source address (preferred_lft); omitted: as long as it is valid.</summary>
    [Parameter]
    public TimeSpan? PreferredLifetime { get; set; }

    /// <summary>IPv4 or IPv6; must agree with -IPAddress (it is a check, the address says the family).</summary>
    [Parameter]
    public IPFamily? AddressFamily { get; set; }

    protected override void ProcessRecord()
    {
        Try(IPAddress, () =>
        {
            var (address, length) = AddressArgument.Read(IPAddress, PrefixLength);
            var family = IPFamilies.Of(address);
            if (AddressFamily is { } asked && asked != family)
                throw NetOperationException.Invalid($"{address} is {family}, but -AddressFamily is {asked}.", IPAddress).WithErrorId(ErrorIds.InvalidAddressFamily);
            var prefix = new IPPrefix(address, length ?? (family == IPFamily.IPv6 ? 128 : 32));
            var options = new AddressOptions { ValidLifetime = ValidLifetime, PreferredLifetime = PreferredLifetime };
            AddressLifetime.Of(options, address);
            RouteSpec? route = null;
            var client = Client;
            var iface = WindowsInterfaces.One(client, ParameterSetName == "ByIndex" ? null : InterfaceAlias, ParameterSetName == "ByIndex" ? InterfaceIndex : null)!;
            if (DefaultGateway is not null)
                route = new RouteArguments { Destination = family == IPFamily.IPv6 ? "::/0" : "default", Gateway = DefaultGateway, Interface = iface }.ToSpec();
            string action = $"Add address {prefix}" + (route is null ? "" : $" and route {RouteArguments.Describe(route)}");
            if (!ShouldProcess(Target("interface", iface), action)) return;

            var added = client.Addresses.Add(iface, prefix, options);
            NetRoute? made = null;
            if (route is not null)
            {
                try
                {
                    made = client.Routes.Add(route);
                }
                catch (NetOperationException)
                {
                    // All or nothing: the address goes again, and the route's error is what the user sees.
                    try { client.Addresses.Remove(iface, prefix); } catch (NetOperationException) { }
                    throw;
                }
            }
            WriteObject(added);
            if (made is not null) WriteObject(made);
        });
    }
}
