using LinuxNetPS.Errors;
using LinuxNetPS.Interop;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Links;

/// <summary>
/// Maps a namespace id (IFLA_LINK_NETNSID: the number this namespace gives another one) back to
/// a namespace we can name. The kernel only answers the other way round (RTM_GETNSID with
/// NETNSA_FD), so we ask about candidates until one answers with the id: first the namespace that
/// had this id last time (<see cref="NsIdCache"/>), then namespaces a veth of ours connects this one
/// to, then the host, then namespaces this process used recently, then every other /run/netns entry. Every answer is remembered, in this instance for the
/// rest of the call and in the session's cache for later calls; with thousands of namespaces this turns
/// a scan per lookup into one confirming request.
/// </summary>
internal sealed class NsIdResolver
{
    private readonly NamespaceSession _session;
    private readonly Dictionary<int, string?> _known = new();
    private readonly HashSet<string> _tried = new(StringComparer.Ordinal);
    private IEnumerator<(string? Spec, string Path)>? _candidates;

    public NsIdResolver(NamespaceSession session) => _session = session;

    /// <summary>The spec of the namespace with id <paramref name="nsid"/> (null = host); false if it is none we can name.</summary>
    public bool TryResolve(int nsid, out string? spec)
    {
        if (_known.TryGetValue(nsid, out spec)) return true;
        if (_session.NsIds.TryGet(nsid, out var remembered) && _tried.Add(remembered.Path))
        {
            if (QueryId(remembered.Path) == nsid)
            {
                _known[nsid] = spec = remembered.Spec;
                return true;
            }
            _session.NsIds.Forget(nsid);
        }
        _candidates ??= Candidates().GetEnumerator();
        while (_candidates.MoveNext())
        {
            var (candidate, path) = _candidates.Current;
            if (!_tried.Add(path) || QueryId(path) is not { } id || _known.ContainsKey(id)) continue;
            _known[id] = candidate;
            _session.NsIds.Remember(id, candidate, path);
            if (id == nsid)
            {
                spec = candidate;
                return true;
            }
        }
        spec = null;
        return false;
    }

    private IEnumerable<(string?, string)> Candidates()
    {
        foreach (var connected in _session.Connected) yield return (connected.Spec, connected.Path);
        yield return (null, NamespaceRef.HostPath);
        foreach (var recent in NamespaceSession.RecentlyUsed())
            if (!recent.IsHost && recent.Path != _session.Namespace.Path) yield return (recent.Spec, recent.Path);
        if (!Directory.Exists(NamespaceRef.RunDirectory)) yield break;
        foreach (var path in Directory.EnumerateFiles(NamespaceRef.RunDirectory).Order(StringComparer.Ordinal))
            yield return (Path.GetFileName(path), path);
    }

    /// <summary>The id this session's namespace gives the namespace at <paramref name="path"/>, or null (none assigned, or not a namespace).</summary>
    private int? QueryId(string path)
    {
        using var fd = FileDescriptor.TryOpenCarefully(path, noFollow: path.StartsWith(NamespaceRef.RunDirectory + "/", StringComparison.Ordinal), out _);
        if (fd is null || NamespaceFile.InodeOf(fd) is null) return null; // a stale entry, a FIFO ...: not a candidate
        int? id = null;
        try
        {
            _session.Route.Execute(RtmType.GetNsId, NetlinkFlags.None, w =>
            {
                w.Struct(new RtGenMsg { Family = AddressFamily.Unspec });
                w.U32(NetnsaAttr.Fd, (uint)fd.Number);
            }, "find namespace id", path, (in NetlinkMessage m) =>
            {
                var r = m.Attributes<RtGenMsg>();
                while (r.Next())
                    if (r.Type == NetnsaAttr.NsId) id = r.S32();
                r.ThrowIfMalformed("namespace id message");
            });
        }
        catch (NetOperationException)
        {
            return null; // a stale /run/netns entry or a file that is not a namespace: not a candidate
        }
        return id is null or NetnsaValues.NsIdNotAssigned ? null : id;
    }
}
