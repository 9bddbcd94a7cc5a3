using LinuxNetPS.Client;
using LinuxNetPS.Addresses;
using LinuxNetPS.Model;
using System.Net;
using LinuxNetPS.Compose.Networks.State;
using LinuxNetPS.Errors;
using LinuxNetPS.Forwarding;
using LinuxNetPS.Links;
using LinuxNetPS.Nftables;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Compose.Networks.Drivers;

/// <summary>
/// Docker's bridge driver: a bridge (br-ID12 unless named), the gateway address(es) on it, forwarding on, masquerade
/// of the subnet(s) leaving through any other interface (IPv4, and IPv6 with --ipv6; not for internal networks), and isolation
/// from every other bridge network of the namespace (<see cref="Isolation"/>). A container gets a veth whose
/// peer is created inside it and whose host end is a port of the bridge.
/// </summary>
internal sealed class BridgeDriver : INetworkDriver
{
    public string Name => "bridge";
    public bool Creatable => true;
    public IReadOnlyList<string> Modes => [];

    public void Prepare(NetworkRecord n, DriverContext c)
    {
        if (n.Parent is not null) throw NetOperationException.Invalid("-Parent is for the macvlan and ipvlan drivers; a bridge network makes its own bridge.", n.Parent)
            .WithErrorId(ErrorIds.InvalidNetworkOption);
        if (n.Mode is not null) throw NetOperationException.Invalid($"-Mode is for the macvlan and ipvlan drivers (macvlan_mode, ipvlan_mode); a bridge network has none.", n.Mode)
            .WithErrorId(ErrorIds.InvalidNetworkOption);
        n.BridgeName ??= "br-" + n.Id[..12];
        n.MacAddress ??= BridgeMac(n.Id);
        LinkName.Validate(n.BridgeName);
        if (c.State.Networks.FirstOrDefault(o => o.BridgeName == n.BridgeName) is { } other)
            throw new NetOperationException(NetErrorKind.AlreadyExists, $"The bridge '{n.BridgeName}' belongs to the network '{other.Name}' already.", target: n.BridgeName)
                .WithErrorId(ErrorIds.BridgeInUse);
        if (c.Host.Links.TryGet(n.BridgeName) is not null)
            throw new NetOperationException(NetErrorKind.AlreadyExists,
                $"{c.Host.Namespace.Description} already has an interface '{n.BridgeName}'; give the network another -BridgeName, or remove that interface.", target: n.BridgeName)
                .WithErrorId(ErrorIds.BridgeInUse);
    }

