using System.Globalization;
using System.Net;
using Family = System.Net.Sockets.AddressFamily;
using LinuxNetPS.Model;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Links.Kinds;

/// <summary>
/// vxlan: Ethernet over UDP. Options: id (VNI, required, 0-16777215), port (UDP destination
/// port; iproute2 calls it dstport, which is accepted too), local (source address), remote
/// (unicast peer) or group (multicast group), ttl, learning (on/off), proxy (on/off: answer ARP and
/// neighbour solicitations from the device's neighbour table, never sending them over the tunnel). The parent, if given,
/// is the interface the tunnel uses (IFLA_VXLAN_LINK). Reads the same back as <see cref="VxlanDetails"/>.
/// </summary>
internal sealed class VxlanKind : ILinkKind
{
    public string Kind => "vxlan";

    public IReadOnlyCollection<string> OptionNames => ["id", "port", "dstport", "local", "remote", "group", "ttl", "learning", "proxy"];

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
        bool? proxy = c.Boolean("proxy");

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
                if (proxy is { } x) w.U8(IflaVxlanAttr.Proxy, x ? (byte)1 : (byte)0);
                if (port is { } dport) w.U16BigEndian(IflaVxlanAttr.Port, (ushort)dport);
            },
        };
    }

    public LinkDetails Decode(ReadOnlySpan<byte> infoData)
    {
        var d = new VxlanDetails { Learning = true };
        IPAddress? destination = null;
        var r = new AttributeReader(infoData);
        while (r.Next())
        {
            switch (r.Type)
            {
                case IflaVxlanAttr.Id: d = d with { Id = r.U32() }; break;
                case IflaVxlanAttr.Group or IflaVxlanAttr.Group6: destination = r.Address(); break;
                case IflaVxlanAttr.Local or IflaVxlanAttr.Local6: d = d with { Local = r.Address() }; break;
                case IflaVxlanAttr.Link: d = d with { DeviceIndex = r.U32() is var i and > 0 ? (int)i : null }; break;
                case IflaVxlanAttr.Port: d = d with { Port = r.U16BigEndian() }; break;
                case IflaVxlanAttr.Learning: d = d with { Learning = r.U8() != 0 }; break;
                case IflaVxlanAttr.Proxy: d = d with { Proxy = r.U8() != 0 }; break;
                case IflaVxlanAttr.Ttl: d = d with { Ttl = r.U8() }; break;
                case IflaVxlanAttr.Ageing: d = d with { Ageing = TimeSpan.FromSeconds(r.U32()) }; break;
            }
        }
        r.ThrowIfMalformed("vxlan attributes");
        // IFLA_VXLAN_GROUP carries the unicast remote as well as the multicast group.
        return destination is null ? d : IsMulticast(destination) ? d with { Group = destination } : d with { Remote = destination };
    }

    private static bool IsMulticast(IPAddress a) =>
        a.AddressFamily == Family.InterNetwork ? (a.GetAddressBytes()[0] & 0xF0) == 0xE0 : a.IsIPv6Multicast;
}

/// <summary>A vxlan link as the kernel reports it (`ip -d link`: "vxlan id 42 remote 10.0.0.2 local 10.0.0.1 dev eth0 dstport 4789").</summary>
public sealed record VxlanDetails : LinkDetails
{
    public override string Kind => "vxlan";

    /// <summary>The VXLAN network identifier (VNI).</summary>
    public uint Id { get; init; }

    /// <summary>The unicast peer the tunnel sends to, or null.</summary>
    public IPAddress? Remote { get; init; }

    /// <summary>The multicast group the tunnel floods to, or null.</summary>
    public IPAddress? Group { get; init; }

    /// <summary>The source address of the tunnel's packets, or null (the kernel picks).</summary>
    public IPAddress? Local { get; init; }

    /// <summary>The index of the underlying device (IFLA_VXLAN_LINK), or null.</summary>
    public int? DeviceIndex { get; init; }

    /// <summary>The underlying device's name, when it could be resolved.</summary>
    public string? Device { get; init; }

    /// <summary>The UDP destination port (iproute2's dstport; 0 = the kernel's default, 8472).</summary>
    public ushort Port { get; init; }

    /// <summary>Whether the tunnel learns remote MAC addresses from received packets.</summary>
    public bool Learning { get; init; }

    /// <summary>Whether the device answers ARP and neighbour solicitations from its own neighbour table (`proxy`), as overlay networks use it.</summary>
    public bool Proxy { get; init; }

    /// <summary>The TTL of the tunnel's packets; 0 is "auto" (the route's).</summary>
    public byte Ttl { get; init; }

    /// <summary>How long learned entries live, when reported.</summary>
    public TimeSpan? Ageing { get; init; }

    public override LinkDetails WithLinkNames(Func<int, string?> nameOf) =>
        DeviceIndex is { } i && Device is null ? this with { Device = nameOf(i) } : this;

    protected override void Describe(List<string> words)
    {
        words.Add("id");
        words.Add(Id.ToString(CultureInfo.InvariantCulture));
        if (Remote is not null) words.AddRange(["remote", Remote.ToString()]);
        if (Group is not null) words.AddRange(["group", Group.ToString()]);
        if (Local is not null) words.AddRange(["local", Local.ToString()]);
        if (Device is not null || DeviceIndex is not null) words.AddRange(["dev", Device ?? $"if{DeviceIndex}"]);
        words.AddRange(["dstport", Port.ToString(CultureInfo.InvariantCulture)]);
        if (!Learning) words.Add("nolearning");
        if (Proxy) words.Add("proxy");
        words.AddRange(["ttl", Ttl == 0 ? "auto" : Ttl.ToString(CultureInfo.InvariantCulture)]);
        if (Ageing is { } a) words.AddRange(["ageing", ((long)a.TotalSeconds).ToString(CultureInfo.InvariantCulture)]);
    }
}
