using System.Collections.Concurrent;
using LinuxNetPS.Addresses;
using LinuxNetPS.Bridges;
using LinuxNetPS.Errors;
using LinuxNetPS.Forwarding;
using LinuxNetPS.Impairment;
using LinuxNetPS.Interop;
using LinuxNetPS.Links;
using LinuxNetPS.Netlink;
using LinuxNetPS.Nftables;
using LinuxNetPS.Routes;

namespace LinuxNetPS.Namespaces;

/// <summary>
/// Everything the library does in one network namespace. Obtain it with <see cref="For(string?)"/>:
/// clients are cached per namespace, so the namespace's netlink sockets are opened once (on the
/// namespace worker thread, which enters the namespace, opens the socket and returns home) and
/// then used from any thread.
/// <code>
/// var red = NetClient.For("red");
/// red.Links.SetUp("lo");
/// red.Addresses.Add("veth0", IPPrefix.Parse("10.0.0.2/24"));
/// </code>
/// A cached client holds its namespace open (the namespace file and the sockets pin it), so the cache lets go
/// of what others deleted: whenever a client is opened for a namespace not in the cache (and at most once a second
/// otherwise), cached ones whose /run/netns entry is gone or names
/// another namespace are closed, and at most <see cref="MaxCached"/> are kept (the least recently used are dropped first).
/// <see cref="Dispose"/> closes a client (and forgets it) explicitly; a later <see cref="For(string?)"/> opens a new one.
/// </summary>
public sealed class NetClient : IDisposable
{
    /// <summary>
    /// How many namespaces' clients are kept open at most. A cached client costs about 2 KB of memory (its sockets
    /// hold no buffers while idle) and two descriptors, so a few thousand containers stay cached: a smaller bound
    /// made a build of 1000 containers re-open sockets (a namespace switch each) and probe the whole cache on
    /// every miss.
    /// </summary>
    public const int MaxCached = 2048;

    private static readonly object CacheGate = new();
    private static readonly Dictionary<string, NetClient> Cache = new(StringComparer.Ordinal);

    private readonly FileDescriptor _namespaceFile;
    private readonly object _socketGate = new();
    private NetlinkSocket? _route;
    private NetlinkSocket? _netfilter;

    private NetClient(NamespaceRef ns, ulong inode, FileDescriptor namespaceFile, NetlinkSocket? route)
    {
        Namespace = ns;
        Inode = inode;
        _namespaceFile = namespaceFile;
        _route = route;
        Links = new LinkOperations(this);
        Addresses = new AddressOperations(this);
        Routes = new RouteOperations(this);
        Bridges = new BridgeOperations(this);
        Nat = new NatOperations(this);
        Forwarding = new ForwardingOperations(this);
        Impairments = new ImpairmentOperations(this);
    }

    /// <summary>The namespace this client works in.</summary>
    public NamespaceRef Namespace { get; }

    /// <summary>The value for the Namespace property of objects from this namespace (null for the host).</summary>
    public string? NamespaceSpec => Namespace.Spec;

    /// <summary>The namespace's inode, which identifies it whatever it is called.</summary>
    public ulong Inode { get; }

    public LinkOperations Links { get; }
    public AddressOperations Addresses { get; }
    public RouteOperations Routes { get; }
    public BridgeOperations Bridges { get; }
    /// <summary>Masquerade, source NAT and port forwarding (nf_tables table inet linuxnetps).</summary>
    public NatOperations Nat { get; }
    /// <summary>net.ipv4.ip_forward and net.ipv6.conf.all.forwarding of this namespace.</summary>
    public ForwardingOperations Forwarding { get; }
    /// <summary>Link impairment (delay, loss, rate ...) through netem and tbf qdiscs: Mininet's TCLink.</summary>
    public ImpairmentOperations Impairments { get; }

    /// <summary>The open namespace file (for IFLA_NET_NS_FD and NETNSA_FD).</summary>
    internal FileDescriptor NamespaceFile => _namespaceFile;

    /// <summary>The NETLINK_ROUTE socket of this namespace.</summary>
    public NetlinkSocket Route => _route ?? OpenSocket(ref _route, NetlinkProtocol.Route);

    /// <summary>The NETLINK_NETFILTER socket of this namespace.</summary>
    public NetlinkSocket Netfilter => _netfilter ?? OpenSocket(ref _netfilter, NetlinkProtocol.Netfilter);

    /// <summary>The client for the host namespace (PID 1's).</summary>
    public static NetClient Host => For(NamespaceRef.Host);

    /// <summary>The client for a namespace given as name, path, pid or null (host).</summary>
    public static NetClient For(string? spec) => For(NamespaceRef.Parse(spec));

