using System.Net;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Neighbors;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Bridges;

/// <summary>An FDB entry as the kernel sent it, with the bridge still an index (names are resolved after the dump).</summary>
internal sealed record ParsedFdbEntry(BridgeFdbEntry Entry, int? MasterIndex);

/// <summary>Turns one AF_BRIDGE RTM_NEWNEIGH (struct ndmsg + NDA_*) into an FDB entry.</summary>
internal static class FdbParser
{
    /// <summary>The entry, or null for other message types and families (ARP/ND entries); a malformed message throws.</summary>
    public static ParsedFdbEntry? Parse(in NetlinkMessage m, string? ns)
    {
        if (m.Type != RtmType.NewNeigh) return null;
        var header = m.Header<NdMsg>();
        if (header.Family != Rtnetlink.AddressFamily.Bridge) return null;

        string? mac = null;
        IPAddress? dst = null;
        int? vlan = null, port = null, master = null;
        uint? vni = null;
        double? updated = null;
        var r = m.Attributes<NdMsg>();
        while (r.Next())
        {
            switch (r.Type)
            {
                case NdaAttr.LinkLayerAddress:
                    if (r.Data.Length == 6) mac = MacText.Format(r.Data);
                    else r.Fail($"NDA_LLADDR has {r.Data.Length} bytes, expected 6");
                    break;
                case NdaAttr.Dst: dst = r.Address(); break;
                case NdaAttr.Vlan: vlan = r.U16(); break;
                case NdaAttr.Port: port = r.U16BigEndian(); break;
                case NdaAttr.Vni: vni = r.U32(); break;
                case NdaAttr.Master: master = (int)r.U32(); break;
                case NdaAttr.CacheInfo: updated = r.Struct<NdaCacheInfo>().Updated / (double)NdaCacheInfo.TicksPerSecond; break;
            }
        }
        r.ThrowIfMalformed("bridge FDB message");
        if (mac is null) throw new MalformedMessageException("bridge FDB message", $"the entry on interface {header.Index} has no NDA_LLADDR");
        return new ParsedFdbEntry(new BridgeFdbEntry
        {
            Namespace = ns,
            MacAddress = mac,
            Interface = "",
            InterfaceIndex = header.Index,
            Vlan = vlan,
            RemoteAddress = dst,
            RemotePort = port,
            Vni = vni,
            State = StateOf(header.State),
            Flags = (BridgeFdbFlags)(header.Flags & (byte)(BridgeFdbFlags.Self | BridgeFdbFlags.Master | BridgeFdbFlags.ExternLearned
                | BridgeFdbFlags.Offloaded | BridgeFdbFlags.Sticky | BridgeFdbFlags.Router)),
            UpdatedSecondsAgo = updated,
        }, master);
    }

    /// <summary>`bridge fdb`'s reading of ndm_state: permanent, static (NUD_NOARP), stale, or else dynamic.</summary>
    public static BridgeFdbState StateOf(ushort state) =>
        (state & NudState.Permanent) != 0 ? BridgeFdbState.Permanent
        : (state & NudState.NoArp) != 0 ? BridgeFdbState.Static
        : (state & NudState.Stale) != 0 ? BridgeFdbState.Stale
        : BridgeFdbState.Dynamic;

    /// <summary>The NUD state `bridge fdb add` sends for a state word (iproute2: static = NOARP|REACHABLE, permanent = NOARP|PERMANENT).</summary>
    public static ushort NudOf(BridgeFdbState state) => state switch
    {
        BridgeFdbState.Permanent => NudState.NoArp | NudState.Permanent,
        BridgeFdbState.Static => NudState.NoArp | NudState.Reachable,
        BridgeFdbState.Dynamic => NudState.Reachable,
        _ => throw NetOperationException.Invalid($"An FDB entry cannot be added as {state}; use Static, Permanent or Dynamic.", state.ToString()),
    };

}
