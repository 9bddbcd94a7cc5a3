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

    public RouteSpec ToSpec()
    {
        AddressFamily? family = Family?.ToSockets();

        IPAddress? gateway = Given(Gateway) ? IPPrefix.ParseAddress(Gateway, "gateway") : null;
        IPAddress? source = Given(Source) ? IPPrefix.ParseAddress(Source, "source address") : null;
        family ??= gateway?.AddressFamily ?? source?.AddressFamily;

        var destination = IPPrefix.Parse(Destination, allowDefault: true, defaultFamily: family);
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
        if (OnLink && gateway is null)
            throw NetOperationException.Invalid("-OnLink applies to a gateway; give -Gateway as well.");
        string? iface = Given(Interface) ? LinkName.Validate(Interface) : null;
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
            OnLink = OnLink,
        };
    }

    /// <summary>"default via 10.0.0.1 dev eth0 table 100": the route as `ip route` would write it, for -WhatIf.</summary>
    public static string Describe(RouteSpec spec) =>
        spec.Destination
        + (spec.Gateway is null ? "" : $" via {spec.Gateway}")
        + (spec.Interface is null ? "" : $" dev {spec.Interface}")
        + (spec.Table is null ? "" : $" table {spec.Table}")
        + (spec.Metric is null ? "" : $" metric {spec.Metric}");

    private static bool Given(string? text) => !string.IsNullOrWhiteSpace(text);

    private static IPFamily Name(AddressFamily family) => IPFamilies.Of(family);
}
