using System.Net;
using LinuxNetPS.Client;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Bench;

/// <summary>
/// The same topology with the fewest kernel round trips the library's transport allows:
/// namespaces through the public API, then raw rtnetlink requests pipelined with
/// <see cref="NetlinkSocket.ExecuteBatch"/> (many veth creations per send on the host side; per
/// container one lookup of the peer's index and one send for lo up + peer up + address + route). It shows
/// the floor under the public API: what is left is kernel work.
/// </summary>
internal static class PipelinedBuilder
{
    public static void Build(TopologySpec spec, StepTimer timer, int chunk)
    {
        CreateNamespaces(spec, timer);
        Connect(spec, timer, chunk);
    }

    public static void CreateNamespaces(TopologySpec spec, StepTimer timer)
    {
        timer.Time("namespace create (host)", () => NetworkNamespaces.Create(spec.HostNamespace));
        var names = Enumerable.Range(0, spec.Containers).Select(spec.Namespace).ToList();
        timer.Time("NetworkNamespaces.CreateMany", () => NetworkNamespaces.CreateMany(names));
    }

    /// <summary>The bridge and the containers, in namespaces that exist already.</summary>
    public static void Connect(TopologySpec spec, StepTimer timer, int chunk)
    {
        var names = Enumerable.Range(0, spec.Containers).Select(spec.Namespace).ToList();
        var clients = names.Select(NetClient.For).ToArray();

        var host = NetClient.For(spec.HostNamespace);
        int bridgeIndex = timer.Time("host: bridge + lo up + address", () =>
        {
            host.Route.ExecuteBatch(b =>
            {
                b.Add(RtmType.NewLink, NetlinkFlags.Create | NetlinkFlags.Excl, w =>
                {
                    w.Struct(new IfInfoMsg { Flags = (uint)InterfaceFlags.Up, Change = (uint)InterfaceFlags.Up });
                    w.String(IflaAttr.IfName, TopologySpec.Bridge);
                    using (w.Nested(IflaAttr.LinkInfo)) w.String(IflaInfoAttr.Kind, "bridge");
                }, "create bridge", TopologySpec.Bridge);
                b.Add(RtmType.NewLink, NetlinkFlags.None, LoopbackUp, "set lo up", "lo");
            });
            int index = IndexOf(host.Route, TopologySpec.Bridge);
            host.Route.Execute(RtmType.NewAddr, NetlinkFlags.Create | NetlinkFlags.Excl,
                w => AddressBody(w, index, TopologySpec.Gateway), "add address", TopologySpec.Bridge);
            return index;
        });

        for (int first = 0; first < spec.Containers; first += chunk)
        {
            int last = Math.Min(spec.Containers, first + chunk);
            timer.Time($"host: veth create x{chunk} per send", () => host.Route.ExecuteBatch(b =>
            {
                for (int i = first; i < last; i++)
                {
                    int fd = clients[i].Session.NamespaceFile.Number;
                    int at = i;
                    b.Add(RtmType.NewLink, NetlinkFlags.Create | NetlinkFlags.Excl, w =>
                    {
                        w.Struct(new IfInfoMsg { Flags = (uint)InterfaceFlags.Up, Change = (uint)InterfaceFlags.Up });
                        w.String(IflaAttr.IfName, TopologySpec.HostEnd(at));
                        w.U32(IflaAttr.Master, (uint)bridgeIndex);
                        using (w.Nested(IflaAttr.LinkInfo))
                        {
                            w.String(IflaInfoAttr.Kind, "veth");
                            using (w.Nested(IflaInfoAttr.Data))
                            using (w.Nested(VethInfoAttr.Peer))
                            {
                                // No IFF_UP here: the kernel opens the peer before pairing it, and
                                // veth_open then fails with ENOTCONN. The peer goes up in its namespace.
                                w.Struct(new IfInfoMsg());
                                w.String(IflaAttr.IfName, TopologySpec.PeerEnd(at));
                                w.S32(IflaAttr.NetNsFd, fd);
                            }
                        }
                    }, "create veth", TopologySpec.HostEnd(at));
                }
            }));
        }

        for (int i = 0; i < spec.Containers; i++)
        {
            var socket = clients[i].Route;
            string peer = TopologySpec.PeerEnd(i);
            int index = timer.Time("ns: peer index lookup", () => IndexOf(socket, peer));
            string address = TopologySpec.Address(i);
            timer.Time("ns: lo up + peer up + address + route, 1 send", () => socket.ExecuteBatch(b =>
            {
                b.Add(RtmType.NewLink, NetlinkFlags.None, LoopbackUp, "set lo up", "lo");
                b.Add(RtmType.NewLink, NetlinkFlags.None, w => w.Struct(new IfInfoMsg
                {
                    Index = index, Flags = (uint)InterfaceFlags.Up, Change = (uint)InterfaceFlags.Up,
                }), "set link up", peer);
                b.Add(RtmType.NewAddr, NetlinkFlags.Create | NetlinkFlags.Excl, w => AddressBody(w, index, address), "add address", peer);
                b.Add(RtmType.NewRoute, NetlinkFlags.Create | NetlinkFlags.Excl, DefaultRouteBody, "add default route", peer);
            }));
        }
    }

    private static void LoopbackUp(NetlinkWriter w)
    {
        w.Struct(new IfInfoMsg { Flags = (uint)InterfaceFlags.Up, Change = (uint)InterfaceFlags.Up });
        w.String(IflaAttr.IfName, "lo");
    }

    private static void AddressBody(NetlinkWriter w, int index, string address)
    {
        var bytes = IPAddress.Parse(address).GetAddressBytes();
        w.Struct(new IfAddrMsg { Family = AddressFamily.Inet, PrefixLength = TopologySpec.PrefixLength, Index = (uint)index });
        w.Bytes(IfaAttr.Local, bytes);
        w.Bytes(IfaAttr.Address, bytes);
    }

    private static void DefaultRouteBody(NetlinkWriter w)
    {
        w.Struct(new RtMsg
        {
            Family = AddressFamily.Inet,
            Table = (byte)RtTable.Main,
            Protocol = (byte)RouteProtocol.Static,
            Scope = (byte)RouteScope.Universe,
            Type = (byte)RouteType.Unicast,
        });
        w.Bytes(RtaAttr.Gateway, IPAddress.Parse(TopologySpec.Gateway).GetAddressBytes());
    }

    private static int IndexOf(NetlinkSocket socket, string name)
    {
        int index = 0;
        socket.Execute(RtmType.GetLink, NetlinkFlags.None, w =>
        {
            w.Struct(new IfInfoMsg());
            w.U32(IflaAttr.ExtMask, RtExtFilter.SkipStats);
            w.String(IflaAttr.IfName, name);
        }, "find link", name, (in NetlinkMessage m) => index = m.Header<IfInfoMsg>().Index);
        return index;
    }
}
