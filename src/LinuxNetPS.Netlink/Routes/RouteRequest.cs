using LinuxNetPS.Model;
using System.Net;
using LinuxNetPS.Addresses;
using LinuxNetPS.Errors;
using LinuxNetPS.Netlink;
using LinuxNetPS.Primitives;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Routes;

/// <summary>What a request is for: it decides the defaults (iproute2's) and which fields are wildcards.</summary>
internal enum RouteIntent { Add, Replace, Remove }

/// <summary>
/// A checked RTM_NEWROUTE / RTM_DELROUTE body built from a <see cref="RouteSpec"/>. Everything that
/// can be judged without the kernel (prefix syntax, host bits, families, type rules) is judged here,
/// so a bad request changes nothing.
/// </summary>
internal sealed class RouteRequest
{
    private RouteRequest() { }

    public byte Family { get; private init; }
    public IPPrefix Destination { get; private init; }
    public IPAddress? Gateway { get; private init; }
    public int? InterfaceIndex { get; private init; }
    public string? InterfaceName { get; private init; }
    public uint Table { get; private init; }
    public uint? Metric { get; private init; }
    public byte Scope { get; private init; }
    public byte Protocol { get; private init; }
    public byte Type { get; private init; }
    public IPAddress? PreferredSource { get; private init; }
    public uint Flags { get; private init; }

    /// <summary>"10.0.0.0/24 via 10.0.0.1 dev veth0 table 100 metric 5", for messages.</summary>
    public string Text { get; private init; } = "";

    /// <summary>"default" or "10.0.0.0/24", as <see cref="Model.NetRoute.Destination"/> spells it.</summary>
    public string DestinationText => Destination.PrefixLength == 0 ? "default" : Destination.ToString();

    /// <summary>Validates <paramref name="spec"/>; <paramref name="resolveInterface"/> (name → index) runs last, after every local check passed.</summary>
    public static RouteRequest Create(RouteSpec spec, RouteIntent intent, Func<string, int> resolveInterface)
    {
        ArgumentNullException.ThrowIfNull(spec);
        // "default" takes its family from the gateway or source; without either it is IPv4, as in iproute2.
        var hint = spec.Gateway?.AddressFamily ?? spec.PreferredSource?.AddressFamily;
        var destination = IPPrefix.Parse(spec.Destination, allowDefault: true, defaultFamily: hint);
        if (destination.HasHostBits)
            throw NetOperationException.Invalid(
                $"The route destination '{spec.Destination.Trim()}' has host bits set; a route names a network: did you mean {destination.Network}?",
                spec.Destination);
        byte family = FamilyCodes.Of(destination.Address);
        var familyName = FamilyCodes.Family(family);

        var gateway = Normalize(spec.Gateway);
        if (gateway is not null && FamilyCodes.Of(gateway) != family)
            throw NetOperationException.Invalid(
                $"The gateway {gateway} is {IPFamilies.Of(gateway)} but the destination {spec.Destination.Trim()} is {familyName}; give a {familyName} gateway.",
                gateway.ToString());
        var source = Normalize(spec.PreferredSource);
        if (source is not null && FamilyCodes.Of(source) != family)
            throw NetOperationException.Invalid(
                $"The preferred source {source} is {IPFamilies.Of(source)} but the destination {spec.Destination.Trim()} is {familyName}; give a {familyName} address.",
                source.ToString());
        if (spec.Interface is not null) LinkName.Validate(spec.Interface);

        var type = spec.Type ?? (intent == RouteIntent.Remove ? RouteType.Unspec : RouteType.Unicast);
        // Routes that drop or reject traffic go nowhere: the kernel refuses a next hop on them.
        if (type is RouteType.Blackhole or RouteType.Unreachable or RouteType.Prohibit or RouteType.Throw
            && (gateway is not null || spec.Interface is not null))
            throw NetOperationException.Invalid(
                $"A {type.ToString().ToLowerInvariant()} route sends traffic nowhere; leave out the gateway and the interface.", spec.Destination);
        if (intent != RouteIntent.Remove && type is RouteType.Unicast && gateway is null && spec.Interface is null)
            throw NetOperationException.Invalid(
                $"The route to {spec.Destination.Trim()} needs a gateway or an interface (or a type such as blackhole or unreachable).", spec.Destination);
        if (spec.OnLink && gateway is null)
            throw NetOperationException.Invalid("OnLink applies to a gateway; give the gateway that is directly on the interface's link.", spec.Destination);

        uint table = spec.Table is null or 0 ? RtTable.Main : spec.Table.Value;
        var text = Describe(destination, gateway, spec.Interface, table, spec.Metric, type, intent);
        int? index = spec.Interface is null ? null : resolveInterface(spec.Interface);

        return new RouteRequest
        {
            Family = family,
            Destination = destination,
            Gateway = gateway,
            InterfaceIndex = index,
            InterfaceName = spec.Interface,
            Table = table,
            Metric = spec.Metric,
            Scope = (byte)(spec.Scope ?? DefaultScope(type, gateway, intent)),
            Protocol = (byte)(spec.Protocol ?? (intent == RouteIntent.Remove ? RouteProtocol.Unspec : RouteProtocol.Static)),
            Type = (byte)type,
            PreferredSource = source,
            Flags = spec.OnLink ? RtmFlags.OnLink : 0,
            Text = text,
        };
    }

