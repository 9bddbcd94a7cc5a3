using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Links;

public sealed partial class LinkOperations
{
    /// <summary>Creates a link of a registered kind (bridge, dummy, macvlan, vxlan ...).</summary>
    /// <remarks>
    /// One RTM_NEWLINK carries the name, MTU, MAC, master, up state and the kind's data. The
    /// alias cannot be given at creation (the kernel ignores it there), so it is a second request;
    /// if that fails the new link is deleted again. A kind without a registered driver is sent
    /// as it is and the kernel decides; a kind the kernel lacks becomes a NotSupported error.
    /// </remarks>
    public NetLink Create(LinkSpec spec)
    {
        var request = LinkRequest.Create(_session, spec);
        int? master = spec.Master is null ? null : MasterIndexOf(spec.Master, spec.Name);

        try
        {
            _session.Route.Execute(request.WithMaster(master));
        }
        catch (NetOperationException e)
        {
            // EEXIST names no name; a kind may create more than one link (a veth's peer), so look.
            if (e.Kind == NetErrorKind.AlreadyExists && Read(0, spec.Name) is not null) throw LinkErrors.AlreadyExists(_session, spec.Name, e);
            if (LinkErrors.IsUnknownKind(e)) throw LinkErrors.UnsupportedKind(request.Kind!, e);
            throw LinkErrors.ForMaster(e, spec.Master);
        }

        UndoOnFailure(spec.Name, () =>
        {
            request.AfterCreate?.Invoke(this, spec.Name);
            if (spec.Alias is not null) SetAlias(spec.Name, spec.Alias);
        });
        var filler = new LinkNameFiller(_session);
        if (master is { } m) filler.Know(m, spec.Master!);
        return filler.Complete(Read(0, spec.Name)?.Link ?? throw LinkResolver.NotFound(_session, spec.Name));
    }

    /// <summary>Creates a vxlan link from typed settings: checked by <see cref="VxlanSpec.Validate"/> first, then sent as <see cref="Create"/> does.</summary>
    public NetLink CreateVxlan(VxlanSpec spec) => Create(spec.ToLinkSpec());

    /// <summary>Creates a veth pair; the peer is created directly in its namespace (much cheaper than moving it). Nothing is left behind on failure.</summary>
    /// <remarks>
    /// One RTM_NEWLINK: the first end's name, MTU, MAC, master (IFLA_MASTER) and up flag at the
    /// top, and inside VETH_INFO_PEER the peer's own ifinfomsg with its name, MTU, MAC and
    /// IFLA_NET_NS_FD of the peer's namespace. The kernel creates both ends or neither. Only the
    /// peer's up flag needs a second request (the kernel cannot open the peer before the ends
    /// are joined: ENOTCONN); if that fails, the pair is deleted again.
    /// </remarks>
    public VethPair CreateVeth(VethSpec spec) => CreateVethCore(spec, null, null);

    /// <summary>With the peer namespace's session already at hand (a batch holds its containers' sessions), so no cache lookup reopens it.</summary>
    internal VethPair CreateVeth(VethSpec spec, NamespaceSession? peerNamespaceSession) => CreateVethCore(spec, null, peerNamespaceSession);

    private VethPair CreateVethCore(VethSpec spec, DeferredBringUp? deferredPeerUp, NamespaceSession? peerNamespaceSession)
    {
        var request = LinkRequest.CreateVeth(spec);

        // Opening the peer's namespace first: an unknown namespace is NotFound before anything is created.
        var peerSession = spec.PeerNamespace is null ? _session : peerNamespaceSession ?? NamespaceSession.For(spec.PeerNamespace);
        if (peerSession.Inode == _session.Inode) peerSession = _session;
        bool sameNamespace = ReferenceEquals(peerSession, _session);
        if (sameNamespace && spec.Name == spec.PeerName)
            throw NetOperationException.Invalid(
                $"Both ends of the veth pair are called '{spec.Name}' in the same namespace; give the peer another name.", spec.PeerName);
        int? master = spec.Master is null ? null : MasterIndexOf(spec.Master, spec.Name);

        request = request.WithMaster(master).WithPeerNamespace(sameNamespace ? null : peerSession.NamespaceFile.Number);
        bool peerUpNow = spec.PeerUp && deferredPeerUp is null;
        FaultPoint.Reach("veth-peer-namespace-opened", peerSession.Namespace.Spec);
        ParsedLink? created = null;
        try
        {
            // Read back in the same send unless the peer comes up next (that changes this end's carrier: read it after).
            if (peerUpNow) _session.Route.Execute(request);
            else created = ChangeThenRead(_session, request, spec.Name);
        }
        catch (NetOperationException e)
        {
            if (e.Kind == NetErrorKind.AlreadyExists)
            {
                // The kernel does not say which end clashed; look.
                if (Read(0, spec.Name) is not null) throw LinkErrors.AlreadyExists(_session, spec.Name, e);
                if (new LinkOperations(peerSession).Read(0, spec.PeerName) is not null) throw LinkErrors.AlreadyExists(peerSession, spec.PeerName, e);
                throw;
            }
            if (LinkErrors.IsUnknownKind(e)) throw LinkErrors.UnsupportedKind("veth", e);
            throw LinkErrors.ForMaster(e, spec.Master);
        }

        // Our open descriptor keeps a namespace alive after `ip netns del`, so the kernel happily puts the peer there:
        // if the namespace lost its name meanwhile, the pair would join this namespace to one nobody can reach. Undo.
        if (!sameNamespace && !peerSession.IsReachable)
        {
            try { DeleteCore(spec.Name); }
            catch (NetOperationException) { /* the pair may be gone with the namespace already */ }
            peerSession.Dispose();
            throw NetOperationException.NotFound(
                $"The veth pair '{spec.Name}' was not created: {peerSession.Namespace.Description} was deleted while it was being made.", spec.PeerNamespace!.ToString());
        }
        if (!sameNamespace) NamespaceSession.NoteConnected(_session, peerSession);
        ParsedLink? peerRead = null;
        if (peerUpNow) UndoOnFailure(spec.Name, () => peerRead = new LinkOperations(peerSession).SetUpStateThenRead(spec.PeerName));
        else if (spec.PeerUp) deferredPeerUp!.Add(peerSession, spec.PeerName);

        // Both ends are known here, so no namespace-id lookups are needed to describe them.
        if (peerUpNow) created = Read(0, spec.Name);
        var first = created?.Link ?? throw LinkResolver.NotFound(_session, spec.Name);
        var second = (peerRead ?? new LinkOperations(peerSession).Read(0, spec.PeerName))?.Link ?? throw LinkResolver.NotFound(peerSession, spec.PeerName);
        first = first with { Master = master is null ? null : spec.Master, PeerName = second.Name, PeerNamespace = peerSession.NamespaceSpec };
        second = second with { PeerName = first.Name, PeerNamespace = _session.NamespaceSpec };
        return new VethPair(first, second);
    }

    /// <summary>Runs the later steps of a creation; if one fails, deletes the link just created and rethrows.</summary>
    private void UndoOnFailure(string name, Action steps)
    {
        try
        {
            steps();
        }
        catch
        {
            try { DeleteCore(name); }
            catch (NetOperationException) { /* the original error matters more */ }
            throw;
        }
    }
}
