using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using LinuxNetPS.Client;
using LinuxNetPS.Compose.Networks.Drivers;
using LinuxNetPS.Compose.Networks.State;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Compose.Networks;

/// <summary>
/// Docker-style container networks of one namespace (the host's unless told otherwise): create, list, remove,
/// connect and disconnect containers (namespaces). Obtain it with <see cref="For(string?)"/>.
/// <code>
/// var nets = ContainerNetworks.For("lab-host");                         // the network lives in lab-host
/// nets.Create(new NetworkSpec { Name = "foo", Subnet = "172.18.0.0/16" });
/// var ep = nets.Connect(new ConnectSpec { Network = "foo", Namespace = "c1", Publish = ["8080:80"] });
/// Console.WriteLine(ep.Cidr);                                           // 172.18.0.2/16
/// var many = nets.ConnectMany(["c2", "c3"].Select(n => new ConnectSpec { Network = "foo", Namespace = n }).ToList()); // one lock, two writes
/// nets.Disconnect("foo", "c1");
/// nets.Remove("foo");
/// </code>
/// Every change runs under the namespace's state lock: the state is read and reconciled with the kernel
/// (endpoints of namespaces that are gone are released, Connects that were killed are rolled back), the change is
/// planned, checked and applied step by step, and on any failure undone in reverse order. Bad input is
/// NetOperationException (InvalidArgument, NotFound, AlreadyExists, ResourceExhausted, Busy) before anything changes.
/// </summary>
public sealed partial class ContainerNetworks
{
    private static readonly ConditionalWeakTable<NetClient, NetworkStore> Stores = new();
    private static readonly Regex ValidName = new("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$", RegexOptions.Compiled);

    private readonly NetClient _host;
    private readonly NetworkStore _store;

    private ContainerNetworks(NetClient host)
    {
        _host = host;
        _store = Stores.GetValue(host, c => new NetworkStore(c));
    }

    /// <summary>The networks of a namespace (null: the host).</summary>
    public static ContainerNetworks For(string? networkNamespace) => new(NetClient.For(networkNamespace));

    public static ContainerNetworks For(NetClient client) => new(client);

    /// <summary>The namespace the networks live in.</summary>
    public NamespaceRef Namespace => _host.Namespace;

    /// <summary>The registered driver names.</summary>
    public static IReadOnlyCollection<string> Drivers => NetworkDrivers.Names;

    /// <summary>The modes a driver takes (-Mode: macvlan bridge, private, vepa, passthru; ipvlan l2, l3, l3s), the default first.</summary>
    public static IReadOnlyList<string> ModesOf(string driver) => NetworkDrivers.Resolve(driver).Modes;

    /// <summary>Checks and fills in a network without creating it (for -WhatIf): the network it would be.</summary>
    public ContainerNetwork Preview(NetworkSpec spec) => ReadLocked(c => ToModel(Prepare(spec, c), c));

    public ContainerNetwork Create(NetworkSpec spec) => Locked(c =>
    {
        var network = Prepare(spec, c);
        var plan = new ChangePlan();
        NetworkDrivers.Resolve(network.Driver).PlanCreate(network, c.Context, plan);
        c.State.Networks.Add(network); // drivers see it among the networks (isolation); taken out again on failure
        try
        {
            plan.Apply();
        }
        catch
        {
            c.State.Networks.Remove(network);
            throw;
        }
        c.Session.Dirty = true;
        return ToModel(network, c);
    });

    /// <summary>All networks, the built-in ones first (like `docker network ls`).</summary>
    public IReadOnlyList<ContainerNetwork> List() => ReadLocked(c =>
    {
        var result = new List<ContainerNetwork>();
        foreach (var name in BuiltInNetworks.Names)
            result.Add(c.State.Networks.FirstOrDefault(n => n.Name == name) is { } made
                ? ToModel(made, c)
                : ToModel(BuiltInNetworks.Definition(name), c, builtIn: true));
        result.AddRange(c.State.Networks.Where(n => !BuiltInNetworks.IsBuiltIn(n.Name)).OrderBy(n => n.Created).Select(n => ToModel(n, c)));
        return (IReadOnlyList<ContainerNetwork>)result;
    });

    /// <summary>Whether a name is one of the networks every namespace has (bridge, host, none).</summary>
    public static bool IsBuiltIn(string name) => BuiltInNetworks.IsBuiltIn(name);

    public ContainerNetwork Get(string name) => List().FirstOrDefault(n => n.Network == name) ?? throw NoSuchNetwork(name);

