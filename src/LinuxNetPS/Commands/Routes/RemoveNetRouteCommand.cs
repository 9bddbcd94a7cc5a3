using LinuxNetPS.Model;
using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Remove-NetRoute: deletes a route (`ip route del`). Every parameter binds from Get-NetRoute's objects. Without
/// -Destination, as in Windows, it removes every route of the table that matches the other parameters (all of them when
/// none is given), asking first as Windows does (see WholesaleConfirmation).
/// </summary>
[Cmdlet(VerbsCommon.Remove, "NetRoute", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveNetRouteCommand : NamespacedCmdlet
{
    /// <summary>"default" or the route's prefix; omitted: every route of the table that the other parameters match.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("DestinationPrefix")]
    [ValidateNotNullOrEmpty]
    public string? Destination { get; set; }

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
        if (Destination is null)
        {
            Try(Gateway ?? Interface ?? "", RemoveMatching);
            return;
        }
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

    /// <summary>Windows' Remove-NetRoute without a destination: every matching route, each confirmed by ShouldProcess.</summary>
    private void RemoveMatching()
    {
        var client = Client;
        var routes = RouteSelection.Select(client, Family, Table, Gateway, Interface, Metric);
        if (routes.Count == 0)
            throw NetOperationException.NotFound($"No route in {TargetText.Where(Namespace)} matches; nothing was removed.", Gateway ?? Interface ?? Table ?? "")
                .WithErrorId(ErrorIds.RouteNotFound);
        if (!WholesaleConfirmation.Confirm(this,
                $"Remove {routes.Count} route(s) in {TargetText.Where(Namespace)}: {string.Join("; ", routes.Select(RouteSelection.Describe))}?",
                "Remove-NetRoute")) return;
        foreach (var route in routes)
        {
            if (!ShouldProcess($"route {RouteSelection.Describe(route)} in {TargetText.Where(Namespace)}", "Remove")) continue;
            try
            {
                client.Routes.Remove(RouteSelection.SpecOf(route));
            }
            catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound)
            {
                // Gone since it was listed (the kernel drops some routes with others): what was asked for.
                WriteVerbose(e.Message);
            }
        }
    }
}
