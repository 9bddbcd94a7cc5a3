using System.Management.Automation;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Routes;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Set-NetRoute: adds or replaces a route (`ip route replace`). Without -Destination, as Windows' Set-NetRoute, it gives
/// every matching route of the table the -RouteMetric: Linux keys a route by its metric, so each is added again with the
/// new metric and the old one removed. That asks first, as Windows' ConfirmImpact High does (WholesaleConfirmation).
/// </summary>
[Cmdlet(VerbsCommon.Set, "NetRoute", SupportsShouldProcess = true, DefaultParameterSetName = EverySet)]
[OutputType(typeof(NetRoute))]
public sealed class SetNetRouteCommand : RouteWriteCmdlet
{
    private const string EverySet = "Every";

    /// <summary>"default" or a prefix such as 10.10.0.0/16; omitted: every route that -Gateway, -Interface, -Table and -Family match gets -Metric.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "ByDestination")]
    [Alias("DestinationPrefix")]
    [ValidateNotNullOrEmpty]
    public string? Destination { get; set; }

    protected override string? RouteDestination => Destination;

    protected override string Verb => "Replace";

    // Without -PassThru the route is not shown: ReplaceUnseen neither looks it up nor names its interfaces.
    protected override NetRoute? Apply(RouteOperations routes, RouteSpec spec, bool shown)
    {
        if (shown) return routes.Replace(spec);
        routes.ReplaceUnseen(spec);
        return null;
    }

    protected override void ChangeEvery()
    {
        Try(Gateway?.FirstOrDefault() ?? Interface?.FirstOrDefault() ?? Table ?? "", () =>
        {
            if (Metric is not uint metric)
                throw NetOperationException.Invalid("Without -Destination, Set-NetRoute gives every matching route a new metric, as Windows' does: give -RouteMetric.", "")
                    .WithErrorId(ErrorIds.ParameterConflict);
            if (Weight is not null || Scope is not null || Protocol is not null || Type is not null || Source is not null || OnLink
                || Gateway is { Length: > 1 } || Interface is { Length: > 1 })
                throw NetOperationException.Invalid("Without -Destination only -RouteMetric changes; -Gateway, -Interface, -Table and -Family (one each) choose the routes. Name a -Destination to set anything else.", "")
                    .WithErrorId(ErrorIds.ParameterConflict);
            var client = Client;
            var matching = RouteSelection.Select(client, Family, Table, Gateway?.FirstOrDefault(), Interface?.FirstOrDefault(), null);
            if (matching.Count == 0)
                throw NetOperationException.NotFound($"No route in {TargetText.Where(Namespace)} matches; nothing was changed.", Gateway?.FirstOrDefault() ?? Interface?.FirstOrDefault() ?? "")
                    .WithErrorId(ErrorIds.RouteNotFound);
            var routes = matching.Where(r => r.Metric != metric).ToList();
            if (routes.Count == 0) return; // every one has that metric already
            if (!WholesaleConfirmation.Confirm(this,
                    $"Give {routes.Count} route(s) in {TargetText.Where(Namespace)} the metric {metric}: {string.Join("; ", routes.Select(RouteSelection.Describe))}?",
                    "Set-NetRoute")) return;
            foreach (var route in routes)
            {
                if (!ShouldProcess($"route {RouteSelection.Describe(route)} in {TargetText.Where(Namespace)}", $"Change metric to {metric}")) continue;
                // The new one first: the destination is never without a route, and a refused add leaves the old one.
                var changed = client.Routes.AddBeside(RouteSelection.SpecOf(route, metric));
                client.Routes.Remove(RouteSelection.SpecOf(route));
                if (PassThru) WriteObject(changed);
            }
        });
    }
}
