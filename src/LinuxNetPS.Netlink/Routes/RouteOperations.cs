using LinuxNetPS.Addresses;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Routes;

/// <summary>Routes of one namespace (`ip route`).</summary>
public sealed class RouteOperations
{
    private readonly NamespaceSession _session;

    internal RouteOperations(NamespaceSession session) => _session = session;

    /// <summary>
    /// Routes of a table (default: main), optionally one family ("IPv4"/"IPv6") and one output
    /// interface; table 0 means all tables. Cached (cloned) entries are left out, as `ip route` does.
    /// </summary>
    public IReadOnlyList<NetRoute> List(IPFamily? family = null, uint table = RtTable.Main, string? interfaceName = null)
    {
        byte af = FamilyCodes.Of(family);
        int? index = interfaceName is null ? null : LinkResolver.IndexOf(_session, interfaceName);
        var names = new InterfaceNames(_session);
        if (index is int known) names.Add(known, interfaceName!);

        return ListRaw(af, table, index).Select(r => Named(r, names.Of)).ToList();
    }

    /// <summary>The dump behind <see cref="List"/>, filtered, its interfaces not yet named (indexes only).</summary>
    private List<NetRoute> ListRaw(byte af, uint table, int? index)
    {
        string? ns = _session.NamespaceSpec;
        // Without NETLINK_GET_STRICT_CHK the kernel does not filter dumps by table or device; we do.
        return _session.Route.Dump(RtmType.GetRoute, w => w.Struct(new RtMsg { Family = af }),
            (in NetlinkMessage m) => RouteParser.Parse(m, ns) is { } r
                && (table == RtTable.Unspec || r.Table == table)
                && (index is null || r.InterfaceIndex == index || r.NextHops.Any(h => h.InterfaceIndex == index))
                && (af == Rtnetlink.AddressFamily.Unspec || r.Family == FamilyCodes.Family(af)) ? r : null,
            "list routes");
    }

    /// <summary>Adds a route; AlreadyExists if an equal route is there (`ip route add`).</summary>
    public NetRoute Add(RouteSpec spec) => Change(spec, RouteIntent.Add, NetlinkFlags.Create | NetlinkFlags.Excl, "add route");

    /// <summary>
    /// Adds a route beside any other to the same destination at the same metric through another path (NLM_F_CREATE
    /// without NLM_F_EXCL): IPv6 refuses the exclusive add there, though it holds fe80::/64 on every link at one metric.
    /// A route identical to one there is still AlreadyExists.
    /// </summary>
    public NetRoute AddBeside(RouteSpec spec) => Change(spec, RouteIntent.Add, NetlinkFlags.Create, "add route");

    /// <summary>Adds or replaces a route (`ip route replace`).</summary>
    public NetRoute Replace(RouteSpec spec) => Change(spec, RouteIntent.Replace, NetlinkFlags.Create | NetlinkFlags.Replace, "replace route")!;

    /// <summary>
    /// As <see cref="Replace"/> (the same request, the same errors), for a caller that does not show the route (Set-NetRoute
    /// without -PassThru): the route is not made into an object, so no interface name is asked for, and a replace that
    /// changed nothing (no echo from the kernel, as when a script runs again) does not list the table to find it.
    /// </summary>
    public void ReplaceUnseen(RouteSpec spec) => Change(spec, RouteIntent.Replace, NetlinkFlags.Create | NetlinkFlags.Replace, "replace route", wanted: false);

    /// <summary>Removes a route (`ip route del`); NotFound if absent. Unset fields of the spec match any value.</summary>
    public void Remove(RouteSpec spec)
    {
        var request = RouteRequest.Create(spec, RouteIntent.Remove, Resolve);
        try
        {
            _session.Route.Execute(RtmType.DelRoute, NetlinkFlags.None, request.Write, "remove route", request.Text);
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound)
        {
            throw new NetOperationException(NetErrorKind.NotFound,
                $"Cannot remove route: there is no such route {request.Text} in {Where()}.",
                e.Errno, e.KernelMessage, e.Operation, e.Target, e).WithErrorId(ErrorIds.RouteNotFound);
        }
    }

