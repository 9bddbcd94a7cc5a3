using System.Net;
using LinuxNetPS.Addresses;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Neighbors;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Bridges;

/// <summary>
/// The bridge forwarding databases of one namespace (`bridge fdb`): entries on bridge ports (the bridge's table,
/// `master`), on the bridge itself, and on VXLAN devices (their own table, `self`, with remote endpoints).
/// </summary>
public sealed class BridgeFdbOperations
{
    private readonly NamespaceSession _session;
    private readonly LinkOperations _links;

    internal BridgeFdbOperations(NamespaceSession session)
    {
        _session = session;
        _links = new LinkOperations(session);
    }

    /// <summary>
    /// The entries, optionally only those on one device (<paramref name="interfaceName"/>, `bridge fdb show dev`) or in one
    /// bridge's table (<paramref name="bridge"/>, `bridge fdb show br`), ordered as the kernel lists them.
    /// </summary>
    public IReadOnlyList<BridgeFdbEntry> List(string? interfaceName = null, string? bridge = null)
    {
        int? index = interfaceName is null ? null : LinkResolver.IndexOf(_session, interfaceName);
        int? bridgeIndex = bridge is null ? null : RequireBridge(bridge).Index;
        var names = new InterfaceNames(_session);
        if (index is int known) names.Add(known, interfaceName!);
        if (bridgeIndex is int b) names.Add(b, bridge!);
        string? ns = _session.NamespaceSpec;
        // The kernel filters an FDB dump only under strict checking; we filter here, as for addresses.
        var found = _session.Route.Dump(RtmType.GetNeigh, w => w.Struct(new NdMsg { Family = Rtnetlink.AddressFamily.Bridge }),
            (in NetlinkMessage m) => FdbParser.Parse(m, ns) is { } e && (index is null || e.Entry.InterfaceIndex == index)
                && (bridgeIndex is null || e.MasterIndex == bridgeIndex || e.Entry.InterfaceIndex == bridgeIndex) ? e : null,
            "list bridge FDB entries");
        return found.Select(e => e.Entry with
        {
            Interface = names.Of(e.Entry.InterfaceIndex),
            Bridge = e.MasterIndex is { } m && m != 0 ? names.Of(m) : null,
        }).ToList();
    }

    /// <summary>The entry <paramref name="spec"/> names, as the kernel lists it; null if there is none.</summary>
    public BridgeFdbEntry? Find(FdbSpec spec)
    {
        var link = RequireLink(spec.Interface);
        var request = FdbRequest.Build(spec, link, delete: true);
        var matches = List(spec.Interface).Where(request.Matches).ToList();
        return matches.FirstOrDefault(e => request.Self == ((e.Flags & BridgeFdbFlags.Self) != 0)) ?? matches.FirstOrDefault();
    }

    /// <summary>
    /// Adds an entry (`bridge fdb add`; a further remote of a VXLAN MAC, such as another head-end replication target for
    /// 00:00:00:00:00:00, is appended as `bridge fdb append` does). FdbEntryExists if the entry is there.
    /// </summary>
    public void Add(FdbSpec spec)
    {
        var link = RequireLink(spec.Interface);
        var request = FdbRequest.Build(spec, link, delete: false);
        try
        {
            Send(RtmType.NewNeigh, NetlinkFlags.Create | NetlinkFlags.Excl, request, link.Index, "add bridge FDB entry");
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.AlreadyExists && request.Destination is not null)
        {
            // VXLAN keeps one entry per MAC with a list of remotes: a new remote is appended to it, the same one is a duplicate.
            if (List(spec.Interface).Any(request.Matches)) throw Exists(request, e);
            Send(RtmType.NewNeigh, NetlinkFlags.Create | NetlinkFlags.Append, request, link.Index, "add bridge FDB entry");
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.AlreadyExists)
        {
            throw Exists(request, e);
        }
    }

    /// <summary>Removes an entry (`bridge fdb del`); FdbEntryNotFound if there is none. Without a Destination, every remote of a VXLAN MAC goes.</summary>
    public void Remove(FdbSpec spec)
    {
        var link = RequireLink(spec.Interface);
        var request = FdbRequest.Build(spec, link, delete: true);
        try
        {
            Send(RtmType.DelNeigh, NetlinkFlags.None, request, link.Index, "remove bridge FDB entry");
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound && e.ErrorId is null)
        {
            throw new NetOperationException(NetErrorKind.NotFound,
                $"There is no FDB entry {request.Text} in {Where()}.", e.Errno, e.KernelMessage, e.Operation, e.Target, e)
                .WithErrorId(ErrorIds.FdbEntryNotFound);
        }
    }

