using System.Net;
using LinuxNetPS.Addresses;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Routes;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Monitoring.Events;

/// <summary>
/// The notifications of one namespace, turned into <see cref="NetEvent"/>s. It remembers the links (and,
/// when watched, the addresses and neighbours) it has seen, so an event can say what the state was
/// before and which properties changed, and so a repeated announcement that changes nothing is not
/// reported twice.
/// </summary>
internal sealed class NamespaceFeed : IDisposable
{
    /// <summary>RTM_DELNSID (linux/rtnetlink.h).</summary>
    private const ushort DelNsId = 89;

    private readonly NetClient _client;
    private readonly NetEventKinds _kinds;
    private readonly Dictionary<int, NetLink> _links = new();
    private readonly Dictionary<(int, IPAddress, int), NetAddress> _addresses = new();
    private readonly Dictionary<(int, IPAddress), NeighborEntry> _neighbors = new();

    public NamespaceFeed(NetClient client, NetEventKinds kinds, int receiveBufferBytes = RtnetlinkSubscription.DefaultReceiveBufferBytes)
    {
        _client = client;
        _kinds = kinds;
        // Subscribe before reading the current state: a change in between is then seen twice at worst, never missed.
        Subscription = RtnetlinkSubscription.Open(client, NetEventGroups.For(kinds), receiveBufferBytes);
        try { Prime(); }
        catch { Subscription.Dispose(); throw; }
    }

    public RtnetlinkSubscription Subscription { get; }

    private string? Ns => _client.NamespaceSpec;

    /// <summary>Reads the current links (and addresses) to compare later announcements with.</summary>
    private void Prime()
    {
        _links.Clear();
        foreach (var parsed in _client.Links.Dump()) _links[parsed.Link.Index] = parsed.Link;
        foreach (var index in _links.Keys.ToList()) _links[index] = WithMaster(_links[index]);
        _addresses.Clear();
        if (_kinds.HasFlag(NetEventKinds.Address))
            foreach (var a in _client.Addresses.List()) _addresses[(a.InterfaceIndex, a.IPAddress, a.PrefixLength)] = a;
    }

    /// <summary>Reads everything queued (at most <paramref name="limit"/> datagrams) and appends its events.</summary>
    public void Drain(List<NetEvent> events, int limit = 256)
    {
        for (int i = 0; i < limit; i++)
        {
            var datagram = Subscription.TryReceive(out bool overflowed);
            if (overflowed)
            {
                events.Add(Gap());
                Prime();
                continue;
            }
            if (datagram.IsEmpty) return;
            foreach (var message in new NetlinkMessageIterator(datagram))
                if (Translate(message) is { } e) events.Add(e);
        }
    }

    private NetEvent Gap() => new()
    {
        Namespace = Ns,
        Timestamp = DateTime.Now,
        Kind = NetEventKind.Gap,
        Action = NetEventAction.Lost,
        Summary = "Events were lost: the kernel's notifications overflowed the receive buffer (ENOBUFS). " +
                  "Something changed that this stream does not show; the current state was read again.",
    };

    private NetEvent? Translate(in NetlinkMessage m) => m.Type switch
    {
        RtmType.NewLink or RtmType.DelLink => LinkEvent(m),
        RtmType.NewAddr or RtmType.DelAddr => AddressEvent(m),
        RtmType.NewRoute or RtmType.DelRoute => RouteEvent(m),
        RtmType.NewNeigh or RtmType.DelNeigh => NeighborEvent(m),
        RtmType.NewNsId or DelNsId => NamespaceIdEvent(m),
        _ => null,
    };

    private NetEvent? LinkEvent(in NetlinkMessage m)
    {
        // AF_BRIDGE copies describe bridge-port state, not the link; the AF_UNSPEC one follows.
        if (m.Header<IfInfoMsg>().Family != Rtnetlink.AddressFamily.Unspec) return null;
        bool removed = m.Type == RtmType.DelLink;
        var asNew = new NetlinkMessage(RtmType.NewLink, m.Flags, m.Sequence, m.Payload);
        var link = LinkParser.Parse(asNew, Ns)?.Link;
        if (link is null) return null;
        link = WithMaster(link);
        _links.TryGetValue(link.Index, out var before);
        if (removed) _links.Remove(link.Index); else _links[link.Index] = link;
        if (!_kinds.HasFlag(NetEventKinds.Link)) return null;

        var action = removed ? NetEventAction.Removed : before is null ? NetEventAction.Added : NetEventAction.Changed;
        var changes = action == NetEventAction.Changed ? RecordDiff.Of(before!, link) : [];
        if (action == NetEventAction.Changed && changes.Count == 0) return null;
        string state = LinkState(link);
        return new NetEvent
        {
            Namespace = Ns, Timestamp = DateTime.Now, Kind = NetEventKind.Link, Action = action,
            Subject = link.Name, Interface = link.Name,
            OldState = before is null ? null : LinkState(before), NewState = state,
            Changes = changes, Object = link, PreviousObject = action == NetEventAction.Changed ? before : null,
            Summary = (removed ? "Deleted " : "") + $"{link.Index}: {link.Name}: <{link.FlagsText}> mtu {link.Mtu} state {state}"
                      + (link.Master is null ? "" : $" master {link.Master}"),
        };
    }

