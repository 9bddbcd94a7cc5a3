using System.Net;
using Family = System.Net.Sockets.AddressFamily;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Links.Kinds;

/// <summary>
/// vxlan: Ethernet over UDP. Options: id (VNI, required, 0-16777215), port (UDP destination
/// port; iproute2 calls it dstport, which is accepted too), local (source address), remote
/// (unicast peer) or group (multicast group), ttl, learning (on/off). The parent, if given,
/// is the interface the tunnel uses (IFLA_VXLAN_LINK).
/// </summary>
internal sealed class VxlanKind : ILinkKind
{
    public string Kind => "vxlan";

    public IReadOnlyCollection<string> OptionNames => ["id", "port", "dstport", "local", "remote", "group", "ttl", "learning"];

    public LinkKindRequest Prepare(LinkKindContext c)
    {
        uint id = c.UInt32("id", 0, 0xFFFFFF)
            ?? throw c.Invalid("A vxlan link needs its VXLAN network identifier: add the option id (0-16777215), e.g. id = 42.", c.Spec.Name);
        if (c.Option("port") is not null && c.Option("dstport") is not null)
            throw c.Invalid("Give the vxlan UDP port once: as port or as dstport, not both.", "port");
        uint? port = c.UInt32("port", 1, 65535) ?? c.UInt32("dstport", 1, 65535);
        var local = c.Address("local");
        var remote = c.Address("remote");
        var group = c.Address("group");
        uint? ttl = c.UInt32("ttl", 0, 255);
        bool? learning = c.Boolean("learning");

        if (remote is not null && group is not null)
            throw c.Invalid("A vxlan link has either a remote (unicast) or a group (multicast) address, not both.", "group");
        if (remote is not null && IsMulticast(remote))
            throw c.Invalid($"The vxlan remote {remote} is a multicast address; give it as group instead.", "remote");
        if (group is not null && !IsMulticast(group))
            throw c.Invalid($"The vxlan group {group} is not a multicast address (224.0.0.0/4 or ff00::/8); for a single peer use remote.", "group");
        var destination = remote ?? group;
        if (local is not null && destination is not null && local.AddressFamily != destination.AddressFamily)
            throw c.Invalid($"The vxlan local address {local} and destination {destination} must be of the same family (both IPv4 or both IPv6).", "local");
        if (local is not null && IsMulticast(local))
            throw c.Invalid($"The vxlan local address {local} cannot be a multicast address.", "local");
        int? parent = c.ParentIndex(required: false);

        return new LinkKindRequest
        {
            Data = w =>
            {
                w.U32(IflaVxlanAttr.Id, id);
                if (parent is { } p) w.U32(IflaVxlanAttr.Link, (uint)p);
                if (local is not null)
                    w.Bytes(local.AddressFamily == Family.InterNetwork ? IflaVxlanAttr.Local : IflaVxlanAttr.Local6, local.GetAddressBytes());
                if (destination is not null)
                    w.Bytes(destination.AddressFamily == Family.InterNetwork ? IflaVxlanAttr.Group : IflaVxlanAttr.Group6, destination.GetAddressBytes());
                if (ttl is { } t) w.U8(IflaVxlanAttr.Ttl, (byte)t);
                if (learning is { } l) w.U8(IflaVxlanAttr.Learning, l ? (byte)1 : (byte)0);
                if (port is { } dport) w.U16BigEndian(IflaVxlanAttr.Port, (ushort)dport);
            },
        };
    }

    private static bool IsMulticast(IPAddress a) =>
        a.AddressFamily == Family.InterNetwork ? (a.GetAddressBytes()[0] & 0xF0) == 0xE0 : a.IsIPv6Multicast;
}
