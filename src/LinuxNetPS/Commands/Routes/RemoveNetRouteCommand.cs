using LinuxNetPS.Model;
using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Remove-NetRoute: deletes a route (`ip route del`). Every parameter binds from Get-NetRoute's objects.</summary>
[Cmdlet(VerbsCommon.Remove, "NetRoute", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveNetRouteCommand : NamespacedCmdlet
{
    /// <summary>"default" or the route's prefix.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("DestinationPrefix")]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = "";

    /// <summary>The route's gateway, to pick one of several routes to the same destination.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("NextHop")]
    [AllowEmptyString]
    [AllowNull]
    public string? Gateway { get; set; }

    /// <summary>The route's output interface.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("InterfaceAlias")]
    [AllowEmptyString]
    [AllowNull]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? Interface { get; set; }

    /// <summary>The table the route is in: main (default), local, default, or a number.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    [AllowNull]
    [ArgumentCompleter(typeof(RouteTableCompleter))]
    public string? Table { get; set; }

    /// <summary>The route's metric.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("RouteMetric")]
    public uint? Metric { get; set; }

    /// <summary>IPv4 or IPv6: which family "default" means when -Gateway does not tell.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("AddressFamily")]
    public IPFamily? Family { get; set; }

    protected override void ProcessRecord()
    {
        Try(Destination, () =>
        {
            var spec = new RouteArguments
            {
                Destination = Destination, Gateway = Gateway, Interface = Interface, Table = Table, Metric = Metric, Family = Family,
            }.ToSpec();
            var client = Client;
            if (!ShouldProcess($"route {RouteArguments.Describe(spec)} in {TargetText.Where(Namespace)}", "Remove")) return;
            client.Routes.Remove(spec);
        });
    }
}
