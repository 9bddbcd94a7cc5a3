using System.Net;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Neighbors;
using LinuxNetPS.Netlink;
using LinuxNetPS.Primitives;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Bridges;

/// <summary>
/// A checked AF_BRIDGE RTM_NEWNEIGH / RTM_DELNEIGH body (`bridge fdb add|del`): all validation happens before the kernel
/// sees it, and the bytes are those `bridge` sends (FdbGoldenTests).
/// </summary>
internal sealed class FdbRequest
{
    private readonly byte[] _mac;
    private readonly ushort _state;
    private readonly byte _flags;
    private readonly IPAddress? _destination;
    private readonly int? _port;
    private readonly uint? _vni;
    private readonly int? _vlan;

    private FdbRequest(byte[] mac, ushort state, byte flags, IPAddress? destination, int? port, uint? vni, int? vlan, string text)
    {
        _mac = mac;
        _state = state;
        _flags = flags;
        _destination = destination;
        _port = port;
        _vni = vni;
        _vlan = vlan;
        Text = text;
    }

    /// <summary>"02:00:00:00:00:01 dev vx0 dst 10.0.0.2 self", for messages.</summary>
    public string Text { get; }

    /// <summary>NTF_SELF: the device's own table (VXLAN, the bridge itself); otherwise NTF_MASTER, the table of the bridge the port is in.</summary>
    public bool Self => (_flags & NtfFlags.Self) != 0;

    public IPAddress? Destination => _destination;

    public bool IsTunnelEntry => _destination is not null || _vni is not null || _port is not null;

    /// <summary>Checks what needs no kernel: the MAC, VLAN id, port and VNI ranges, the interface name.</summary>
    public static void CheckInput(FdbSpec spec)
    {
        LinkName.Validate(spec.Interface);
        MacText.Parse(spec.MacAddress, "MAC address");
        if (spec.Vlan is { } v) VlanIds.Check(v);
        if (spec.DestinationPort is { } p && p is < 1 or > 65535)
            throw NetOperationException.Invalid($"The destination port {p} is out of range: a UDP port is from 1 to 65535 (VXLAN's is 4789).", p.ToString())
                .WithErrorId(ErrorIds.InvalidPort);
        if (spec.Vni is { } n && n > 0xFFFFFF)
            throw NetOperationException.Invalid($"The VNI {n} is out of range: a VXLAN network identifier is from 0 to 16777215.", n.ToString());
    }

    /// <summary>
    /// The request for <paramref name="spec"/> on <paramref name="link"/>: which table (self or master) and which state
    /// follow from the link when the spec leaves them open.
    /// </summary>
    public static FdbRequest Build(FdbSpec spec, NetLink link, bool delete)
    {
        CheckInput(spec);
        var mac = MacText.Parse(spec.MacAddress, "MAC address");
        bool tunnel = spec.Destination is not null || spec.Vni is not null || spec.DestinationPort is not null;
        bool isBridge = link.Kind == "bridge", isPort = link.PortKind == "bridge";
        if (tunnel && link.Kind != "vxlan")
            throw NetOperationException.Invalid(
                $"'{spec.Interface}' is {(link.Kind is { } k ? $"a {k} link" : "not a VXLAN device")}: -Destination, -DestinationPort and -Vni are for the FDB of a VXLAN device.",
                spec.Interface).WithErrorId(ErrorIds.ParameterConflict);
        bool self = spec.Self ?? (tunnel || !isPort);
        if (!self && !isPort)
            throw NetOperationException.Invalid($"'{spec.Interface}' is not a port of a bridge, so it has no bridge table to put the entry in; use the device's own (-Self).", spec.Interface)
                .WithErrorId(ErrorIds.NotABridgePort);

        ushort state;
        if (delete) state = NudState.NoArp | NudState.Permanent; // what `bridge fdb del` sends; the kernel ignores it
        else
        {
            var wanted = spec.State ?? (isBridge ? BridgeFdbState.Permanent : BridgeFdbState.Static);
            if (isBridge && self && wanted != BridgeFdbState.Permanent)
                throw NetOperationException.Invalid(
                    $"An entry on the bridge '{spec.Interface}' itself is one of the bridge's own addresses, so it is Permanent; leave out -State {wanted} (or add the entry on a port).",
                    spec.Interface).WithErrorId(ErrorIds.ParameterConflict);
            state = FdbParser.NudOf(wanted);
        }

        var text = $"{MacText.Format(mac)} dev {spec.Interface}" + (spec.Vlan is { } v ? $" vlan {v}" : "")
            + (spec.Destination is { } d ? $" dst {d}" : "") + (spec.DestinationPort is { } p ? $" port {p}" : "")
            + (spec.Vni is { } n ? $" vni {n}" : "") + (self ? " self" : " master");
        return new FdbRequest(mac, state, self ? NtfFlags.Self : NtfFlags.Master, spec.Destination, spec.DestinationPort, spec.Vni, spec.Vlan, text);
    }

