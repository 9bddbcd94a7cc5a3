using System.Net;
using LinuxNetPS.ConnectionTracking.Wire;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Nftables.Wire;

namespace LinuxNetPS.ConnectionTracking;

/// <summary>
/// The conntrack table of one namespace over ctnetlink (`conntrack -L / -D / -F`, without the conntrack program): list the
/// entries, delete chosen ones, flush. Uses the namespace's NETLINK_NETFILTER socket and its dump loop. The table only has
/// entries while something in the namespace uses conntrack (a NAT rule, a rule matching ct state).
/// <code>
/// var ct = NetClient.For("red").ConnectionTracking;
/// var dns = ct.List(new ConnectionTrackingFilter { Protocol = "udp", DestinationPort = 53 });
/// ct.Delete(dns);
/// </code>
/// </summary>
public sealed class ConnectionTrackingOperations
{
    private readonly NamespaceSession _session;

    internal ConnectionTrackingOperations(NamespaceSession session) => _session = session;

    /// <summary>The entries that match <paramref name="filter"/> (all when null), IPv4 and IPv6.</summary>
    public IReadOnlyList<NetConnectionTrackingEntry> List(ConnectionTrackingFilter? filter = null)
    {
        byte family = filter?.Family switch { IPFamily.IPv4 => CtValues.AfInet, IPFamily.IPv6 => CtValues.AfInet6, _ => 0 };
        string? ns = _session.NamespaceSpec;
        var entries = _session.Netfilter.Dump(Ctnl.Type(Ctnl.MsgGet), w => w.Struct(NfGenMsg.For(family)),
            (in NetlinkMessage m) => ConnectionTrackingParser.Parse(m, ns), "list connection tracking entries");
        return filter is null ? entries : entries.Where(filter.Matches).ToList();
    }

    /// <summary>
    /// Deletes the entries (each by its original tuple, zone and id, so a new connection that reuses the tuple is left
    /// alone), all requests in one send. Returns how many were deleted; an entry already gone (expired, or deleted by
    /// someone else) is not counted and not an error.
    /// </summary>
    public int Delete(IEnumerable<NetConnectionTrackingEntry> entries)
    {
        var list = entries.ToList();
        if (list.Count == 0) return 0;
        var outcomes = _session.Netfilter.ExecuteEach(batch =>
        {
            foreach (var e in list)
                batch.Add(Ctnl.Type(Ctnl.MsgDelete), NetlinkFlags.None, w => WriteDelete(w, e), "delete connection tracking entry", e.ToString());
        });
        int deleted = 0;
        foreach (var error in outcomes)
        {
            if (error is null) deleted++;
            else if (error.Kind != NetErrorKind.NotFound) throw error;
        }
        return deleted;
    }

    /// <summary>
    /// Deletes the entries that match <paramref name="filter"/>; an empty filter flushes the whole table with one request
    /// (`conntrack -F`). Returns how many entries there were to delete.
    /// </summary>
    public int Clear(ConnectionTrackingFilter? filter = null)
    {
        if (filter is not null && !filter.IsEmpty) return Delete(List(filter));
        int count = List().Count;
        _session.Netfilter.Execute(Ctnl.Type(Ctnl.MsgDelete), NetlinkFlags.None, w => w.Struct(NfGenMsg.For(0)), "flush connection tracking table");
        return count;
    }

    /// <summary>
    /// Deletes the tracked flows of <paramref name="protocol"/> (an IPPROTO_* number) whose original destination port is in
    /// [<paramref name="portMin"/>, <paramref name="portMax"/>] (and, when given, whose original destination is
    /// <paramref name="destination"/>): what a port forward that just changed matched, so the flows' next packets are
    /// NATed afresh (moby #8795: a UDP flow otherwise keeps going to the old target for as long as it keeps sending).
    /// Returns how many were deleted.
    /// </summary>
    public int DeleteFlowsTo(byte protocol, int portMin, int portMax, IPAddress? destination = null) =>
        DeleteFlowsTo(protocol, [(portMin, portMax, destination)]);

    /// <summary>As <see cref="DeleteFlowsTo(byte, int, int, IPAddress?)"/> for many port ranges, with one dump of the table.</summary>
    public int DeleteFlowsTo(byte protocol, IReadOnlyCollection<(int PortMin, int PortMax, IPAddress? Destination)> targets)
    {
        var stale = List(new ConnectionTrackingFilter { Protocol = ConnectionTrackingParser.ProtocolName(protocol) })
            .Where(e => e.DestinationPort is { } port && targets.Any(t => port >= t.PortMin && port <= t.PortMax
                && (t.Destination is null || e.DestinationAddress.Equals(t.Destination))));
        return Delete(stale);
    }

    /// <summary>The body of IPCTNL_MSG_CT_DELETE for one entry: nfgenmsg of its family, its original tuple, zone and id.</summary>
    public static void WriteDelete(NetlinkWriter w, NetConnectionTrackingEntry e)
    {
        bool v6 = e.Family == IPFamily.IPv6;
        w.Struct(NfGenMsg.For(v6 ? CtValues.AfInet6 : CtValues.AfInet));
        using (w.Nested(CtaAttr.TupleOrig, markNested: true))
        {
            using (w.Nested(CtaTuple.Ip, markNested: true))
            {
                w.Bytes(v6 ? CtaIp.V6Src : CtaIp.V4Src, e.SourceAddress.GetAddressBytes());
                w.Bytes(v6 ? CtaIp.V6Dst : CtaIp.V4Dst, e.DestinationAddress.GetAddressBytes());
            }
            using (w.Nested(CtaTuple.Proto, markNested: true))
            {
                w.U8(CtaProto.Num, e.ProtocolNumber);
                if (e.SourcePort is { } sport) w.U16BigEndian(CtaProto.SrcPort, (ushort)sport);
                if (e.DestinationPort is { } dport) w.U16BigEndian(CtaProto.DstPort, (ushort)dport);
                if (e.IcmpId is { } icmpId) w.U16BigEndian(v6 ? CtaProto.Icmpv6Id : CtaProto.IcmpId, (ushort)icmpId);
                if (e.IcmpType is { } icmpType) w.U8(v6 ? CtaProto.Icmpv6Type : CtaProto.IcmpType, (byte)icmpType);
                if (e.IcmpCode is { } icmpCode) w.U8(v6 ? CtaProto.Icmpv6Code : CtaProto.IcmpCode, (byte)icmpCode);
            }
        }
        if (e.Zone != 0) w.U16BigEndian(CtaAttr.Zone, e.Zone);
        if (e.EntryId != 0) w.U32BigEndian(CtaAttr.Id, e.EntryId);
    }
}
