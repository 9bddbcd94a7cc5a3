using LinuxNetPS.Model;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Links.Kinds;

/// <summary>
/// bridge: a software switch. Options use iproute2's names and units: stp_state (on/off),
/// priority (0-65535), forward_delay, hello_time, max_age, ageing_time (centiseconds, as
/// `ip link add ... type bridge` takes them), vlan_filtering and mcast_snooping (on/off).
/// Reads the bridge's attributes back as <see cref="BridgeDetails"/> and a port's as <see cref="BridgePortDetails"/>.
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

    private static readonly Dictionary<string, ushort> VlanProtocols = new()
    {
        ["802.1Q"] = VlanProtocol.Ieee8021Q, ["802.1ad"] = VlanProtocol.Ieee8021AD,
    };

    private static readonly Dictionary<string, BridgePortState> PortStates = new()
    {
        ["disabled"] = BridgePortState.Disabled, ["listening"] = BridgePortState.Listening, ["learning"] = BridgePortState.Learning,
        ["forwarding"] = BridgePortState.Forwarding, ["blocking"] = BridgePortState.Blocking,
    };

    public LinkDetails Decode(ReadOnlySpan<byte> infoData)
    {
        var d = new BridgeDetails();
        var r = new AttributeReader(infoData);
        while (r.Next())
        {
            switch (r.Type)
            {
                case IflaBrAttr.ForwardDelay: d = d with { ForwardDelay = LinkKindText.FromCentiseconds(r.U32()) }; break;
                case IflaBrAttr.HelloTime: d = d with { HelloTime = LinkKindText.FromCentiseconds(r.U32()) }; break;
                case IflaBrAttr.MaxAge: d = d with { MaxAge = LinkKindText.FromCentiseconds(r.U32()) }; break;
                case IflaBrAttr.AgeingTime: d = d with { AgeingTime = LinkKindText.FromCentiseconds(r.U32()) }; break;
                case IflaBrAttr.StpState: d = d with { StpState = r.U32() }; break;
                case IflaBrAttr.Priority: d = d with { Priority = r.U16() }; break;
                case IflaBrAttr.VlanFiltering: d = d with { VlanFiltering = r.U8() != 0 }; break;
                case IflaBrAttr.VlanProtocol: d = d with { VlanProtocol = LinkKindText.NameOf(VlanProtocols, r.U16BigEndian()) }; break;
                case IflaBrAttr.VlanDefaultPvid: d = d with { DefaultPvid = r.U16() }; break;
                case IflaBrAttr.McastSnooping: d = d with { McastSnooping = r.U8() != 0 }; break;
                case IflaBrAttr.BridgeId: d = d with { BridgeId = ReadBridgeId(ref r) }; break;
                case IflaBrAttr.RootId: d = d with { RootId = ReadBridgeId(ref r) }; break;
            }
        }
        r.ThrowIfMalformed("bridge attributes");
        return d;
    }

    public LinkDetails DecodePort(ReadOnlySpan<byte> slaveData)
    {
        var d = new BridgePortDetails();
        var r = new AttributeReader(slaveData);
        while (r.Next())
        {
            switch (r.Type)
            {
                case IflaBrPortAttr.State: d = d with { State = LinkKindText.NameOf(PortStates, (BridgePortState)r.U8()) }; break;
                case IflaBrPortAttr.Priority: d = d with { Priority = r.U16() }; break;
                case IflaBrPortAttr.Cost: d = d with { Cost = r.U32() }; break;
                case IflaBrPortAttr.Mode: d = d with { Hairpin = r.U8() != 0 }; break;
                case IflaBrPortAttr.Guard: d = d with { Guard = r.U8() != 0 }; break;
                case IflaBrPortAttr.Learning: d = d with { Learning = r.U8() != 0 }; break;
                case IflaBrPortAttr.UnicastFlood: d = d with { Flood = r.U8() != 0 }; break;
                case IflaBrPortAttr.Isolated: d = d with { Isolated = r.U8() != 0 }; break;
            }
        }
        r.ThrowIfMalformed("bridge port attributes");
        return d;
    }

    /// <summary>struct ifla_bridge_id { __u8 prio[2]; __u8 addr[6]; } as brctl prints it: 8000.aabbccddeeff.</summary>
    private static string? ReadBridgeId(ref AttributeReader r)
    {
        if (r.Data.Length < 8)
        {
            r.Fail($"IFLA_BR_BRIDGE_ID has {r.Data.Length} bytes, expected 8");
            return null;
        }
        return Convert.ToHexString(r.Data[..2]).ToLowerInvariant() + "." + Convert.ToHexString(r.Data[2..8]).ToLowerInvariant();
    }

    /// <summary>IFLA_BR_BRIDGE_ID and whether STP is on, from IFLA_INFO_DATA (what <see cref="Bridges.BridgeOperations"/> shows).</summary>
    public static (string? BridgeId, bool StpEnabled) ReadInfo(ReadOnlySpan<byte> infoData)
    {
        var d = (BridgeDetails)new BridgeKind().Decode(infoData);
        return (d.BridgeId, d.StpState != 0);
    }

    /// <summary>IFLA_BRPORT_STATE from a port's IFLA_INFO_SLAVE_DATA; null if absent.</summary>
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

