using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Impairment;

/// <summary>
/// Link impairment (Mininet's TCLink) on the egress of link ends in one namespace, through rtnetlink qdiscs, as
/// `tc qdisc replace dev X root netem ...` does it. Obtain it as <c>NamespaceSession.For(ns).Impairments</c>.
/// <code>
/// var red = NamespaceSession.For("red");
/// red.Impairments.Set("veth0", new LinkImpairmentSpec { Delay = TimeSpan.FromMilliseconds(100), LossPercent = 1 });
/// red.Impairments.Get("veth0");     // Delay 100 ms, LossPercent 1, Kind "netem"
/// red.Impairments.Remove("veth0");  // back to the link's default qdisc
/// </code>
/// <para>
/// One qdisc per link end, at the root. Anything netem does (delay, jitter, loss, duplicate, corrupt, reorder, limit)
/// makes it netem, and a rate asked with them is netem's own rate: `netem delay 100ms rate 10mbit` adds each packet's
/// time on the wire at 10 Mbit/s to the 100 ms, which is what a slow link with a long path does, in one qdisc that is
/// replaced and read back as one object. (netem with a tbf child would shape after the delay instead and need two
/// messages that can half succeed.) A rate alone is tbf, a real token bucket with a byte-limited queue (50 ms of it at
/// the rate): it needs no sch_netem, which not every kernel has, and tbf is what `tc` users shape with.
/// </para>
/// Only the root qdisc is touched, so an impairment is egress only: to impair both directions, set both ends.
/// </summary>
public sealed class ImpairmentOperations
{
    private readonly NamespaceSession _session;

    private readonly LinkOperations _links;

    internal ImpairmentOperations(NamespaceSession session)
    {
        _session = session;
        _links = new LinkOperations(session);
    }

    /// <summary>
    /// Gives <paramref name="link"/> exactly <paramref name="spec"/>, replacing whatever root qdisc it had (so calling it
    /// twice with the same spec changes nothing the second time). A fresh qdisc is grafted in one message, so nothing
    /// of an earlier impairment survives and a failure leaves the old one in place.
    /// </summary>
    public LinkImpairment Set(string link, LinkImpairmentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate(link);
        int index = LinkResolver.IndexOf(_session, link);
        string kind = spec.NeedsNetem ? QdiscCodec.Netem : QdiscCodec.Tbf;
        // A default root (handle 0: noqueue, mq ...) has no qdiscs under it we could collide with; any other root is
        // looked at whole, so the new handle is one no qdisc of the link has.
        var root = ReadRoot(index, link);
        uint handle = root is null || root.Handle == TcHandle.Unspec ? FirstHandleMajor << 16 : FreeHandle(DumpQdiscs(index));
        ParsedQdisc? created = null;
        try
        {
            // CREATE|REPLACE with a handle no qdisc of the link has: the kernel creates a new qdisc and grafts it at
            // the root in place of the old one. Never a change in place, which would keep netem settings the request
            // does not mention (and with handle 0 a same-kind root would be changed, not replaced). ECHO: the kernel
            // answers with the qdisc as it made it, so reading it back costs no second request.
            _session.Route.Execute(RtmType.NewQdisc, NetlinkFlags.Create | NetlinkFlags.Replace | NetlinkFlags.Echo,
                w => QdiscCodec.WriteRoot(w, index, handle, spec), $"set {kind} impairment on", link,
                (in NetlinkMessage m) => created = QdiscCodec.Parse(m, index) is { Parent: TcHandle.Root } q ? q : created);
        }
        catch (NetOperationException e) when (e.ErrnoCode == Errno.ENODEV)
        {
            throw LinkResolver.NotFound(_session, link);
        }
        catch (NetOperationException e) when (e.ErrnoCode is Errno.ENOENT or Errno.EOPNOTSUPP)
        {
            throw KindNotSupported(kind, link, e);
        }
        created ??= ReadRoot(index, link);
        return (created is null ? null : Combine([created], link)) ?? throw new NetOperationException(NetErrorKind.Other,
            $"The {kind} qdisc set on '{link}' in {_session.Namespace.Description} was gone when read back (changed concurrently?).",
            operation: "read impairment", target: link);
    }