    public static NetClient For(NamespaceRef ns)
    {
        bool pruned = false;
        return For(ns, ref pruned);
    }

    /// <summary>
    /// Clients for many namespaces (a batch over many containers): as <see cref="For(NamespaceRef)"/> each, but the cache
    /// is checked for stale clients at most once for all the misses, not once per miss (with more namespaces than the
    /// cache holds, every one misses). A namespace that cannot be opened gives null, and its error when used on its own.
    /// </summary>
    internal static NetClient?[] ForMany(IReadOnlyList<string?> specs)
    {
        var clients = new NetClient?[specs.Count];
        bool pruned = false;
        for (int i = 0; i < specs.Count; i++)
        {
            try { clients[i] = For(NamespaceRef.Parse(specs[i]), ref pruned); }
            catch (NetOperationException) { }
        }
        return clients;
    }

    private static NetClient For(NamespaceRef ns, ref bool pruned)
    {
        var file = Namespaces.NamespaceFile.Open(ns, out ulong inode);
        lock (CacheGate)
        {
            if (Cache.TryGetValue(ns.Path, out var cached))
            {
                if (cached.Inode == inode)
                {
                    file.Dispose();
                    cached.LastUsed = NextUse();
                    // A session that keeps using the same namespaces never misses: check the others now and then,
                    // so namespaces deleted by other tools are let go of without waiting for a miss.
                    if (Environment.TickCount64 - _lastPrune > PruneIntervalMs) PruneLocked();
                    return cached;
                }
                // Same name, different namespace: it was deleted and re-created behind our back.
                Cache.Remove(ns.Path);
                cached.Close();
            }
            if (pruned) EnforceBoundLocked();
            else PruneLocked();
            pruned = true;
            var client = new NetClient(ns, inode, file, null);
            Cache[ns.Path] = client;
            return client;
        }
    }

    /// <summary>
    /// Closes the cached clients whose namespace is gone (the /run/netns entry was deleted, or now holds another
    /// namespace), so their sockets stop pinning it. Runs by itself whenever a new client is made.
    /// </summary>
    public static int PruneStale()
    {
        lock (CacheGate) return PruneLocked();
    }

    /// <summary>How many clients are cached (for tests and diagnostics).</summary>
    public static int CachedCount
    {
        get { lock (CacheGate) return Cache.Count; }
    }

    private const long PruneIntervalMs = 1000;
    private static long _lastPrune = Environment.TickCount64;

    private static int PruneLocked()
    {
        _lastPrune = Environment.TickCount64;
        // Gone namespaces are closed: a caller still holding such a client gets an error rather than working on in a
        // namespace nobody can name any more.
        var stale = Cache.Values.Where(c => !c.Namespace.IsHost && c.Namespace.Name is not null && !c.StillNamed()).ToList();
        foreach (var client in stale)
        {
            Cache.Remove(client.Namespace.Path);
            client.Close();
        }
        EnforceBoundLocked();
        return stale.Count;
    }

    /// <summary>
    /// Over the bound, the least recently used are only dropped from the cache (they are opened again on demand):
    /// whoever holds one keeps a working client, and its descriptors close when it is disposed or collected.
    /// </summary>
    private static void EnforceBoundLocked()
    {
        int excess = Cache.Count - (MaxCached - 1);
        if (excess > 0)
            foreach (var client in Cache.Values.Where(c => !c.Namespace.IsHost).OrderBy(c => c.LastUsed).Take(excess).ToList())
                Cache.Remove(client.Namespace.Path);
    }

    /// <summary>Whether the client's /run/netns entry still holds the namespace it has open.</summary>
    private bool StillNamed()
    {
        // One statx of the path, no open: what is mounted there is a namespace file with our inode, or the entry
        // is gone or holds something else (an unmounted stale file has an inode of /run/netns's own file system).
        // Namespace inodes are numbered from 0xF0000000 up, where ordinary file systems have none.
        return Interop.Sys.LStatOf(Namespace.Path) is { Type: Interop.Sys.S_IFREG } stat && stat.Inode == Inode;
    }

    /// <summary>Whether the namespace this client works in can still be reached by its name (always true for the host, paths and pids).</summary>
    internal bool IsReachable => Namespace.Name is null || StillNamed();

    private static long _useCounter;
    private static long NextUse() => Interlocked.Increment(ref _useCounter);

    /// <summary>When this client was last handed out (a counter): namespaces used recently are the likely peers of a veth.</summary>
    internal long LastUsed { get; private set; } = NextUse();

    /// <summary>What this namespace's namespace ids (IFLA_LINK_NETNSID) were found to mean; checked before use.</summary>
    internal Links.NsIdCache NsIds { get; } = new();