    public void PlanCreate(NetworkRecord n, DriverContext c, ChangePlan plan)
    {
        var host = c.Host;
        var subnet = IPPrefix.Parse(n.Subnet!);
        var gateway = new IPPrefix(IPAddress.Parse(n.Gateway!), subnet.PrefixLength);
        // The MAC is given at creation, as Docker and CNI do: a bridge whose address was set keeps it, while one left to the
        // kernel takes the lowest MAC among its ports and changes it when that port goes, so every container's ARP entry
        // for the gateway goes stale and its traffic stops until the entry expires.
        n.MacAddress ??= BridgeMac(n.Id);
        plan.Add($"create bridge {n.BridgeName} ({n.MacAddress}) in {host.Namespace.Description}", () =>
        {
            // Created with its MAC and the marker (as its alias) at once: only a bridge carrying the marker is ever deleted by us.
            host.Links.Create(new LinkSpec { Name = n.BridgeName!, Kind = "bridge", MacAddress = n.MacAddress, Mtu = n.Mtu, Alias = EndpointSteps.MarkerOf(n), Up = true });
        }, () => DeleteBridge(n, host));
        plan.Add($"add {gateway} to {n.BridgeName}", () => host.Addresses.Add(n.BridgeName!, gateway));
        if (n.SubnetV6 is not null)
        {
            var gateway6 = new IPPrefix(IPAddress.Parse(n.GatewayV6!), IPPrefix.Parse(n.SubnetV6).PrefixLength);
            // No duplicate address detection: the containers' first packets to the gateway must not find it tentative.
            plan.Add($"add {gateway6} to {n.BridgeName}", () => host.Addresses.Add(n.BridgeName!, gateway6, new AddressOptions { NoDad = true }));
        }
        if (!n.Internal)
            PlanForwarding(host, IPFamily.IPv4, plan);
        if (n.SubnetV6 is not null && !n.Internal)
            PlanForwarding(host, IPFamily.IPv6, plan);
        if (n.Masquerades)
        {
            plan.Add($"masquerade {n.Subnet} leaving other than {n.BridgeName}",
                () => n.MasqueradeRuleId = host.Nat.EnableMasquerade(n.Subnet!, excludeOutInterface: n.BridgeName).Rule.Id,
                () => RemoveMasquerade(n, host));
            if (n.SubnetV6 is not null)
            {
                plan.Add($"masquerade {n.SubnetV6} leaving other than {n.BridgeName}",
                    () => n.MasqueradeRuleIdV6 = host.Nat.EnableMasquerade(n.SubnetV6, excludeOutInterface: n.BridgeName).Rule.Id,
                    () => RemoveMasqueradeV6(n, host));
            }
        }
        var before = c.State.Networks.Where(o => o != n).ToList();
        plan.Add("isolate from the other networks", () => Isolation.Sync(host, before.Append(n)), () => Isolation.Sync(host, before));
        if (HairpinMasquerade.Publishes(n))
        {
            plan.Add($"masquerade hairpinned connections on {n.BridgeName}",
                () => HairpinMasquerade.Sync(host, before.Append(n)), () => HairpinMasquerade.Sync(host, before));
            plan.Add($"publish on 127.0.0.1 through {n.BridgeName} (route_localnet, masquerade of 127.0.0.0/8, loopback guard)",
                () => LoopbackPublishing.Enable(host.Session, n.BridgeName!), () => LoopbackPublishing.Disable(host.Session, n.BridgeName!));
        }
    }

    public void PlanRemove(NetworkRecord n, DriverContext c, ChangePlan plan)
    {
        var host = c.Host;
        var others = c.State.Networks.Where(o => o != n).ToList();
        plan.Add("remove isolation rules", () => Isolation.Sync(host, others));
        if (HairpinMasquerade.Publishes(n))
        {
            plan.Add("remove the hairpin masquerade", () => HairpinMasquerade.Sync(host, others));
            plan.Add($"remove loopback publishing through {n.BridgeName}", () => LoopbackPublishing.Disable(host.Session, n.BridgeName!));
        }
        plan.Add($"remove masquerade of {n.Subnet}", () => RemoveMasquerade(n, host));
        if (n.SubnetV6 is not null) plan.Add($"remove masquerade of {n.SubnetV6}", () => RemoveMasqueradeV6(n, host));
        plan.Add($"delete bridge {n.BridgeName}", () => DeleteBridge(n, host));
    }

    /// <summary>Deletes the network's bridge, only if it is provably ours (a bridge with the network's marker).</summary>
    private static void DeleteBridge(NetworkRecord n, NetClient host)
    {
        if (n.BridgeName is not null && EndpointSteps.IsOurs(host.Links.TryGet(n.BridgeName), n, "bridge")) EndpointSteps.DeleteLink(host, n.BridgeName);
    }

    public void PrepareEndpoint(NetworkRecord n, EndpointRecord e, DriverContext c, NetClient container)
    {
        EndpointSteps.RequireFreeName(container, e.InterfaceName!);
        do e.HostInterface = EndpointSteps.RandomName("veth");
        while (c.State.Endpoints.Any(o => o.HostInterface == e.HostInterface) || c.Host.Links.TryGet(e.HostInterface) is not null); // planned ones of a batch too
    }

