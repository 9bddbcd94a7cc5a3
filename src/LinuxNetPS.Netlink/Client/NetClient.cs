using System.Runtime.CompilerServices;
using LinuxNetPS.Addresses;
using LinuxNetPS.Bridges;
using LinuxNetPS.ConnectionTracking;
using LinuxNetPS.Forwarding;
using LinuxNetPS.Impairment;
using LinuxNetPS.Links;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Neighbors;
using LinuxNetPS.Netlink;
using LinuxNetPS.Nftables;
using LinuxNetPS.Routes;
using LinuxNetPS.Routes.Rules;

namespace LinuxNetPS.Client;

/// <summary>
/// Everything the library does in one network namespace, in one object: the façade programs and the module use.
/// Obtain it with <see cref="For(string?)"/>. It holds nothing of its own: the namespace's open file and sockets are
/// its <see cref="Session"/> (cached per namespace, see <see cref="NamespaceSession"/>), and each operation set
/// works on that session, so the operations never need the façade and the façade is the only type that knows them all.
/// <code>
/// var red = NetClient.For("red");
/// red.Links.SetUp("lo");
/// red.Addresses.Add("veth0", IPPrefix.Parse("10.0.0.2/24"));
/// </code>
/// </summary>
public sealed class NetClient : IDisposable
{
    /// <summary>
    /// One façade per live session, so <c>NetClient.For("red")</c> gives the same object while the session is cached
    /// (and a new one with the new session after the namespace was re-created or the session disposed).
    /// </summary>
    private static readonly ConditionalWeakTable<NamespaceSession, NetClient> Facades = new();

    private NetClient(NamespaceSession session)
    {
        Session = session;
        Links = new LinkOperations(session);
        Addresses = new AddressOperations(session);
        Routes = new RouteOperations(session);
        Rules = new RuleOperations(session);
        Bridges = new BridgeOperations(session);
        Nat = new NatOperations(session);
        Firewall = new FirewallOperations(session);
        ConnectionTracking = new ConnectionTrackingOperations(session);
        AddressSets = new AddressSetOperations(session);
        Forwarding = new ForwardingOperations(session);
        Impairments = new ImpairmentOperations(session);
        Neighbors = new NeighborOperations(session);
        Fdb = new BridgeFdbOperations(session);
        BridgeVlans = new BridgeVlanOperations(session);
    }

    /// <summary>How many namespaces' sessions are kept open at most (<see cref="NamespaceSession.MaxCached"/>).</summary>
    public const int MaxCached = NamespaceSession.MaxCached;

    /// <summary>The namespace held open: its file and netlink sockets.</summary>
    public NamespaceSession Session { get; }

    /// <summary>The namespace this client works in.</summary>
    public NamespaceRef Namespace => Session.Namespace;

    /// <summary>The value for the Namespace property of objects from this namespace (null for the host).</summary>
    public string? NamespaceSpec => Session.NamespaceSpec;

    /// <summary>The namespace's inode, which identifies it whatever it is called.</summary>
    public ulong Inode => Session.Inode;

    public LinkOperations Links { get; }
    public AddressOperations Addresses { get; }
    public RouteOperations Routes { get; }
    /// <summary>Policy routing rules (`ip rule`): which traffic looks up which routing table.</summary>
    public RuleOperations Rules { get; }
    public BridgeOperations Bridges { get; }
    /// <summary>Masquerade, source NAT and port forwarding (nf_tables table inet linuxnetps).</summary>
    public NatOperations Nat { get; }
    /// <summary>Firewall rules and per-direction defaults (filter chains of table inet linuxnetps).</summary>
    public FirewallOperations Firewall { get; }
    /// <summary>The conntrack table (`conntrack -L/-D/-F`) over ctnetlink.</summary>
    public ConnectionTrackingOperations ConnectionTracking { get; }
    /// <summary>Named address sets firewall rules match with one lookup (nft interval sets).</summary>
    public AddressSetOperations AddressSets { get; }
    /// <summary>net.ipv4.ip_forward and net.ipv6.conf.all.forwarding of this namespace.</summary>
    public ForwardingOperations Forwarding { get; }
    /// <summary>Link impairment (delay, loss, rate ...) through netem and tbf qdiscs: Mininet's TCLink.</summary>
    public ImpairmentOperations Impairments { get; }
    /// <summary>The ARP and ND tables and proxy entries (`ip neigh`).</summary>
    public NeighborOperations Neighbors { get; }
    /// <summary>Bridge and VXLAN forwarding databases (`bridge fdb`).</summary>
    public BridgeFdbOperations Fdb { get; }
    /// <summary>VLANs of bridge ports (`bridge vlan`).</summary>
    public BridgeVlanOperations BridgeVlans { get; }

    /// <summary>The NETLINK_ROUTE socket of this namespace.</summary>
    public NetlinkSocket Route => Session.Route;

    /// <summary>The NETLINK_NETFILTER socket of this namespace.</summary>
    public NetlinkSocket Netfilter => Session.Netfilter;

    /// <summary>The client for the host namespace (PID 1's).</summary>
    public static NetClient Host => Over(NamespaceSession.Host);

    /// <summary>The client for a namespace given as name, path, pid or null (host).</summary>
    public static NetClient For(string? spec) => Over(NamespaceSession.For(spec));

    public static NetClient For(NamespaceRef ns) => Over(NamespaceSession.For(ns));

    /// <summary>The façade over a session (the same object for the same session).</summary>
    public static NetClient Over(NamespaceSession session) => Facades.GetValue(session, s => new NetClient(s));

    /// <summary>
    /// Clients for many namespaces (a batch over many containers): see <see cref="NamespaceSession.ForMany"/>; a namespace
    /// that cannot be opened gives null, and its error when used on its own.
    /// </summary>
    internal static NetClient?[] ForMany(IReadOnlyList<string?> specs) =>
        NamespaceSession.ForMany(specs).Select(s => s is null ? null : Over(s)).ToArray();

    /// <inheritdoc cref="NamespaceSession.OpenRouteSockets"/>
    internal static void OpenRouteSockets(IEnumerable<NetClient> clients) =>
        NamespaceSession.OpenRouteSockets(clients.Select(c => c.Session));

    /// <inheritdoc cref="NamespaceSession.PruneStale"/>
    public static int PruneStale() => NamespaceSession.PruneStale();

    /// <summary>How many namespaces are held open (for tests and diagnostics).</summary>
    public static int CachedCount => NamespaceSession.CachedCount;

    /// <inheritdoc cref="NamespaceSession.CloseAll"/>
    public static void CloseAll() => NamespaceSession.CloseAll();

    /// <summary>
    /// Closes this client's sockets and namespace file and removes it from the cache. Using it afterwards throws
    /// ObjectDisposedException; <see cref="For(string?)"/> gives a new one.
    /// </summary>
    public void Dispose() => Session.Dispose();

    public override string ToString() => Session.ToString();
}