    /// <summary>iproute2's scope rules; for removal "nowhere" means any scope to the kernel.</summary>
    private static RouteScope DefaultScope(RouteType type, IPAddress? gateway, RouteIntent intent) => type switch
    {
        RouteType.Local or RouteType.Nat => RouteScope.Host,
        RouteType.Broadcast or RouteType.Multicast or RouteType.Anycast => RouteScope.Link,
        _ when intent == RouteIntent.Remove => RouteScope.Nowhere,
        RouteType.Unicast when gateway is null => RouteScope.Link,
        _ => RouteScope.Universe,
    };

    private static IPAddress? Normalize(IPAddress? a) => a is not null && a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;

    public static string TableName(uint table) => table switch
    {
        RtTable.Main => "main",
        RtTable.Local => "local",
        RtTable.Default => "default",
        _ => table.ToString(),
    };

    private static string Describe(IPPrefix destination, IPAddress? gateway, string? dev, uint table, uint? metric, RouteType type, RouteIntent intent)
    {
        var parts = new List<string>();
        if (type is not (RouteType.Unicast or RouteType.Unspec)) parts.Add(type.ToString().ToLowerInvariant());
        parts.Add(destination.PrefixLength == 0 ? "default" : destination.ToString());
        if (gateway is not null) parts.Add($"via {gateway}");
        if (dev is not null) parts.Add($"dev {dev}");
        parts.Add($"table {TableName(table)}");
        if (metric is not null) parts.Add($"metric {metric}");
        return string.Join(' ', parts);
    }

    public void Write(NetlinkWriter w)
    {
        w.Struct(new RtMsg
        {
            Family = Family,
            DestinationLength = (byte)Destination.PrefixLength,
            // Table ids above 255 do not fit rtm_table; RTA_TABLE carries every id.
            Table = (byte)(Table < 256 ? Table : RtTable.Unspec),
            Protocol = Protocol,
            Scope = Scope,
            Type = Type,
            Flags = Flags,
        });
        w.U32(RtaAttr.Table, Table);
        if (Destination.PrefixLength > 0) w.Bytes(RtaAttr.Dst, Destination.Address.GetAddressBytes());
        if (Gateway is not null) w.Bytes(RtaAttr.Gateway, Gateway.GetAddressBytes());
        if (InterfaceIndex is int oif) w.S32(RtaAttr.Oif, oif);
        if (Metric is uint metric) w.U32(RtaAttr.Priority, metric);
        if (PreferredSource is not null) w.Bytes(RtaAttr.PrefSrc, PreferredSource.GetAddressBytes());
    }
}
