using System.Net;
using LinuxNetPS.Addresses;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Neighbors;

/// <summary>The IPv4 ARP and IPv6 ND tables of one namespace, and its proxy ARP/ND entries (`ip neigh`).</summary>
public sealed class NeighborOperations
{
    private readonly NamespaceSession _session;

    internal NeighborOperations(NamespaceSession session) => _session = session;

    /// <summary>
    /// The entries, optionally of one interface and/or family, ordered by interface then address; with
    /// <paramref name="proxy"/> the proxy entries instead (`ip neigh show proxy`).
    /// </summary>
    public IReadOnlyList<NetNeighbor> List(string? interfaceName = null, IPFamily? family = null, bool proxy = false)
    {
        byte af = FamilyCodes.Of(family);
        int? index = interfaceName is null ? null : LinkResolver.IndexOf(_session, interfaceName);
        var names = new InterfaceNames(_session);
        if (index is int known) names.Add(known, interfaceName!);
        string? ns = _session.NamespaceSpec;
        // ndm_flags = NTF_PROXY asks for the proxy table; the kernel filters neither by index nor (for AF_UNSPEC) by family here.
        var found = _session.Route.Dump(RtmType.GetNeigh, w => w.Struct(new NdMsg { Family = af, Flags = proxy ? NtfFlags.Proxy : (byte)0 }),
            (in NetlinkMessage m) => NeighborParser.Parse(m, ns) is { } n && n.IsProxy == proxy && (index is null || n.InterfaceIndex == index)
                && (af == Rtnetlink.AddressFamily.Unspec || FamilyCodes.Of(n.IPAddress) == af) ? n : null,
            proxy ? "list proxy neighbours" : "list neighbours");
        return found.OrderBy(n => n.InterfaceIndex).ThenBy(n => n.Family).ThenBy(n => n.IPAddress, AddressOrder.Instance)
            .Select(n => n with { Interface = names.Of(n.InterfaceIndex) }).ToList();
    }

    /// <summary>One entry; null when the interface has none for the address.</summary>
    public NetNeighbor? TryGet(string interfaceName, IPAddress address, bool proxy = false)
    {
        var request = NeighborRequest.ForRemove(interfaceName, address, proxy);
        int index = LinkResolver.IndexOf(_session, interfaceName);
        return Read(index, interfaceName, address, proxy, request.Text);
    }

    /// <summary>Adds an entry (`ip neigh add`); NeighborExists if the interface has one for the address. Returns it as the kernel keeps it.</summary>
    public NetNeighbor Add(NeighborSpec spec) =>
        Change(spec, NeighborRequest.ForAdd(spec), NetlinkFlags.Create | NetlinkFlags.Excl, "add neighbour");

    /// <summary>Adds the entry or replaces the one there (`ip neigh replace`).</summary>
    public NetNeighbor Replace(NeighborSpec spec) =>
        Change(spec, NeighborRequest.ForAdd(spec), NetlinkFlags.Create | NetlinkFlags.Replace, "replace neighbour");

    /// <summary>
    /// Changes an existing entry (`ip neigh change`): its hardware address, state or router flag. A state left out keeps the
    /// entry's (a transient one, such as Incomplete or Failed, becomes Reachable); NeighborNotFound if there is no entry.
    /// </summary>
    public NetNeighbor Set(NeighborSpec spec)
    {
        if (spec.State is null && !spec.Proxy)
        {
            var current = TryGet(spec.Interface, spec.Address) ?? throw NotFound(spec.Interface, spec.Address, false, null);
            const NeighborState kept = NeighborState.Permanent | NeighborState.NoArp | NeighborState.Reachable | NeighborState.Stale;
            spec = spec with { State = (current.State & kept) != 0 ? current.State : NeighborState.Reachable };
        }
        return Change(spec, NeighborRequest.ForChange(spec), NetlinkFlags.Replace, "change neighbour");
    }

    /// <summary>Removes an entry (`ip neigh del`); NeighborNotFound if there is none.</summary>
    public void Remove(string interfaceName, IPAddress address, bool proxy = false)
    {
        var request = NeighborRequest.ForRemove(interfaceName, address, proxy);
        int index = LinkResolver.IndexOf(_session, interfaceName);
        try
        {
            _session.Route.Execute(RtmType.DelNeigh, NetlinkFlags.None, w => request.Write(w, index), "remove neighbour", request.Text);
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound)
        {
            throw NotFound(interfaceName, address, proxy, e);
        }
    }

