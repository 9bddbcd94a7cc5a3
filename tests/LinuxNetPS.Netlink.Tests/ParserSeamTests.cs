using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Addresses;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Netlink;
using LinuxNetPS.Nftables;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Routes;

namespace LinuxNetPS.Tests;

/// <summary>
/// The one rule for malformed kernel input (issue 9, items 9 and 10): every parser turns it into
/// <see cref="MalformedMessageException"/>, nested readers pass their errors up, nothing is dropped silently.
/// </summary>
public class ParserSeamTests
{
    private delegate object? Parse(in NetlinkMessage m);

    /// <summary>Parses the one message in <paramref name="bytes"/> and returns the parse error it must raise.</summary>
    private static MalformedMessageException AssertMalformed(byte[] bytes, Parse parse)
    {
        try
        {
            foreach (var m in new NetlinkMessageIterator(bytes)) parse(m);
        }
        catch (MalformedMessageException e)
        {
            return e;
        }
        throw new Xunit.Sdk.XunitException("Expected MalformedMessageException; the parser returned.");
    }

    private static object? ParseOne(byte[] bytes, Parse parse)
    {
        object? result = null;
        foreach (var m in new NetlinkMessageIterator(bytes)) result = parse(m);
        return result;
    }

    private static byte[] Message<T>(ushort type, T header, Action<NetlinkWriter> attributes) where T : unmanaged
    {
        var w = new NetlinkWriter();
        w.BeginMessage(type, NetlinkFlags.Multi, 1);
        w.Struct(header);
        attributes(w);
        w.EndMessage();
        return w.Written.ToArray();
    }

    [Fact]
    public void NestedReader_PassesItsErrorUp_AndStopsTheParentLoop()
    {
        var w = new NetlinkWriter();
        using (w.Nested(1)) w.U16(1, 7); // a u16 where the reader expects a u32
        w.U32(2, 42);
        var r = new AttributeReader(w.Written);
        int seen = 0;
        while (r.Next())
        {
            seen++;
            var nested = r.Nested();
            while (nested.Next()) _ = nested.U32();
        }
        Assert.NotNull(r.Error);
        Assert.Contains("expected 4", r.Error);
        Assert.Equal(1, seen); // the attribute after the broken nest is not read as if all were well
        Assert.Throws<MalformedMessageException>(() => new AttributeReader(w.Written).ThrowIfMalformedAfterReadingNests());
    }

    [Fact]
    public void AddressParser_AnAddressOfFiveBytes_IsTheParseError()
    {
        var bytes = Message(RtmType.NewAddr, new IfAddrMsg { Family = AddressFamily.Inet, PrefixLength = 24, Index = 1 },
            w => w.Bytes(IfaAttr.Address, new byte[] { 10, 0, 0, 1, 9 }));
        var e = AssertMalformed(bytes, (in NetlinkMessage m) => AddressParser.Parse(m, null));
        Assert.Contains("4 or 16", e.Message);
        Assert.Equal(NetErrorKind.Malformed, e.Kind);
    }

    [Fact]
    public void AddressParser_AMessageWithoutAnAddress_IsTheParseError_NotSilentlyDropped()
    {
        var bytes = Message(RtmType.NewAddr, new IfAddrMsg { Family = AddressFamily.Inet, PrefixLength = 24, Index = 1 },
            w => w.String(IfaAttr.Label, "eth0"));
        AssertMalformed(bytes, (in NetlinkMessage m) => AddressParser.Parse(m, null));
    }

    [Fact]
    public void RouteParser_AGatewayOfFiveBytes_IsTheParseError()
    {
        var bytes = Message(RtmType.NewRoute, new RtMsg { Family = AddressFamily.Inet, Table = 254, Type = 1 },
            w => w.Bytes(RtaAttr.Gateway, new byte[] { 10, 0, 0, 1, 9 }));
        AssertMalformed(bytes, (in NetlinkMessage m) => RouteParser.Parse(m, null));
    }

    [Fact]
    public void RouteParser_ATruncatedAttribute_IsTheParseError_NotSilentlyDropped()
    {
        var bytes = Message(RtmType.NewRoute, new RtMsg { Family = AddressFamily.Inet, Table = 254, Type = 1 }, w => w.U32(RtaAttr.Oif, 2));
        bytes[^8] = 200; // the attribute now claims 200 bytes
        AssertMalformed(bytes, (in NetlinkMessage m) => RouteParser.Parse(m, null));
    }

    [Fact]
    public void LinkParser_ABrokenLinkInfoNest_IsTheParseError()
    {
        var bytes = Message(RtmType.NewLink, new IfInfoMsg { Index = 3 }, w =>
        {
            w.String(IflaAttr.IfName, "x0");
            using (w.Nested(IflaAttr.LinkInfo)) w.U16(IflaInfoAttr.Kind, 1);
        });
        bytes[^8] = 60; // IFLA_INFO_KIND inside the nest claims more than the nest holds
        AssertMalformed(bytes, (in NetlinkMessage m) => LinkParser.Parse(m, null));
    }

