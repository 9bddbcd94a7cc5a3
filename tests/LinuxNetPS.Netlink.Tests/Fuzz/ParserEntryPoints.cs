using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Addresses;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Links.Kinds;
using LinuxNetPS.Netlink;
using LinuxNetPS.Nftables;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Routes;
using LinuxNetPS.Bridges;
using LinuxNetPS.Neighbors;

namespace LinuxNetPS.Tests.Fuzz;

/// <summary>
/// Every parser of the library that reads bytes from the kernel, reached the way the socket reaches it:
/// a datagram is split into messages and each goes to the parser of its type. The contract checked by
/// the fuzzer: a parser returns (an object or null) or throws <see cref="MalformedMessageException"/>;
/// anything else is a crash.
/// </summary>
internal static class ParserEntryPoints
{
    /// <summary>The entry points, by the message type that reaches them, with the size of that type's fixed header.</summary>
    public static readonly IReadOnlyList<(string Name, ushort Type, int FixedLength)> All =
    [
        ("link", RtmType.NewLink, 16),
        ("address", RtmType.NewAddr, 8),
        ("route", RtmType.NewRoute, 12),
        ("qdisc", RtmType.NewQdisc, 20),
        ("neighbour", RtmType.NewNeigh, 12),
        ("ack", NetlinkMessageType.Error, 4 + 16),
        ("nft-rule", Nfnl.Type(NftMsg.NewRule), 4),
        ("nft-chain", Nfnl.Type(NftMsg.NewChain), 4),
        ("nft-generation", Nfnl.Type(NftMsg.NewGen), 4),
    ];

    public static int FixedLengthOf(ushort type) => All.FirstOrDefault(e => e.Type == type).FixedLength;

    public static string NameOf(ushort type) => All.FirstOrDefault(e => e.Type == type).Name ?? $"type{type}";

    /// <summary>Parses a datagram as the socket would. Throws whatever a parser throws.</summary>
    public static int ParseDatagram(ReadOnlySpan<byte> datagram)
    {
        int objects = 0;
        foreach (var m in new NetlinkMessageIterator(datagram))
            if (ParseMessage(m)) objects++;
        return objects;
    }

    private static bool ParseMessage(in NetlinkMessage m)
    {
        switch (m.Type)
        {
            case RtmType.NewLink:
                // AF_BRIDGE link messages carry the VLANs of a port (Get-BridgeVlan) and reach only that parser, as in the product.
                if (m.Payload.Length > 0 && m.Payload[0] == AddressFamily.Bridge) return BridgeVlanCodec.Parse(m, null).Count > 0;
                var link = LinkParser.Parse(m, null);
                if (link?.InfoData is { } info && link.Link.Kind == "bridge") BridgeKind.ReadInfo(info);
                if (link?.SlaveData is { } slave && link.Link.PortKind == "bridge") BridgeKind.ReadPortState(slave);
                return link is not null;
            case RtmType.NewNeigh:
                // ARP/ND and proxy entries (AF_INET/AF_INET6) and FDB entries (AF_BRIDGE) share the message type.
                return NeighborParser.Parse(m, null) is not null | FdbParser.Parse(m, null) is not null;
            case RtmType.NewAddr:
                return AddressParser.Parse(m, null) is not null;
            case RtmType.NewRoute:
                return RouteParser.Parse(m, null) is not null;
            case RtmType.NewQdisc:
                return Impairment.QdiscCodec.Parse(m) is not null;
            case NetlinkMessageType.Error:
                return NetlinkSocket.ReadExtendedAck(m) is not null;
        }
        if (m.Type == Nfnl.Type(NftMsg.NewRule)) return NatTable.ParseRule(m) is not null;
        if (m.Type == Nfnl.Type(NftMsg.NewChain)) return NatTable.ParseOurChain(m) is not null | ForwardPolicyCheck.ParseDropChain(m) is not null;
        if (m.Type == Nfnl.Type(NftMsg.NewGen)) return NatTable.ParseGeneration(m) != 0;
        return false;
    }
}
