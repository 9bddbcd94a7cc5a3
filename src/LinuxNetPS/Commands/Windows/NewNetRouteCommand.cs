using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// New-NetRoute: Windows' NetTCPIP shape of Add-NetRoute (-DestinationPrefix, -InterfaceAlias or -InterfaceIndex,
/// -NextHop, -RouteMetric). A -NextHop of 0.0.0.0 or :: means on-link, as in Windows.
/// </summary>
[Cmdlet(VerbsCommon.New, "NetRoute", SupportsShouldProcess = true)]
[OutputType(typeof(NetRoute))]
public sealed class NewNetRouteCommand : NamespacedCmdlet
{
    /// <summary>The destination prefix: 10.0.0.0/24, 0.0.0.0/0 or ::/0 for a default route (default works too).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string DestinationPrefix { get; set; } = "";

    /// <summary>The interface the route goes out of.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? InterfaceAlias { get; set; }

    /// <summary>The index of the interface the route goes out of.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ifIndex")]
    [ValidateRange(1, int.MaxValue)]
    public int? InterfaceIndex { get; set; }

    /// <summary>The gateway; omitted, 0.0.0.0 or :: for a route straight onto the link.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NextHop { get; set; }

    /// <summary>The route's metric (lower wins).</summary>
    [Parameter]
    public uint? RouteMetric { get; set; }

    /// <summary>How long the route stays (IPv6 only: Linux does not expire IPv4 routes); omitted or MaxValue: until removed.</summary>
    [Parameter]
    public TimeSpan? ValidLifetime { get; set; }

    /// <summary>IPv4 or IPv6, for a destination that does not say (default).</summary>
    [Parameter]
    public IPFamily? AddressFamily { get; set; }

    protected override void ProcessRecord()
    {
        Try(DestinationPrefix, () =>
        {
            var client = Client;
            var iface = WindowsInterfaces.One(client, InterfaceAlias, InterfaceIndex);
            var spec = new RouteArguments
            {
                Destination = DestinationPrefix, Gateway = WindowsInterfaces.NextHop(NextHop), Interface = iface, Metric = RouteMetric, Family = AddressFamily,
            }.ToSpec() with { ValidLifetime = ValidLifetime };
            if (!ShouldProcess($"route {RouteArguments.Describe(spec)} in {TargetText.Where(Namespace)}", "Add")) return;
            WriteObject(client.Routes.Add(spec));
        });
    }
}