    /// <summary>Removes a network. With containers connected: Busy, unless <paramref name="force"/>, which disconnects them first.</summary>
    public ContainerNetwork Remove(string name, bool force = false) => Locked(c =>
    {
        var network = Find(c, name, forChange: true);
        var endpoints = c.State.Endpoints.Where(e => e.NetworkId == network.Id).ToList();
        if (endpoints.Count > 0 && !force)
            throw new NetOperationException(NetErrorKind.Busy,
                $"The network '{name}' has {endpoints.Count} container{(endpoints.Count == 1 ? "" : "s")} connected " +
                $"({string.Join(", ", endpoints.Take(5).Select(e => e.ContainerNamespace))}{(endpoints.Count > 5 ? ", ..." : "")}); " +
                "disconnect them first, or use -Force to disconnect them.", target: name);
        var model = ToModel(network, c);
        foreach (var e in endpoints) Release(c, network, e);
        var plan = new ChangePlan();
        NetworkDrivers.Resolve(network.Driver).PlanRemove(network, c.Context, plan);
        plan.Apply();
        c.State.Networks.Remove(network);
        c.Session.Dirty = true;
        return model with { Endpoints = 0 };
    });

    /// <summary>Disconnects a container: removes its interface and published ports and frees its address.</summary>
    public ContainerEndpoint Disconnect(string network, string containerNamespace) => Locked(c =>
    {
        var record = Find(c, network, forChange: false);
        var ns = ResolveContainer(containerNamespace);
        var endpoint = c.State.Endpoints.FirstOrDefault(e => e.NetworkId == record.Id && e.ContainerInode == ns.Inode)
            ?? throw NetOperationException.NotFound($"{NamespaceRef.Parse(containerNamespace).Description} is not connected to the network '{network}'.", containerNamespace);
        var model = ToModel(record, endpoint);
        Release(c, record, endpoint);
        return model;
    });

    /// <summary>
    /// The endpoints (connected containers), optionally of one network and/or one container namespace. Stale ones (a Connect
    /// that died, a container that is gone) are left out; the network's Problem names them until the next change releases them.
    /// </summary>
    public IReadOnlyList<ContainerEndpoint> Endpoints(string? network = null, string? containerNamespace = null) => ReadLocked(c =>
    {
        ulong? inode = containerNamespace is null ? null : ResolveContainer(containerNamespace).Inode;
        string? id = network is null ? null : Find(c, network, forChange: false).Id;
        return (IReadOnlyList<ContainerEndpoint>)c.State.Endpoints
            .Where(e => (id is null || e.NetworkId == id) && (inode is null || e.ContainerInode == inode) && StaleReason(e) is null)
            .Select(e => ToModel(NetworkOf(c, e.NetworkId)!, e)).ToList();
    });


    private sealed record Ctx(StateSession Session, DriverContext Context)
    {
        public NetworkStateFile State => Session.State;

        /// <summary>Networks whose containers changed (their names files are brought up to date at the end).</summary>
        public HashSet<string> ChangedNetworks { get; } = new(StringComparer.Ordinal);

        /// <summary>Named containers that left a network.</summary>
        public HashSet<string> Left { get; } = new(StringComparer.Ordinal);
    }

    private T Locked<T>(Func<Ctx, T> work, PendingNames? deferNames = null) => _store.Update(session =>
    {
        var c = new Ctx(session, new DriverContext(_host, session.State));
        Reconcile(c);
        try
        {
            return work(c);
        }
        finally
        {
            if (deferNames is not null)
            {
                deferNames.Networks.UnionWith(c.ChangedNetworks);
                deferNames.Left.UnionWith(c.Left);
            }
            // Still under the lock, so two processes never write one container's files at once.
            else if (c.ChangedNetworks.Count > 0 || c.Left.Count > 0) NameFiles.Sync(c.State, c.ChangedNetworks, c.Left);
        }
    });

    /// <summary>
    /// Writes the hosts and resolv.conf files that connects made with <paramref name="pending"/> left to write, each once,
    /// from the state as it is now (under the lock), and empties <paramref name="pending"/>.
    /// </summary>
    public void WriteNames(PendingNames pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        if (!pending.Any) return;
        _store.Update(session =>
        {
            NameFiles.Sync(session.State, pending.Networks, pending.Left);
            pending.Clear();
            return 0;
        });
    }

    /// <summary>
    /// A read (list, get, preview): the state as recorded, never reconciled: a stale endpoint is reported (the network's
    /// Problem), and the next change (Connect, Disconnect, New-, Remove-ContainerNetwork) releases what is provably ours.
    /// </summary>
    private T ReadLocked<T>(Func<Ctx, T> work) => _store.Read(session => work(new Ctx(session, new DriverContext(_host, session.State))));

}
