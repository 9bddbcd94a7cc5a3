using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Routes;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>The parameters Add-NetRoute and Set-NetRoute share; they differ only in add versus replace.</summary>
public abstract class RouteWriteCmdlet : NamespacedCmdlet
{
    /// <summary>The route's destination: each cmdlet declares -Destination itself (Set-NetRoute has a set without it).</summary>
    protected abstract string? RouteDestination { get; }

    /// <summary>Next-hop address (`via`); several make a multipath (ECMP) route, one path per gateway (`nexthop via ...`).</summary>
    [Parameter(Position = 1)]
    [Alias("NextHop")]
    [ValidateNotNullOrEmpty]
    public string[]? Gateway { get; set; }

    /// <summary>Output interface (`dev`): one for the route (or every path of a multipath route), or one per -Gateway.</summary>
    [Parameter]
    [Alias("InterfaceAlias")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string[]? Interface { get; set; }

    /// <summary>The weights of a multipath route's paths (1 to 256), one per -Gateway: the share of flows each path gets.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public int[]? Weight { get; set; }

    /// <summary>Routing table: main (default), local, default, or a number.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RouteTableCompleter))]
    public string? Table { get; set; }

    /// <summary>Route metric (preference; lower wins).</summary>
    [Parameter]
    [Alias("RouteMetric")]
    public uint? Metric { get; set; }

    /// <summary>Route scope: Universe (global), Site, Link, Host.</summary>
    [Parameter]
    public RouteScope? Scope { get; set; }

    /// <summary>Who installs the route; default Static.</summary>
    [Parameter]
    public RouteProtocol? Protocol { get; set; }

    /// <summary>Route type; default Unicast (Blackhole, Unreachable, Prohibit, Local ...).</summary>
    [Parameter]
    public RouteType? Type { get; set; }

    /// <summary>Preferred source address for traffic using the route (`src`).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Source { get; set; }

    /// <summary>Treat the gateway as directly reachable on -Interface even without a matching subnet (`onlink`).</summary>
    [Parameter]
    public SwitchParameter OnLink { get; set; }

    /// <summary>Which family "default" means when neither -Gateway nor -Source tells: IPv4 (default) or IPv6.</summary>
    [Parameter]
    [Alias("AddressFamily")]
    public IPFamily? Family { get; set; }

    /// <summary>Write the route as the kernel stored it to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>"Add" or "Replace", for -WhatIf.</summary>
    protected abstract string Verb { get; }

    /// <summary>The core call: add or replace; <paramref name="shown"/> says the route is written (-PassThru), so it is needed.</summary>
    protected abstract NetRoute? Apply(RouteOperations routes, RouteSpec spec, bool shown);

    protected override void ProcessRecord()
    {
        if (RouteDestination is not { } destination)
        {
            ChangeEvery();
            return;
        }
        Try(destination, () =>
        {
            // One gateway and one interface at most, no weights: the route of one path, as ever; anything more is multipath.
            bool multipath = Gateway is { Length: > 1 } || Interface is { Length: > 1 } || Weight is not null;
            var spec = new RouteArguments
            {
                Destination = destination, Table = Table, Metric = Metric,
                Scope = Scope, Protocol = Protocol, Type = Type, Source = Source, OnLink = OnLink.IsPresent, Family = Family,
                Gateway = multipath ? null : Gateway?.FirstOrDefault(), Interface = multipath ? null : Interface?.FirstOrDefault(),
                Gateways = multipath ? Gateway ?? [] : null, Interfaces = multipath ? Interface ?? [] : null, Weights = Weight,
            }.ToSpec();
            var client = Client;
            if (!ShouldProcess($"route {RouteArguments.Describe(spec)} in {TargetText.Where(Namespace)}", Verb)) return;
            var route = Apply(client.Routes, spec, PassThru);
            if (PassThru) WriteObject(route);
        });
    }

    /// <summary>What a line without -Destination does; only Set-NetRoute has such a line.</summary>
    protected virtual void ChangeEvery() => throw new PSInvalidOperationException("-Destination is required.");
}
