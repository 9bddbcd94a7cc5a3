using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Links.Kinds;

/// <summary>
/// bridge: a software switch. Options use iproute2's names and units: stp_state (on/off),
/// priority (0-65535), forward_delay, hello_time, max_age, ageing_time (centiseconds, as
/// `ip link add ... type bridge` takes them), vlan_filtering and mcast_snooping (on/off).
/// Also reads the bridge's own attributes back for <see cref="Bridges.BridgeOperations"/>.
/// </summary>
internal sealed class BridgeKind : ILinkKind
{
    public string Kind => "bridge";

    public IReadOnlyCollection<string> OptionNames =>
        ["stp_state", "priority", "forward_delay", "hello_time", "max_age", "ageing_time", "vlan_filtering", "mcast_snooping"];

    public LinkKindRequest Prepare(LinkKindContext c)
    {
        c.NoParent();
        var stp = c.Boolean("stp_state");
        var priority = c.UInt32("priority", 0, ushort.MaxValue);
        var forwardDelay = c.UInt32("forward_delay");
        var helloTime = c.UInt32("hello_time");
        var maxAge = c.UInt32("max_age");
        var ageingTime = c.UInt32("ageing_time");
        var vlanFiltering = c.Boolean("vlan_filtering");
        var snooping = c.Boolean("mcast_snooping");
        if (c.Spec.Options.Count == 0) return LinkKindRequest.Empty;
        return new LinkKindRequest
        {
            Data = w =>
            {
                if (forwardDelay is { } fd) w.U32(IflaBrAttr.ForwardDelay, fd);
                if (helloTime is { } ht) w.U32(IflaBrAttr.HelloTime, ht);
                if (maxAge is { } ma) w.U32(IflaBrAttr.MaxAge, ma);
                if (ageingTime is { } at) w.U32(IflaBrAttr.AgeingTime, at);
                if (stp is { } s) w.U32(IflaBrAttr.StpState, s ? 1u : 0u);
                if (priority is { } p) w.U16(IflaBrAttr.Priority, (ushort)p);
                if (vlanFiltering is { } vf) w.U8(IflaBrAttr.VlanFiltering, vf ? (byte)1 : (byte)0);
                if (snooping is { } ms) w.U8(IflaBrAttr.McastSnooping, ms ? (byte)1 : (byte)0);
            },
        };
    }

    /// <summary>Reads IFLA_BR_BRIDGE_ID (as brctl prints it: 8000.aabbccddeeff) and IFLA_BR_STP_STATE from IFLA_INFO_DATA.</summary>
    public static (string? BridgeId, bool StpEnabled) ReadInfo(ReadOnlySpan<byte> infoData)
    {
        string? id = null;
        bool stp = false;
        var r = new AttributeReader(infoData);
        while (r.Next())
        {
            switch (r.Type)
            {
                case IflaBrAttr.BridgeId:
                    // struct ifla_bridge_id { __u8 prio[2]; __u8 addr[6]; }
                    if (r.Data.Length >= 8)
                        id = Convert.ToHexString(r.Data[..2]).ToLowerInvariant() + "." + Convert.ToHexString(r.Data[2..8]).ToLowerInvariant();
                    else
                        r.Fail($"IFLA_BR_BRIDGE_ID has {r.Data.Length} bytes, expected 8");
                    break;
                case IflaBrAttr.StpState:
                    stp = r.U32() != 0;
                    break;
            }
        }
        r.ThrowIfMalformed("bridge attributes");
        return (id, stp);
    }

    /// <summary>Reads IFLA_BRPORT_STATE from a port's IFLA_INFO_SLAVE_DATA; null if absent.</summary>
    public static BridgePortState? ReadPortState(ReadOnlySpan<byte> slaveData)
    {
        var r = new AttributeReader(slaveData);
        BridgePortState? state = null;
        while (r.Next())
            if (r.Type == IflaBrPortAttr.State) state = (BridgePortState)r.U8();
        r.ThrowIfMalformed("bridge port attributes");
        return state;
    }
}
