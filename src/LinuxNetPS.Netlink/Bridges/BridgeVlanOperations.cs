using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Primitives;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Bridges;

/// <summary>
/// The VLANs of bridge ports in one namespace (`bridge vlan`): which VLANs a port passes, its PVID (the VLAN of untagged
/// frames that arrive) and which VLANs leave it untagged. They filter traffic on a bridge made with VLAN filtering
/// (<see cref="CreateFilteringBridge"/>); kernels built without CONFIG_BRIDGE_VLAN_FILTERING refuse them (VlanFilteringNotSupported).
/// </summary>
public sealed class BridgeVlanOperations
{
    private readonly NamespaceSession _session;
    private readonly LinkOperations _links;

    internal BridgeVlanOperations(NamespaceSession session)
    {
        _session = session;
        _links = new LinkOperations(session);
    }

    /// <summary>Creates a bridge that filters VLANs (`ip link add NAME type bridge vlan_filtering 1`).</summary>
    public NetLink CreateFilteringBridge(string name, bool up = false)
    {
        try
        {
            return new BridgeOperations(_session).Create(name, up, new Dictionary<string, string> { ["vlan_filtering"] = "on" });
        }
        catch (NetOperationException e) when (e.ErrnoCode == Errno.EOPNOTSUPP && e.ErrorId is null)
        {
            throw NotSupported(name, e);
        }
    }

    /// <summary>The VLANs of every port and bridge, or of one interface, one object per VLAN (`bridge vlan show`).</summary>
    public IReadOnlyList<BridgeVlan> List(string? interfaceName = null)
    {
        int? index = interfaceName is null ? null : LinkResolver.IndexOf(_session, interfaceName);
        string? ns = _session.NamespaceSpec;
        var all = new List<BridgeVlan>();
        _session.Route.Dump<List<BridgeVlan>>(RtmType.GetLink, BridgeVlanCodec.WriteDumpRequest, (in NetlinkMessage m) =>
        {
            var vlans = BridgeVlanCodec.Parse(m, ns);
            all.AddRange(vlans.Where(v => index is null || v.InterfaceIndex == index));
            return null;
        }, "list bridge VLANs");
        return all;
    }

    /// <summary>
    /// Lets VLANs (ids or ranges such as (10, 20)) pass <paramref name="interfaceName"/> (`bridge vlan add`); with
    /// <paramref name="pvid"/> untagged frames arriving there join the VLAN, with <paramref name="untagged"/> it leaves untagged.
    /// On the bridge itself the VLANs are the bridge's own (`self`). Returns the VLANs as the kernel lists them.
    /// </summary>
    public IReadOnlyList<BridgeVlan> Add(string interfaceName, IReadOnlyList<(int From, int To)> ranges, bool pvid = false, bool untagged = false)
    {
        var (link, self) = Check(interfaceName, ranges);
        if (pvid && (ranges.Count != 1 || ranges[0].From != ranges[0].To))
            throw NetOperationException.Invalid($"A port has one PVID: give -Pvid with a single VLAN, not {VlanIds.Format(ranges)}.", VlanIds.Format(ranges))
                .WithErrorId(ErrorIds.ParameterConflict);
        var text = $"vid {VlanIds.Format(ranges)} dev {interfaceName}";
        try
        {
            BridgeVlanCodec.Add(_session.Route, link.Index, ranges, pvid, untagged, self, text);
        }
        catch (NetOperationException e) when (e.ErrnoCode == Errno.EOPNOTSUPP)
        {
            throw NotSupported(interfaceName, e);
        }
        return List(interfaceName).Where(v => ranges.Any(r => v.Vlan >= r.From && v.Vlan <= r.To)).ToList();
    }

    /// <summary>Removes VLANs from <paramref name="interfaceName"/> (`bridge vlan del`); BridgeVlanNotFound (and nothing removed) if it lacks any of them.</summary>
    public void Remove(string interfaceName, IReadOnlyList<(int From, int To)> ranges)
    {
        var (link, self) = Check(interfaceName, ranges);
        var present = List(interfaceName).Select(v => v.Vlan).ToHashSet();
        var missing = ranges.SelectMany(r => Enumerable.Range(r.From, r.To - r.From + 1)).Where(v => !present.Contains(v)).ToList();
        if (missing.Count > 0)
            throw NetOperationException.NotFound(
                $"'{interfaceName}' in {Where()} does not have VLAN {VlanIds.Format(Compress(missing))}" + (present.Count == 0 ? "; it has none." : $"; it has {VlanIds.Format(Compress(present.Order()))}."),
                interfaceName).WithErrorId(ErrorIds.BridgeVlanNotFound);
        var text = $"vid {VlanIds.Format(ranges)} dev {interfaceName}";
        try
        {
            BridgeVlanCodec.Remove(_session.Route, link.Index, ranges, self, text);
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound && e.ErrorId is null)
        {
            throw new NetOperationException(NetErrorKind.NotFound, $"'{interfaceName}' in {Where()} does not have VLAN {VlanIds.Format(ranges)}. {e.Message}",
                e.Errno, e.KernelMessage, e.Operation, e.Target, e).WithErrorId(ErrorIds.BridgeVlanNotFound);
        }
    }

    /// <summary>The link, and whether it is the bridge itself (`self`) rather than a port (the bridge's table, the kernel's default).</summary>
    private (NetLink Link, bool Self) Check(string interfaceName, IReadOnlyList<(int From, int To)> ranges)
    {
        LinkName.Validate(interfaceName);
        if (ranges.Count == 0) throw NetOperationException.Invalid("Give at least one VLAN id (1-4094) or range, for example 10 or 10-20.").WithErrorId(ErrorIds.InvalidVlanId);
        foreach (var (from, to) in ranges)
        {
            VlanIds.Check(from);
            VlanIds.Check(to);
        }
        var link = (_links.Read(0, interfaceName) ?? throw LinkResolver.NotFound(_session, interfaceName)).Link;
        bool isBridge = link.Kind == "bridge";
        if (!isBridge && link.PortKind != "bridge")
            throw NetOperationException.NotFound($"'{interfaceName}' in {Where()} is neither a bridge nor a port of one, so it has no VLANs; add it to a bridge first (Add-BridgePort).", interfaceName)
                .WithErrorId(ErrorIds.NotABridgePort);
        return (link, isBridge);
    }

    private static IEnumerable<(int From, int To)> Compress(IEnumerable<int> ids)
    {
        var ranges = new List<(int From, int To)>();
        foreach (var id in ids)
            if (ranges.Count > 0 && ranges[^1].To + 1 == id) ranges[^1] = (ranges[^1].From, id);
            else ranges.Add((id, id));
        return ranges;
    }

    private NetOperationException NotSupported(string name, NetOperationException e) =>
        new NetOperationException(NetErrorKind.NotSupported,
            $"This kernel has no bridge VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING is not built in), so '{name}' in {Where()} cannot filter VLANs. {e.Message}",
            e.Errno, e.KernelMessage, e.Operation, e.Target, e).WithErrorId(ErrorIds.VlanFilteringNotSupported);

    private string Where() => _session.Namespace.Description;
}
