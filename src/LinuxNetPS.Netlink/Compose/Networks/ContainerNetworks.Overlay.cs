using System.Net;
using LinuxNetPS.Bridges;
using LinuxNetPS.Compose.Networks.Drivers;
using LinuxNetPS.Compose.Networks.State;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Neighbors;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Compose.Networks;

/// <summary>A container of an overlay network on another host: its address, its MAC and its host's underlay address.</summary>
public sealed record OverlayRemote(string Address, string MacAddress, string Host);

/// <summary>A host of an overlay network: the name the controller reaches it by, and its underlay address.</summary>
public sealed record OverlayHost(string Name, string Address);

/// <summary>What <see cref="ContainerNetworks.SyncOverlay"/> changed on this host.</summary>
public sealed record OverlaySyncResult(string Network, int PeersAdded, int PeersRemoved, int ContainersAdded, int ContainersRemoved);

/// <summary>Bringing one host's part of an overlay network in line with the other hosts.</summary>
public sealed partial class ContainerNetworks
{
    /// <summary>
    /// Makes this host's VXLAN device of the overlay <paramref name="network"/> know exactly the other hosts of
    /// <paramref name="hosts"/> (all the overlay's hosts, this one among them; one flooding entry 00:00:00:00:00:00 dst PEER each) and exactly the containers
    /// <paramref name="remotes"/> on them (a permanent neighbour IP → MAC on the VXLAN device, which answers ARP from it, and
    /// an FDB entry MAC dst HOST): what is missing is added, what is no longer there (a host or container that left) is
    /// removed. The kernel's entries are compared, not the record, so an entry deleted by hand comes back and a stale one
    /// goes. Idempotent: the multi-host cmdlets call it on every host after every change.
    /// </summary>
    public OverlaySyncResult SyncOverlay(string network, IReadOnlyList<OverlayHost> hosts, IReadOnlyList<OverlayRemote> remotes) => Locked(c =>
    {
        var n = Find(c, network, forChange: true);
        if (n.Driver != "overlay" || n.VxlanName is null)
            throw NetOperationException.Invalid($"The network '{network}' is a {n.Driver} network; only overlay networks have peers.", network);
        var family = IPAddress.Parse(n.UnderlayAddress!).AddressFamily;
        var wantedPeers = new List<string>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (hostName, text) in hosts)
        {
            var p = IPPrefix.ParseAddress(text, "host address");
            names[p.ToString()] = hostName;
            if (p.AddressFamily != family) throw NetOperationException.Invalid($"The peer {p} is not of the family of the underlay address {n.UnderlayAddress}.", text).WithErrorId(ErrorIds.InvalidVxlanAddress);
            if (p.ToString() != n.UnderlayAddress && !wantedPeers.Contains(p.ToString())) wantedPeers.Add(p.ToString());
        }
        var subnet = IPPrefix.Parse(n.Subnet!);
        var wanted = new Dictionary<string, OverlayRemote>(StringComparer.Ordinal);
        foreach (var r in remotes)
        {
            var address = IPPrefix.ParseAddress(r.Address, "container address");
            if (!subnet.Contains(address)) throw NetOperationException.Invalid($"The container address {address} is outside the network's subnet {subnet}.", r.Address);
            var mac = MacText.Format(MacText.Parse(r.MacAddress, "MAC address"));
            var vtep = IPPrefix.ParseAddress(r.Host, "host address").ToString();
            if (vtep == n.UnderlayAddress) continue; // this host's own containers are on its bridge
            wanted[address.ToString()] = new OverlayRemote(address.ToString(), mac, vtep);
        }

        var host = c.Context.Host;
        var fdb = host.Fdb.List(n.VxlanName).Where(e => e.RemoteAddress is not null).ToList();
        var flooding = fdb.Where(e => e.MacAddress == "00:00:00:00:00:00").ToList();
        var unicast = fdb.Where(e => e.MacAddress != "00:00:00:00:00:00").ToList();
        // Only the overlay's own addresses: the kernel keeps entries of its own on the device too (IPv6 multicast, NOARP).
        var neighbours = host.Neighbors.List(n.VxlanName, IPFamily.IPv4).Where(e => subnet.Contains(e.IPAddress)).ToList();

        // What goes first: a host that left, a container that left or moved (its MAC now elsewhere).
        int peersRemoved = 0, containersRemoved = 0;
        foreach (var e in flooding.Where(e => !wantedPeers.Contains(e.RemoteAddress!.ToString())))
        {
            TryRemove(() => host.Fdb.Remove(OverlayDriver.Flooding(n, e.RemoteAddress!.ToString())));
            peersRemoved++;
        }
        var wantedMacs = wanted.Values.ToDictionary(r => r.MacAddress, r => r.Host, StringComparer.OrdinalIgnoreCase);
        foreach (var e in unicast.Where(e => !wantedMacs.TryGetValue(e.MacAddress, out var h) || h != e.RemoteAddress!.ToString()))
            TryRemove(() => host.Fdb.Remove(new FdbSpec { MacAddress = e.MacAddress, Interface = n.VxlanName, Destination = e.RemoteAddress, Self = true }));
        foreach (var e in neighbours.Where(e => !wanted.TryGetValue(e.IPAddress.ToString(), out var r) || !string.Equals(r.MacAddress, e.LinkLayerAddress, StringComparison.OrdinalIgnoreCase)))
        {
            TryRemove(() => host.Neighbors.Remove(n.VxlanName, e.IPAddress));
            containersRemoved++;
        }

        var newPeers = wantedPeers.Where(p => !flooding.Any(e => e.RemoteAddress!.ToString() == p)).ToList();
        if (newPeers.Count > 0) OverlayDriver.AddFlooding(n, host, newPeers);
        var newFdb = wanted.Values.Where(r => !unicast.Any(e => string.Equals(e.MacAddress, r.MacAddress, StringComparison.OrdinalIgnoreCase) && e.RemoteAddress!.ToString() == r.Host))
            .Select(r => new FdbSpec { MacAddress = r.MacAddress, Interface = n.VxlanName, Destination = IPAddress.Parse(r.Host), Self = true, State = BridgeFdbState.Permanent }).ToList();
        if (newFdb.Count > 0) OverlayDriver.Throw(host.Fdb.AddMany(newFdb));
        var newNeighbours = wanted.Values.Where(r => !neighbours.Any(e => e.IPAddress.ToString() == r.Address && string.Equals(e.LinkLayerAddress, r.MacAddress, StringComparison.OrdinalIgnoreCase)))
            .Select(r => new NeighborSpec { Interface = n.VxlanName, Address = IPAddress.Parse(r.Address), LinkLayerAddress = r.MacAddress, State = NeighborState.Permanent }).ToList();
        if (newNeighbours.Count > 0) OverlayDriver.Throw(host.Neighbors.AddMany(newNeighbours, replace: true));

        n.Peers = wantedPeers;
        n.HostNames = names;
        n.Remotes = wanted.Values.Select(r => new OverlayRemoteRecord { Address = r.Address, MacAddress = r.MacAddress, Host = r.Host }).ToList();
        c.Session.Dirty = true;
        return new OverlaySyncResult(n.Name, newPeers.Count, peersRemoved, newNeighbours.Count, containersRemoved);
    });

    private static void TryRemove(Action remove)
    {
        try { remove(); }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound) { }
    }
}
