using System.Buffers.Binary;
using System.Net;
using LinuxNetPS.Addresses;
using LinuxNetPS.Model;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Routes;

/// <summary>Turns one RTM_NEWROUTE message into a <see cref="NetRoute"/> whose Interface is still to be named.</summary>
internal static class RouteParser
{
    /// <summary>The route, or null for other families and cloned (cache) entries; a malformed message throws <see cref="Errors.MalformedMessageException"/>.</summary>
    public static NetRoute? Parse(in NetlinkMessage m, string? ns)
    {
        if (m.Type != RtmType.NewRoute) return null;
        var header = m.Header<RtMsg>();
        if (!FamilyCodes.IsIP(header.Family) || (header.Flags & RtmFlags.Cloned) != 0) return null;

        IPAddress? destination = null, gateway = null, source = null;
        int? oif = null;
        uint table = header.Table, metric = 0;
        int expires = 0;
        List<NetRouteNextHop>? paths = null;
        var r = m.Attributes<RtMsg>();
        while (r.Next())
        {
            switch (r.Type)
            {
                case RtaAttr.Dst: destination = r.Address(); break;
                case RtaAttr.Gateway: gateway = r.Address(); break;
                case RtaAttr.Via: gateway = ReadVia(ref r) ?? gateway; break;
                case RtaAttr.Oif: oif = r.S32(); break;
                case RtaAttr.Priority: metric = r.U32(); break;
                case RtaAttr.PrefSrc: source = r.Address(); break;
                // rtm_table is 8 bits; RTA_TABLE carries the real id of tables above 255.
                case RtaAttr.Table: table = r.U32(); break;
                case RtaAttr.Multipath: paths = ReadMultipath(ref r); break;
                case RtaAttr.CacheInfo:
                    if (r.Data.Length >= RtaAttr.CacheInfoExpiresOffset + 4)
                        expires = BinaryPrimitives.ReadInt32LittleEndian(r.Data[RtaAttr.CacheInfoExpiresOffset..]);
                    break;
            }
        }
        r.ThrowIfMalformed("route message");

        var family = FamilyCodes.Family(header.Family);
        string dest = header.DestinationLength == 0
            ? "default"
            : $"{destination ?? (header.Family == Rtnetlink.AddressFamily.Inet6 ? IPAddress.IPv6Any : IPAddress.Any)}/{header.DestinationLength}";
        // One path: the route's own gateway and interface, with the next-hop flags rtm_flags shares (onlink, dead, linkdown).
        var hops = paths is { Count: > 0 } ? paths
            : gateway is not null || oif is not null
                ? [new NetRouteNextHop { Gateway = gateway, InterfaceIndex = oif, Flags = (NextHopFlags)(byte)(header.Flags & 0xff) }]
                : new List<NetRouteNextHop>();
        return new NetRoute
        {
            Namespace = ns,
            Family = family,
            Destination = dest,
            Gateway = gateway,
            InterfaceIndex = oif,
            Table = table,
            Metric = metric,
            Scope = (RouteScope)header.Scope,
            Protocol = (RouteProtocol)header.Protocol,
            Type = (RouteType)header.Type,
            PreferredSource = source,
            NextHops = hops,
            // rta_expires counts clock ticks (USER_HZ); IPv4 routes never expire and carry none.
            ValidLifetime = expires > 0 ? TimeSpan.FromSeconds(expires / (double)NdaCacheInfo.TicksPerSecond) : TimeSpan.MaxValue,
        };
    }

    /// <summary>
    /// RTA_MULTIPATH: struct rtnexthop { u16 len; u8 flags; u8 hops (weight - 1); s32 ifindex; } each followed by its own
    /// attributes (RTA_GATEWAY, RTA_VIA) up to len, aligned to 4.
    /// </summary>
    private static List<NetRouteNextHop> ReadMultipath(ref AttributeReader r)
    {
        var hops = new List<NetRouteNextHop>();
        var data = r.Data;
        while (data.Length > 0)
        {
            if (data.Length < 8)
            {
                r.Fail($"RTA_MULTIPATH ends with {data.Length} bytes, fewer than a struct rtnexthop");
                break;
            }
            int length = BinaryPrimitives.ReadUInt16LittleEndian(data);
            if (length < 8 || length > data.Length)
            {
                r.Fail($"a next hop of RTA_MULTIPATH claims {length} bytes, {data.Length} remain");
                break;
            }
            int index = BinaryPrimitives.ReadInt32LittleEndian(data[4..]);
            IPAddress? gateway = null;
            var inner = new AttributeReader(data[8..length]);
            while (inner.Next())
            {
                switch (inner.Type)
                {
                    case RtaAttr.Gateway: gateway = inner.Address(); break;
                    case RtaAttr.Via: gateway = ReadVia(ref inner) ?? gateway; break;
                }
            }
            // A next hop's attributes are their own reader (rtnexthop is not a nest): a bad one fails the whole route.
            inner.ThrowIfMalformed("route message (in a next hop of RTA_MULTIPATH)");
            hops.Add(new NetRouteNextHop
            {
                Gateway = gateway,
                InterfaceIndex = index > 0 ? index : null,
                Weight = data[3] + 1,
                Flags = (NextHopFlags)data[2],
            });
            data = data[Math.Min(NetlinkLayout.Align(length), data.Length)..];
        }
        return hops;
    }

    /// <summary>RTA_VIA is struct rtvia { u16 family; u8 addr[]; }: a gateway of the other family.</summary>
    private static IPAddress? ReadVia(ref AttributeReader r)
    {
        var data = r.Data;
        if (data.Length < 2)
        {
            r.Fail($"RTA_VIA has {data.Length} bytes, fewer than its family");
            return null;
        }
        ushort family = BinaryPrimitives.ReadUInt16LittleEndian(data);
        int length = family == Rtnetlink.AddressFamily.Inet6 ? 16 : family == Rtnetlink.AddressFamily.Inet ? 4 : 0;
        if (length == 0) return null; // a gateway of another kind (MPLS ...): not an IP route's business
        if (data.Length < 2 + length)
        {
            r.Fail($"RTA_VIA of family {family} has {data.Length - 2} address bytes, expected {length}");
            return null;
        }
        return new IPAddress(data.Slice(2, length));
    }
}