    public void PlanConnect(NetworkRecord n, EndpointRecord e, DriverContext c, NetClient container, ChangePlan plan)
    {
        var host = c.Host;
        int peerIndex = 0;
        plan.Add($"create veth {e.HostInterface} on {n.BridgeName} with peer {e.InterfaceName} in {container.Namespace.Description}", () =>
        {
            // The peer goes up with the address (one batch in the container), so it is not brought up here.
            var pair = host.Links.CreateVeth(new VethSpec
            {
                Name = e.HostInterface!, PeerName = e.InterfaceName!, PeerNamespace = container.Namespace,
                Master = n.BridgeName, Up = true, PeerUp = false, PeerMacAddress = e.MacAddress, Mtu = n.Mtu,
            }, container.Session);
            peerIndex = pair.Peer.Index;
            e.HostIndex = pair.Link.Index;
            e.MacAddress ??= pair.Peer.MacAddress; // the kernel's choice, kept for listing
            // The marker is what Release checks. Hairpin mode, as Docker sets it when it publishes without its proxy: with
            // br_netfilter a connection from a container to its own published port is DNAT'd on the bridge and must
            // leave by the port it came in by.
            // -DisableIcc (enable_icc=false): the port is isolated, so the bridge drops frames between it and the network's
            // other (isolated) container ports, with or without br_netfilter; the bridge itself (the gateway, and so
            // routed traffic: the outside, published ports) is not a port and still reaches it.
            host.Links.Set(e.HostInterface!, new LinkChanges
            {
                Alias = EndpointSteps.MarkerOf(n), Hairpin = HairpinMasquerade.Publishes(n) ? true : null, Isolated = n.DisableIcc ? true : null,
            });
        }, () => DeleteVeth(n, e, host));
        EndpointSteps.PlanInside(n, e, container, plan, () => peerIndex);
        EndpointSteps.PlanPorts(e, host, plan, n);
    }

    public void Release(NetworkRecord n, EndpointRecord e, DriverContext c, NetClient? container)
    {
        EndpointSteps.RemovePorts(e, c.Host);
        DeleteVeth(n, e, c.Host); // the peer in the container goes with it
    }

    /// <summary>
    /// Deletes the endpoint's host veth, only if it provably is the one it made: a veth with the network's marker, the
    /// recorded index. A record naming another link (edited, or its random name
    /// taken by another link after a crash) deletes nothing.
    /// </summary>
    private static void DeleteVeth(NetworkRecord n, EndpointRecord e, NetClient host)
    {
        if (e.HostInterface is null) return;
        var link = host.Links.TryGet(e.HostInterface);
        if (EndpointSteps.IsOurs(link, n, "veth") && (e.HostIndex is not { } index || link!.Index == index)) EndpointSteps.DeleteLink(host, e.HostInterface);
    }

    public string? Problem(NetworkRecord n, DriverContext c)
    {
        var link = c.Host.Links.TryGet(n.BridgeName!);
        if (link is null) return $"its bridge '{n.BridgeName}' is gone from {c.Host.Namespace.Description} (deleted by hand?); remove the network and create it again";
        if (link.Kind != "bridge") return $"'{n.BridgeName}' is a {link.Kind ?? "device"}, not a bridge";
        if (link.Alias != EndpointSteps.MarkerOf(n)) return $"the bridge '{n.BridgeName}' was not made by this network (its alias is not the network's marker); removing the network leaves it alone";
        return null;
    }

    /// <summary>The bridge's MAC, derived from the network's id: unicast, locally administered (02 bit set), the same for
    /// the network's whole life (and its record, so a process that did not create it sees the same one).</summary>
    internal static string BridgeMac(string networkId)
    {
        var b = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("linuxnetps-bridge-mac-" + networkId));
        b[0] = (byte)((b[0] & 0xfc) | 0x02);
        return string.Join(':', b.Take(6).Select(x => x.ToString("x2")));
    }

    private static void PlanForwarding(NetClient host, IPFamily family, ChangePlan plan)
    {
        bool wasOn = false;
        plan.Add($"{family} forwarding on", () =>
        {
            var now = host.Forwarding.Get();
            wasOn = family == IPFamily.IPv4 ? now.IPv4 : now.IPv6;
            if (!wasOn) host.Forwarding.Enable(family);
        }, () => { if (!wasOn) host.Forwarding.Disable(family); });
    }

    private static void RemoveMasquerade(NetworkRecord n, NetClient host) => RemoveRule(n.MasqueradeRuleId, host);

    private static void RemoveMasqueradeV6(NetworkRecord n, NetClient host) => RemoveRule(n.MasqueradeRuleIdV6, host);

    private static void RemoveRule(string? id, NetClient host)
    {
        if (id is null) return;
        try { host.Nat.Remove(id); }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound) { }
    }
}
