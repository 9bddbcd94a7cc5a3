using System.Buffers.Binary;
using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.ConnectionTracking;
using LinuxNetPS.ConnectionTracking.Wire;
using LinuxNetPS.Addresses;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Links.Kinds;
using LinuxNetPS.Model;
using LinuxNetPS.Monitoring.Capture;
using LinuxNetPS.Monitoring.Events;
using LinuxNetPS.Monitoring.Probes;
using LinuxNetPS.Monitoring.Sockets;
using LinuxNetPS.Monitoring.Statistics;
using LinuxNetPS.Netlink;
using LinuxNetPS.Nftables;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Routes;
using LinuxNetPS.Bridges;
using LinuxNetPS.Neighbors;
using LinuxNetPS.Routes.Rules;

namespace LinuxNetPS.Tests.Fuzz;

/// <summary>Where an input comes from, which decides the parsers that see it.</summary>
internal enum Wire
{
    /// <summary>An rtnetlink or nf_tables socket (their message types do not overlap; ACKs are common to both).</summary>
    Netlink,
    /// <summary>A NETLINK_SOCK_DIAG socket: its type 20 is SOCK_DIAG_BY_FAMILY, not RTM_NEWADDR.</summary>
    SockDiag,
    /// <summary>A frame from a packet socket: Ethernet, or raw IP on a tun link.</summary>
    Frame,
    /// <summary>An ICMP or ICMPv6 message from a ping or raw socket (no IP header).</summary>
    Icmp,
}

/// <summary>One entry point: its name (the corpus and seed files start with it), the wire, and for netlink the message type and fixed header size.</summary>
internal sealed record EntryPoint(string Name, Wire Wire, ushort Type = 0, int FixedLength = 0);

/// <summary>
/// Every parser of the library that reads bytes from the kernel or the wire, reached the way the socket reaches it:
/// a datagram is split into messages and each goes to every parser of its type (a parser that is not concerned
/// returns null). The contract checked by the fuzzer: a parser returns (an object or null) or throws
/// <see cref="MalformedMessageException"/>; anything else is a crash. <c>ParserRuleTests</c> checks that every
/// entry point of a kernel or wire parser in the library is reached from here.
/// </summary>
internal static class ParserEntryPoints
{
    public static readonly IReadOnlyList<EntryPoint> All =
    [
        new("link", Wire.Netlink, RtmType.NewLink, 16),
        new("address", Wire.Netlink, RtmType.NewAddr, 8),
        new("route", Wire.Netlink, RtmType.NewRoute, 12),
        new("rule", Wire.Netlink, RtmType.NewRule, 12),
        new("qdisc", Wire.Netlink, RtmType.NewQdisc, 20),
        new("ack", Wire.Netlink, NetlinkMessageType.Error, 4 + 16),
        new("nft-rule", Wire.Netlink, Nfnl.Type(NftMsg.NewRule), 4),
        new("nft-chain", Wire.Netlink, Nfnl.Type(NftMsg.NewChain), 4),
        new("nft-generation", Wire.Netlink, Nfnl.Type(NftMsg.NewGen), 4),
        // Firewall (issue 22): rules go to the NAT reader and to the firewall reader (nft-rule), sets and their elements.
        new("nft-set", Wire.Netlink, Nfnl.Type(NftMsg.NewSet), 4),
        new("nft-setelem", Wire.Netlink, Nfnl.Type(NftMsg.NewSetElem), 4),
        // Connection tracking (issue 22): ctnetlink entries (IPCTNL_MSG_CT_NEW; nfgenmsg, then the tuples and the rest).
        new("conntrack", Wire.Netlink, Ctnl.Type(Ctnl.MsgNew), 4),
        // Monitoring (issue 19).
        new("neighbor", Wire.Netlink, RtmType.NewNeigh, 12),
        new("neighbour", Wire.Netlink, RtmType.NewNeigh, 12),
        new("fdb", Wire.Netlink, RtmType.NewNeigh, 12),
        new("bridge-vlan", Wire.Netlink, RtmType.NewLink, 16),
        new("nsid", Wire.Netlink, RtmType.NewNsId, 4),
        new("routelookup", Wire.Netlink, RtmType.NewRoute, 12),
        new("linkstats", Wire.Netlink, RtmType.NewLink, 16),
        new("sockdiag", Wire.SockDiag, 20, 72),
        new("frame", Wire.Frame),
        new("icmp", Wire.Icmp),
    ];

    public static EntryPoint Named(string name) => All.Single(e => e.Name == name);

    /// <summary>The entry point a corpus or seed file belongs to, by the longest entry name its file name starts with.</summary>
    public static EntryPoint OfFile(string fileName) =>
        All.Where(e => fileName.StartsWith(e.Name + "-", StringComparison.Ordinal)).MaxBy(e => e.Name.Length)
        // Seeds of issue 9 were named by the first word of their message ("nft-..."): all of them came from netlink.
        ?? All[0];

    /// <summary>Parses an input as the socket of <paramref name="wire"/> would hand it over. Throws whatever a parser throws.</summary>
    public static int Parse(ReadOnlySpan<byte> input, Wire wire) => wire switch
    {
        Wire.Frame => ParseFrame(input),
        Wire.Icmp => ParseIcmp(input),
        _ => ParseDatagram(input, wire),
    };

    /// <summary>Parses a datagram as the socket would. Throws whatever a parser throws.</summary>
    public static int ParseDatagram(ReadOnlySpan<byte> datagram, Wire wire = Wire.Netlink)
    {
        int objects = 0;
        foreach (var m in new NetlinkMessageIterator(datagram))
            objects += wire == Wire.SockDiag ? Count(SocketDiag.Parse(m, null, "tcp")) : ParseMessage(m);
        return objects;
    }

