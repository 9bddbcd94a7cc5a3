using LinuxNetPS.Errors;
using LinuxNetPS.Interop;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Links;

/// <summary>
/// Maps a namespace id (IFLA_LINK_NETNSID: the number this namespace gives another one) back to
/// a namespace we can name. The kernel only answers the other way round, so we ask RTM_GETNSID
/// with NETNSA_FD for the host and then each /run/netns entry, stopping as soon as the id is
/// found and remembering every answer, so one instance serves a whole listing.
/// </summary>
internal sealed class NsIdResolver
{
    private readonly NetClient _client;
    private readonly Dictionary<int, string?> _known = new();
    private IEnumerator<(string? Spec, string Path)>? _candidates;

    public NsIdResolver(NetClient client) => _client = client;

    /// <summary>The spec of the namespace with id <paramref name="nsid"/> (null = host); false if it is none we can name.</summary>
    public bool TryResolve(int nsid, out string? spec)
    {
        if (_known.TryGetValue(nsid, out spec)) return true;
        _candidates ??= Candidates().GetEnumerator();
        while (_candidates.MoveNext())
        {
            var (candidate, path) = _candidates.Current;
            if (QueryId(path) is not { } id || _known.ContainsKey(id)) continue;
            _known[id] = candidate;
            if (id == nsid)
            {
                spec = candidate;
                return true;
            }
        }
        spec = null;
        return false;
    }

    private static IEnumerable<(string?, string)> Candidates()
    {
        yield return (null, NamespaceRef.HostPath);
        if (!Directory.Exists(NamespaceRef.RunDirectory)) yield break;
        foreach (var path in Directory.EnumerateFiles(NamespaceRef.RunDirectory).Order(StringComparer.Ordinal))
            yield return (Path.GetFileName(path), path);
    }

    /// <summary>The id this client's namespace gives the namespace at <paramref name="path"/>, or null (none assigned, or not a namespace).</summary>
    private int? QueryId(string path)
    {
        int raw = Sys.Open(path, Sys.O_RDONLY | Sys.O_CLOEXEC, 0);
        if (raw < 0) return null;
        using var fd = new FileDescriptor(raw);
        int? id = null;
        try
        {
            _client.Route.Execute(RtmType.GetNsId, NetlinkFlags.None, w =>
            {
                w.Struct(new RtGenMsg { Family = AddressFamily.Unspec });
                w.U32(NetnsaAttr.Fd, (uint)fd.Value);
            }, "find namespace id", path, (in NetlinkMessage m) =>
            {
                var r = m.Attributes<RtGenMsg>();
                while (r.Next())
                    if (r.Type == NetnsaAttr.NsId) id = r.S32();
            });
        }
        catch (NetOperationException)
        {
            return null; // a stale /run/netns entry or a file that is not a namespace: not a candidate
        }
        return id is null or NetnsaValues.NsIdNotAssigned ? null : id;
    }
}
