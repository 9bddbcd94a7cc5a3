using LinuxNetPS.Model;
using System.Net;
using System.Runtime.CompilerServices;
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
    /// <summary>The paths of a multipath route (RTA_MULTIPATH), or null.</summary>
    public IReadOnlyList<NextHopRequest>? NextHops { get; private init; }
    /// <summary>RTA_EXPIRES in seconds (IPv6), or null for a route that stays.</summary>
    public uint? Expires { get; private init; }

    /// <summary>"10.0.0.0/24 via 10.0.0.1 dev veth0 table 100 metric 5", for messages.</summary>
    public string Text { get; private init; } = "";

    /// <summary>"default" or "10.0.0.0/24", as <see cref="Model.NetRoute.Destination"/> spells it.</summary>
    public string DestinationText => Destination.PrefixLength == 0 ? "default" : Destination.ToString();

    /// <summary>Validates <paramref name="spec"/>; <paramref name="resolveInterface"/> (name → index) runs last, after every local check passed.</summary>
    public static RouteRequest Create(RouteSpec spec, RouteIntent intent, Func<string, int> resolveInterface)
    {
        ArgumentNullException.ThrowIfNull(spec);
        // "default" takes its family from the gateway or source; without either it is IPv4, as in iproute2.
        var hint = spec.Gateway?.AddressFamily ?? spec.NextHops?.FirstOrDefault(h => h.Gateway is not null)?.Gateway?.AddressFamily
            ?? spec.PreferredSource?.AddressFamily;
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
        var paths = spec.NextHops is null ? null : CheckNextHops(spec, family, type);
        // Routes that drop or reject traffic go nowhere: the kernel refuses a next hop on them.
        if (type is RouteType.Blackhole or RouteType.Unreachable or RouteType.Prohibit or RouteType.Throw
            && (gateway is not null || spec.Interface is not null))
            throw NetOperationException.Invalid(
                $"A {type.ToString().ToLowerInvariant()} route sends traffic nowhere; leave out the gateway and the interface.", spec.Destination);
        if (intent != RouteIntent.Remove && type is RouteType.Unicast && gateway is null && spec.Interface is null && paths is null)
            throw NetOperationException.Invalid(
                $"The route to {spec.Destination.Trim()} needs a gateway or an interface (or a type such as blackhole or unreachable).", spec.Destination);
        if (spec.OnLink && gateway is null)
            throw NetOperationException.Invalid("OnLink applies to a gateway; give the gateway that is directly on the interface's link.", spec.Destination);

        uint? expires = Expiry(spec, family);
        uint table = spec.Table is null or 0 ? RtTable.Main : spec.Table.Value;
        var text = Describe(destination, gateway, spec.Interface, table, spec.Metric, type, intent, paths);
        int? index = spec.Interface is null ? null : resolveInterface(spec.Interface);
        var hops = paths?.Select(h => new NextHopRequest(h.Gateway, h.Interface is null ? null : resolveInterface(h.Interface), h.Interface,
            h.Weight, h.OnLink ? (byte)NextHopFlags.OnLink : (byte)0)).ToList();

        return new RouteRequest
        {
            Family = family,
            Destination = destination,
            Gateway = gateway,
            InterfaceIndex = index,
            InterfaceName = spec.Interface,
            Table = table,
            Metric = spec.Metric,
            // A multipath route is universe whatever its paths are (iproute2 sends it so, even for `nexthop dev X` paths).
            Scope = (byte)(spec.Scope ?? (hops is null ? DefaultScope(type, gateway, intent) : RouteScope.Universe)),
            Protocol = (byte)(spec.Protocol ?? (intent == RouteIntent.Remove ? RouteProtocol.Unspec : RouteProtocol.Static)),
            Type = (byte)type,
            PreferredSource = source,
            Flags = spec.OnLink ? RtmFlags.OnLink : 0,
            Text = text,
            NextHops = hops,
            Expires = expires,
        };
    }

    /// <summary>RTA_EXPIRES for a lifetime: whole seconds rounded up, null for none or forever; IPv6 only.</summary>
    private static uint? Expiry(RouteSpec spec, byte family)
    {
        if (spec.ValidLifetime is not { } lifetime || lifetime == TimeSpan.MaxValue) return null;
        if (family != Rtnetlink.AddressFamily.Inet6)
            throw NetOperationException.Invalid(
                $"Linux expires IPv6 routes only; the IPv4 route to {spec.Destination.Trim()} cannot have a valid lifetime (it stays until removed).",
                lifetime.ToString());
        if (lifetime <= TimeSpan.Zero)
            throw NetOperationException.Invalid($"The route's valid lifetime {lifetime} must be more than zero.", lifetime.ToString());
        double seconds = Math.Ceiling(lifetime.TotalSeconds);
        return seconds >= uint.MaxValue ? null : (uint)seconds;
    }

    /// <summary>The paths of a multipath route, checked: two or more, each with a gateway of the route's family or an interface, weights 1 to 256.</summary>
    private static List<RouteNextHopSpec> CheckNextHops(RouteSpec spec, byte family, RouteType type)
    {
        var hops = spec.NextHops!;
        string familyName = FamilyCodes.Family(family).ToString();
        NetOperationException Bad(string message, string? target = null) =>
            NetOperationException.Invalid(message, target ?? spec.Destination).WithErrorId(ErrorIds.InvalidNextHop);
        if (hops.Count < 2)
            throw Bad($"A multipath route has two or more next hops; for {(hops.Count == 0 ? "none" : "one")}, give the gateway or interface of the route itself.");
        if (spec.Gateway is not null || spec.Interface is not null || spec.OnLink)
            throw Bad("A multipath route has its gateways and interfaces in its next hops only; leave the route's own gateway, interface and OnLink unset.");
        if (type is not (RouteType.Unicast or RouteType.Unspec))
            throw Bad($"Only unicast routes have next hops; a {type.ToString().ToLowerInvariant()} route sends traffic nowhere.");
        var checkedHops = new List<RouteNextHopSpec>();
        foreach (var hop in hops)
        {
            ArgumentNullException.ThrowIfNull(hop);
            var gateway = Normalize(hop.Gateway);
            if (gateway is not null && FamilyCodes.Of(gateway) != family)
                throw Bad($"The next hop {gateway} is {IPFamilies.Of(gateway)} but the destination {spec.Destination.Trim()} is {familyName}: " +
                    $"every next hop of a route is of the route's family; give {familyName} gateways.", gateway.ToString());
            if (gateway is null && hop.Interface is null)
                throw Bad("Each next hop needs a gateway, an interface, or both.");
            if (hop.Weight is < 1 or > 256)
                throw Bad($"The weight {hop.Weight} is out of range: a next hop's weight is from 1 to 256.", hop.Weight.ToString());
            if (hop.OnLink && (gateway is null || hop.Interface is null))
                throw Bad("OnLink applies to a next hop with a gateway and an interface: the gateway is taken as on that interface's link.");
            if (hop.Interface is not null) LinkName.Validate(hop.Interface);
            checkedHops.Add(hop with { Gateway = gateway });
        }
        return checkedHops;
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

    private static string Describe(IPPrefix destination, IPAddress? gateway, string? dev, uint table, uint? metric, RouteType type, RouteIntent intent,
        IReadOnlyList<RouteNextHopSpec>? hops)
    {
        var parts = new List<string>();
        if (type is not (RouteType.Unicast or RouteType.Unspec)) parts.Add(type.ToString().ToLowerInvariant());
        parts.Add(destination.PrefixLength == 0 ? "default" : destination.ToString());
        if (gateway is not null) parts.Add($"via {gateway}");
        if (dev is not null) parts.Add($"dev {dev}");
        foreach (var hop in hops ?? [])
            parts.Add("nexthop" + (hop.Gateway is null ? "" : $" via {hop.Gateway}") + (hop.Interface is null ? "" : $" dev {hop.Interface}") + $" weight {hop.Weight}");
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
        if (Expires is uint expires) w.U32(RtaAttr.Expires, expires);
        if (NextHops is not null)
        {
            using var multipath = w.Nested(RtaAttr.Multipath);
            foreach (var hop in NextHops)
            {
                byte[]? gatewayBytes = hop.Gateway?.GetAddressBytes();
                int attributes = gatewayBytes is null ? 0 : NetlinkLayout.Align(NetlinkLayout.AttributeHeaderSize + gatewayBytes.Length);
                w.Struct(new RtNextHop
                {
                    Length = (ushort)(Unsafe.SizeOf<RtNextHop>() + attributes),
                    Flags = hop.Flags,
                    Hops = (byte)(hop.Weight - 1),
                    InterfaceIndex = hop.InterfaceIndex ?? 0,
                });
                if (gatewayBytes is not null) w.Bytes(RtaAttr.Gateway, gatewayBytes);
            }
        }
    }
}

/// <summary>One checked path of a multipath request: the gateway, the interface's index (and name, for messages), weight and RTNH_F_* flags.</summary>
internal sealed record NextHopRequest(IPAddress? Gateway, int? InterfaceIndex, string? InterfaceName, int Weight, byte Flags);
