using System.Globalization;
using System.Net;
using LinuxNetPS.Bridges;
using LinuxNetPS.Client;
using LinuxNetPS.Compose.Networks.State;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Links.Kinds;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Compose.Networks.Drivers;

/// <summary>
/// One host's part of Docker's overlay driver: a bridge (ov-ID12) the containers' veths join, as in the bridge driver,
/// and on it a VXLAN device (vx-ID12: the network's VNI, UDP 4789, this host's underlay address as source, learning off,
/// proxy on) with one all-zeros FDB entry per other host (head-end replication of broadcasts). What this host learns of
/// the others' containers comes from <see cref="ContainerNetworks.SyncOverlay"/>: a static neighbour on the VXLAN device
/// (which answers ARP itself, so ARP never crosses the underlay) and an FDB entry sending the MAC to its host.
/// The overlay is one layer-2 segment with no way out (no gateway address on the bridge, no default route in the
/// containers, no masquerade): a container reaches other networks through a second network, as Docker's containers do
/// through docker_gwbridge. The MTU is the underlay interface's minus the VXLAN encapsulation (50 bytes over IPv4, 70 over IPv6).
/// </summary>
internal sealed class OverlayDriver : INetworkDriver
{
    /// <summary>The IANA VXLAN port (RFC 7348), Docker's overlay port too.</summary>
    public const int Port = VxlanSpec.IanaPort;

    /// <summary>The containers' veths are the bridge driver's; only the network's own links differ.</summary>
    private readonly BridgeDriver _endpoints = new();

    public string Name => "overlay";
    public bool Creatable => true;
    public IReadOnlyList<string> Modes => [];

    public void Prepare(NetworkRecord n, DriverContext c)
    {
        if (n.Parent is not null) throw NetOperationException.Invalid("-Parent is for the macvlan and ipvlan drivers; an overlay runs over the interface of -UnderlayAddress.", n.Parent);
        if (n.Mode is not null) throw NetOperationException.Invalid("-Mode is for the macvlan and ipvlan drivers; an overlay network has none.", n.Mode);
        if (n.SubnetV6 is not null) throw NetOperationException.Invalid("An overlay network is IPv4 only here; leave out -IPv6.", n.SubnetV6);
        if (n.Vni is not { } vni)
            throw NetOperationException.Invalid("An overlay network needs its VXLAN network identifier: add -Vni (1-16777215), e.g. -Vni 4242.", n.Name).WithErrorId(ErrorIds.InvalidVni);
        if (vni is 0 or > VxlanSpec.MaxVni)
            throw NetOperationException.Invalid($"-Vni {vni} is out of range: a VXLAN network identifier is from 1 to {VxlanSpec.MaxVni}.", vni.ToString(CultureInfo.InvariantCulture))
                .WithErrorId(ErrorIds.InvalidVni);
        if (c.State.Networks.FirstOrDefault(o => o.Vni == vni && o != n) is { } sameVni)
            throw new NetOperationException(NetErrorKind.AlreadyExists, $"The VNI {vni} belongs to the overlay network '{sameVni.Name}' already; choose another -Vni.",
                target: vni.ToString(CultureInfo.InvariantCulture)).WithErrorId(ErrorIds.VniInUse);
        if (c.Host.Links.List("vxlan", null).FirstOrDefault(l => l.Details is VxlanDetails d && d.Id == vni) is { } vxlan)
            throw new NetOperationException(NetErrorKind.AlreadyExists, $"{c.Host.Namespace.Description} has a VXLAN device '{vxlan.Name}' with the VNI {vni} already; choose another -Vni.",
                target: vni.ToString(CultureInfo.InvariantCulture)).WithErrorId(ErrorIds.VniInUse);

        if (n.UnderlayAddress is null)
            throw NetOperationException.Invalid("An overlay network needs this host's underlay address (the tunnel's source): add -UnderlayAddress, e.g. -UnderlayAddress 10.0.0.11.", n.Name)
                .WithErrorId(ErrorIds.InvalidVxlanAddress);
        var local = IPPrefix.ParseAddress(n.UnderlayAddress, "underlay address");
        var owner = c.Host.Addresses.List().FirstOrDefault(a => a.IPAddress.Equals(local))
            ?? throw NetOperationException.Invalid($"{local} is not an address of {c.Host.Namespace.Description}; -UnderlayAddress is this host's own address on the network that joins the hosts.",
                n.UnderlayAddress).WithErrorId(ErrorIds.InvalidVxlanAddress);
        n.UnderlayAddress = local.ToString();
        n.UnderlayInterface = owner.Interface;
        var peers = new List<string>();
        foreach (var text in n.Peers)
        {
            var peer = IPPrefix.ParseAddress(text, "peer address");
            if (peer.AddressFamily != local.AddressFamily || peer.Equals(local) || IPAddress.IsLoopback(peer))
                throw NetOperationException.Invalid($"The peer {peer} cannot be another host's underlay address: it must be of the family of {local}, and not this host's own or loopback.", text)
                    .WithErrorId(ErrorIds.InvalidVxlanAddress);
            if (!peers.Contains(peer.ToString())) peers.Add(peer.ToString());
        }
        n.Peers = peers;

        string tag = n.Id[..12];
        n.BridgeName ??= "ov-" + tag;
        n.VxlanName = "vx-" + tag;
        LinkName.Validate(n.BridgeName);
        foreach (var name in new[] { n.BridgeName, n.VxlanName })
            if (c.Host.Links.TryGet(name) is not null)
                throw new NetOperationException(NetErrorKind.AlreadyExists, $"{c.Host.Namespace.Description} already has an interface '{name}'; give the network another -BridgeName.", target: name);
        n.MacAddress ??= BridgeDriver.BridgeMac(n.Id);
        // VXLAN adds 50 bytes over IPv4 (outer IP 20, UDP 8, VXLAN 8, inner Ethernet 14), 70 over IPv6.
        uint overhead = local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 50u : 70u;
        n.Mtu ??= (uint)Math.Max(68, (int)(c.Host.Links.Get(owner.Interface).Mtu) - (int)overhead);
        n.Internal = true; // one layer-2 segment: no gateway on the bridge, no default route, no masquerade
    }