/// <summary>
/// A bridge as the kernel reports it (`ip -d link`: "bridge forward_delay 1500 hello_time 200 ... stp_state 0 priority 32768").
/// The times are TimeSpans; the summary prints them in centiseconds, as iproute2 does and as the bridge's options take them.
/// </summary>
public sealed record BridgeDetails : LinkDetails
{
    public override string Kind => "bridge";

    public TimeSpan ForwardDelay { get; init; }
    public TimeSpan HelloTime { get; init; }
    public TimeSpan MaxAge { get; init; }

    /// <summary>How long a learned MAC address stays in the forwarding database.</summary>
    public TimeSpan AgeingTime { get; init; }

    /// <summary>0 = STP off, 1 = the kernel's STP, 2 = a user-space STP daemon's.</summary>
    public uint StpState { get; init; }

    /// <summary>The bridge priority (the first half of the bridge id).</summary>
    public ushort Priority { get; init; }

    public bool VlanFiltering { get; init; }

    /// <summary>802.1Q or 802.1ad, when reported.</summary>
    public string? VlanProtocol { get; init; }

    /// <summary>The VLAN new ports join untagged (with VLAN filtering), when reported.</summary>
    public ushort? DefaultPvid { get; init; }

    public bool McastSnooping { get; init; }

    /// <summary>priority.mac as brctl prints it: 8000.aabbccddeeff.</summary>
    public string? BridgeId { get; init; }

    /// <summary>The designated root's id, in the same form.</summary>
    public string? RootId { get; init; }

    protected override void Describe(List<string> words)
    {
        words.AddRange([
            "forward_delay", LinkKindText.Centiseconds(ForwardDelay), "hello_time", LinkKindText.Centiseconds(HelloTime),
            "max_age", LinkKindText.Centiseconds(MaxAge), "ageing_time", LinkKindText.Centiseconds(AgeingTime),
            "stp_state", StpState.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "priority", Priority.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "vlan_filtering", VlanFiltering ? "1" : "0",
        ]);
        if (VlanProtocol is not null) words.AddRange(["vlan_protocol", VlanProtocol]);
        if (BridgeId is not null) words.AddRange(["bridge_id", BridgeId]);
        words.AddRange(["mcast_snooping", McastSnooping ? "1" : "0"]);
    }
}

/// <summary>A port of a bridge as the kernel reports it (`ip -d link`: "bridge_slave state forwarding priority 32 cost 2 ...").</summary>
public sealed record BridgePortDetails : LinkDetails
{
    public override string Kind => "bridge_slave";

    /// <summary>The STP state: disabled, listening, learning, forwarding or blocking.</summary>
    public string? State { get; init; }

    public ushort Priority { get; init; }
    public uint Cost { get; init; }

    /// <summary>Whether frames may leave by the port they came in by (hairpin mode, for reflective relays).</summary>
    public bool Hairpin { get; init; }

    /// <summary>Whether STP BPDUs received on the port are refused (bpdu guard).</summary>
    public bool Guard { get; init; }

    /// <summary>Whether the bridge learns source MAC addresses on the port.</summary>
    public bool Learning { get; init; }

    /// <summary>Whether unknown unicast is flooded to the port.</summary>
    public bool Flood { get; init; }

    /// <summary>Whether the port is isolated: it cannot exchange frames with the bridge's other isolated ports.</summary>
    public bool Isolated { get; init; }

    protected override void Describe(List<string> words)
    {
        if (State is not null) words.AddRange(["state", State]);
        words.AddRange([
            "priority", Priority.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "cost", Cost.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "hairpin", OnOff(Hairpin), "guard", OnOff(Guard), "learning", OnOff(Learning), "flood", OnOff(Flood), "isolated", OnOff(Isolated),
        ]);
    }
}
