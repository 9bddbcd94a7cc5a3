using LinuxNetPS.Netlink;
using LinuxNetPS.Primitives;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Links.Kinds;

/// <summary>
/// The far end of a veth pair, as it goes inside VETH_INFO_PEER. NamespaceFd becomes
/// IFLA_NET_NS_FD: the peer is created directly in that namespace (null = the same namespace).
/// There is deliberately no "up" here: the kernel configures the peer before the two ends are
/// joined, and opening an unjoined veth fails with ENOTCONN, so the peer is brought up afterwards.
/// </summary>
internal sealed record VethPeer(string Name, int? NamespaceFd, uint? Mtu, byte[]? MacAddress);

/// <summary>
/// veth: a pair of links joined like a cable. The peer is described by a whole ifinfomsg plus
/// attributes inside VETH_INFO_PEER, so it can be named, sized, brought up and even created in
/// another namespace (IFLA_NET_NS_FD) in the same request as the first end (but not brought up:
/// see <see cref="VethPeer"/>). Option: peer (its name). The kernel reports no IFLA_INFO_DATA for a veth in a dump: the
/// peer is IFLA_LINK (and IFLA_LINK_NETNSID), which the link reader turns into the peer's name and namespace.
/// </summary>
internal sealed class VethKind : ILinkKind
{
    /// <summary>The kernel's name for the kind, for requests that build a pair without a spec of options (<see cref="LinkRequest.CreateVeth"/>).</summary>
    public const string Name = "veth";

    public string Kind => Name;

    public IReadOnlyCollection<string> OptionNames => ["peer"];

    public bool IsPair => true;

    public LinkKindRequest Prepare(LinkKindContext context)
    {
        context.NoParent();
        if (context.Option("peer") is not { } peer) return LinkKindRequest.Empty; // the kernel picks vethN
        LinkName.Validate(peer);
        return ForPeer(new VethPeer(peer, null, context.Spec.Mtu, null));
    }

    public static LinkKindRequest ForPeer(VethPeer peer) => new()
    {
        Data = w =>
        {
            using (w.Nested(VethInfoAttr.Peer))
            {
                w.Struct(new IfInfoMsg());
                w.String(IflaAttr.IfName, peer.Name);
                if (peer.Mtu is { } mtu) w.U32(IflaAttr.Mtu, mtu);
                if (peer.MacAddress is { } mac) w.Bytes(IflaAttr.Address, mac);
                if (peer.NamespaceFd is { } fd) w.U32(IflaAttr.NetNsFd, (uint)fd);
            }
        },
    };
}
