using System.Net;
using LinuxNetPS.Client;
using LinuxNetPS.Addresses;
using LinuxNetPS.Errors;
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
    internal const ushort DelNsId = 89;

    private readonly NetClient _client;
    private readonly NetEventKinds _kinds;
    private readonly Dictionary<int, NetLink> _links = new();
    private readonly Dictionary<(int, IPAddress, int), NetAddress> _addresses = new();
    private readonly Dictionary<(int, IPAddress), NeighborEntry> _neighbors = new();

    // onStartStep is for tests only: called with "read" after the first read and "subscribed" after subscribing,
    // so a test can change the namespace exactly inside each window.
    public NamespaceFeed(NetClient client, NetEventKinds kinds, int receiveBufferBytes = RtnetlinkSubscription.DefaultReceiveBufferBytes,
        Action<string>? onStartStep = null)
    {
        _client = client;
        _kinds = kinds;
        // The state read before subscribing is what every later announcement is compared with. Reading it only
        // after subscribing would make a change during that read look like a repeat of what was read, and drop it.
        ReadState(_links, _addresses);
        onStartStep?.Invoke("read");
        Subscription = RtnetlinkSubscription.Open(client, NetEventGroups.For(kinds), receiveBufferBytes);
        try
        {
            onStartStep?.Invoke("subscribed");
            CatchUp();
        }
        catch { Subscription.Dispose(); throw; }
    }

    public RtnetlinkSubscription Subscription { get; }

    private string? Ns => _client.NamespaceSpec;

    /// <summary>Events found while starting (see <see cref="CatchUp"/>), handed out by the first <see cref="Drain"/>.</summary>
    private readonly List<NetEvent> _startup = new();

    /// <summary>While catching up: the links and addresses some queued announcement was about.</summary>
    private HashSet<object>? _announced;

    /// <summary>True when events found at start-up wait to be handed out.</summary>
    public bool HasStartupEvents => _startup.Count > 0;

    /// <summary>Reads the current links (and, when watched, addresses) into the given maps.</summary>
    private void ReadState(Dictionary<int, NetLink> links, Dictionary<(int, IPAddress, int), NetAddress> addresses)
    {
        links.Clear();
        foreach (var parsed in _client.Links.Dump()) links[parsed.Link.Index] = parsed.Link;
        foreach (var index in links.Keys.ToList()) links[index] = WithMaster(links, links[index]);
        addresses.Clear();
        if (_kinds.HasFlag(NetEventKinds.Address))
            foreach (var a in _client.Addresses.List()) addresses[(a.InterfaceIndex, a.IPAddress, a.PrefixLength)] = a;
    }

    /// <summary>
    /// Closes the window between the first read and the subscription: reads the state again, translates what is
    /// already queued (every change since the subscription, compared with the first read), and reports whatever
    /// differs between the two reads that no announcement explains (a change made just before the subscription).
    /// </summary>
    private void CatchUp()
    {
        var links = new Dictionary<int, NetLink>();
        var addresses = new Dictionary<(int, IPAddress, int), NetAddress>();
        ReadState(links, addresses);
        _announced = new HashSet<object>();
        try
        {
            // Everything queued now came after the subscription; a bounded number of rounds, so a namespace that
            // never stops changing cannot keep the watcher from starting (what is left is read as usual later).
            for (int round = 0; round < 16; round++)
            {
                bool more = DrainQueued(_startup, 256, out bool overflowed);
                if (overflowed) return;   // the Gap event says it all, and the state was read again
                if (!more) break;
            }

            foreach (var (index, link) in links)
                if (!_announced.Contains(index) && (!_links.TryGetValue(index, out var old) || RecordDiff.Of(old, link).Count > 0))
                    AddStartup(LinkChange(link, removed: false));
            foreach (var (index, old) in _links.ToList())
                if (!_announced.Contains(index) && !links.ContainsKey(index))
                    AddStartup(LinkChange(old, removed: true));
            if (!_kinds.HasFlag(NetEventKinds.Address)) return;
            foreach (var (key, address) in addresses)
                if (!_announced.Contains(key) && (!_addresses.TryGetValue(key, out var old) || RecordDiff.Of(old, address).Count > 0))
                    AddStartup(AddressChange(address, removed: false));
            foreach (var (key, old) in _addresses.ToList())
                if (!_announced.Contains(key) && !addresses.ContainsKey(key))
                    AddStartup(AddressChange(old, removed: true));
        }
        finally { _announced = null; }
    }

    private void AddStartup(NetEvent? e)
    {
        if (e is not null) _startup.Add(e);
    }

    /// <summary>Reads the current links (and addresses) again after lost notifications.</summary>
    private void Prime() => ReadState(_links, _addresses);

    /// <summary>Hands out the events found at start-up, then reads everything queued (at most <paramref name="limit"/> datagrams) and appends its events.</summary>
    public void Drain(List<NetEvent> events, int limit = 256)
    {
        events.AddRange(_startup);
        _startup.Clear();
        DrainQueued(events, limit, out _);
    }

    /// <summary>Reads queued datagrams; false when the queue ran empty before <paramref name="limit"/>.</summary>
    private bool DrainQueued(List<NetEvent> events, int limit, out bool overflowed)
    {
        overflowed = false;
        for (int i = 0; i < limit; i++)
        {
            var datagram = Subscription.TryReceive(out bool lost);
            if (lost)
            {
                overflowed = true;
                events.Add(Gap());
                Prime();
                continue;
            }
            if (datagram.IsEmpty) return false;
            foreach (var message in new NetlinkMessageIterator(datagram))
                if (Translate(message) is { } e) events.Add(e);
        }
        return true;
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

    internal NetEvent? Translate(in NetlinkMessage m) // internal: tests hand it a malformed notification
    {
        switch (m.Type)
        {
            case RtmType.NewLink or RtmType.DelLink: return LinkEvent(m);
            case RtmType.NewAddr or RtmType.DelAddr: return AddressEvent(m);
            case RtmType.NewRoute or RtmType.DelRoute: return RouteEvent(m);
        }
        // A neighbour or namespace-id notification the parser refuses is reported as a gap and the stream goes on,
        // as it went on before (such messages used to be dropped without a word): these tables are not read again
        // on a gap and nothing later depends on them, so one unreadable entry must not end a long-running watch.
        // Link, address and route messages still end it: the feed's own state is built from them.
        try
        {
            return m.Type switch
            {
                RtmType.NewNeigh or RtmType.DelNeigh => NeighborEvent(m),
                RtmType.NewNsId or DelNsId => NamespaceIdEvent(m),
                _ => null,
            };
        }
        catch (MalformedMessageException e)
        {
            return Unreadable(m.Type is RtmType.NewNeigh or RtmType.DelNeigh ? "neighbour" : "namespace id", e);
        }
    }

    private NetEvent Unreadable(string what, MalformedMessageException e) => new()
    {
        Namespace = Ns,
        Timestamp = DateTime.Now,
        Kind = NetEventKind.Gap,
        Action = NetEventAction.Lost,
        Summary = $"A {what} notification could not be read and was skipped ({e.Detail}); this stream does not show that change.",
    };

    private NetEvent? LinkEvent(in NetlinkMessage m)
    {
        // AF_BRIDGE copies describe bridge-port state, not the link; the AF_UNSPEC one follows.
        if (m.Header<IfInfoMsg>().Family != Rtnetlink.AddressFamily.Unspec) return null;
        bool removed = m.Type == RtmType.DelLink;
        var asNew = new NetlinkMessage(RtmType.NewLink, m.Flags, m.Sequence, m.Payload);
        var link = LinkParser.Parse(asNew, Ns)?.Link;
        if (link is null) return null;
        _announced?.Add(link.Index);
        return LinkChange(WithMaster(_links, link), removed);
    }

    /// <summary>The event for a link now in <paramref name="link"/>'s state (or gone), against the last state seen.</summary>
    private NetEvent? LinkChange(NetLink link, bool removed)
    {
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
        _announced?.Add((address.InterfaceIndex, address.IPAddress, address.PrefixLength));
        return AddressChange(address, removed);
    }

    /// <summary>The event for an address added, changed or (with <paramref name="removed"/>) deleted, against the last state seen.</summary>
    private NetEvent? AddressChange(NetAddress address, bool removed)
    {
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
        if (ParseNamespaceId(m) is not { } id) return null;
        return new NetEvent
        {
            Namespace = Ns, Timestamp = DateTime.Now, Kind = NetEventKind.Namespace,
            Action = removed ? NetEventAction.Removed : NetEventAction.Added,
            Subject = id.ToString(), Object = id,
            Summary = (removed ? "Deleted " : "") + $"nsid {id}",
        };
    }

    /// <summary>
    /// The id an RTM_NEWNSID / RTM_DELNSID message announces, or null for other messages; a malformed message
    /// (a broken attribute, or no NETNSA_NSID, which the kernel always sends: rtnl_net_fill) throws
    /// <see cref="MalformedMessageException"/>.
    /// </summary>
    internal static int? ParseNamespaceId(in NetlinkMessage m)
    {
        if (m.Type is not (RtmType.NewNsId or DelNsId)) return null;
        _ = m.Header<RtGenMsg>(); // a payload shorter than its header is malformed
        int? id = null;
        var r = m.Attributes<RtGenMsg>();
        while (r.Next())
            if (r.Type == NetnsaAttr.NsId) id = r.S32();
        r.ThrowIfMalformed("namespace id message");
        return id ?? throw new MalformedMessageException("namespace id message", "it has no NETNSA_NSID");
    }

    private string? NameOf(int index) => _links.TryGetValue(index, out var l) ? l.Name : null;

    private static NetLink WithMaster(Dictionary<int, NetLink> links, NetLink link) =>
        link.MasterIndex is { } m && links.TryGetValue(m, out var master) ? link with { Master = master.Name } : link;

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
