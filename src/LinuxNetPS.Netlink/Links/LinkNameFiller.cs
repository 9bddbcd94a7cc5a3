using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Links;

/// <summary>
/// Fills in the names a link message only gives as numbers: the master's name, and for a veth
/// the peer's name and namespace. Names in the same namespace come from the dump being read
/// (or one RTM_GETLINK each for a single link); a peer in another namespace is looked up with
/// IFLA_TARGET_NETNSID on this namespace's socket, and its namespace through
/// <see cref="NsIdResolver"/>. One instance per call, so each answer is asked for once.
/// </summary>
internal sealed class LinkNameFiller
{
    private readonly NamespaceSession _session;
    private readonly Dictionary<int, string>? _dumped;
    private readonly Dictionary<int, string?> _looked = new();
    private readonly Dictionary<(int NsId, int Index), string?> _remote = new();
    private NsIdResolver? _nsids;

    /// <summary>Pass every link of the namespace as <c>dump</c> when the caller has them; otherwise names are asked for one by one.</summary>
    public LinkNameFiller(NamespaceSession session, IEnumerable<ParsedLink>? dump = null)
    {
        _session = session;
        if (dump is not null)
        {
            _dumped = new Dictionary<int, string>();
            foreach (var p in dump) _dumped[p.Link.Index] = p.Link.Name;
        }
    }

    /// <summary>Records a name the caller already knows (e.g. the master it just resolved), saving a lookup.</summary>
    public void Know(int index, string name)
    {
        if (_dumped is not null) _dumped[index] = name;
        else _looked[index] = name;
    }

    public NetLink Complete(NetLink link)
    {
        if (link.MasterIndex is { } master) link = link with { Master = LocalName(master) };
        if (link.Details is { } details && details.WithLinkNames(LocalName) is var named && !ReferenceEquals(named, details)) link = link with { Details = named };
        if (link.PeerIndex is { } peer)
        {
            if (link.LinkNetNsId is not { } nsid)
                link = link with { PeerName = LocalName(peer), PeerNamespace = _session.NamespaceSpec };
            else
            {
                _nsids ??= new NsIdResolver(_session);
                link = link with
                {
                    PeerName = RemoteName(nsid, peer),
                    PeerNamespace = _nsids.TryResolve(nsid, out var spec) ? spec : null,
                };
            }
        }
        return link;
    }

    private string? LocalName(int index)
    {
        if (_dumped is not null) return _dumped.TryGetValue(index, out var n) ? n : null;
        if (!_looked.TryGetValue(index, out var name)) _looked[index] = name = LinkResolver.NameOf(_session, index);
        return name;
    }

    private string? RemoteName(int nsid, int index)
    {
        if (_remote.TryGetValue((nsid, index), out var cached)) return cached;
        string? name = null;
        try
        {
            _session.Route.Get(LinkRequest.GetInNamespace(nsid, index).Labelled("find veth peer", index.ToString()), (in NetlinkMessage m) =>
            {
                var r = m.Attributes<IfInfoMsg>();
                while (r.Next()) if (r.Type == IflaAttr.IfName) name = r.String();
                r.ThrowIfMalformed("link message");
            });
        }
        catch (NetOperationException e) when (e.Kind is NetErrorKind.NotFound or NetErrorKind.InvalidArgument or NetErrorKind.PermissionDenied)
        {
            // The peer went away meanwhile, the id no longer names a namespace, or we may not look into the peer's
            // namespace (no CAP_NET_ADMIN there, as `ip -br link` shows for the same user): leave the name empty.
        }
        return _remote[(nsid, index)] = name;
    }
}
