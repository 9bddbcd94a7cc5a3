using System.Collections.Concurrent;
using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Interop;
using LinuxNetPS.Netlink;

namespace LinuxNetPS.Namespaces;

/// <summary>
/// One network namespace held open: its namespace file and its netlink sockets, which the operations
/// (links, addresses, routes ...) send their requests through. Obtain it with <see cref="For(string?)"/>:
/// sessions are cached per namespace, so the namespace's netlink sockets are opened once (on the
/// namespace worker thread, which enters the namespace, opens the socket and returns home) and
/// then used from any thread. Programs use the façade over it, <c>LinuxNetPS.Client.NetClient</c>.
/// A cached session holds its namespace open (the namespace file and the sockets pin it), so the cache lets go
/// of what others deleted: whenever a session is opened for a namespace not in the cache (and at most once a second
/// otherwise), cached ones whose /run/netns entry is gone or names
/// another namespace are closed, and at most <see cref="MaxCached"/> are kept (the least recently used are dropped first).
/// An idle process does the same on a timer (<see cref="SweepInterval"/>), so a namespace deleted by another tool is
/// released without waiting for this process's next call.
/// <see cref="Dispose"/> closes a session (and forgets it) explicitly; a later <see cref="For(string?)"/> opens a new one.
/// </summary>
public sealed class NamespaceSession : IDisposable
{
    /// <summary>
    /// How many namespaces' sessions are kept open at most. A cached session costs about 2 KB of memory (its sockets
    /// hold no buffers while idle) and two descriptors, so a few thousand containers stay cached: a smaller bound
    /// made a build of 1000 containers re-open sockets (a namespace switch each) and probe the whole cache on
    /// every miss.
    /// </summary>
    public const int MaxCached = 2048;

    private static readonly object CacheGate = new();
    private static readonly Dictionary<string, NamespaceSession> Cache = new(StringComparer.Ordinal);

    private readonly FileDescriptor _namespaceFile;
    private readonly object _socketGate = new();
    private NetlinkSocket? _route;
    private NetlinkSocket? _netfilter;

    private NamespaceSession(NamespaceRef ns, ulong inode, FileDescriptor namespaceFile, NetlinkSocket? route)
    {
        Namespace = ns;
        Inode = inode;
        _namespaceFile = namespaceFile;
        _route = route;
    }

    /// <summary>The namespace this session works in.</summary>
    public NamespaceRef Namespace { get; }

    /// <summary>The value for the Namespace property of objects from this namespace (null for the host).</summary>
    public string? NamespaceSpec => Namespace.Spec;

    /// <summary>The namespace's inode, which identifies it whatever it is called.</summary>
    public ulong Inode { get; }

    /// <summary>The open namespace file (for IFLA_NET_NS_FD and NETNSA_FD).</summary>
    internal FileDescriptor NamespaceFile => _namespaceFile;

    /// <summary>The NETLINK_ROUTE socket of this namespace.</summary>
    public NetlinkSocket Route => _route ?? OpenSocket(ref _route, NetlinkProtocol.Route);

    /// <summary>The NETLINK_NETFILTER socket of this namespace.</summary>
    public NetlinkSocket Netfilter => _netfilter ?? OpenSocket(ref _netfilter, NetlinkProtocol.Netfilter);

    /// <summary>The session of the host namespace (PID 1's).</summary>
    public static NamespaceSession Host => For(NamespaceRef.Host);

    /// <summary>The session of a namespace given as name, path, pid or null (host).</summary>
    public static NamespaceSession For(string? spec) => For(NamespaceRef.Parse(spec));

    public static NamespaceSession For(NamespaceRef ns)
    {
        bool pruned = false;
        return For(ns, ref pruned);
    }

    /// <summary>
    /// Sessions for many namespaces (a batch over many containers): as <see cref="For(NamespaceRef)"/> each, but the cache
    /// is checked for stale sessions at most once for all the misses, not once per miss (with more namespaces than the
    /// cache holds, every one misses). A namespace that cannot be opened gives null, and its error when used on its own.
    /// </summary>
    internal static NamespaceSession?[] ForMany(IReadOnlyList<string?> specs)
    {
        var sessions = new NamespaceSession?[specs.Count];
        bool pruned = false;
        for (int i = 0; i < specs.Count; i++)
        {
            try { sessions[i] = For(NamespaceRef.Parse(specs[i]), ref pruned); }
            catch (NetOperationException) { }
        }
        return sessions;
    }