    private static int Count(object? parsed) => parsed is null ? 0 : 1;

    /// <summary>
    /// Every parser of the message's type sees it, even when another one refused it first (so a crash in the second is
    /// not hidden behind the first's parse error); the first parse error is thrown at the end.
    /// </summary>
    private static int ParseMessage(in NetlinkMessage m)
    {
        int objects = 0;
        MalformedMessageException? refused = null;
        switch (m.Type)
        {
            case RtmType.NewLink:
                // AF_BRIDGE link messages carry the VLANs of a port (Get-BridgeVlan) and reach only that parser, as in the product.
                if (m.Payload.Length > 0 && m.Payload[0] == AddressFamily.Bridge) return BridgeVlanCodec.Parse(m, null).Count;
                try
                {
                    var link = LinkParser.Parse(m, null);
                    if (link?.InfoData is { } info && link.Link.Kind == "bridge") BridgeKind.ReadInfo(info);
                    if (link?.SlaveData is { } slave && link.Link.PortKind == "bridge") BridgeKind.ReadPortState(slave);
                    objects += Count(link);
                }
                catch (MalformedMessageException e) { refused = e; }
                try { objects += Count(LinkStatistics.Parse(m, null, DateTime.UnixEpoch)); }
                catch (MalformedMessageException e) { refused ??= e; }
                break;
            case RtmType.NewAddr:
                return Count(AddressParser.Parse(m, null));
            case RtmType.NewRoute:
                try { objects += Count(RouteParser.Parse(m, null)); }
                catch (MalformedMessageException e) { refused = e; }
                try { objects += Count(RouteLookup.ParseAnswer(m)); }
                catch (MalformedMessageException e) { refused ??= e; }
                break;
            case RtmType.NewRule:
                try { objects += Count(RuleParser.Parse(m, null)); }
                catch (MalformedMessageException e) { refused = e; }
                break;
            case RtmType.NewQdisc:
                return Count(Impairment.QdiscCodec.Parse(m));
            case NetlinkMessageType.Error:
                return Count(NetlinkSocket.ReadExtendedAck(m));
            case RtmType.NewNeigh or RtmType.DelNeigh:
                // The watcher's parser, the neighbour cmdlets' parser and the FDB parser (AF_BRIDGE) all see every one.
                try { objects += Count(LinuxNetPS.Monitoring.Events.NeighborParser.Parse(m, null, index => index == 1 ? "lo" : null)); }
                catch (MalformedMessageException e) { refused = e; }
                try { objects += Count(LinuxNetPS.Neighbors.NeighborParser.Parse(m, null)); }
                catch (MalformedMessageException e) { refused ??= e; }
                try { objects += Count(FdbParser.Parse(m, null)); }
                catch (MalformedMessageException e) { refused ??= e; }
                break;
            case RtmType.NewNsId or NamespaceFeed.DelNsId:
                return Count(NamespaceFeed.ParseNamespaceId(m));
            default:
                if (m.Type == Nfnl.Type(NftMsg.NewRule))
                {
                    try { objects += Count(LinuxNetPsTable.ParseRule(m)); }
                    catch (MalformedMessageException e) { refused = e; }
                    try { objects += Count(FirewallOperations.ParseKernelRule(m)); }
                    catch (MalformedMessageException e) { refused ??= e; }
                    break;
                }
                if (m.Type == Ctnl.Type(Ctnl.MsgNew)) return Count(ConnectionTrackingParser.Parse(m, null));
                if (m.Type == Nfnl.Type(NftMsg.NewSet)) return Count(LinuxNetPsTable.ParseOurSet(m));
                if (m.Type == Nfnl.Type(NftMsg.NewSetElem)) return AddressSetOperations.ToIntervals(AddressSetOperations.ParseElements(m)).Count;
                if (m.Type == Nfnl.Type(NftMsg.NewGen)) return LinuxNetPsTable.ParseGeneration(m) != 0 ? 1 : 0;
                if (m.Type != Nfnl.Type(NftMsg.NewChain)) return 0;
                try { objects += Count(LinuxNetPsTable.ParseOurChain(m)); }
                catch (MalformedMessageException e) { refused = e; }
                try { objects += Count(ForwardPolicyCheck.ParseDropChain(m)); }
                catch (MalformedMessageException e) { refused ??= e; }
                break;
        }
        if (refused is not null) throw refused;
        return objects;
    }

    /// <summary>A frame as a capture on an Ethernet (or loopback) link and as one on a raw-IP link would decode it.</summary>
    private static int ParseFrame(ReadOnlySpan<byte> frame)
    {
        var ethernet = PacketDecoder.Decode(frame, ethernet: true, frame.Length, null, "fuzz0", DateTime.UnixEpoch, PacketDirection.In);
        var raw = PacketDecoder.Decode(frame, ethernet: false, frame.Length + 4, null, "tun0", DateTime.UnixEpoch, PacketDirection.Out);
        return Count(ethernet) + Count(raw);
    }

    /// <summary>An ICMP message as the ping probes read it, as IPv4 and IPv6, with and without the id compared.</summary>
    private static int ParseIcmp(ReadOnlySpan<byte> icmp)
    {
        int recognised = 0;
        ushort id = icmp.Length >= 6 ? BinaryPrimitives.ReadUInt16BigEndian(icmp[4..]) : (ushort)0;
        foreach (bool v6 in new[] { false, true })
        {
            EchoPacket.TryReadSequence(icmp, v6, out ushort sequence);
            foreach (bool anyId in new[] { false, true })
                if (EchoPacket.Classify(icmp, v6, id, sequence, anyId, out _) != EchoPacket.Answer.Unrelated) recognised++;
        }
        return recognised;
    }
}