    public void PlanCreate(NetworkRecord n, DriverContext c, ChangePlan plan)
    {
        var host = c.Host;
        string marker = EndpointSteps.MarkerOf(n);
        plan.Add($"create bridge {n.BridgeName} ({n.MacAddress}, MTU {n.Mtu}) in {host.Namespace.Description}",
            () => host.Links.Create(new LinkSpec { Name = n.BridgeName!, Kind = "bridge", MacAddress = n.MacAddress, Mtu = n.Mtu, Alias = marker, Up = true }),
            () => DeleteOwn(n, host, n.BridgeName, "bridge"));
        plan.Add($"create vxlan {n.VxlanName} (VNI {n.Vni}, local {n.UnderlayAddress} dev {n.UnderlayInterface}, dstport {Port}, nolearning, proxy) on {n.BridgeName}",
            () => host.Links.Create(new LinkSpec
            {
                Name = n.VxlanName!, Kind = "vxlan", Parent = n.UnderlayInterface, Mtu = n.Mtu, Master = n.BridgeName, Alias = marker, Up = true,
                Options = new Dictionary<string, string>
                {
                    ["id"] = n.Vni!.Value.ToString(CultureInfo.InvariantCulture), ["port"] = Port.ToString(CultureInfo.InvariantCulture),
                    ["local"] = n.UnderlayAddress!, ["learning"] = "off", ["proxy"] = "on",
                },
            }),
            () => DeleteOwn(n, host, n.VxlanName, "vxlan"));
        if (n.Peers.Count > 0)
            plan.Add($"flood to {string.Join(", ", n.Peers)} (00:00:00:00:00:00 dev {n.VxlanName} dst ...)", () => AddFlooding(n, host, n.Peers));
    }

    public void PlanRemove(NetworkRecord n, DriverContext c, ChangePlan plan)
    {
        // The FDB and neighbour entries live on the VXLAN device and go with it.
        plan.Add($"delete vxlan {n.VxlanName}", () => DeleteOwn(n, c.Host, n.VxlanName, "vxlan"));
        plan.Add($"delete bridge {n.BridgeName}", () => DeleteOwn(n, c.Host, n.BridgeName, "bridge"));
    }

    public void PrepareEndpoint(NetworkRecord n, EndpointRecord e, DriverContext c, NetClient container)
    {
        if (e.Ports.Count > 0)
            throw NetOperationException.Invalid("An overlay network has no way in from its hosts: publish ports on a bridge network the container joins too.", e.Ports[0].ToString());
        _endpoints.PrepareEndpoint(n, e, c, container);
    }

    public void PlanConnect(NetworkRecord n, EndpointRecord e, DriverContext c, NetClient container, ChangePlan plan) =>
        _endpoints.PlanConnect(n, e, c, container, plan);

    public void Release(NetworkRecord n, EndpointRecord e, DriverContext c, NetClient? container) =>
        _endpoints.Release(n, e, c, container);

    public string? Problem(NetworkRecord n, DriverContext c)
    {
        foreach (var (name, kind) in new[] { (n.BridgeName, "bridge"), (n.VxlanName, "vxlan") })
        {
            var link = name is null ? null : c.Host.Links.TryGet(name);
            if (link is null) return $"its {kind} '{name}' is gone from {c.Host.Namespace.Description} (deleted by hand?); remove the network and create it again";
            if (!EndpointSteps.IsOurs(link, n, kind)) return $"'{name}' was not made by this network; removing the network leaves it alone";
        }
        return null;
    }

    /// <summary>The flooding entries (head-end replication): every broadcast, and every unknown MAC, is sent to each peer.
    /// One MAC with a list of remotes in the kernel, so each further peer is appended (Add does), not added in one batch.</summary>
    internal static void AddFlooding(NetworkRecord n, NetClient host, IEnumerable<string> peers)
    {
        foreach (var p in peers) host.Fdb.Add(Flooding(n, p));
    }

    internal static FdbSpec Flooding(NetworkRecord n, string peer) =>
        new() { MacAddress = "00:00:00:00:00:00", Interface = n.VxlanName!, Destination = IPAddress.Parse(peer), Self = true, State = BridgeFdbState.Permanent };

    internal static void Throw(IReadOnlyList<NetOperationException?> results)
    {
        if (results.FirstOrDefault(e => e is not null) is { } first) throw first;
    }

    private static void DeleteOwn(NetworkRecord n, NetClient host, string? name, string kind)
    {
        if (name is not null && EndpointSteps.IsOurs(host.Links.TryGet(name), n, kind)) EndpointSteps.DeleteLink(host, name);
    }
}