    private NetEvent? AddressEvent(in NetlinkMessage m)
    {
        bool removed = m.Type == RtmType.DelAddr;
        var parsed = AddressParser.Parse(new NetlinkMessage(RtmType.NewAddr, m.Flags, m.Sequence, m.Payload), Ns);
        if (parsed is null) return null;
        var address = parsed with { Interface = NameOf(parsed.InterfaceIndex) ?? "" };
        var key = (address.InterfaceIndex, address.IPAddress, address.PrefixLength);
        _addresses.TryGetValue(key, out var before);
        if (removed) _addresses.Remove(key); else _addresses[key] = address;

        var action = removed ? NetEventAction.Removed : before is null ? NetEventAction.Added : NetEventAction.Changed;
        var changes = action == NetEventAction.Changed ? RecordDiff.Of(before!, address) : [];
        if (action == NetEventAction.Changed && changes.Count == 0) return null;
        string family = address.Family == IPFamily.IPv6 ? "inet6" : "inet";
        return new NetEvent
        {
            Namespace = Ns, Timestamp = DateTime.Now, Kind = NetEventKind.Address, Action = action,
            Subject = address.Cidr, Interface = address.Interface,
            OldState = before is null ? null : AddressState(before), NewState = AddressState(address),
            Changes = changes, Object = address, PreviousObject = action == NetEventAction.Changed ? before : null,
            Summary = (removed ? "Deleted " : "") + $"{address.InterfaceIndex}: {address.Interface} {family} {address.Cidr} scope {ScopeName(address.Scope)} {AddressState(address)}",
        };
    }

    private NetEvent? RouteEvent(in NetlinkMessage m)
    {
        bool removed = m.Type == RtmType.DelRoute;
        var parsed = RouteParser.Parse(new NetlinkMessage(RtmType.NewRoute, m.Flags, m.Sequence, m.Payload), Ns);
        if (parsed is null) return null;
        var route = parsed with { Interface = parsed.InterfaceIndex is { } i ? NameOf(i) : null };
        bool replaced = !removed && (m.Flags & NetlinkFlags.Replace) != 0;
        return new NetEvent
        {
            Namespace = Ns, Timestamp = DateTime.Now, Kind = NetEventKind.Route,
            Action = removed ? NetEventAction.Removed : replaced ? NetEventAction.Changed : NetEventAction.Added,
            Subject = route.Destination, Interface = route.Interface, Object = route,
            Summary = (removed ? "Deleted " : "") + route + TableSuffix(route.Table),
        };
    }

    private NetEvent? NeighborEvent(in NetlinkMessage m)
    {
        bool removed = m.Type == RtmType.DelNeigh;
        var entry = NeighborParser.Parse(m, Ns, NameOf);
        if (entry is null) return null;
        var key = (entry.InterfaceIndex, entry.Address);
        _neighbors.TryGetValue(key, out var before);
        if (removed) _neighbors.Remove(key); else _neighbors[key] = entry;
        var action = removed ? NetEventAction.Removed : before is null ? NetEventAction.Added : NetEventAction.Changed;
        var changes = action == NetEventAction.Changed ? RecordDiff.Of(before!, entry) : [];
        if (action == NetEventAction.Changed && changes.Count == 0) return null;
        return new NetEvent
        {
            Namespace = Ns, Timestamp = DateTime.Now, Kind = NetEventKind.Neighbor, Action = action,
            Subject = entry.Address.ToString(), Interface = entry.Interface,
            OldState = before?.State, NewState = entry.State, Changes = changes, Object = entry,
            PreviousObject = action == NetEventAction.Changed ? before : null,
            Summary = (removed ? "Deleted " : "") + entry,
        };
    }

    private NetEvent? NamespaceIdEvent(in NetlinkMessage m)
    {
        bool removed = m.Type == DelNsId;
        int? id = null;
        var r = m.Attributes<RtGenMsg>();
        while (r.Next())
            if (r.Type == NetnsaAttr.NsId) id = r.S32();
        if (r.Error is not null || id is null) return null;
        return new NetEvent
        {
            Namespace = Ns, Timestamp = DateTime.Now, Kind = NetEventKind.Namespace,
            Action = removed ? NetEventAction.Removed : NetEventAction.Added,
            Subject = id.Value.ToString(), Object = id.Value,
            Summary = (removed ? "Deleted " : "") + $"nsid {id.Value}",
        };
    }

    private string? NameOf(int index) => _links.TryGetValue(index, out var l) ? l.Name : null;

    private NetLink WithMaster(NetLink link) =>
        link.MasterIndex is { } m && _links.TryGetValue(m, out var master) ? link with { Master = master.Name } : link;

    private static string ScopeName(RouteScope scope) => scope == RouteScope.Universe ? "global" : scope.ToString().ToLowerInvariant();

    private static string TableSuffix(uint table) => table switch
    {
        RtTable.Main => "",
        RtTable.Local => " table local",
        RtTable.Default => " table default",
        _ => $" table {table}",
    };

    /// <summary>What `ip -br link` shows as the state: UP, DOWN, LOWERLAYERDOWN, UNKNOWN ...</summary>
    internal static string LinkState(NetLink link) => link.OperState.ToString().ToUpperInvariant();

    /// <summary>An address's DAD state: tentative, dadfailed, deprecated or preferred.</summary>
    internal static string AddressState(NetAddress address) =>
        address.Flags.HasFlag(IfaFlags.DadFailed) ? "dadfailed"
        : address.Flags.HasFlag(IfaFlags.Tentative) ? "tentative"
        : address.Flags.HasFlag(IfaFlags.Deprecated) ? "deprecated"
        : "preferred";

    public void Dispose() => Subscription.Dispose();
}
