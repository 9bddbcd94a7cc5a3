using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Primitives;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Links;

public sealed partial class LinkOperations
{
    /// <summary>Applies changes in one request where the kernel allows it; returns the link afterwards.</summary>
    /// <remarks>
    /// One RTM_SETLINK carries name, MTU, MAC, alias, master, queue length and the up flag (the
    /// kernel applies them in that order, the up flag last). Everything we can check is checked
    /// first (names, MAC, that the master exists), so a refusal by the kernel is rare; when it
    /// happens, changes the kernel applied before the refused one stay.
    /// </remarks>
    public NetLink Set(string name, LinkChanges changes) => Change(name, changes, readBack: true)!;

    /// <summary>
    /// As <see cref="Set"/> (the same checks, the same request, the same errors), without reading the link back: for a
    /// caller that does not show it (Set-NetLink without -PassThru), which would otherwise pay a second kernel request
    /// (an RTM_GETLINK answered with the whole link, statistics included) on every call.
    /// </summary>
    public void Apply(string name, LinkChanges changes) => Change(name, changes, readBack: false);

    private NetLink? Change(string name, LinkChanges changes, bool readBack)
    {
        var request = LinkRequest.Change(name, changes);
        int? masterIndex = changes.Master is null ? null : MasterIndexOf(changes.Master, name);
        bool rename = changes.NewName is not null && changes.NewName != name;
        // The kernel renames only a link addressed by index; otherwise the name is enough.
        if (rename) request = request.WithIndex(LinkResolver.IndexOf(_session, name));
        // The kernel applies the other changes before it finds the new name taken: look first, so a refusal changes nothing.
        if (rename && Read(0, changes.NewName!) is not null) throw LinkErrors.AlreadyExists(_session, changes.NewName!);

        var finalName = rename ? changes.NewName! : name;
        ParsedLink? after;
        try
        {
            if (!readBack)
            {
                ChangeOnly(_session, request.WithMaster(masterIndex));
                return null;
            }
            after = ChangeThenRead(_session, request.WithMaster(masterIndex), finalName);
        }
        catch (NetOperationException e)
        {
            if (rename && e.Kind == NetErrorKind.AlreadyExists) throw LinkErrors.AlreadyExists(_session, changes.NewName!, e);
            var reworded = LinkErrors.ForLink(e, _session, name);
            if (changes.Alias is not null) reworded = LinkErrors.ForAlias(reworded, name, changes.Alias);
            throw LinkErrors.ForMaster(reworded, changes.Master);
        }

        var filler = new LinkNameFiller(_session);
        if (masterIndex is { } known) filler.Know(known, changes.Master!);
        return filler.Complete(after?.Link ?? throw LinkResolver.NotFound(_session, finalName));
    }

    /// <summary>
    /// The index of a master, checked before any request: BridgeNotFound if it is missing, NotABridge if it is a link
    /// that takes no ports. The kernel would detach <paramref name="forLink"/> from its current bridge first and only
    /// then refuse the new master, leaving it attached to nothing.
    /// </summary>
    private int MasterIndexOf(string master, string forLink)
    {
        var parsed = Read(0, master)
            ?? throw NetOperationException.NotFound($"There is no bridge '{master}' in {LinkErrors.Where(_session)} to attach '{forLink}' to; nothing was changed.", master)
                .WithErrorId(ErrorIds.BridgeNotFound);
        if (parsed.Link.Kind is not ("bridge" or "bond" or "team" or "vrf"))
            throw NetOperationException.Invalid(
                $"'{master}' is {(parsed.Link.Kind is { } k ? $"a {k} link" : "not a bridge")}, which cannot take ports (only bridges, bonds, teams and VRFs can); nothing was changed.", master)
                .WithErrorId(ErrorIds.NotABridge);
        return parsed.Link.Index;
    }

    /// <summary>Shortcut for Set(name, new LinkChanges { Up = true }).</summary>
    public NetLink SetUp(string name) => Set(name, new LinkChanges { Up = true });

