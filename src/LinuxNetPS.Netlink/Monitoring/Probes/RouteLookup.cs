using System.Net;
using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Routes;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Monitoring.Probes;

/// <summary>The kernel's answer to "how would you send to this address": `ip route get`.</summary>
public sealed record RouteChoice(IPAddress? Source, int? InterfaceIndex, string? Interface, IPAddress? Gateway, NetRoute? Route);

/// <summary>Asks the kernel which route it would use for a destination (RTM_GETROUTE), as `ip route get` and `ip route get fibmatch` do.</summary>
public static class RouteLookup
{
    /// <summary>RTM_F_FIB_MATCH: answer with the matching table entry instead of the resolved, cloned route.</summary>
    private const uint FibMatch = 0x2000;

    /// <summary>
    /// The route to <paramref name="destination"/>; an Unreachable error when the namespace has none. An output
    /// interface (RTA_OIF) or source address (RTA_SRC) constrains the choice, as `ip route get ... oif D from S` does.
    /// </summary>
    public static RouteChoice For(NetClient client, IPAddress destination, int? outputInterface = null, IPAddress? source = null)
    {
        byte family = destination.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? Rtnetlink.AddressFamily.Inet6 : Rtnetlink.AddressFamily.Inet;
        byte bits = (byte)(family == Rtnetlink.AddressFamily.Inet6 ? 128 : 32);
        RouteAnswer answer = default;
        client.Route.Execute(RtmType.GetRoute, NetlinkFlags.None, w =>
        {
            w.Struct(new RtMsg { Family = family, DestinationLength = bits, SourceLength = source is null ? (byte)0 : bits });
            w.Bytes(RtaAttr.Dst, destination.GetAddressBytes());
            Constraints(w, outputInterface, source);
        }, "look up route", destination.ToString(), (in NetlinkMessage m) => answer = ParseAnswer(m) ?? answer);
        var (chosen, oif, gateway) = answer;

        NetRoute? route = null;
        try
        {
            client.Route.Execute(RtmType.GetRoute, NetlinkFlags.None, w =>
            {
                w.Struct(new RtMsg { Family = family, DestinationLength = bits, SourceLength = source is null ? (byte)0 : bits, Flags = FibMatch });
                w.Bytes(RtaAttr.Dst, destination.GetAddressBytes());
                Constraints(w, outputInterface, source);
            }, "look up route", destination.ToString(), (in NetlinkMessage m) => route = RouteParser.Parse(m, client.NamespaceSpec));
        }
        catch (NetOperationException e) when (e.Kind is NetErrorKind.NotSupported or NetErrorKind.InvalidArgument)
        {
            // Kernels before 4.13 do not know RTM_F_FIB_MATCH; the resolved route is still known.
        }

        string? name = oif is { } index ? client.Links.TryGetIndexName(index) : null;
        if (route is not null) route = route with { Interface = route.InterfaceIndex is { } ri ? client.Links.TryGetIndexName(ri) : null };
        return new RouteChoice(chosen, oif, name, gateway, route);
    }

    private static void Constraints(NetlinkWriter w, int? outputInterface, IPAddress? source)
    {
        if (outputInterface is int oif) w.S32(RtaAttr.Oif, oif);
        if (source is not null) w.Bytes(RtaAttr.Src, source.GetAddressBytes());
    }

    /// <summary>
    /// The resolved route of an RTM_GETROUTE answer (an RTM_NEWROUTE message): its preferred source, output
    /// interface and gateway; null for other messages. A malformed answer throws <see cref="MalformedMessageException"/>.
    /// </summary>
    internal static RouteAnswer? ParseAnswer(in NetlinkMessage m)
    {
        if (m.Type != RtmType.NewRoute) return null;
        _ = m.Header<RtMsg>(); // a payload shorter than its header is malformed
        IPAddress? source = null, gateway = null;
        int? oif = null;
        var r = m.Attributes<RtMsg>();
        while (r.Next())
        {
            switch (r.Type)
            {
                case RtaAttr.PrefSrc: source = r.Address(); break;
                case RtaAttr.Gateway: gateway = r.Address(); break;
                case RtaAttr.Oif: oif = r.S32(); break;
            }
        }
        r.ThrowIfMalformed("route lookup answer");
        return new RouteAnswer(source, oif, gateway);
    }

    /// <summary>What <see cref="ParseAnswer"/> reads from the kernel's answer.</summary>
    internal readonly record struct RouteAnswer(IPAddress? Source, int? InterfaceIndex, IPAddress? Gateway);

    private static string? TryGetIndexName(this Links.LinkOperations links, int index)
    {
        try { return links.Get(index).Name; }
        catch (NetOperationException) { return null; }
    }
}
