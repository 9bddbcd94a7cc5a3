using System.Net;
using LinuxNetPS.Addresses;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Neighbors;

/// <summary>
/// Turns one RTM_NEWNEIGH of an IPv4/IPv6 neighbour table (struct ndmsg + NDA_*) into a <see cref="NetNeighbor"/> whose
/// Interface is still to be named. (Monitoring/Events has its own reader for Watch-NetEvent's lighter NeighborEntry;
/// the two could share this one once the Monitoring parsers are reworked.)
/// </summary>
internal static class NeighborParser
{
    /// <summary>The entry, or null for other message types and families (AF_BRIDGE FDB entries); a malformed message throws.</summary>
    public static NetNeighbor? Parse(in NetlinkMessage m, string? ns)
    {
        if (m.Type != RtmType.NewNeigh) return null;
        var header = m.Header<NdMsg>();
        if (!FamilyCodes.IsIP(header.Family)) return null;

        IPAddress? address = null;
        string? lladdr = null;
        double? updated = null;
        var r = m.Attributes<NdMsg>();
        while (r.Next())
        {
            switch (r.Type)
            {
                case NdaAttr.Dst: address = r.Address(); break;
                case NdaAttr.LinkLayerAddress: lladdr = r.Data.IsEmpty ? null : MacText.Format(r.Data); break;
                case NdaAttr.CacheInfo: updated = r.Struct<NdaCacheInfo>().Updated / (double)NdaCacheInfo.TicksPerSecond; break;
            }
        }
        r.ThrowIfMalformed("neighbour message");
        if (address is null) throw new MalformedMessageException("neighbour message", $"the entry on interface {header.Index} has no NDA_DST");
        if (FamilyCodes.Of(address) != header.Family)
            throw new MalformedMessageException("neighbour message", $"NDA_DST {address} does not belong to address family {header.Family}");
        bool proxy = (header.Flags & NtfFlags.Proxy) != 0;
        return new NetNeighbor
        {
            Namespace = ns,
            Interface = "",
            InterfaceIndex = header.Index,
            IPAddress = address,
            LinkLayerAddress = lladdr,
            State = (NeighborState)header.State,
            IsRouter = (header.Flags & NtfFlags.Router) != 0,
            IsProxy = proxy,
            UpdatedSecondsAgo = proxy ? null : updated,
        };
    }
}
