using System.Net;
using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;
using LinuxNetPS.Routes;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Support;

/// <summary>
/// The routes a Windows line without a destination means (Remove-NetRoute -NextHop G, Set-NetRoute -RouteMetric M):
/// every route of one table (main unless -Table) that matches the filters given, each as the spec that names it alone.
/// </summary>
internal static class RouteSelection
{
    public static IReadOnlyList<NetRoute> Select(NetClient client, IPFamily? family, string? table, string? nextHop, string? interfaceName, uint? metric)
    {
        uint tableId = RouteTableName.ParseOptional(table) ?? RtTable.Main;
        // Windows' 0.0.0.0 and :: mean "no gateway" (on the link); any other text must be an address.
        IPAddress? gateway = string.IsNullOrEmpty(nextHop) ? null : IPPrefix.ParseAddress(nextHop, "next hop");
        bool onLink = gateway is not null && (gateway.Equals(IPAddress.Any) || gateway.Equals(IPAddress.IPv6Any));
        if (string.IsNullOrEmpty(interfaceName)) interfaceName = null;
        else LinkName.Validate(interfaceName);
        return client.Routes.List(family, tableId, interfaceName)
            .Where(r => gateway is null || (onLink ? r.Gateway is null && !r.IsMultipath && IPFamilies.Of(gateway) == r.Family : gateway.Equals(r.Gateway)))
            .Where(r => metric is null || r.Metric == metric)
            .ToList();
    }

    /// <summary>The spec that names exactly this listed route to the kernel.</summary>
    public static RouteSpec SpecOf(NetRoute r) => new()
    {
        Destination = r.DestinationPrefix,
        Gateway = r.Gateway,
        Interface = r.IsMultipath ? null : r.Interface,
        Table = r.Table,
        Metric = r.Metric,
        Type = r.Type,
    };

    /// <summary>The same route with another metric, everything else as listed (scope, protocol, source, paths, expiry).</summary>
    public static RouteSpec SpecOf(NetRoute r, uint metric) => new()
    {
        Destination = r.DestinationPrefix,
        Gateway = r.IsMultipath ? null : r.Gateway,
        Interface = r.IsMultipath ? null : r.Interface,
        OnLink = !r.IsMultipath && r.NextHops.Count == 1 && (r.NextHops[0].Flags & NextHopFlags.OnLink) != 0,
        NextHops = r.IsMultipath
            ? r.NextHops.Select(h => new RouteNextHopSpec { Gateway = h.Gateway, Interface = h.Interface, Weight = h.Weight, OnLink = (h.Flags & NextHopFlags.OnLink) != 0 }).ToList()
            : null,
        Table = r.Table,
        Metric = metric,
        Scope = r.Scope,
        Protocol = r.Protocol,
        Type = r.Type,
        PreferredSource = r.PreferredSource,
        ValidLifetime = r.ValidLifetime == TimeSpan.MaxValue ? null : r.ValidLifetime,
    };

    public static string Describe(NetRoute r) =>
        $"{r}{(r.Table == RtTable.Main ? "" : $" table {r.Table}")} metric {r.Metric}";
}
