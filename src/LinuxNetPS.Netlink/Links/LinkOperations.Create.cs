using LinuxNetPS.Errors;
using LinuxNetPS.Links.Kinds;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Primitives;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Links;

public sealed partial class LinkOperations
{
    /// <summary>Everything one RTM_NEWLINK (create) carries.</summary>
    private sealed record NewLinkRequest(string Name, string Kind, uint? Mtu, byte[]? MacAddress, int? MasterIndex, bool Up, LinkKindRequest KindRequest);

    /// <summary>Creates a link of a registered kind (bridge, dummy, macvlan, vxlan ...).</summary>
    /// <remarks>
    /// One RTM_NEWLINK carries the name, MTU, MAC, master, up state and the kind's data. The
    /// alias cannot be given at creation (the kernel ignores it there), so it is a second request;
    /// if that fails the new link is deleted again. A kind without a registered driver is sent
    /// as it is and the kernel decides; a kind the kernel lacks becomes a NotSupported error.
    /// </remarks>
    public NetLink Create(LinkSpec spec)
    {
        LinkName.Validate(spec.Name);
        LinkErrors.ValidateKind(spec.Kind);
        LinkErrors.ValidateOptional(spec.Master);
        LinkErrors.ValidateOptional(spec.Parent);
        var mac = spec.MacAddress is null ? null : MacAddressText.Parse(spec.MacAddress);
        var kind = LinkKinds.Resolve(spec.Kind);
        var kindRequest = kind.Prepare(new LinkKindContext(_session, spec, kind));
        int? master = spec.Master is null ? null : MasterIndexOf(spec.Master, spec.Name);

        try
        {
            SendNewLink(new NewLinkRequest(spec.Name, kind.Kind, spec.Mtu, mac, master, spec.Up, kindRequest));
        }
        catch (NetOperationException e)
        {
            // EEXIST names no name; a kind may create more than one link (a veth's peer), so look.
            if (e.Kind == NetErrorKind.AlreadyExists && Read(0, spec.Name) is not null) throw LinkErrors.AlreadyExists(_session, spec.Name, e);
            if (LinkErrors.IsUnknownKind(e)) throw LinkErrors.UnsupportedKind(kind.Kind, e);
            throw LinkErrors.ForMaster(e, spec.Master);
        }

        UndoOnFailure(spec.Name, () =>
        {
            kindRequest.AfterCreate?.Invoke(this, spec.Name);
            if (spec.Alias is not null) SetAlias(spec.Name, spec.Alias);
        });
        var filler = new LinkNameFiller(_session);
        if (master is { } m) filler.Know(m, spec.Master!);
        return filler.Complete(Read(0, spec.Name)?.Link ?? throw LinkResolver.NotFound(_session, spec.Name));
    }

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
        LinkName.Validate(spec.Name);
        LinkName.Validate(spec.PeerName);
        LinkErrors.ValidateOptional(spec.Master);
        var mac = spec.MacAddress is null ? null : MacAddressText.Parse(spec.MacAddress);
        var peerMac = spec.PeerMacAddress is null ? null : MacAddressText.Parse(spec.PeerMacAddress);

        // Opening the peer's namespace first: an unknown namespace is NotFound before anything is created.
        var peerSession = spec.PeerNamespace is null ? _session : peerNamespaceSession ?? NamespaceSession.For(spec.PeerNamespace);
        if (peerSession.Inode == _session.Inode) peerSession = _session;
        bool sameNamespace = ReferenceEquals(peerSession, _session);
        if (sameNamespace && spec.Name == spec.PeerName)
            throw NetOperationException.Invalid(
                $"Both ends of the veth pair are called '{spec.Name}' in the same namespace; give the peer another name.", spec.PeerName);
        int? master = spec.Master is null ? null : MasterIndexOf(spec.Master, spec.Name);

        var peer = new VethPeer(spec.PeerName, sameNamespace ? null : peerSession.NamespaceFile.Number, spec.Mtu, peerMac);
        bool peerUpNow = spec.PeerUp && deferredPeerUp is null;
        FaultPoint.Reach("veth-peer-namespace-opened", peerSession.Namespace.Spec);
        ParsedLink? created;
        try
        {
            // Read back in the same send unless the peer comes up next (that changes this end's carrier: read it after).
            created = SendNewLink(new NewLinkRequest(spec.Name, "veth", spec.Mtu, mac, master, spec.Up, VethKind.ForPeer(peer)), readBack: !peerUpNow);
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

    /// <summary>One RTM_NEWLINK; with <paramref name="readBack"/> the new link is read back in the same send.</summary>
    private ParsedLink? SendNewLink(NewLinkRequest r, bool readBack = false)
    {
        MessageBody body = w =>
        {
            uint up = r.Up ? (uint)InterfaceFlags.Up : 0;
            w.Struct(new IfInfoMsg { Flags = up, Change = up });
            w.String(IflaAttr.IfName, r.Name);
            if (r.Mtu is { } mtu) w.U32(IflaAttr.Mtu, mtu);
            if (r.MacAddress is { } mac) w.Bytes(IflaAttr.Address, mac);
            if (r.KindRequest.LowerIndex is { } lower) w.U32(IflaAttr.Link, (uint)lower);
            if (r.MasterIndex is { } master) w.U32(IflaAttr.Master, (uint)master);
            using (w.Nested(IflaAttr.LinkInfo))
            {
                w.String(IflaInfoAttr.Kind, r.Kind);
                if (r.KindRequest.Data is { } data)
                    using (w.Nested(IflaInfoAttr.Data))
                        data(w);
            }
        };
        if (readBack) return ChangeThenRead(_session, RtmType.NewLink, NetlinkFlags.Create | NetlinkFlags.Excl, body, "create link", r.Name, r.Name);
        _session.Route.Execute(RtmType.NewLink, NetlinkFlags.Create | NetlinkFlags.Excl, body, "create link", r.Name);
        return null;
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