    /// <summary>Whether a listed entry of the interface is the one this request names (same MAC, VLAN and, where given, remote).</summary>
    public bool Matches(BridgeFdbEntry e) =>
        string.Equals(e.MacAddress, MacText.Format(_mac), StringComparison.OrdinalIgnoreCase) && e.Vlan == _vlan
        && (_destination is null || _destination.Equals(e.RemoteAddress)) && (_vni is null || e.Vni == _vni) && (_port is null || e.RemotePort == _port);

    public void Write(NetlinkWriter w, int index)
    {
        w.Struct(new NdMsg { Family = Rtnetlink.AddressFamily.Bridge, Index = index, State = _state, Flags = _flags });
        w.Bytes(NdaAttr.LinkLayerAddress, _mac);
        if (_destination is not null) w.Bytes(NdaAttr.Dst, _destination.GetAddressBytes());
        if (_port is { } p) w.U16BigEndian(NdaAttr.Port, (ushort)p);
        if (_vni is { } n) w.U32(NdaAttr.Vni, n);
        if (_vlan is { } v) w.U16(NdaAttr.Vlan, (ushort)v);
    }
}

/// <summary>An FDB entry to add or remove (`bridge fdb add|del`).</summary>
public sealed record FdbSpec
{
    /// <summary>The MAC address; 00:00:00:00:00:00 on a VXLAN device is the default entry (flooding to every Destination).</summary>
    public required string MacAddress { get; init; }
    /// <summary>The device: a bridge port, the bridge itself, or a VXLAN device.</summary>
    public required string Interface { get; init; }
    /// <summary>The VLAN (1-4094) the entry is for, on a VLAN-filtering bridge.</summary>
    public int? Vlan { get; init; }
    /// <summary>VXLAN: the remote tunnel endpoint frames for the MAC go to (`dst`).</summary>
    public IPAddress? Destination { get; init; }
    /// <summary>VXLAN: the remote's UDP port, when it is not the device's (`port`).</summary>
    public int? DestinationPort { get; init; }
    /// <summary>VXLAN: the VNI, when it is not the device's (`vni`).</summary>
    public uint? Vni { get; init; }
    /// <summary>Static (default on ports and VXLAN), Permanent (default on the bridge itself: a local address) or Dynamic (ages out).</summary>
    public BridgeFdbState? State { get; init; }
    /// <summary>
    /// true: the device's own table (`self`); false: the table of the bridge the port is in (`master`); null: master for a
    /// bridge port, self for VXLAN entries (a -Destination, -Vni or -DestinationPort), the bridge itself and other devices.
    /// </summary>
    public bool? Self { get; init; }

    /// <summary>Checks what needs no kernel (MAC, VLAN id, port and VNI ranges, the interface name): InvalidArgument with an id otherwise.</summary>
    public void Validate() => FdbRequest.CheckInput(this);
}
