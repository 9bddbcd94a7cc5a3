using System.Runtime.ExceptionServices;
using LinuxNetPS.Client;
using LinuxNetPS.Addresses;
using LinuxNetPS.Links;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Routes;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Builds a checked lab with as few kernel round trips as the transport allows: all namespaces at once
/// (NetworkNamespaces.CreateMany, in parallel; IPv6 off unless the lab uses it: <see cref="LabDefinition.IPv6"/>), then per namespace one pipelined rtnetlink send for
/// lo and the bridges, veth pairs created from one end with the peer born in the other namespace (64 per send),
/// and one send per namespace for links up, bridge ports, addresses and routes. Namespaces are worked on in
/// parallel. Every kernel object lives inside the lab's namespaces, so undoing (on failure, or Remove-NetLab) is
/// deleting them: the first step's undo, which <see cref="ChangePlan"/> runs when any later step fails.
/// </summary>
internal sealed class LabBuilder
{
    private const int VethsPerSend = 64;

    private readonly LabDefinition _lab;
    private readonly IReadOnlyDictionary<string, string> _namespaces;
    private readonly Dictionary<string, NetClient> _clients = new(StringComparer.Ordinal);

    private readonly string _name;
    private readonly string _marker;

    /// <param name="lab">The bound definition to build.</param>
    /// <param name="namespaces">The namespace of each node, by node name (prefix + node name).</param>
    /// <param name="name">The lab's name: each node's lo carries <see cref="LabCleanup.MarkerOf"/> it, what Remove-NetLab checks.</param>
    public LabBuilder(LabDefinition lab, IReadOnlyDictionary<string, string> namespaces, string name)
    {
        _lab = lab;
        _namespaces = namespaces;
        _name = name;
        _marker = LabCleanup.MarkerOf(name);
    }

    /// <summary>What the nodes' exec lines did, once they ran.</summary>
    public IReadOnlyList<LabExecResult> ExecResults { get; private set; } = [];

    /// <summary>The namespaces' inodes once made (for the record).</summary>
    public Dictionary<string, ulong> Inodes { get; } = new(StringComparer.Ordinal);

    public ChangePlan Plan(Action afterNamespaces)
    {
        var plan = new ChangePlan();
        plan.Add($"create {_namespaces.Count} namespaces", () =>
        {
            var names = _lab.Nodes.Select(n => _namespaces[n.Name]).ToList();
            var made = NetworkNamespaces.CreateMany(names, new NamespaceOptions { DisableIPv6 = !_lab.IPv6 });
            foreach (var (node, ns) in _lab.Nodes.Zip(made))
            {
                Inodes[node.Name] = ns.Inode;
                _clients[node.Name] = NetClient.For(ns.Namespace!);
            }
            afterNamespaces();
        }, DeleteNamespaces);
        plan.Add("node names (/etc/netns/NS/hosts)", () => LabNames.Write(_lab, _name, _namespaces));
        plan.Add("lo up and bridges", () => EachNode(LoopbackAndBridges));
        plan.Add($"create {_lab.Links.Count(l => l.Kind == LabLinkKind.Veth)} veth pairs", CreateVeths);
        if (_lab.Links.Any(l => l.Kind == LabLinkKind.Macvlan))
            plan.Add($"create {_lab.Links.Count(l => l.Kind == LabLinkKind.Macvlan)} macvlans", CreateMacvlans);
        if (_lab.Links.Any(l => l.Kind == LabLinkKind.Vxlan))
            plan.Add($"create {_lab.Links.Count(l => l.Kind == LabLinkKind.Vxlan)} VXLAN devices", CreateVxlans);
        if (_lab.Part is { Tunnels.Count: > 0 } part)
            plan.Add($"create {part.Tunnels.Count} VXLAN tunnels to other hosts", () => CreateTunnels(part.Tunnels));
        plan.Add("links up, bridge ports, addresses and routes", () => EachNode(PortsAddressesRoutes));
        if (_lab.Nodes.Any(n => n.Forwarding))
            plan.Add("IP forwarding", () => EachNode(n =>
            {
                if (n.Forwarding) Client(n).Forwarding.Set(ipv4: true, ipv6: n.Addresses.Any(a => a.Prefix.Family == System.Net.Sockets.AddressFamily.InterNetworkV6) ? true : null);
            }));
        if (_lab.Nodes.Any(n => n.Masquerade.Count > 0))
            plan.Add("masquerade", () => EachNode(n =>
            {
                foreach (var nat in n.Masquerade) Client(n).Nat.EnableMasquerade(nat.Source.ToString(), nat.OutInterface);
            }));
        if (LabImpairments.Any(_lab))
            plan.Add("link impairments", () => EachNode(n => LabImpairments.Apply(n, _lab, Client(n))));
        if (_lab.Nodes.Any(n => n.Exec.Count > 0))
        {
            plan.Add("exec lines", () => ExecResults = LabExec.Run(_lab, _namespaces));
            plan.Add("node names with the addresses exec lines added", () => LabNames.Write(_lab, _name, _namespaces, _lab.Nodes.ToDictionary(n => n.Name,
                n => (IReadOnlyList<System.Net.IPAddress>)Client(n).Addresses.List().Where(a => a.Interface != "lo" && a.Scope == RouteScope.Universe).Select(a => a.IPAddress).ToList())));
        }
        return plan;
    }