    [Fact]
    public void MessageShorterThanItsFamilyHeader_IsTheParseError()
    {
        var w = new NetlinkWriter();
        w.BeginMessage(RtmType.NewLink, NetlinkFlags.Multi, 1);
        w.EndMessage();
        AssertMalformed(w.Written.ToArray(), (in NetlinkMessage m) => LinkParser.Parse(m, null));
    }

    [Fact]
    public void ExtendedAck_EchoingAHugeLength_IsTheParseError()
    {
        var bytes = Fuzz.Corpus.ExtendedAck(capped: false);
        BitConverter.GetBytes(0x7fffff00u).CopyTo(bytes, 20); // the echoed request's nlmsg_len
        AssertMalformed(bytes, (in NetlinkMessage m) => NetlinkSocket.ReadExtendedAck(m));
        Assert.Equal("Unknown device type", ParseOne(Fuzz.Corpus.ExtendedAck(capped: true), (in NetlinkMessage m) => NetlinkSocket.ReadExtendedAck(m)));
        Assert.Equal("Unknown device type", ParseOne(Fuzz.Corpus.ExtendedAck(capped: false), (in NetlinkMessage m) => NetlinkSocket.ReadExtendedAck(m)));
    }

    [Fact]
    public void NatRule_WithMalformedExpressions_IsTheParseError_NotARuleWithoutDefinition()
    {
        var bytes = Message(Nfnl.Type(NftMsg.NewRule), NfGenMsg.For(NfProto.Inet), w =>
        {
            w.String(NftaRule.Table, LinuxNetPsTable.Name);
            w.String(NftaRule.Chain, "postrouting");
            using (w.Nested(NftaRule.Expressions, markNested: true))
            using (w.Nested(NftaExpr.ListElem, markNested: true))
                w.U16(NftaExpr.Name, 0xffff);
        });
        bytes[^8] = 99; // the expression's name claims 99 bytes
        AssertMalformed(bytes, (in NetlinkMessage m) => LinuxNetPsTable.ParseRule(m));
    }
}

internal static class AttributeReaderTestExtensions
{
    /// <summary>Reads every attribute, descending into each as a nest, then makes the one check.</summary>
    public static void ThrowIfMalformedAfterReadingNests(this AttributeReader r)
    {
        while (r.Next())
        {
            var n = r.Nested();
            while (n.Next()) _ = n.U32();
        }
        r.ThrowIfMalformed("test attributes");
    }
}

/// <summary>The Monitoring parsers under the same rule (issue 19): parse errors, not silently dropped messages.</summary>
public class MonitoringParserSeamTests
{
    private delegate object? Parse(in NetlinkMessage m);

    private static MalformedMessageException AssertMalformed(byte[] bytes, Parse parse)
    {
        try
        {
            foreach (var m in new NetlinkMessageIterator(bytes)) parse(m);
        }
        catch (MalformedMessageException e)
        {
            return e;
        }
        throw new Xunit.Sdk.XunitException("Expected MalformedMessageException; the parser returned.");
    }

    private static object? ParseOne(byte[] bytes, Parse parse)
    {
        object? result = null;
        foreach (var m in new NetlinkMessageIterator(bytes)) result = parse(m);
        return result;
    }

    private static byte[] Message<T>(ushort type, T header, Action<NetlinkWriter> attributes) where T : unmanaged
    {
        var w = new NetlinkWriter();
        w.BeginMessage(type, NetlinkFlags.None, 1);
        w.Struct(header);
        attributes(w);
        w.EndMessage();
        return w.Written.ToArray();
    }

    private static object? Neighbour(in NetlinkMessage m) => Monitoring.Events.NeighborParser.Parse(m, null, _ => "eth0");

    [Fact]
    public void Neighbour_WithAnAddressOfFiveBytes_OrNone_OrAShortHeader_IsTheParseError()
    {
        AssertMalformed(Message(RtmType.NewNeigh, new Fuzz.NdMsg { Family = AddressFamily.Inet, Index = 2 },
            w => w.Bytes(1, new byte[] { 10, 0, 0, 1, 9 })), Neighbour);
        var e = AssertMalformed(Message(RtmType.NewNeigh, new Fuzz.NdMsg { Family = AddressFamily.Inet, Index = 2 },
            w => w.Bytes(2, new byte[] { 2, 0, 0, 0, 0, 1 })), Neighbour);
        Assert.Contains("NDA_DST", e.Message);
        AssertMalformed(Message(RtmType.NewNeigh, new RtGenMsg { Family = AddressFamily.Inet }, _ => { }), Neighbour);
    }

    [Fact]
    public void Neighbour_OfTheBridgeFamily_IsNotTheParsersBusiness_AndAGoodOneParses()
    {
        Assert.Null(ParseOne(Message(RtmType.NewNeigh, new Fuzz.NdMsg { Family = 7, Index = 2 }, w => w.Bytes(2, new byte[6])), Neighbour));
        var entry = Assert.IsType<Model.NeighborEntry>(ParseOne(Message(RtmType.NewNeigh, new Fuzz.NdMsg { Family = AddressFamily.Inet, Index = 2, State = 0x02 },
            w => { w.Bytes(1, new byte[] { 10, 0, 0, 1 }); w.Bytes(2, new byte[] { 2, 0, 0, 0, 0, 1 }); }), Neighbour));
        Assert.Equal(("10.0.0.1", "REACHABLE", "eth0"), (entry.Address.ToString(), entry.State, entry.Interface));
    }