    private NetRoute? Change(RouteSpec spec, RouteIntent intent, NetlinkFlags flags, string operation, bool wanted = true)
    {
        var request = RouteRequest.Create(spec, intent, Resolve);
        NetRoute? echoed = null;
        string? ns = _session.NamespaceSpec;
        try
        {
            // NLM_F_ECHO: the kernel sends the route back as it stored it (metric, scope, device
            // chosen for a gateway), so we need not search for it.
            _session.Route.Execute(RtmType.NewRoute, flags | NetlinkFlags.Echo, request.Write, operation, request.Text,
                (in NetlinkMessage m) =>
                {
                    if (RouteParser.Parse(m, ns) is { } r && Matches(r, request)) echoed = r;
                });
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.AlreadyExists)
        {
            throw new NetOperationException(e.Kind,
                $"The route {request.Text} already exists in {Where()}; replace it instead (Set-NetRoute / RouteOperations.Replace). {e.Message}",
                e.Errno, e.KernelMessage, e.Operation, e.Target, e).WithErrorId(ErrorIds.RouteExists);
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.Unreachable && spec.Gateway is { } gateway && !spec.OnLink)
        {
            // The kernel only says "Nexthop has invalid gateway": say what is missing (a connected route to it).
            throw new NetOperationException(e.Kind,
                $"{e.Message} No link that is up in {Where()} has an address in the subnet of {gateway}: add one first " +
                "(Add-NetAddress, Set-NetLink -Up), or give -OnLink with -Interface for a gateway outside every subnet.",
                e.Errno, e.KernelMessage, e.Operation, e.Target, e);
        }

        if (!wanted) return null;
        var names = new InterfaceNames(_session);
        if (request.InterfaceIndex is int given) names.Add(given, request.InterfaceName!);
        foreach (var hop in request.NextHops ?? []) if (hop.InterfaceIndex is int i) names.Add(i, hop.InterfaceName!);
        // No echo (the kernel sends none for a replace that changes nothing, as a script run again does): find the route in
        // the table. Only the one found is named, with the names the request already knows: naming every listed route
        // first (List) asked the kernel for an interface name the request had given.
        var route = echoed ?? ListRaw(request.Family, request.Table, null).Where(r => Matches(r, request)).MinBy(r => r.Metric)
            ?? throw new NetOperationException(NetErrorKind.Other,
                $"The kernel accepted the route {request.Text} but does not list it.", operation: operation, target: request.Text);
        return Named(route, names.Of);
    }

    /// <summary>The route with the names of its interface and its next hops' interfaces filled in.</summary>
    private static NetRoute Named(NetRoute r, Func<int, string> nameOf) => r with
    {
        Interface = r.InterfaceIndex is int i ? r.Interface ?? nameOf(i) : r.Interface,
        NextHops = r.NextHops.Select(h => h.InterfaceIndex is int hi && h.Interface is null ? h with { Interface = nameOf(hi) } : h).ToList(),
    };

    /// <summary>Whether a listed route is the one a request made.</summary>
    private static bool Matches(NetRoute r, RouteRequest q) =>
        r.Family == FamilyCodes.Family(q.Family)
        && r.Destination == q.DestinationText
        && r.Table == q.Table
        && (byte)r.Type == q.Type
        && (q.Gateway is null || q.Gateway.Equals(r.Gateway))
        && (q.InterfaceIndex is null || r.InterfaceIndex == q.InterfaceIndex)
        && (q.Metric is null || r.Metric == q.Metric);

    private int Resolve(string name) => LinkResolver.IndexOf(_session, name);

    private string Where() => _session.Namespace.Description;
}

/// <summary>A route to add, replace or remove. Destination is "default" or a prefix; a bare address means /32 or /128.</summary>
public sealed record RouteSpec
{
    public required string Destination { get; init; }
    public System.Net.IPAddress? Gateway { get; init; }
    public string? Interface { get; init; }
    /// <summary>Routing table; null = main.</summary>
    public uint? Table { get; init; }
    /// <summary>RTA_PRIORITY; null = the kernel's default (0 for IPv4, 1024 for IPv6), or any when removing.</summary>
    public uint? Metric { get; init; }
    /// <summary>null = link for a route without gateway, universe otherwise (as iproute2); any when removing.</summary>
    public Rtnetlink.RouteScope? Scope { get; init; }
    /// <summary>null = static (RTPROT_STATIC for add/replace; any for remove).</summary>
    public Rtnetlink.RouteProtocol? Protocol { get; init; }
    /// <summary>null = unicast (any for remove).</summary>
    public Rtnetlink.RouteType? Type { get; init; }
    public System.Net.IPAddress? PreferredSource { get; init; }
    /// <summary>Treat the gateway as directly reachable on the interface (RTNH_F_ONLINK).</summary>
    public bool OnLink { get; init; }
    /// <summary>
    /// The paths of a multipath (ECMP) route, two or more (`nexthop via A weight 1 nexthop via B weight 2`); then
    /// Gateway, Interface and OnLink stay unset. The kernel spreads flows over them in proportion to their weights.
    /// </summary>
    public IReadOnlyList<RouteNextHopSpec>? NextHops { get; init; }
    /// <summary>
    /// How long the route stays (RTA_EXPIRES, whole seconds); null or MaxValue: until removed. The kernel expires IPv6
    /// routes only, so an IPv4 route with a lifetime is refused.
    /// </summary>
    public TimeSpan? ValidLifetime { get; init; }
}

/// <summary>One path of a multipath route: a gateway, an interface or both, and its weight.</summary>
public sealed record RouteNextHopSpec
{
    public System.Net.IPAddress? Gateway { get; init; }
    public string? Interface { get; init; }
    /// <summary>1 to 256: the path's share of the flows.</summary>
    public int Weight { get; init; } = 1;
    /// <summary>The gateway is on the interface's link even without a matching subnet (needs the interface).</summary>
    public bool OnLink { get; init; }
}