    private static NamespaceSession For(NamespaceRef ns, ref bool pruned)
    {
        // Every cmdlet call asks for its session: for a named namespace already cached, one statx of its /run/netns entry
        // (the test the pruning trusts, StillNamed) says it is still that namespace, instead of an open, a statx, an
        // ioctl and a close of the file. Anything else (gone, replaced, not cached) takes the full path below.
        if (ns.Name is not null && CachedStillNamed(ns) is { } hit) return hit;
        var file = Namespaces.NamespaceFile.Open(ns, out ulong inode);
        lock (CacheGate)
        {
            if (Cache.TryGetValue(ns.Path, out var cached))
            {
                if (cached.Inode == inode)
                {
                    file.Dispose();
                    return HitLocked(cached);
                }
                // Same name, different namespace: it was deleted and re-created behind our back.
                Cache.Remove(ns.Path);
                cached.Close();
            }
            if (pruned) EnforceBoundLocked();
            else PruneLocked();
            pruned = true;
            var session = new NamespaceSession(ns, inode, file, null);
            Cache[ns.Path] = session;
            if (!ns.IsHost && ns.Name is not null) ArmSweepLocked();
            return session;
        }
    }

    private static NamespaceSession? CachedStillNamed(NamespaceRef ns)
    {
        lock (CacheGate)
        {
            return Cache.TryGetValue(ns.Path, out var cached) && cached.StillNamed() ? HitLocked(cached) : null;
        }
    }

    /// <summary>A cached session handed out again: marked as used now.</summary>
    private static NamespaceSession HitLocked(NamespaceSession cached)
    {
        cached.LastUsed = NextUse();
        // A session that keeps using the same namespaces never misses: check the others now and then,
        // so namespaces deleted by other tools are let go of without waiting for a miss.
        if (Environment.TickCount64 - _lastPrune > PruneIntervalMs) PruneLocked();
        return cached;
    }

    /// <summary>
    /// Closes the cached sessions whose namespace is gone (the /run/netns entry was deleted, or now holds another
    /// namespace), so their sockets stop pinning it. Runs by itself whenever a new session is made.
    /// </summary>
    public static int PruneStale()
    {
        lock (CacheGate) return PruneLocked();
    }

    /// <summary>How many sessions are cached (for tests and diagnostics).</summary>
    public static int CachedCount
    {
        get { lock (CacheGate) return Cache.Count; }
    }

    private const long PruneIntervalMs = 1000;

    /// <summary>
    /// How often an idle process checks its cached named namespaces: a pwsh that sits at its prompt would otherwise
    /// keep a namespace deleted by `ip netns del` alive (its veth ends, addresses and routes with it) until its next
    /// cmdlet. Each check is one statx per cached named namespace; the timer stops when none is cached.
    /// </summary>
    internal static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(5);
    private static Timer? _sweep;
    private static bool _sweepArmed;

    private static void ArmSweepLocked()
    {
        if (_sweepArmed) return;
        _sweep ??= new Timer(_ => Sweep());
        _sweep.Change(SweepInterval, SweepInterval);
        _sweepArmed = true;
    }

    private static void Sweep()
    {
        try
        {
            lock (CacheGate)
            {
                PruneLocked();
                if (!Cache.Values.Any(c => !c.Namespace.IsHost && c.Namespace.Name is not null))
                {
                    _sweep?.Change(Timeout.Infinite, Timeout.Infinite);
                    _sweepArmed = false;
                }
            }
        }
        catch (Exception) // a timer callback that throws would end the process; the next cmdlet prunes anyway
        {
        }
    }

    /// <summary>Whether this session was closed (disposed, or let go of because its namespace is gone).</summary>
    internal bool IsClosed
    {
        get { lock (_socketGate) return _closed; }
    }
    private static long _lastPrune = Environment.TickCount64;

    private static int PruneLocked()
    {
        _lastPrune = Environment.TickCount64;
        // Gone namespaces are closed: a caller still holding such a session gets an error rather than working on in a
        // namespace nobody can name any more.
        var stale = Cache.Values.Where(c => !c.Namespace.IsHost && c.Namespace.Name is not null && !c.StillNamed()).ToList();
        foreach (var session in stale)
        {
            Cache.Remove(session.Namespace.Path);
            session.Close();
        }
        EnforceBoundLocked();
        return stale.Count;
    }

