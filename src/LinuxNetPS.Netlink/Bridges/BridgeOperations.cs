using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Links.Kinds;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Bridges;

/// <summary>Bridges and their ports in one namespace (the `brctl` / `ip link ... master` cases).</summary>
/// <remarks>
/// A port is any link whose master is a bridge. The bridge's id and STP switch come from its
/// IFLA_INFO_DATA, a port's STP state from its IFLA_INFO_SLAVE_DATA (IFLA_BRPORT_STATE).
/// </remarks>
public sealed class BridgeOperations
{
    private const string BridgeKindName = "bridge";
    private readonly NamespaceSession _session;

    private readonly LinkOperations _links;

    internal BridgeOperations(NamespaceSession session)
    {
        _session = session;
        _links = new LinkOperations(session);
    }

    /// <summary>Creates a bridge (optionally up). Options are those of the bridge kind (stp_state, priority, forward_delay ...).</summary>
    public NetLink Create(string name, bool up = false, IReadOnlyDictionary<string, string>? options = null) =>
        _links.Create(new LinkSpec
        {
            Name = name,
            Kind = BridgeKindName,
            Up = up,
            Options = options ?? new Dictionary<string, string>(),
        });

    /// <summary>All bridges with their ports.</summary>
    public IReadOnlyList<NetBridge> List()
    {
        var links = _links.Dump();
        return links.Where(IsBridge).OrderBy(b => b.Link.Index)
            .Select(b => ToBridge(b, links.Where(p => p.Link.MasterIndex == b.Link.Index)))
            .ToList();
    }

    /// <summary>One bridge with its ports; NotFound if absent or not a bridge.</summary>
    public NetBridge Get(string name)
    {
        var bridge = RequireBridge(name);
        return ToBridge(bridge, _links.Dump(masterIndex: bridge.Link.Index));
    }

    /// <summary>The ports of a bridge, or of all bridges when null.</summary>
    public IReadOnlyList<BridgePort> GetPorts(string? bridge = null)
    {
        if (bridge is not null)
        {
            var b = RequireBridge(bridge);
            return _links.Dump(masterIndex: b.Link.Index)
                .OrderBy(p => p.Link.Index).Select(p => ToPort(p, b.Link.Name)).ToList();
        }
        var links = _links.Dump();
        var bridges = links.Where(IsBridge).ToDictionary(b => b.Link.Index, b => b.Link.Name);
        return links
            .Where(p => p.Link.MasterIndex is { } m && bridges.ContainsKey(m))
            .OrderBy(p => p.Link.MasterIndex).ThenBy(p => p.Link.Index)
            .Select(p => ToPort(p, bridges[p.Link.MasterIndex!.Value]))
            .ToList();
    }

    /// <summary>Makes <paramref name="port"/> a port of <paramref name="bridge"/>.</summary>
    public BridgePort AddPort(string bridge, string port)
    {
        LinkName.Validate(port);
        var b = RequireBridge(bridge);
        if (port == bridge)
            throw NetOperationException.Invalid($"A bridge cannot be a port of itself ('{bridge}').", port);
        try
        {
            _session.Route.Execute(LinkRequest.SetMaster(port, b.Link.Index).Labelled($"attach to bridge '{bridge}' the interface", port));
        }
        catch (NetOperationException e) when (e.ErrnoCode == Errno.ENODEV) // the port is missing
        {
            throw LinkResolver.NotFound(_session, port);
        }
        var added = _links.Read(0, port) ?? throw LinkResolver.NotFound(_session, port);
        return ToPort(added, b.Link.Name);
    }

    /// <summary>Detaches <paramref name="port"/> from its bridge; if <paramref name="bridge"/> is given it must be that bridge.</summary>
    public void RemovePort(string port, string? bridge = null)
    {
        LinkName.Validate(port);
        if (bridge is not null) LinkName.Validate(bridge);
        var p = _links.Read(0, port) ?? throw LinkResolver.NotFound(_session, port);
        if (p.Link.MasterIndex is not { } masterIndex || p.Link.PortKind != BridgeKindName)
            throw NetOperationException.NotFound($"'{port}' is not a port of any bridge in {Where()}.", port).WithErrorId(ErrorIds.NotABridgePort);
        if (bridge is not null)
        {
            var master = LinkResolver.NameOf(_session, masterIndex);
            if (master != bridge)
                throw NetOperationException.NotFound($"'{port}' is not a port of bridge '{bridge}' in {Where()}; it is a port of '{master}'.", port).WithErrorId(ErrorIds.NotABridgePort);
        }
        try
        {
            _session.Route.Execute(LinkRequest.SetMaster(p.Link.Index, port, masterIndex: 0).Labelled("remove bridge port", port));
        }
        catch (NetOperationException e) when (e.ErrnoCode == Errno.ENODEV)
        {
            throw LinkResolver.NotFound(_session, port);
        }
    }

    private ParsedLink RequireBridge(string name)
    {
        LinkName.Validate(name);
        var link = _links.Read(0, name)
            ?? throw NetOperationException.NotFound($"There is no bridge '{name}' in {Where()}.", name).WithErrorId(ErrorIds.BridgeNotFound);
        if (!IsBridge(link))
            throw NetOperationException.NotFound(
                $"There is no bridge '{name}' in {Where()}: '{name}' is {(link.Link.Kind is { } k ? $"a {k} link" : "not a bridge")}.", name).WithErrorId(ErrorIds.NotABridge);
        return link;
    }

    private static bool IsBridge(ParsedLink link) => link.Link.Kind == BridgeKindName;

    private string Where() => _session.Namespace.Description;

    private NetBridge ToBridge(ParsedLink bridge, IEnumerable<ParsedLink> ports)
    {
        var (id, stp) = bridge.InfoData is { } data ? BridgeKind.ReadInfo(data) : (null, false);
        return new NetBridge
        {
            Namespace = _session.NamespaceSpec,
            Name = bridge.Link.Name,
            Index = bridge.Link.Index,
            BridgeId = id,
            StpEnabled = stp,
            OperState = bridge.Link.OperState,
            Ports = ports.OrderBy(p => p.Link.Index).Select(p => p.Link.Name).ToList(),
        };
    }

    private BridgePort ToPort(ParsedLink port, string bridgeName) => new()
    {
        Namespace = _session.NamespaceSpec,
        Name = port.Link.Name,
        Index = port.Link.Index,
        Bridge = bridgeName,
        BridgeIndex = port.Link.MasterIndex ?? 0,
        OperState = port.Link.OperState,
        StpState = port.SlaveData is { } data && BridgeKind.ReadPortState(data) is { } state ? state.ToString().ToLowerInvariant() : null,
    };
}
