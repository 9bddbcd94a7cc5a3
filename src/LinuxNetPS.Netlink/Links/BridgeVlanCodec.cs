using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Links;

/// <summary>
/// Bridge VLANs on the wire: an AF_BRIDGE link message (struct ifinfomsg) whose IFLA_AF_SPEC holds IFLA_BRIDGE_FLAGS and
/// one IFLA_BRIDGE_VLAN_INFO (struct bridge_vlan_info) per VLAN, or a RANGE_BEGIN / RANGE_END pair per range: what
/// `bridge vlan add|del` sends (RTM_SETLINK / RTM_DELLINK) and what an AF_BRIDGE RTM_GETLINK dump answers.
/// It lives with the other link messages (only Links/ writes them); Bridges/BridgeVlanOperations decides what to send.
/// </summary>
internal static class BridgeVlanCodec
{
    /// <summary>`bridge vlan add`: lets the VLANs pass the port (or the bridge itself, with <paramref name="self"/>).</summary>
    public static void Add(NetlinkSocket socket, int index, IReadOnlyList<(int From, int To)> ranges, bool pvid, bool untagged, bool self, string target) =>
        socket.Execute(RtmType.SetLink, NetlinkFlags.None, w => Write(w, index, ranges, pvid, untagged, self), "add bridge VLAN", target);

    /// <summary>`bridge vlan del`.</summary>
    public static void Remove(NetlinkSocket socket, int index, IReadOnlyList<(int From, int To)> ranges, bool self, string target) =>
        socket.Execute(RtmType.DelLink, NetlinkFlags.None, w => Write(w, index, ranges, false, false, self), "remove bridge VLAN", target);

    /// <summary>The AF_BRIDGE RTM_GETLINK dump request that asks for every port's VLANs, ranges compressed (`bridge vlan show`).</summary>
    public static void WriteDumpRequest(NetlinkWriter w)
    {
        w.Struct(new IfInfoMsg { Family = Rtnetlink.AddressFamily.Bridge });
        w.U32(IflaAttr.ExtMask, RtExtFilterBridge.BrVlanCompressed);
    }

    /// <summary>Writes the body of `bridge vlan add|del vid RANGE dev PORT [pvid] [untagged] [self]`.</summary>
    public static void Write(NetlinkWriter w, int index, IReadOnlyList<(int From, int To)> ranges, bool pvid, bool untagged, bool self)
    {
        w.Struct(new IfInfoMsg { Family = Rtnetlink.AddressFamily.Bridge, Index = index });
        using (w.Nested(IflaAfSpec.AfSpec))
        {
            if (self) w.U16(IflaBridgeAttr.Flags, BridgeFlags.Self);
            ushort flags = (ushort)((pvid ? BridgeVlanInfoFlags.Pvid : 0) | (untagged ? BridgeVlanInfoFlags.Untagged : 0));
            foreach (var (from, to) in ranges)
            {
                if (from == to)
                {
                    w.StructAttribute(IflaBridgeAttr.VlanInfo, new BridgeVlanInfo { Flags = flags, Vid = (ushort)from });
                    continue;
                }
                w.StructAttribute(IflaBridgeAttr.VlanInfo, new BridgeVlanInfo { Flags = (ushort)(flags | BridgeVlanInfoFlags.RangeBegin), Vid = (ushort)from });
                w.StructAttribute(IflaBridgeAttr.VlanInfo, new BridgeVlanInfo { Flags = (ushort)(flags | BridgeVlanInfoFlags.RangeEnd), Vid = (ushort)to });
            }
        }
    }

    /// <summary>
    /// The VLANs of one port (or bridge) from an AF_BRIDGE RTM_NEWLINK, ranges expanded; empty for a link message of another
    /// family or without VLANs. A range that does not close, or a VLAN id outside 0-4095, is malformed.
    /// </summary>
    public static List<BridgeVlan> Parse(in NetlinkMessage m, string? ns)
    {
        var vlans = new List<BridgeVlan>();
        if (m.Type != RtmType.NewLink) return vlans;
        var header = m.Header<IfInfoMsg>();
        if (header.Family != Rtnetlink.AddressFamily.Bridge) return vlans;

        string? name = null;
        int? rangeStart = null;
        var r = m.Attributes<IfInfoMsg>();
        while (r.Next())
        {
            if (r.Type == IflaAttr.IfName) name = r.String();
            else if (r.Type == IflaAfSpec.AfSpec)
            {
                var spec = r.Nested();
                while (spec.Next())
                {
                    if (spec.Type != IflaBridgeAttr.VlanInfo) continue;
                    var info = spec.Struct<BridgeVlanInfo>();
                    if (spec.Error is not null) break;
                    if (info.Vid > 4095) { spec.Fail($"VLAN id {info.Vid} is out of range"); break; }
                    bool pvid = (info.Flags & BridgeVlanInfoFlags.Pvid) != 0, untagged = (info.Flags & BridgeVlanInfoFlags.Untagged) != 0;
                    if ((info.Flags & BridgeVlanInfoFlags.RangeBegin) != 0)
                    {
                        if (rangeStart is not null) { spec.Fail("a VLAN range begins inside another"); break; }
                        rangeStart = info.Vid;
                        continue;
                    }
                    int from = info.Vid;
                    if ((info.Flags & BridgeVlanInfoFlags.RangeEnd) != 0)
                    {
                        if (rangeStart is not { } s || s > info.Vid) { spec.Fail("a VLAN range ends that did not begin"); break; }
                        from = s;
                        rangeStart = null;
                    }
                    for (int vid = from; vid <= info.Vid; vid++)
                        vlans.Add(new BridgeVlan { Namespace = ns, Interface = "", InterfaceIndex = header.Index, Vlan = vid, Pvid = pvid, Untagged = untagged });
                }
                if (rangeStart is not null) spec.Fail("a VLAN range does not end");
            }
        }
        r.ThrowIfMalformed("bridge VLAN message");
        var ifname = name ?? $"if{header.Index}";
        return vlans.Select(v => v with { Interface = ifname }).ToList();
    }
}