    /// <summary>
    /// Adds many entries in one send (each acknowledged on its own, so one failure does not stop the rest): the result
    /// has one entry per spec, null for success or its error. For tables of thousands of entries.
    /// </summary>
    public IReadOnlyList<NetOperationException?> AddMany(IReadOnlyList<NeighborSpec> specs, bool replace = false)
    {
        var requests = specs.Select(NeighborRequest.ForAdd).ToList();
        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in specs.Select(s => s.Interface).Distinct(StringComparer.Ordinal))
            indexes[name] = LinkResolver.IndexOf(_session, name);
        var flags = NetlinkFlags.Create | (replace ? NetlinkFlags.Replace : NetlinkFlags.Excl);
        var outcomes = new List<NetOperationException?>(specs.Count);
        // Chunks keep one send well inside the socket buffers.
        for (int start = 0; start < specs.Count; start += 1024)
        {
            int end = Math.Min(start + 1024, specs.Count);
            outcomes.AddRange(_session.Route.ExecuteEach(b =>
            {
                for (int i = start; i < end; i++)
                {
                    var request = requests[i];
                    int index = indexes[specs[i].Interface];
                    b.Add(RtmType.NewNeigh, flags, w => request.Write(w, index), "add neighbour", request.Text);
                }
            }).Select((e, k) => e is { Kind: NetErrorKind.AlreadyExists } ? Exists(specs[start + k], e) : e));
        }
        return outcomes;
    }

    private NetNeighbor Change(NeighborSpec spec, NeighborRequest request, NetlinkFlags flags, string operation)
    {
        int index = LinkResolver.IndexOf(_session, spec.Interface);
        NetNeighbor? read = null;
        string? ns = _session.NamespaceSpec;
        // The change and the read-back in one send: the kernel answers in order, so the GET sees the change.
        var outcomes = _session.Route.ExecuteEach(b =>
        {
            b.Add(RtmType.NewNeigh, flags, w => request.Write(w, index), operation, request.Text);
            b.AddGet(RtmType.GetNeigh, NetlinkFlags.None, w => WriteGet(w, index, spec.Address, spec.Proxy), "get neighbour", request.Text);
        }, (in NetlinkMessage m) => read ??= NeighborParser.Parse(m, ns));
        if (outcomes[0] is { } failed)
        {
            if (failed.Kind == NetErrorKind.AlreadyExists) throw Exists(spec, failed);
            if (failed.Kind == NetErrorKind.NotFound && (flags & NetlinkFlags.Create) == 0) throw NotFound(spec.Interface, spec.Address, spec.Proxy, failed);
            throw failed;
        }
        return (read ?? throw new NetOperationException(NetErrorKind.Other,
                $"The kernel accepted the neighbour {request.Text} but does not list it (was the interface removed meanwhile?).",
                operation: operation, target: request.Text))
            with { Interface = spec.Interface };
    }

    private NetNeighbor? Read(int index, string interfaceName, IPAddress address, bool proxy, string text)
    {
        NetNeighbor? read = null;
        string? ns = _session.NamespaceSpec;
        try
        {
            _session.Route.Get(RtmType.GetNeigh, NetlinkFlags.None, w => WriteGet(w, index, address, proxy), "get neighbour", text,
                (in NetlinkMessage m) => read ??= NeighborParser.Parse(m, ns));
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound)
        {
            return null;
        }
        return read is null ? null : read with { Interface = interfaceName };
    }

    /// <summary>RTM_GETNEIGH for one entry (the kernel's neigh_get): state and type must be zero, NTF_PROXY the only flag.</summary>
    private static void WriteGet(NetlinkWriter w, int index, IPAddress address, bool proxy)
    {
        w.Struct(new NdMsg { Family = FamilyCodes.Of(address), Index = index, Flags = proxy ? NtfFlags.Proxy : (byte)0 });
        w.Bytes(NdaAttr.Dst, address.GetAddressBytes());
    }

    private NetOperationException Exists(NeighborSpec spec, NetOperationException e) =>
        new NetOperationException(e.Kind,
            $"Interface '{spec.Interface}' in {Where()} already has a {(spec.Proxy ? "proxy entry" : "neighbour entry")} for {spec.Address}; use Set-NetNeighbor to change it. {e.Message}",
            e.Errno, e.KernelMessage, e.Operation, e.Target, e).WithErrorId(ErrorIds.NeighborExists);

    private NetOperationException NotFound(string interfaceName, IPAddress address, bool proxy, NetOperationException? e) =>
        new NetOperationException(NetErrorKind.NotFound,
            $"Interface '{interfaceName}' in {Where()} has no {(proxy ? "proxy entry" : "neighbour entry")} for {address}.",
            e?.ErrnoCode ?? Errno.ENOENT, e?.KernelMessage, e?.Operation ?? "find neighbour", e?.Target ?? $"{address} dev {interfaceName}", e)
            .WithErrorId(ErrorIds.NeighborNotFound);

    private string Where() => _session.Namespace.Description;
}

/// <summary>An ARP/ND or proxy entry to add or change.</summary>
public sealed record NeighborSpec
{
    /// <summary>The interface the neighbour is reached on.</summary>
    public required string Interface { get; init; }
    /// <summary>The neighbour's IPv4 or IPv6 address.</summary>
    public required IPAddress Address { get; init; }
    /// <summary>The neighbour's MAC address (aa:bb:cc:dd:ee:ff); required for Permanent, NoArp, Reachable and Stale entries.</summary>
    public string? LinkLayerAddress { get; init; }
    /// <summary>The NUD state; null means Permanent when adding (as `ip neigh add`), the entry's own when changing.</summary>
    public NeighborState? State { get; init; }
    /// <summary>NTF_ROUTER: the IPv6 neighbour is a router.</summary>
    public bool Router { get; init; }
    /// <summary>A proxy ARP/ND entry: the namespace answers for the address on the interface (no hardware address, no state).</summary>
    public bool Proxy { get; init; }
}

/// <summary>IP addresses in numeric order (IPv4 before IPv6), as people read tables.</summary>
internal sealed class AddressOrder : IComparer<IPAddress>
{
    public static readonly AddressOrder Instance = new();

    public int Compare(IPAddress? x, IPAddress? y)
    {
        if (x is null || y is null) return x is null ? (y is null ? 0 : -1) : 1;
        var a = x.GetAddressBytes();
        var b = y.GetAddressBytes();
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.AsSpan().SequenceCompareTo(b);
    }
}