    /// <summary>
    /// Adds many entries in one send, each acknowledged on its own: one result per spec, null for success or its error.
    /// Each device is looked up once. For tables of thousands of entries.
    /// </summary>
    public IReadOnlyList<NetOperationException?> AddMany(IReadOnlyList<FdbSpec> specs)
    {
        var links = new Dictionary<string, NetLink>(StringComparer.Ordinal);
        foreach (var name in specs.Select(s => s.Interface).Distinct(StringComparer.Ordinal)) links[name] = RequireLink(name);
        var requests = specs.Select(s => FdbRequest.Build(s, links[s.Interface], delete: false)).ToList();
        var outcomes = new List<NetOperationException?>(specs.Count);
        for (int start = 0; start < specs.Count; start += 1024)
        {
            int end = Math.Min(start + 1024, specs.Count);
            outcomes.AddRange(_session.Route.ExecuteEach(b =>
            {
                for (int i = start; i < end; i++)
                {
                    var request = requests[i];
                    int index = links[specs[i].Interface].Index;
                    b.Add(RtmType.NewNeigh, NetlinkFlags.Create | NetlinkFlags.Excl, w => request.Write(w, index), "add bridge FDB entry", request.Text);
                }
            }).Select((e, k) => e is { Kind: NetErrorKind.AlreadyExists } ? Exists(requests[start + k], e) : e));
        }
        return outcomes;
    }

    private void Send(ushort type, NetlinkFlags flags, FdbRequest request, int index, string operation)
    {
        try
        {
            _session.Route.Execute(type, flags, w => request.Write(w, index), operation, request.Text);
        }
        catch (NetOperationException e) when (e.ErrnoCode == Errno.EPERM && type == RtmType.NewNeigh)
        {
            // The bridge answers EPERM (not a permission problem) for a dynamic entry on a port that is down or does not learn.
            throw new NetOperationException(NetErrorKind.InvalidArgument,
                $"The bridge refused the dynamic entry {request.Text}: a port only takes dynamic entries while it forwards and learns (is it up?). Add it as -State Static instead. {e.Message}",
                e.Errno, e.KernelMessage, e.Operation, e.Target, e);
        }
        catch (NetOperationException e) when (e.ErrnoCode == Errno.EINVAL && request.Text.Contains(" vlan ", StringComparison.Ordinal))
        {
            throw new NetOperationException(NetErrorKind.InvalidArgument,
                $"The kernel refused the VLAN of {request.Text}: an FDB entry has a VLAN only on a bridge that filters VLANs (New-NetBridge -VlanFiltering). {e.Message}",
                e.Errno, e.KernelMessage, e.Operation, e.Target, e);
        }
    }

    private NetLink RequireLink(string name)
    {
        Primitives.LinkName.Validate(name);
        return (_links.Read(0, name) ?? throw LinkResolver.NotFound(_session, name)).Link;
    }

    private NetLink RequireBridge(string name)
    {
        Primitives.LinkName.Validate(name);
        var link = _links.Read(0, name)?.Link
            ?? throw NetOperationException.NotFound($"There is no bridge '{name}' in {Where()}.", name).WithErrorId(ErrorIds.BridgeNotFound);
        if (link.Kind != "bridge")
            throw NetOperationException.NotFound($"There is no bridge '{name}' in {Where()}: '{name}' is {(link.Kind is { } k ? $"a {k} link" : "not a bridge")}.", name)
                .WithErrorId(ErrorIds.NotABridge);
        return link;
    }

    private NetOperationException Exists(FdbRequest request, NetOperationException e) =>
        new NetOperationException(e.Kind, $"The FDB entry {request.Text} is already there in {Where()}"
            + (request.Self ? ". " : " (a bridge knows each MAC, per VLAN, on one port: it may be on another port). ") + e.Message,
            e.Errno, e.KernelMessage, e.Operation, e.Target, e).WithErrorId(ErrorIds.FdbEntryExists);

    private string Where() => _session.Namespace.Description;
}