    /// <summary>The impairment of <paramref name="link"/>, or null if its root qdisc is not netem or tbf. LinkNotFound if there is no such link.</summary>
    public LinkImpairment? Get(string link)
    {
        int index = LinkResolver.IndexOf(_session, link);
        // The root alone says whether there is an impairment; only then are the link's qdiscs read for a child.
        var root = ReadRoot(index, link);
        return root is not null && IsImpairment(root) ? Combine(DumpQdiscs(index), link) : null;
    }

    /// <summary>The impairments of every link of the namespace that has one, by interface index.</summary>
    public IReadOnlyList<LinkImpairment> List()
    {
        var names = _links.Dump().ToDictionary(p => p.Link.Index, p => p.Link.Name);
        return DumpQdiscs(null).GroupBy(q => q.Index).OrderBy(g => g.Key)
            .Select(g => names.TryGetValue(g.Key, out var name) ? Combine(g.ToList(), name) : null)
            .OfType<LinkImpairment>().ToList();
    }

    /// <summary>Takes the impairment off <paramref name="link"/> (its root qdisc goes back to the default); LinkImpairmentNotFound if it has none.</summary>
    public void Remove(string link)
    {
        if (!TryRemove(link))
            throw NetOperationException.NotFound($"'{link}' in {_session.Namespace.Description} has no impairment (its root qdisc is not netem or tbf).", link)
                .WithErrorId(ErrorIds.LinkImpairmentNotFound);
    }

    /// <summary>Like <see cref="Remove"/>, but false (and nothing done) when the link has no impairment.</summary>
    public bool TryRemove(string link)
    {
        int index = LinkResolver.IndexOf(_session, link);
        var root = ReadRoot(index, link);
        if (root is null || !IsImpairment(root)) return false;
        try
        {
            _session.Route.Execute(RtmType.DelQdisc, NetlinkFlags.None,
                w => w.Struct(new TcMsg { Index = index, Handle = root.Handle, Parent = TcHandle.Root }), "remove impairment from", link);
        }
        catch (NetOperationException e) when (e.ErrnoCode == Errno.ENODEV)
        {
            throw LinkResolver.NotFound(_session, link);
        }
        catch (NetOperationException e) when (e.ErrnoCode is Errno.ENOENT or Errno.EINVAL)
        {
            return false; // removed (or replaced by a non-impairment) since the dump
        }
        return true;
    }

    /// <summary>Handles our root qdiscs take turns with (the major numbers 0x4c4e "LN" and up), so a replacement never reuses the current one.</summary>
    private const uint FirstHandleMajor = 0x4c4e;

    private static uint FreeHandle(IEnumerable<ParsedQdisc> qdiscs)
    {
        var used = qdiscs.Select(q => q.Handle & TcHandle.MajorMask).ToHashSet();
        for (uint major = FirstHandleMajor; ; major++)
            if (!used.Contains(major << 16)) return major << 16;
    }

    /// <summary>
    /// The root qdisc of one link, by one RTM_GETQDISC for parent TC_H_ROOT (not a dump: the kernel's qdisc dump is never
    /// filtered by link). Null for a built-in default (a link that is down answers with nothing). The request needs
    /// NLM_F_ECHO: recent kernels send a GET's answer to the requester only when it asks to be echoed.
    /// </summary>
    private ParsedQdisc? ReadRoot(int index, string link)
    {
        ParsedQdisc? root = null;
        try
        {
            _session.Route.Execute(RtmType.GetQdisc, NetlinkFlags.Echo, w => w.Struct(new TcMsg { Index = index, Parent = TcHandle.Root }),
                "read the root qdisc of", link, (in NetlinkMessage m) => root = QdiscCodec.Parse(m, index) ?? root);
        }
        catch (NetOperationException e) when (e.ErrnoCode == Errno.ENODEV)
        {
            throw LinkResolver.NotFound(_session, link);
        }
        catch (NetOperationException e) when (e.ErrnoCode is Errno.ENOENT or Errno.EINVAL)
        {
            return null; // no qdisc, or only a built-in one the kernel does not report
        }
        return root;
    }

