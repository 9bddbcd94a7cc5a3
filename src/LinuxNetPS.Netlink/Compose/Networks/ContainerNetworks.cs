using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LinuxNetPS.Compose.Networks.Drivers;
using LinuxNetPS.Compose.Networks.State;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Compose.Networks;

/// <summary>
/// Docker-style container networks of one namespace (the host's unless told otherwise): create, list, remove,
/// connect and disconnect containers (namespaces). Obtain it with <see cref="For(string?)"/>.
/// <code>
/// var nets = ContainerNetworks.For("lab-host");                         // the network lives in lab-host
/// nets.Create(new NetworkSpec { Name = "foo", Subnet = "172.18.0.0/16" });
/// var ep = nets.Connect(new ConnectSpec { Network = "foo", Namespace = "c1", Publish = ["8080:80"] });
/// Console.WriteLine(ep.Cidr);                                           // 172.18.0.2/16
/// nets.Disconnect("foo", "c1");
/// nets.Remove("foo");
/// </code>
/// Every change runs under the namespace's state lock: the state is read and reconciled with the kernel
/// (endpoints of namespaces that are gone are released, Connects that were killed are rolled back), the change is
/// planned, checked and applied step by step, and on any failure undone in reverse order. Bad input is
/// NetOperationException (InvalidArgument, NotFound, AlreadyExists, ResourceExhausted, Busy) before anything changes.
/// </summary>
public sealed class ContainerNetworks
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

    /// <summary>Checks and fills in a network without creating it (for -WhatIf): the network it would be.</summary>
    public ContainerNetwork Preview(NetworkSpec spec) => Locked(c => ToModel(Prepare(spec, c), c));

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
    public IReadOnlyList<ContainerNetwork> List() => Locked(c =>
    {
        var result = new List<ContainerNetwork>();
        foreach (var name in BuiltInNetworks.Names)
            result.Add(c.State.Networks.FirstOrDefault(n => n.Name == name) is { } made
                ? ToModel(made, c)
                : ToModel(BuiltInNetworks.Definition(name), c, builtIn: true));
        result.AddRange(c.State.Networks.Where(n => !BuiltInNetworks.IsBuiltIn(n.Name)).OrderBy(n => n.Created).Select(n => ToModel(n, c)));
        return (IReadOnlyList<ContainerNetwork>)result;
    });

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

    /// <summary>Connects a container (namespace) to a network: interface, address, default route, lo up, published ports, all or nothing.</summary>
    public ContainerEndpoint Connect(ConnectSpec spec) => Locked(c =>
    {
        var (network, endpoint, container, plan) = PrepareConnect(spec, c, preview: false);
        endpoint.Phase = EndpointPhase.Pending; // written first: a process killed from here on is rolled back by the next reader
        c.State.Endpoints.Add(endpoint);
        c.Session.Save();
        try
        {
            plan.Apply();
        }
        catch
        {
            c.State.Endpoints.Remove(endpoint);
            c.Session.Save();
            throw;
        }
        endpoint.Phase = EndpointPhase.Connected;
        if (endpoint.InterfaceName is not null) endpoint.MacAddress ??= container.Links.TryGet(endpoint.InterfaceName)?.MacAddress; // the kernel's choice, kept for listing
        c.Session.Save();
        return ToModel(network, endpoint);
    });

    /// <summary>Checks a Connect without changing anything (for -WhatIf): the steps it would take.</summary>
    public IReadOnlyList<string> PlanConnect(ConnectSpec spec) => Locked(c => PrepareConnect(spec, c, preview: true).Plan.Steps);

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

    /// <summary>The endpoints (connected containers), optionally of one network and/or one container namespace.</summary>
    public IReadOnlyList<ContainerEndpoint> Endpoints(string? network = null, string? containerNamespace = null) => Locked(c =>
    {
        ulong? inode = containerNamespace is null ? null : ResolveContainer(containerNamespace).Inode;
        string? id = network is null ? null : Find(c, network, forChange: false).Id;
        return (IReadOnlyList<ContainerEndpoint>)c.State.Endpoints
            .Where(e => (id is null || e.NetworkId == id) && (inode is null || e.ContainerInode == inode))
            .Select(e => ToModel(NetworkOf(c, e.NetworkId)!, e)).ToList();
    });

    // ---- planning ----

    private NetworkRecord Prepare(NetworkSpec spec, Ctx c)
    {
        if (spec.Name is null || !ValidName.IsMatch(spec.Name))
            throw NetOperationException.Invalid($"'{spec.Name}' is not a valid network name: start with a letter or digit, then letters, digits, '_', '.' or '-' (at most 64).", spec.Name);
        if (BuiltInNetworks.IsBuiltIn(spec.Name))
            throw new NetOperationException(NetErrorKind.AlreadyExists, $"'{spec.Name}' is a built-in network; choose another name.", target: spec.Name);
        if (c.State.Networks.Any(n => n.Name == spec.Name))
            throw new NetOperationException(NetErrorKind.AlreadyExists, $"A network named '{spec.Name}' exists already in {_host.Namespace.Description}.", target: spec.Name);
        var driver = NetworkDrivers.Resolve(spec.Driver ?? "bridge");
        if (!driver.Creatable) throw NetOperationException.Invalid($"The '{driver.Name}' driver is built in only (the '{driver.Name}' network); create bridge, macvlan or ipvlan networks.", driver.Name);

        var used = c.State.Networks.Where(n => n.Subnet is not null).ToList();
        var subnetText = spec.Subnet ?? Ipam.FreeSubnet(used.Select(n => IPPrefix.Parse(n.Subnet!))).ToString();
        var ipam = Ipam.Create(subnetText, spec.Gateway, spec.IPRange);
        if (used.FirstOrDefault(n => Ipam.Overlap(IPPrefix.Parse(n.Subnet!), ipam.Subnet)) is { } clash)
            throw new NetOperationException(NetErrorKind.AlreadyExists,
                $"The subnet {ipam.Subnet} overlaps {clash.Subnet} of the network '{clash.Name}'; choose a subnet that does not overlap.", target: spec.Subnet);
        if (spec.Mtu is < 68 or > 65535) throw NetOperationException.Invalid($"The MTU {spec.Mtu} is out of range (68 to 65535).", spec.Mtu.ToString());

        var network = new NetworkRecord
        {
            Id = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant(),
            Name = spec.Name, Driver = driver.Name,
            Subnet = ipam.Subnet.ToString(), Gateway = ipam.Gateway.ToString(), IPRange = spec.IPRange is null ? null : ipam.Range.ToString(),
            BridgeName = spec.BridgeName, Parent = spec.Parent, Mode = spec.Mode?.ToLowerInvariant(), Internal = spec.Internal, Mtu = spec.Mtu,
            Created = DateTimeOffset.UtcNow,
        };
        driver.Prepare(network, c.Context);
        return network;
    }

    /// <summary>Checks a Connect and plans it. <paramref name="preview"/>: nothing is changed, not even the default bridge made (its steps lead the plan).</summary>
    private (NetworkRecord, EndpointRecord, NetClient, ChangePlan Plan) PrepareConnect(ConnectSpec spec, Ctx c, bool preview)
    {
        var plan = new ChangePlan();
        if (spec.Network?.StartsWith("container:", StringComparison.Ordinal) == true)
        {
            var other = spec.Network["container:".Length..];
            throw NetOperationException.Invalid(
                $"--network=container:{other} means sharing {other}'s namespace: there is nothing to connect. Run the second container's processes " +
                $"in it (Invoke-NetNamespace -Namespace {other} {{ ... }}); they see {other}'s interfaces and addresses.", spec.Network);
        }
        var network = FindOrCreateDefault(c, spec.Network!, preview ? plan : null);
        var driver = NetworkDrivers.Resolve(network.Driver);
        var ns = ResolveContainer(spec.Namespace);
        if (ns.Inode == _host.Inode && network.Driver != "host")
            throw NetOperationException.Invalid(
                $"{NamespaceRef.Parse(spec.Namespace).Description} is the namespace the network '{network.Name}' lives in, not a container; " +
                "pipe container namespaces (New-NetNamespace c1 | Connect-ContainerNetwork -Network ...), and give the network's namespace as -NetworkNamespace.", spec.Namespace);
        var container = NetClient.For(spec.Namespace);
        if (c.State.Endpoints.Any(e => e.NetworkId == network.Id && e.ContainerInode == ns.Inode))
            throw new NetOperationException(NetErrorKind.AlreadyExists, $"{container.Namespace.Description} is connected to the network '{network.Name}' already.", target: spec.Namespace);

        var endpoint = new EndpointRecord
        {
            NetworkId = network.Id, ContainerNamespace = spec.Namespace, ContainerPath = ns.Path, ContainerInode = ns.Inode,
            InterfaceName = LinkName.Validate(spec.InterfaceName ?? "eth0"), MacAddress = spec.MacAddress,
            OwnerPid = Environment.ProcessId, Created = DateTimeOffset.UtcNow,
        };
        if (spec.MacAddress is not null) Links.MacAddressText.Parse(spec.MacAddress);
        foreach (var text in spec.Publish) endpoint.Ports.Add(PublishedPort.Parse(text));
        CheckPorts(c, endpoint);
        if (network.Subnet is not null)
        {
            var ipam = Ipam.Create(network.Subnet, network.Gateway, network.IPRange);
            var taken = c.State.Endpoints.Where(e => e.NetworkId == network.Id && e.Address is not null).Select(e => IPAddress.Parse(e.Address!)).ToHashSet();
            endpoint.Address = (spec.IPAddress is null ? ipam.Allocate(taken) : ipam.Claim(spec.IPAddress, taken)).ToString();
        }
        else if (spec.IPAddress is not null)
        {
            throw NetOperationException.Invalid($"The network '{network.Name}' hands out no addresses; connect without -IPAddress.", spec.IPAddress);
        }
        driver.PrepareEndpoint(network, endpoint, c.Context, container);
        driver.PlanConnect(network, endpoint, c.Context, container, plan);
        return (network, endpoint, container, plan);
    }

    private static void CheckPorts(Ctx c, EndpointRecord endpoint)
    {
        var mine = new List<PortRecord>();
        foreach (var p in endpoint.Ports)
        {
            var clash = c.State.Endpoints.SelectMany(e => e.Ports.Select(q => (e, q))).FirstOrDefault(x => Clash(x.q, p));
            if (clash.q is not null)
                throw new NetOperationException(NetErrorKind.AlreadyExists,
                    $"The port {p.HostPort}/{p.Protocol} is published already, to {clash.e.ContainerNamespace} ({clash.q}); choose another host port.", target: p.ToString());
            if (mine.Any(q => Clash(q, p)))
                throw NetOperationException.Invalid($"The port {p.HostPort}/{p.Protocol} is given twice in -Publish.", p.ToString());
            mine.Add(p);
        }
    }

    private static bool Clash(PortRecord a, PortRecord b) =>
        a.Protocol == b.Protocol && a.HostPort == b.HostPort && (a.HostAddress is null || b.HostAddress is null || a.HostAddress == b.HostAddress);

    /// <summary>The default "bridge" network is made on its first use, as dockerd makes docker0. With a
    /// <paramref name="previewPlan"/> it is only planned there (for -WhatIf).</summary>
    private NetworkRecord FindOrCreateDefault(Ctx c, string name, ChangePlan? previewPlan)
    {
        if (name != BuiltInNetworks.Bridge || c.State.Networks.Any(n => n.Name == name)) return Find(c, name, forChange: false);
        var network = BuiltInNetworks.Definition(name);
        network.Created = DateTimeOffset.UtcNow;
        var driver = NetworkDrivers.Resolve(network.Driver);
        if (c.State.Networks.FirstOrDefault(n => n.Subnet is not null && Ipam.Overlap(IPPrefix.Parse(n.Subnet), IPPrefix.Parse(network.Subnet!))) is { } clash)
            throw new NetOperationException(NetErrorKind.AlreadyExists,
                $"The default network 'bridge' ({network.Subnet}) cannot be made: the network '{clash.Name}' uses {clash.Subnet}.", target: name);
        driver.Prepare(network, c.Context);
        if (previewPlan is not null)
        {
            driver.PlanCreate(network, c.Context, previewPlan);
            return network;
        }
        var plan = new ChangePlan();
        c.State.Networks.Add(network);
        driver.PlanCreate(network, c.Context, plan);
        try { plan.Apply(); }
        catch { c.State.Networks.Remove(network); throw; }
        c.Session.Save();
        return network;
    }

    private NetworkRecord Find(Ctx c, string name, bool forChange)
    {
        if (string.IsNullOrWhiteSpace(name)) throw NetOperationException.Invalid("A network name is required, for example 'foo' (Get-ContainerNetwork lists them).", name);
        var found = c.State.Networks.FirstOrDefault(n => n.Name == name);
        if (found is not null) return found;
        if (BuiltInNetworks.IsBuiltIn(name))
        {
            if (forChange) throw NetOperationException.Invalid($"'{name}' is a built-in network and cannot be removed{(name == "bridge" ? " before it is used" : "")}.", name);
            return BuiltInNetworks.Definition(name);
        }
        throw NoSuchNetwork(name);
    }

    private NetOperationException NoSuchNetwork(string name) =>
        NetOperationException.NotFound($"There is no container network '{name}' in {_host.Namespace.Description}; Get-ContainerNetwork lists them.", name);

    private static NetNamespace ResolveContainer(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec)) throw NetOperationException.Invalid("The container's namespace is required (-Namespace c1).", spec);
        return NetworkNamespaces.Get(NamespaceRef.Parse(spec));
    }

    // ---- state, reconciliation, models ----

    private sealed record Ctx(StateSession Session, DriverContext Context)
    {
        public NetworkStateFile State => Session.State;
    }

    private T Locked<T>(Func<Ctx, T> work) => _store.Update(session =>
    {
        var c = new Ctx(session, new DriverContext(_host, session.State));
        Reconcile(c);
        return work(c);
    });

    /// <summary>
    /// The kernel wins: an endpoint written as Pending belongs to a Connect that died (the lock is ours, so it is not
    /// running), and an endpoint whose namespace is gone (or is another namespace now) is released; both free the address.
    /// </summary>
    private void Reconcile(Ctx c)
    {
        foreach (var e in c.State.Endpoints.ToList())
        {
            var network = NetworkOf(c, e.NetworkId);
            if (network is null) { c.State.Endpoints.Remove(e); c.Session.Dirty = true; continue; }
            bool alive = ContainerAlive(e);
            if (e.Phase == EndpointPhase.Connected && alive) continue;
            Release(c, network, e);
        }
    }

    /// <summary>A network by id: one of the state's, or a built-in one that has no record (none, host).</summary>
    private static NetworkRecord? NetworkOf(Ctx c, string id) =>
        c.State.Networks.FirstOrDefault(n => n.Id == id) ?? BuiltInNetworks.Names.Select(BuiltInNetworks.Definition).FirstOrDefault(n => n.Id == id);

    private static bool ContainerAlive(EndpointRecord e)
    {
        try { return NetworkNamespaces.Get(NamespaceRef.Parse(e.ContainerPath)).Inode == e.ContainerInode; }
        catch (NetOperationException) { return false; }
    }

    /// <summary>Deletes what the endpoint made (what exists of it) and frees it.</summary>
    private static void Release(Ctx c, NetworkRecord network, EndpointRecord e)
    {
        NetClient? container = null;
        if (ContainerAlive(e))
            try { container = NetClient.For(e.ContainerNamespace); if (container.Inode != e.ContainerInode) container = null; }
            catch (NetOperationException) { container = null; }
        NetworkDrivers.Resolve(network.Driver).Release(network, e, c.Context, container);
        c.State.Endpoints.Remove(e);
        c.Session.Dirty = true;
    }

    private ContainerNetwork ToModel(NetworkRecord n, Ctx c, bool builtIn = false)
    {
        string? problem = builtIn ? null : NetworkDrivers.Resolve(n.Driver).Problem(n, c.Context);
        return new ContainerNetwork
        {
            Namespace = _host.NamespaceSpec, Network = n.Name, NetworkId = n.Id, Driver = n.Driver, Subnet = n.Subnet,
            Gateway = n.Gateway is null ? null : IPAddress.Parse(n.Gateway), IPRange = n.IPRange, BridgeName = n.BridgeName, Parent = n.Parent,
            Mode = n.Mode, Internal = n.Internal, Mtu = n.Mtu, Endpoints = c.State.Endpoints.Count(e => e.NetworkId == n.Id),
            Status = builtIn ? ContainerNetworkStatus.BuiltIn : problem is null ? ContainerNetworkStatus.Ready : ContainerNetworkStatus.Broken,
            Problem = problem, Created = builtIn ? null : n.Created,
        };
    }

    private ContainerEndpoint ToModel(NetworkRecord n, EndpointRecord e) => new()
    {
        Namespace = e.ContainerNamespace, Network = n.Name, NetworkNamespace = _host.NamespaceSpec, Driver = n.Driver,
        InterfaceName = e.InterfaceName, IPAddress = e.Address is null ? null : IPAddress.Parse(e.Address),
        PrefixLength = e.Address is null ? null : IPPrefix.Parse(n.Subnet!).PrefixLength,
        Gateway = e.Address is null || n.Internal || n.Gateway is null ? null : IPAddress.Parse(n.Gateway),
        MacAddress = e.MacAddress, HostInterface = e.HostInterface, Ports = e.Ports.Select(p => p.ToString()).ToList(),
    };
}