    /// <summary>Moves a link to another namespace (optionally renaming it); returns it as seen there.</summary>
    /// <remarks>
    /// One RTM_SETLINK with IFLA_NET_NS_FD (the target session's open namespace file) and, for a
    /// rename, IFLA_IFNAME, which the kernel applies as the link arrives. Use
    /// <see cref="NamespaceRef.Host"/> to bring a link back to the host.
    /// </remarks>
    public NetLink MoveTo(string name, NamespaceRef target, string? newName = null)
    {
        LinkName.Validate(name);
        LinkErrors.ValidateOptional(newName);
        var targetSession = NamespaceSession.For(target); // NotFound naming the namespace if it does not exist
        NamespaceSession.NoteConnected(_session, targetSession); // a moved veth end links the two
        if (targetSession.Inode == _session.Inode)
            throw NetOperationException.Invalid(
                $"'{name}' is already in {LinkErrors.Where(_session)}; to rename it, change its name instead of moving it.", target.ToString());
        int index = LinkResolver.IndexOf(_session, name);
        var arrivingName = newName ?? name;
        // The kernel moves the link before it finds the name taken there (and then reports failure): look first.
        if (new LinkOperations(targetSession).Read(0, arrivingName) is not null) throw NameTakenInTarget(name, targetSession, arrivingName, null);

        try
        {
            _session.Route.Execute(LinkRequest.Move(index, name, targetSession.NamespaceFile.Number, newName));
        }
        catch (NetOperationException e)
        {
            if (e.Kind == NetErrorKind.AlreadyExists) throw NameTakenInTarget(name, targetSession, arrivingName, e);
            if (e.Kind == NetErrorKind.InvalidArgument && newName is null)
                throw new NetOperationException(NetErrorKind.InvalidArgument,
                    $"Cannot move '{name}' to {LinkErrors.Where(targetSession)}: the kernel keeps some interfaces in their namespace (loopback, bridges, vxlan and other netns-local devices). {e.Message}",
                    e.Errno, e.KernelMessage, e.Operation, name, e).WithErrorId(ErrorIds.LinkNotMovable);
            throw LinkErrors.ForLink(e, _session, name);
        }
        return new LinkOperations(targetSession).Read(0, arrivingName) is { } moved
            ? new LinkNameFiller(targetSession).Complete(moved.Link)
            : throw LinkResolver.NotFound(targetSession, arrivingName);
    }

    private static NetOperationException NameTakenInTarget(string name, NamespaceSession target, string arrivingName, NetOperationException? cause) =>
        new NetOperationException(NetErrorKind.AlreadyExists,
            $"Cannot move '{name}': {LinkErrors.Where(target)} already has an interface named '{arrivingName}'. Give the link a new name for the move; nothing was changed.",
            cause?.ErrnoCode ?? Errno.EEXIST, cause?.KernelMessage, "move link", arrivingName, cause).WithErrorId(ErrorIds.LinkExists);

    /// <summary>Deletes a link (for veth, both ends go).</summary>
    public void Delete(string name)
    {
        LinkName.Validate(name);
        DeleteCore(name);
    }

    private void DeleteCore(string name)
    {
        try
        {
            _session.Route.Execute(LinkRequest.Delete(name));
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotSupported && IsLoopback(name))
        {
            // EOPNOTSUPP would read as a missing kernel module; the truth is that loopback is never deleted.
            throw LoopbackNotRemovable(name, e);
        }
        catch (NetOperationException e)
        {
            throw LinkErrors.ForLink(e, _session, name);
        }
    }

    private bool IsLoopback(string name) => Read(0, name)?.Link.Flags.HasFlag(InterfaceFlags.Loopback) == true;

    /// <summary>The error for deleting lo: the kernel keeps a namespace's loopback as long as the namespace lives.</summary>
    public static NetOperationException LoopbackNotRemovable(string name, Exception? cause = null) =>
        new NetOperationException(NetErrorKind.InvalidArgument,
            $"'{name}' is the loopback interface, which cannot be deleted: it lives as long as its namespace. Bring it down (Set-NetLink {name} -Down) or remove the namespace instead.",
            cause is NetOperationException e ? e.Errno : 0, (cause as NetOperationException)?.KernelMessage, "delete link", name, cause)
            .WithErrorId(ErrorIds.LoopbackNotRemovable);

    /// <summary>Only the up flag, by name (a step of <see cref="CreateVeth(VethSpec)"/>).</summary>
    internal void SetUpState(string name, bool up)
    {
        try
        {
            _session.Route.Execute(LinkRequest.SetUp(name, up));
        }
        catch (NetOperationException e)
        {
            throw LinkErrors.ForLink(e, _session, name);
        }
    }

    /// <summary>Brings a link up and reads it back in the same send (the peer step of <see cref="CreateVeth(VethSpec)"/>).</summary>
    internal ParsedLink? SetUpStateThenRead(string name)
    {
        try
        {
            return ChangeThenRead(_session, LinkRequest.SetUp(name), name);
        }
        catch (NetOperationException e)
        {
            throw LinkErrors.ForLink(e, _session, name);
        }
    }

    /// <summary>Sets the alias (IFLA_IFALIAS); an empty string clears it.</summary>
    private void SetAlias(string name, string alias)
    {
        try
        {
            _session.Route.Execute(LinkRequest.SetAlias(name, alias));
        }
        catch (NetOperationException e)
        {
            throw LinkErrors.ForAlias(LinkErrors.ForLink(e, _session, name), name, alias);
        }
    }
}