    /// <summary>Every qdisc of the namespace (the kernel ignores tcm_ifindex in dumps), only those of <paramref name="index"/> when given.</summary>
    private List<ParsedQdisc> DumpQdiscs(int? index) =>
        _session.Route.Dump(RtmType.GetQdisc, w => w.Struct(new TcMsg { Index = index ?? 0 }),
            (in NetlinkMessage m) => QdiscCodec.Parse(m, index), "list qdiscs");

    private static bool IsImpairment(ParsedQdisc q) => q.Kind is QdiscCodec.Netem or QdiscCodec.Tbf;

    /// <summary>
    /// The impairment of one link from its qdiscs: the root when it is netem or tbf, plus a netem or tbf child of it
    /// (`tc qdisc add ... root handle 1: netem delay 100ms; tc qdisc add ... parent 1: tbf rate ...`), as tc users stack them.
    /// </summary>
    private LinkImpairment? Combine(List<ParsedQdisc> qdiscs, string name) => Combine(qdiscs, name, _session.NamespaceSpec);

    internal static LinkImpairment? Combine(List<ParsedQdisc> qdiscs, string name, string? namespaceSpec)
    {
        var root = qdiscs.FirstOrDefault(q => q.Parent == TcHandle.Root);
        if (root is null || !IsImpairment(root)) return null;
        var child = qdiscs.FirstOrDefault(q => q != root && IsImpairment(q) && q.Kind != root.Kind
            && (q.Parent & TcHandle.MajorMask) == (root.Handle & TcHandle.MajorMask));
        var chain = child is null ? new[] { root } : new[] { root, child };
        var netem = chain.Select(q => q.Netem).FirstOrDefault(n => n is not null);
        var tbf = chain.Select(q => q.Tbf).FirstOrDefault(t => t is not null);
        var rates = new[] { netem?.RateBytesPerSecond ?? 0, tbf?.RateBytesPerSecond ?? 0 }.Where(r => r > 0).ToList();
        return new LinkImpairment
        {
            Namespace = namespaceSpec,
            Interface = name,
            Index = root.Index,
            Kind = string.Join("+", chain.Select(q => q.Kind)),
            Handle = TcHandle.Format(root.Handle),
            Delay = netem is { DelayNs: > 0 } ? TimeSpan.FromTicks((long)(netem.DelayNs / 100)) : null,
            Jitter = netem is { JitterNs: > 0 } ? TimeSpan.FromTicks((long)(netem.JitterNs / 100)) : null,
            LossPercent = NonZero(netem?.LossPercent),
            DuplicatePercent = NonZero(netem?.DuplicatePercent),
            CorruptPercent = NonZero(netem?.CorruptPercent),
            ReorderPercent = NonZero(netem?.ReorderPercent),
            Rate = rates.Count == 0 ? null : rates.Min() > ulong.MaxValue / 8 ? ulong.MaxValue : rates.Min() * 8,
            Limit = netem?.Limit,
            BurstBytes = tbf?.BurstBytes,
            LimitBytes = tbf?.LimitBytes,
        };
    }

    private static double? NonZero(double? value) => value is > 0 ? value : null;

    private NetOperationException KindNotSupported(string kind, string link, NetOperationException e)
    {
        string config = kind == QdiscCodec.Netem ? "sch_netem, CONFIG_NET_SCH_NETEM" : "sch_tbf, CONFIG_NET_SCH_TBF";
        string what = kind == QdiscCodec.Netem
            ? "Delay, jitter, loss, duplicate, corrupt, reorder and limit need it; a rate alone uses tbf instead."
            : "A rate alone needs it.";
        return new NetOperationException(NetErrorKind.NotSupported,
            $"Cannot impair '{link}' in {_session.Namespace.Description}: this kernel has no '{kind}' queueing discipline ({config}). {what} " +
            $"Load it (modprobe {(kind == QdiscCodec.Netem ? "sch_netem" : "sch_tbf")}) or use a kernel that has it." +
            (e.KernelMessage is { } k ? $" The kernel said: {k}" : ""),
            e.Errno, e.KernelMessage, e.Operation, link, e).WithErrorId(ErrorIds.QdiscKindNotSupported);
    }
}
