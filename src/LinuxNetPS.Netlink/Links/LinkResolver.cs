using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Primitives;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Links;

/// <summary>
/// Turns interface names into indexes and back with one RTM_GETLINK each (no dump). Shared by
/// the address, route and bridge code, which address links by index on the wire.
/// </summary>
internal static class LinkResolver
{
    /// <summary>The index of <paramref name="name"/>; NotFound naming the namespace if there is no such link.</summary>
    public static int IndexOf(NamespaceSession session, string name)
    {
        LinkName.Validate(name);
        return TryIndexOf(session, name) ?? throw NotFound(session, name);
    }

    public static int? TryIndexOf(NamespaceSession session, string name)
    {
        int? index = null;
        try
        {
            session.Route.Get(LinkRequest.Get(0, name).Labelled("find link", name), (in NetlinkMessage m) => index = m.Header<IfInfoMsg>().Index);
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound)
        {
            return null;
        }
        return index;
    }

    /// <summary>The name of the link with <paramref name="index"/>, or null.</summary>
    public static string? NameOf(NamespaceSession session, int index)
    {
        string? name = null;
        try
        {
            session.Route.Get(LinkRequest.Get(index, null).Labelled("find link", index.ToString()), (in NetlinkMessage m) =>
            {
                var r = m.Attributes<IfInfoMsg>();
                while (r.Next()) if (r.Type == IflaAttr.IfName) name = r.String();
                r.ThrowIfMalformed("link message");
            });
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound)
        {
            return null;
        }
        return name;
    }

    public static NetOperationException NotFound(NamespaceSession session, string name) =>
        new NetOperationException(NetErrorKind.NotFound,
            $"There is no interface '{name}' in {session.Namespace.Description}.",
            Errno.ENODEV, null, "find link", name).WithErrorId(ErrorIds.LinkNotFound);
}