    private readonly ConcurrentDictionary<string, NamespaceRef> _connected = new(StringComparer.Ordinal);

    /// <summary>Namespaces a veth made or moved by us connects this one to: the first places to look for a peer.</summary>
    internal IEnumerable<NamespaceRef> Connected => _connected.Values;

    /// <summary>Records that a veth joins the two namespaces (both ways).</summary>
    internal static void NoteConnected(NetClient a, NetClient b)
    {
        if (a.Inode == b.Inode) return;
        a._connected[b.Namespace.Path] = b.Namespace;
        b._connected[a.Namespace.Path] = a.Namespace;
    }

    /// <summary>How many other namespaces veths made or moved by this process connect <paramref name="ns"/>'s cached client to (0 if none is cached).</summary>
    internal static int ConnectionCount(NamespaceRef ns)
    {
        lock (CacheGate)
            return Cache.TryGetValue(ns.Path, out var client) ? client._connected.Count : 0;
    }

    /// <summary>The other namespaces with a cached client, most recently used first.</summary>
    internal static IReadOnlyList<NamespaceRef> RecentlyUsed()
    {
        lock (CacheGate)
            return Cache.Values.OrderByDescending(c => c.LastUsed).Select(c => c.Namespace).ToList();
    }

    /// <summary>Registers the namespace file and socket opened while creating the namespace.</summary>
    internal static void Adopt(NamespaceRef ns, ulong inode, FileDescriptor file, NetlinkSocket route)
    {
        lock (CacheGate)
        {
            if (Cache.Remove(ns.Path, out var old)) old.Close();
            EnforceBoundLocked(); // no probing here: creating thousands of namespaces must stay cheap
            Cache[ns.Path] = new NetClient(ns, inode, file, route);
        }
    }

    /// <summary>Drops the cached client (and its sockets, which pin the namespace) before the namespace is deleted.</summary>
    internal static void Forget(NamespaceRef ns)
    {
        lock (CacheGate)
        {
            if (Cache.Remove(ns.Path, out var old)) old.Close();
        }
    }

    /// <summary>
    /// Opens the NETLINK_ROUTE sockets of the clients that have none yet in one visit of the namespace worker: one thread
    /// hand-off for all instead of one per namespace (which is what a socket costs on a loaded machine). For batches that
    /// talk to many namespaces in turn. Best effort: a namespace that cannot be entered is left for the first request to report.
    /// </summary>
    internal static void OpenRouteSockets(IEnumerable<NetClient> clients)
    {
        var missing = clients.Where(c => c._route is null && !c._closed).Distinct().ToList();
        if (missing.Count == 0) return;
        var opened = NamespaceWorker.Instance.RunInEach(missing.Select(c => c._namespaceFile).ToList(), () => NetlinkSocket.Open(NetlinkProtocol.Route));
        for (int i = 0; i < missing.Count; i++)
        {
            if (opened[i] is not { } socket) continue;
            var client = missing[i];
            lock (client._socketGate)
            {
                if (client._route is null && !client._closed) client._route = socket;
                else socket.Dispose(); // opened meanwhile by another thread, or closed
            }
        }
    }

    private NetlinkSocket OpenSocket(ref NetlinkSocket? slot, NetlinkProtocol protocol)
    {
        lock (_socketGate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (slot is not null) return slot;
            var socket = NamespaceWorker.Instance.RunIn(_namespaceFile, () => NetlinkSocket.Open(protocol), Namespace.ToString());
            slot = socket;
            return socket;
        }
    }

    /// <summary>
    /// Closes this client's sockets and namespace file and removes it from the cache. Using it afterwards throws
    /// ObjectDisposedException; <see cref="For(string?)"/> gives a new one.
    /// </summary>
    public void Dispose()
    {
        lock (CacheGate)
        {
            if (Cache.TryGetValue(Namespace.Path, out var cached) && ReferenceEquals(cached, this)) Cache.Remove(Namespace.Path);
        }
        Close();
    }

    /// <summary>Closes and forgets every cached client (their namespaces are no longer pinned by this process).</summary>
    public static void CloseAll()
    {
        List<NetClient> all;
        lock (CacheGate)
        {
            all = Cache.Values.ToList();
            Cache.Clear();
        }
        foreach (var client in all) client.Close();
    }

    private bool _closed;

    private void Close()
    {
        lock (_socketGate)
        {
            _closed = true;
            _route?.Dispose();
            _netfilter?.Dispose();
            _namespaceFile.Dispose();
        }
    }

    public override string ToString() => Namespace.ToString();
}