    /// <summary>
    /// Over the bound, the least recently used are only dropped from the cache (they are opened again on demand):
    /// whoever holds one keeps a working session, and its descriptors close when it is disposed or collected.
    /// </summary>
    private static void EnforceBoundLocked()
    {
        int excess = Cache.Count - (MaxCached - 1);
        if (excess > 0)
            foreach (var session in Cache.Values.Where(c => !c.Namespace.IsHost).OrderBy(c => c.LastUsed).Take(excess).ToList())
                Cache.Remove(session.Namespace.Path);
    }

    /// <summary>Whether the session's /run/netns entry still holds the namespace it has open.</summary>
    private bool StillNamed()
    {
        // One statx of the path, no open: what is mounted there is a namespace file with our inode, or the entry
        // is gone or holds something else (an unmounted stale file has an inode of /run/netns's own file system).
        // Namespace inodes are numbered from 0xF0000000 up, where ordinary file systems have none.
        return Interop.Sys.LStatOf(Namespace.Path) is { Type: Interop.Sys.S_IFREG } stat && stat.Inode == Inode;
    }

    /// <summary>Whether the namespace this session works in can still be reached by its name (always true for the host, paths and pids).</summary>
    internal bool IsReachable => Namespace.Name is null || StillNamed();

    private static long _useCounter;
    private static long NextUse() => Interlocked.Increment(ref _useCounter);

    /// <summary>When this session was last handed out (a counter): namespaces used recently are the likely peers of a veth.</summary>
    internal long LastUsed { get; private set; } = NextUse();

    /// <summary>What this namespace's namespace ids (IFLA_LINK_NETNSID) were found to mean; checked before use.</summary>
    internal NsIdCache NsIds { get; } = new();

    private readonly ConcurrentDictionary<string, NamespaceRef> _connected = new(StringComparer.Ordinal);

    /// <summary>Namespaces a veth made or moved by us connects this one to: the first places to look for a peer.</summary>
    internal IEnumerable<NamespaceRef> Connected => _connected.Values;

    /// <summary>Records that a veth joins the two namespaces (both ways).</summary>
    internal static void NoteConnected(NamespaceSession a, NamespaceSession b)
    {
        if (a.Inode == b.Inode) return;
        a._connected[b.Namespace.Path] = b.Namespace;
        b._connected[a.Namespace.Path] = a.Namespace;
    }

    /// <summary>How many other namespaces veths made or moved by this process connect <paramref name="ns"/>'s cached session to (0 if none is cached).</summary>
    internal static int ConnectionCount(NamespaceRef ns)
    {
        lock (CacheGate)
            return Cache.TryGetValue(ns.Path, out var session) ? session._connected.Count : 0;
    }

    /// <summary>The other namespaces with a cached session, most recently used first.</summary>
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
            Cache[ns.Path] = new NamespaceSession(ns, inode, file, route);
            if (!ns.IsHost && ns.Name is not null) ArmSweepLocked();
        }
    }

    /// <summary>Drops the cached session (and its sockets, which pin the namespace) before the namespace is deleted.</summary>
    internal static void Forget(NamespaceRef ns)
    {
        lock (CacheGate)
        {
            if (Cache.Remove(ns.Path, out var old)) old.Close();
        }
    }

    /// <summary>
    /// Opens the NETLINK_ROUTE sockets of the sessions that have none yet in one visit of the namespace worker: one thread
    /// hand-off for all instead of one per namespace (which is what a socket costs on a loaded machine). For batches that
    /// talk to many namespaces in turn. Best effort: a namespace that cannot be entered is left for the first request to report.
    /// </summary>
    internal static void OpenRouteSockets(IEnumerable<NamespaceSession> sessions)
    {
        var missing = sessions.Where(c => c._route is null && !c._closed).Distinct().ToList();
        if (missing.Count == 0) return;
        var opened = NamespaceWorker.Instance.RunInEach(missing.Select(c => c._namespaceFile).ToList(), () => NetlinkSocket.Open(NetlinkProtocol.Route));
        for (int i = 0; i < missing.Count; i++)
        {
            if (opened[i] is not { } socket) continue;
            var session = missing[i];
            lock (session._socketGate)
            {
                if (session._route is null && !session._closed) session._route = socket;
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
    /// Closes this session's sockets and namespace file and removes it from the cache. Using it afterwards throws
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

    /// <summary>Closes and forgets every cached session (their namespaces are no longer pinned by this process).</summary>
    public static void CloseAll()
    {
        List<NamespaceSession> all;
        lock (CacheGate)
        {
            all = Cache.Values.ToList();
            Cache.Clear();
        }
        foreach (var session in all) session.Close();
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
