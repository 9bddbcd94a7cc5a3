using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Links;

/// <summary>Links (interfaces) of one namespace: list, create, change, move, delete.</summary>
/// <remarks>Reading lives here; creating in LinkOperations.Create.cs; changing, moving and deleting in LinkOperations.Change.cs.</remarks>
public sealed partial class LinkOperations
{
    private readonly NamespaceSession _session;

    internal LinkOperations(NamespaceSession session) => _session = session;

    /// <summary>All links of the namespace, ordered by index.</summary>
    public IReadOnlyList<NetLink> List() => List(null, null);

    /// <summary>
    /// Links of the namespace, ordered by index, optionally only those of one kind (IFLA_INFO_KIND,
    /// e.g. "veth") and/or only the ports of one master. The kernel filters the dump; we filter again,
    /// because it ignores a kind it does not know.
    /// </summary>
    public IReadOnlyList<NetLink> List(string? kind, string? master)
    {
        int? masterIndex = null;
        if (master is not null) masterIndex = LinkResolver.IndexOf(_session, master);
        if (kind is not null) LinkErrors.ValidateKind(kind);

        var parsed = Dump(masterIndex, kind);
        // Names of masters and peers come from the same dump when it is complete.
        var filler = new LinkNameFiller(_session, masterIndex is null && kind is null ? parsed : null);
        if (master is not null) filler.Know(masterIndex!.Value, master);
        return parsed.Select(p => filler.Complete(p.Link)).OrderBy(l => l.Index).ToList();
    }

    /// <summary>One link by name; NotFound error if absent.</summary>
    public NetLink Get(string name) => TryGet(name) ?? throw LinkResolver.NotFound(_session, name);

    /// <summary>One link by index; NotFound error if absent.</summary>
    public NetLink Get(int index)
    {
        if (index <= 0) throw NetOperationException.Invalid($"{index} is not an interface index: indexes start at 1.", index.ToString());
        var parsed = Read(index, null)
            ?? throw new NetOperationException(NetErrorKind.NotFound,
                $"There is no interface with index {index} in {LinkErrors.Where(_session)}.", Errno.ENODEV, null, "find link", index.ToString()).WithErrorId(ErrorIds.LinkNotFound);
        return new LinkNameFiller(_session).Complete(parsed.Link);
    }

    /// <summary>One link by name, or null.</summary>
    public NetLink? TryGet(string name)
    {
        LinkName.Validate(name);
        return Read(0, name) is { } parsed ? new LinkNameFiller(_session).Complete(parsed.Link) : null;
    }

    /// <summary>One RTM_GETLINK by index or name; null if there is no such link.</summary>
    internal ParsedLink? Read(int index, string? name)
    {
        ParsedLink? result = null;
        try
        {
            _session.Route.Get(LinkRequest.Get(index, name), (in NetlinkMessage m) => result = LinkParser.Parse(m, _session.NamespaceSpec));
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound)
        {
            return null;
        }
        return result;
    }

    /// <summary>
    /// Sends a change and, in the same send, the RTM_GETLINK that reads <paramref name="readName"/> back (the kernel
    /// answers in order, so the read sees the change): one round trip instead of two. The change's error is thrown
    /// as the change alone would throw it; the link is null if the read found nothing.
    /// </summary>
    internal static ParsedLink? ChangeThenRead(NamespaceSession session, LinkRequest change, string readName)
    {
        ParsedLink? result = null;
        var outcomes = session.Route.ExecuteEach(b =>
        {
            b.Add(change);
            b.AddGet(LinkRequest.Get(0, readName));
        }, (in NetlinkMessage m) => result ??= LinkParser.Parse(m, session.NamespaceSpec));
        if (outcomes[0] is { } failed) throw failed;
        if (outcomes[1] is { } readFailed && readFailed.Kind != NetErrorKind.NotFound) throw readFailed;
        return result;
    }

    /// <summary>Sends a change alone; its error is thrown as <see cref="ChangeThenRead"/> throws it.</summary>
    internal static void ChangeOnly(NamespaceSession session, LinkRequest change)
    {
        if (session.Route.ExecuteEach(b => b.Add(change))[0] is { } failed) throw failed;
    }

    /// <summary>Dumps the links, optionally filtered by master index and kind, without resolving names.</summary>
    internal List<ParsedLink> Dump(int? masterIndex = null, string? kind = null)
    {
        var links = _session.Route.Dump(LinkRequest.Dump(masterIndex, kind), (in NetlinkMessage m) => LinkParser.Parse(m, _session.NamespaceSpec));
        if (masterIndex is not null) links.RemoveAll(p => p.Link.MasterIndex != masterIndex);
        if (kind is not null) links.RemoveAll(p => p.Link.Kind != kind);
        return links;
    }
}