    private NetClient Client(LabNodeDefinition node) => _clients[node.Name];

    private void DeleteNamespaces()
    {
        foreach (var node in _lab.Nodes)
            if (Inodes.ContainsKey(node.Name)) LabCleanup.DeleteNamespace(_namespaces[node.Name], Inodes[node.Name]);
    }

    /// <summary>Runs the work for every node, a few namespaces at a time; the first failure is rethrown as itself.</summary>
    private void EachNode(Action<LabNodeDefinition> work)
    {
        try
        {
            Parallel.ForEach(_lab.Nodes, new ParallelOptions { MaxDegreeOfParallelism = Math.Clamp(Environment.ProcessorCount, 1, 4) }, work);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }

    private void LoopbackAndBridges(LabNodeDefinition node)
    {
        var client = Client(node);
        var requests = node.Bridges.Select(bridge => LinkRequest.Create(client.Session, new LinkSpec { Name = bridge.Name, Kind = "bridge", Up = true })
            .Labelled("create bridge", bridge.Name)).ToList();
        client.Route.ExecuteBatch(b =>
        {
            b.Add(LinkRequest.SetUp("lo"));
            b.Add(LinkRequest.SetAlias("lo", _marker)); // the proof that the namespace is the lab's (Remove-NetLab)
            foreach (var request in requests) b.Add(request);
        });
    }

    /// <summary>
    /// Each pair is made from the end that is a bridge port (its master is set in the same request), the peer born in
    /// the other namespace. The peer is not brought up here: the kernel would open it before it is paired (ENOTCONN).
    /// </summary>
    private void CreateVeths()
    {
        var oriented = _lab.Links.Where(l => l.Kind == LabLinkKind.Veth).Select(l => l.A.Bridge is null && l.B.Bridge is not null ? (Local: l.B, Peer: l.A, l.Mtu) : (Local: l.A, Peer: l.B, l.Mtu)).ToList();
        var masters = new Dictionary<(string, string), int>();
        foreach (var (local, _, _) in oriented)
            if (local.Bridge is { } br && !masters.ContainsKey((local.Node, br)))
                masters[(local.Node, br)] = _clients[local.Node].Links.Get(br).Index;

        foreach (var group in oriented.GroupBy(o => o.Local.Node))
        {
            var socket = _clients[group.Key].Route;
            foreach (var chunk in group.Chunk(VethsPerSend))
                socket.ExecuteBatch(b =>
                {
                    foreach (var (local, peer, mtu) in chunk)
                    {
                        int peerFd = _clients[peer.Node].Session.NamespaceFile.Number;
                        int? master = local.Bridge is { } br ? masters[(local.Node, br)] : null;
                        var spec = new VethSpec { Name = local.Interface, PeerName = peer.Interface, Up = true, Mtu = (uint?)mtu, MacAddress = local.Mac, PeerMacAddress = peer.Mac };
                        b.Add(LinkRequest.CreateVeth(spec)
                            .WithMaster(master).WithPeerNamespace(peerFd).Labelled("create veth", $"{local} -- {peer}"));
                    }
                });
        }
    }

    /// <summary>
    /// A link to a node on another host: its end here is a VXLAN device with the end's name, MAC and (later) addresses,
    /// point to point to the other host (remote = that host's underlay address, dstport 4789). It is created from the
    /// host's namespace straight into the node's (IFLA_NET_NS_FD), so its UDP socket is the host's, on the underlay, and
    /// its name never meets the host's own interfaces. It goes with the node's namespace (Remove-NetLab, or the undo of a
    /// failed build). MTU: the link's, else 50 below the underlay interface's (VXLAN's header).
    /// </summary>
    private void CreateTunnels(IReadOnlyList<LabTunnel> tunnels)
    {
        var host = NetClient.Host;
        var underlay = host.Addresses.List().ToList();
        uint MtuFor(LabTunnel t)
        {
            if (t.Link.Mtu is { } mtu) return (uint)mtu;
            var on = underlay.FirstOrDefault(a => a.IPAddress.Equals(t.LocalAddress))
                ?? throw new Errors.NetOperationException(Errors.NetErrorKind.NotFound,
                    $"This host has no address {t.LocalAddress}, the lab's address for it ({t.Local}'s tunnel to {t.RemoteHost}); give the host's underlay address in Hosts.",
                    operation: "create lab tunnel", target: t.LocalAddress.ToString()).WithErrorId(Errors.ErrorIds.InvalidVxlanAddress);
            return (uint)Math.Max(LabBinder.MinMtu, (long)host.Links.Get(on.Interface).Mtu - 50);
        }
        // Made before the send: nothing may use a socket from inside another's batch callback.
        var requests = tunnels.Select(t =>
        {
            var spec = new VxlanSpec
            {
                Name = t.Local.Interface, Vni = t.Vni, Remote = t.RemoteAddress, Local = t.LocalAddress, DestinationPort = VxlanSpec.IanaPort,
                Mtu = MtuFor(t), MacAddress = t.Local.Mac,
            };
            int fd = _clients[t.Local.Node].Session.NamespaceFile.Number;
            return LinkRequest.Create(host.Session, spec.ToLinkSpec()).InNamespace(fd).Labelled("create vxlan", t.ToString());
        }).ToList();
        host.Route.ExecuteBatch(b =>
        {
            foreach (var request in requests) b.Add(request);
        });
    }

    /// <summary>
    /// Each macvlan (bridge mode) is made in its parent's namespace, where the kernel finds the parent, and born in its
    /// own node's namespace under its own name; once the veths exist, since a parent may be a veth end. Up comes later,
    /// with the other ends.
    /// </summary>
    private void CreateMacvlans()
    {
        foreach (var group in _lab.Links.Where(l => l.Kind == LabLinkKind.Macvlan).GroupBy(l => l.B.Node))
        {
            var client = _clients[group.Key];
            var requests = group.Select(l => LinkRequest.Create(client.Session, new LinkSpec
            {
                Name = l.A.Interface, Kind = "macvlan", Parent = l.B.Interface, Mtu = (uint?)l.Mtu, MacAddress = l.A.Mac,
                Options = new Dictionary<string, string> { ["mode"] = "bridge" },
            }).InNamespace(_clients[l.A.Node].Session.NamespaceFile.Number).Labelled("create macvlan", $"{l.A} on {l.B}")).ToList();
            client.Route.ExecuteBatch(b =>
            {
                foreach (var request in requests) b.Add(request);
            });
        }
    }

    /// <summary>
    /// Each VXLAN device is made in its underlay node (the lab's host node for containerlab files), so its UDP socket
    /// and the route to the peer are that node's, and born in its own node, as the split lab's tunnels are.
    /// </summary>
    private void CreateVxlans()
    {
        foreach (var group in _lab.Links.Where(l => l.Kind == LabLinkKind.Vxlan).GroupBy(l => l.B.Node))
        {
            var client = _clients[group.Key];
            var requests = group.Select(l =>
            {
                var spec = new VxlanSpec { Name = l.A.Interface, Vni = l.Vxlan!.Vni, Remote = l.Vxlan.Remote, DestinationPort = l.Vxlan.Port, Mtu = (uint?)l.Mtu, MacAddress = l.A.Mac };
                return LinkRequest.Create(client.Session, spec.ToLinkSpec()).InNamespace(_clients[l.A.Node].Session.NamespaceFile.Number).Labelled("create vxlan", l.ToString());
            }).ToList();
            client.Route.ExecuteBatch(b =>
            {
                foreach (var request in requests) b.Add(request);
            });
        }
    }

    /// <summary>One dump for the indexes, then one send: ends up (and into their bridge), addresses, then routes (which need both).</summary>
    private void PortsAddressesRoutes(LabNodeDefinition node)
    {
        var client = Client(node);
        var ends = _lab.Links.SelectMany(l => l.Kind == LabLinkKind.Vxlan ? new[] { l.A } : new[] { l.A, l.B }).Concat((_lab.Part?.Tunnels ?? []).Select(t => t.Local)).Where(e => e.Node == node.Name).ToList();
        if (ends.Count == 0 && node.Addresses.Count == 0 && node.Routes.Count == 0) return;
        // The raw dump: List() would also name each veth's peer namespace, a scan of /run/netns per link, which makes a
        // lab of N nodes cost N^2 (measured: 2.5 s of a 4 s build at N = 200).
        var index = client.Links.Dump().ToDictionary(l => l.Link.Name, l => l.Link.Index, StringComparer.Ordinal);
        int Index(string name) => index.TryGetValue(name, out int i) ? i
            : throw Errors.NetOperationException.NotFound($"The interface {node.Name}:{name} is missing after it was created.", name);
        client.Route.ExecuteBatch(b =>
        {
            foreach (var end in ends)
            {
                int i = Index(end.Interface);
                var up = LinkRequest.SetUp(i, end.Interface);
                b.Add(end.Bridge is { } br ? up.WithMaster(Index(br)) : up);
            }
            foreach (var address in node.Addresses)
            {
                var request = AddressRequest.ForAdd(address.Interface, address.Prefix, new AddressOptions { NoDad = true });
                int i = Index(address.Interface);
                b.Add(RtmType.NewAddr, NetlinkFlags.Create | NetlinkFlags.Excl, w => request.Write(w, i), "add address", request.Text);
            }
            foreach (var route in node.Routes)
            {
                var request = RouteRequest.Create(new RouteSpec
                {
                    Destination = route.Destination.IsDefault ? "default" : route.Destination.ToString(),
                    Gateway = route.Gateway, Interface = route.Interface,
                }, RouteIntent.Add, Index);
                b.Add(RtmType.NewRoute, NetlinkFlags.Create | NetlinkFlags.Excl, request.Write, "add route", request.Text);
            }
        });
    }
}
