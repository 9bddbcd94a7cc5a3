using LinuxNetPS.Errors;
using LinuxNetPS.Links.Kinds;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Links;

/// <summary>Turns the kernel's terse answers about links into messages that name the link, kind or namespace involved.</summary>
internal static class LinkErrors
{
    /// <summary>"the host namespace" or "namespace 'red'".</summary>
    public static string Where(NamespaceSession session) => session.Namespace.Description;

    public static NetOperationException AlreadyExists(NamespaceSession session, string name, NetOperationException? cause = null) =>
        new NetOperationException(NetErrorKind.AlreadyExists,
            $"An interface named '{name}' already exists in {Where(session)}. Choose another name, or remove the existing one first.",
            cause?.ErrnoCode ?? Errno.EEXIST, cause?.KernelMessage, cause?.Operation ?? "create link", name, cause).WithErrorId(ErrorIds.LinkExists);

    /// <summary>
    /// The kernel does not know the kind: EOPNOTSUPP with the extended ACK "Unknown device type".
    /// EOPNOTSUPP alone is not enough: a known kind answers it too for a feature it lacks
    /// (bridge vlan_filtering without CONFIG_BRIDGE_VLAN_FILTERING) or a master that takes no ports.
    /// </summary>
    public static bool IsUnknownKind(NetOperationException e) =>
        e.ErrnoCode == Errno.EOPNOTSUPP && e.KernelMessage is not null && e.KernelMessage.Contains("Unknown device type", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The kernel does not know <paramref name="kind"/>. For a kind LinuxNetPS has a driver for, the kernel lacks its
    /// module (NotSupported, naming the module); for any other word it is most likely a typo, so the message offers
    /// the kinds LinuxNetPS knows, nearest first.
    /// </summary>
    public static NetOperationException UnsupportedKind(string kind, NetOperationException cause)
    {
        string kernel = cause.KernelMessage ?? "Operation not supported";
        if (LinkKinds.Find(kind) is { } driver)
            return new NetOperationException(NetErrorKind.NotSupported,
                $"This kernel has no '{kind}' link support: the module '{driver.KernelModule}' is not built in or cannot be loaded (modprobe {driver.KernelModule}). Kernel says: {kernel}.",
                cause.Errno, cause.KernelMessage, "create link", kind, cause).WithErrorId(ErrorIds.LinkKindNotSupported);
        var known = LinkKinds.All.Select(k => k.Kind).OrderBy(k => Distance(k, kind)).ThenBy(k => k, StringComparer.Ordinal).ToList();
        string guess = Distance(known[0], kind) <= 2 ? $" Did you mean '{known[0]}'?" : "";
        return new NetOperationException(NetErrorKind.InvalidArgument,
            $"Neither LinuxNetPS nor this kernel knows the link kind '{kind}'.{guess} Known kinds: {string.Join(", ", known.Order(StringComparer.Ordinal))}. Kernel says: {kernel}.",
            cause.Errno, cause.KernelMessage, "create link", kind, cause).WithErrorId(ErrorIds.InvalidLinkKind);
    }

    /// <summary>Edit distance (insertions, deletions, substitutions), to suggest the kind that was meant.</summary>
    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    /// <summary>Rewords errors of a request that named the link <paramref name="name"/>: ENODEV means that link is missing.</summary>
    public static NetOperationException ForLink(NetOperationException e, NamespaceSession session, string name)
    {
        if (e.ErrnoCode == Errno.ENODEV)
            return new NetOperationException(NetErrorKind.NotFound, LinkResolver.NotFound(session, name).Message, e.Errno, e.KernelMessage, e.Operation, name, e)
                .WithErrorId(ErrorIds.LinkNotFound);
        return e;
    }

    /// <summary>Adds the limit to the kernel's "Attribute failed policy validation" for an over-long alias.</summary>
    public static NetOperationException ForAlias(NetOperationException e, string name, string alias)
    {
        int bytes = System.Text.Encoding.UTF8.GetByteCount(alias);
        if (e.Kind != NetErrorKind.InvalidArgument || bytes < 256) return e;
        return new NetOperationException(NetErrorKind.InvalidArgument,
            $"Cannot set the alias of '{name}': an alias is at most 255 bytes, this one is {bytes}. {e.Message}", e.Errno, e.KernelMessage, e.Operation, name, e);
    }

    /// <summary>Rewords "not supported" when a master was asked for: the master cannot take ports.</summary>
    public static NetOperationException ForMaster(NetOperationException e, string? master)
    {
        if (master is null || e.ErrnoCode != Errno.EOPNOTSUPP) return e;
        return new NetOperationException(NetErrorKind.InvalidArgument,
            $"'{master}' cannot be a master: only bridges, bonds, teams and VRFs take ports. {e.Message}", e.Errno, e.KernelMessage, e.Operation, master, e)
            .WithErrorId(ErrorIds.NotABridge);
    }

    /// <summary>Checks a link kind's spelling before it reaches the kernel (which would try to load a module named after it).</summary>
    public static void ValidateKind(string? kind)
    {
        if (string.IsNullOrWhiteSpace(kind))
            throw NetOperationException.Invalid("A link kind is required, for example bridge, veth, macvlan or vxlan.", kind).WithErrorId(ErrorIds.InvalidLinkKind);
        if (kind.Length > 32 || !kind.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            throw NetOperationException.Invalid(
                $"'{kind}' is not a link kind: kinds are short words such as bridge, veth, macvlan, vxlan or dummy.", kind).WithErrorId(ErrorIds.InvalidLinkKind);
    }

    /// <summary>Validates a name that may be absent.</summary>
    public static void ValidateOptional(string? name)
    {
        if (name is not null) LinkName.Validate(name);
    }
}