    [Fact]
    public void NamespaceId_WithoutItsId_OrWithABrokenOne_IsTheParseError()
    {
        Parse parse = (in NetlinkMessage m) => Monitoring.Events.NamespaceFeed.ParseNamespaceId(m);
        AssertMalformed(Message(RtmType.NewNsId, new RtGenMsg(), w => w.U32(NetnsaAttr.Pid, 1)), parse);
        AssertMalformed(Message(RtmType.NewNsId, new RtGenMsg(), w => w.U16(NetnsaAttr.NsId, 1)), parse);
        Assert.Equal(7, ParseOne(Message(Monitoring.Events.NamespaceFeed.DelNsId, new RtGenMsg(), w => w.S32(NetnsaAttr.NsId, 7)), parse));
    }

    [Fact]
    public void RouteLookupAnswer_WithAGatewayOfFiveBytes_IsTheParseError_NotAnAnswerWithoutIt()
    {
        Parse parse = (in NetlinkMessage m) => Monitoring.Probes.RouteLookup.ParseAnswer(m);
        AssertMalformed(Message(RtmType.NewRoute, new RtMsg { Family = AddressFamily.Inet }, w =>
        {
            w.S32(RtaAttr.Oif, 2);
            w.Bytes(RtaAttr.Gateway, new byte[] { 10, 0, 0, 1, 9 });
        }), parse);
        var bytes = Message(RtmType.NewRoute, new RtMsg { Family = AddressFamily.Inet }, w => w.S32(RtaAttr.Oif, 2));
        bytes[^8] = 99; // RTA_OIF claims 99 bytes
        AssertMalformed(bytes, parse);
    }

    [Fact]
    public void LinkStatistics_OfABrokenMessage_IsTheParseError_NotAnOtherError()
    {
        Parse parse = (in NetlinkMessage m) => Monitoring.Statistics.LinkStatistics.Parse(m, null, DateTime.Now);
        var bytes = Message(RtmType.NewLink, new IfInfoMsg { Index = 2 }, w => { w.String(IflaAttr.IfName, "x0"); w.U32(IflaAttr.Mtu, 1500); });
        bytes[^8] = 99;
        Assert.Equal(NetErrorKind.Malformed, AssertMalformed(bytes, parse).Kind);
        AssertMalformed(Message(RtmType.NewLink, new IfInfoMsg { Index = 2 }, w => w.U32(IflaAttr.Mtu, 1500)), parse); // no name
    }

    [Fact]
    public void SocketDiag_ShortOrOfAnotherFamily_IsTheParseError()
    {
        Parse parse = (in NetlinkMessage m) => Monitoring.Sockets.SocketDiag.Parse(m, null, "tcp");
        var w = new NetlinkWriter();
        w.BeginMessage(20, NetlinkFlags.Multi, 1);
        w.Struct(new RtMsg { Family = AddressFamily.Inet });
        w.EndMessage();
        AssertMalformed(w.Written.ToArray(), parse);
        var full = new byte[16 + 72];
        BitConverter.GetBytes(full.Length).CopyTo(full, 0);
        BitConverter.GetBytes((ushort)20).CopyTo(full, 4);
        full[16] = 1; // AF_UNIX
        AssertMalformed(full, parse);
        full[16] = AddressFamily.Inet;
        Assert.NotNull(ParseOne(full, parse));
    }

    [Fact]
    public void EventFeed_ReportsAnUnreadableNeighbourNotificationAsAGap_AndGoesOn()
    {
        using var lab = new Support.Lab();
        var (_, client) = lab.CreateWithClient("feed");
        using var feed = new Monitoring.Events.NamespaceFeed(client, Monitoring.Events.NetEventKinds.Neighbor);
        var bad = Message(RtmType.NewNeigh, new Fuzz.NdMsg { Family = AddressFamily.Inet, Index = 1 }, w => w.Bytes(1, new byte[] { 10, 0, 0, 1, 9 }));
        var good = Message(RtmType.NewNeigh, new Fuzz.NdMsg { Family = AddressFamily.Inet, Index = 1, State = 0x80 }, w => w.Bytes(1, new byte[] { 10, 0, 0, 2 }));
        var events = new List<Model.NetEvent>();
        foreach (var bytes in new[] { bad, good })
            foreach (var m in new NetlinkMessageIterator(bytes))
                if (feed.Translate(m) is { } e) events.Add(e);
        Assert.Equal([Model.NetEventKind.Gap, Model.NetEventKind.Neighbor], events.Select(e => e.Kind));
        Assert.Equal(Model.NetEventAction.Lost, events[0].Action);
        Assert.Contains("neighbour notification could not be read", events[0].Summary);
        Assert.Equal("10.0.0.2", events[1].Subject);
    }
}
