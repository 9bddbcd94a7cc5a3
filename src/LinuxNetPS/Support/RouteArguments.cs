using System.Net;
using AddressFamily = System.Net.Sockets.AddressFamily;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;
using LinuxNetPS.Routes;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Support;

/// <summary>
/// The route cmdlets' parameters, checked together (families agree, no host bits in the
/// destination, -OnLink only with a gateway) and turned into a <see cref="RouteSpec"/>.
/// Empty strings count as "not given": Get-NetRoute's objects bind them for routes without a gateway.
/// </summary>
public sealed record RouteArguments
{
    public required string Destination { get; init; }
    public string? Gateway { get; init; }
    public string? Interface { get; init; }
    public string? Table { get; init; }
    public uint? Metric { get; init; }
    public RouteScope? Scope { get; init; }
    public RouteProtocol? Protocol { get; init; }
    public RouteType? Type { get; init; }
    public string? Source { get; init; }
    public bool OnLink { get; init; }
    /// <summary>Which family "default" means when no gateway says it.</summary>
    public IPFamily? Family { get; init; }
    /// <summary>
    /// A multipath route's gateways (several -Gateway values), interfaces (one for every path, or one per gateway) and
    /// weights (one per path); when any is set, Gateway and Interface are not used.
    /// </summary>
    public IReadOnlyList<string>? Gateways { get; init; }
    public IReadOnlyList<string>? Interfaces { get; init; }
    public IReadOnlyList<int>? Weights { get; init; }

    /// <summary>Whether the arguments describe a multipath route: several gateways or interfaces, or weights.</summary>
    public bool IsMultipath => Gateways is not null || Interfaces is not null || Weights is not null;

    public RouteSpec ToSpec()
    {
        AddressFamily? family = Family?.ToSockets();

        IPAddress? gateway = !IsMultipath && Given(Gateway) ? IPPrefix.ParseAddress(Gateway, "gateway") : null;
        IPAddress? source = Given(Source) ? IPPrefix.ParseAddress(Source, "source address") : null;
        var hops = IsMultipath ? NextHops() : null;
        // A multipath route's gateways only say what "default" means; their families are checked against the destination with the paths.
        family ??= gateway?.AddressFamily ?? source?.AddressFamily;
        var hint = family ?? hops?.FirstOrDefault(h => h.Gateway is not null)?.Gateway?.AddressFamily;

        var destination = IPPrefix.Parse(Destination, allowDefault: true, defaultFamily: hint);
        if (destination.HasHostBits)
            throw NetOperationException.Invalid(
                $"The destination '{Destination}' has host bits set; did you mean {destination.Network}?", Destination);
        if (family is { } f && destination.Family != f)
            throw NetOperationException.Invalid(
                $"The destination '{Destination}' is {Name(destination.Family)}, but the route is {Name(f)} (from -Gateway, -Source or -Family); they must agree.", Destination);
        if (gateway is not null && gateway.AddressFamily != destination.Family)
            throw NetOperationException.Invalid($"The gateway {gateway} is {Name(gateway.AddressFamily)} but the destination is {Name(destination.Family)}.", Gateway);
        if (source is not null && source.AddressFamily != destination.Family)
            throw NetOperationException.Invalid($"The source address {source} is {Name(source.AddressFamily)} but the destination is {Name(destination.Family)}.", Source);
        if (OnLink && gateway is null && hops is null)
            throw NetOperationException.Invalid("-OnLink applies to a gateway; give -Gateway as well.");
        string? iface = !IsMultipath && Given(Interface) ? LinkName.Validate(Interface) : null;
        uint? table = RouteTableName.ParseOptional(Table);
        if (table == 0)
            throw NetOperationException.Invalid(
                $"-Table {Table} means every table, which only Get-NetRoute can use; a route lives in one table, such as main or 100.", Table);

        return new RouteSpec
        {
            // "default" carries no family; "::/0" does, so IPv6 default routes stay IPv6.
            Destination = destination.IsDefault
                ? (destination.Family == AddressFamily.InterNetworkV6 ? "::/0" : "default")
                : destination.ToString(),
            Gateway = gateway,
            Interface = iface,
            Table = table,
            Metric = Metric,
            Scope = Scope,
            Protocol = Protocol,
            Type = Type,
            PreferredSource = source,
            OnLink = hops is null && OnLink,
            NextHops = hops,
        };
    }

    /// <summary>
    /// The paths of a multipath route from parallel lists: gateway i with interface i (or the one interface for all) and
    /// weight i (default 1). Counts that do not pair up are InvalidNextHop; weights and families are checked by the core.
    /// </summary>
    private List<RouteNextHopSpec> NextHops()
    {
        var gateways = (Gateways ?? []).Where(Given).ToList();
        var interfaces = (Interfaces ?? []).Where(Given).ToList();
        NetOperationException Bad(string message) => NetOperationException.Invalid(message, Destination).WithErrorId(ErrorIds.InvalidNextHop);
        if (gateways.Count > 1 && interfaces.Count > 1 && gateways.Count != interfaces.Count)
            throw Bad($"{gateways.Count} gateways and {interfaces.Count} interfaces do not pair up: give one -Interface for every next hop, or one per -Gateway.");
        if (gateways.Count == 1 && interfaces.Count > 1)
            throw Bad("One gateway with several interfaces is not a multipath route: give one -Gateway per -Interface (or leave -Gateway out for paths through interfaces only).");
        int count = Math.Max(gateways.Count, interfaces.Count);
        if (count < 2)
            throw Bad("-Weight applies between two or more next hops: give several gateways (-Gateway 10.0.1.1, 10.0.2.1 -Weight 1, 2), or leave -Weight out.");
        var weights = Weights ?? Enumerable.Repeat(1, count).ToList();
        if (weights.Count != count)
            throw Bad($"Give one -Weight per next hop: {count} next hops, {weights.Count} weights.");
        return Enumerable.Range(0, count).Select(i => new RouteNextHopSpec
        {
            Gateway = i < gateways.Count ? IPPrefix.ParseAddress(gateways[i], "gateway") : null,
            Interface = interfaces.Count == 1 ? LinkName.Validate(interfaces[0]) : i < interfaces.Count ? LinkName.Validate(interfaces[i]) : null,
            Weight = weights[i],
            OnLink = OnLink,
        }).ToList();
    }

    /// <summary>"default via 10.0.0.1 dev eth0 table 100": the route as `ip route` would write it, for -WhatIf.</summary>
    public static string Describe(RouteSpec spec) =>
        spec.Destination
        + (spec.Gateway is null ? "" : $" via {spec.Gateway}")
        + (spec.Interface is null ? "" : $" dev {spec.Interface}")
        + string.Concat((spec.NextHops ?? []).Select(h =>
            " nexthop" + (h.Gateway is null ? "" : $" via {h.Gateway}") + (h.Interface is null ? "" : $" dev {h.Interface}") + $" weight {h.Weight}"))
        + (spec.Table is null ? "" : $" table {spec.Table}")
        + (spec.Metric is null ? "" : $" metric {spec.Metric}");

    /// <summary>Empty is "not given" (piped objects bind it); blank text is given, and refused by its parser.</summary>
    private static bool Given(string? text) => !string.IsNullOrEmpty(text);

    private static IPFamily Name(AddressFamily family) => IPFamilies.Of(family);
}
