using System.Text;
using LinuxNetPS.Errors;
using LinuxNetPS.Links.Kinds;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Primitives;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Links;

/// <summary>
/// One rtnetlink link message (RTM_NEWLINK, RTM_SETLINK, RTM_DELLINK, RTM_GETLINK) as a value: the only place that
/// writes an ifinfomsg and IFLA_* attributes. The factories check everything that can be judged without the kernel
/// (names, MAC addresses, a kind's options, which its driver turns into IFLA_INFO_DATA), so a bad request fails before
/// anything is sent. Names of other links (a master) and namespace files are resolved by whoever sends the request,
/// in whatever way suits it (one RTM_GETLINK with a clear error for a cmdlet, one dump for a lab), and supplied with
/// <see cref="WithMaster"/>, <see cref="WithIndex"/> and <see cref="WithPeerNamespace"/>; writing refuses a request
/// whose master was named but not resolved. Sending is separate (<see cref="LinkRequestSending"/>): one at a time
/// from <see cref="LinkOperations"/>, many per send from the lab builder and the network drivers, as for
/// <see cref="Addresses.AddressRequest"/> and <see cref="Routes.RouteRequest"/>.
/// </summary>
internal sealed record LinkRequest
{
    private LinkRequest() { }

    /// <summary>RtmType.NewLink, SetLink, DelLink or GetLink.</summary>
    public ushort Type { get; private init; }
    public NetlinkFlags Flags { get; private init; }
    /// <summary>What the request does, for messages and capability advice ("create link", "bring up link" ...).</summary>
    public string Operation { get; private init; } = "";
    /// <summary>What it does it to, for messages (usually the link's name).</summary>
    public string Target { get; private init; } = "";

    /// <summary>ifi_index: 0 addresses the link by <see cref="Name"/>.</summary>
    public int Index { get; private init; }
    /// <summary>IFLA_IFNAME: the link's name, or its new name when it is addressed by index.</summary>
    public string? Name { get; private init; }
    /// <summary>true = set IFF_UP, false = clear it, null = leave it.</summary>
    public bool? Up { get; private init; }
    public uint? Mtu { get; private init; }
    private byte[]? MacAddress { get; init; }
    private byte[]? Alias { get; init; }
    /// <summary>IFLA_LINK: the lower device of a stacked kind.</summary>
    public int? LowerIndex { get; private init; }
    /// <summary>The master the request was given by name; <see cref="MasterIndex"/> must be supplied before writing.</summary>
    public string? MasterName { get; private init; }
    /// <summary>IFLA_MASTER; 0 detaches from the master.</summary>
    public int? MasterIndex { get; private init; }
    public uint? TxQueueLength { get; private init; }
    /// <summary>IFLA_NET_NS_FD: move the link into the namespace of this open file.</summary>
    public int? NamespaceFd { get; private init; }
    /// <summary>IFLA_TARGET_NETNSID: read a link of the namespace with this id (as the socket's namespace numbers them).</summary>
    private int? TargetNsId { get; init; }
    private bool SkipStats { get; init; }
    /// <summary>IFLA_INFO_KIND (a creation, or a dump filtered by kind).</summary>
    public string? Kind { get; private init; }
    private MessageBody? KindData { get; init; }
    private VethPeer? Peer { get; init; }
    private bool RequiresIndex { get; init; }
    /// <summary>IFLA_BRPORT_MODE in IFLA_INFO_SLAVE_DATA (slave kind bridge): hairpin on or off.</summary>
    private bool? Hairpin { get; init; }
    /// <summary>IFLA_BRPORT_ISOLATED in IFLA_INFO_SLAVE_DATA (slave kind bridge): port isolation on or off.</summary>
    private bool? Isolated { get; init; }
    /// <summary>IPV4_DEVCONF_ROUTE_LOCALNET in IFLA_AF_SPEC / AF_INET / IFLA_INET_CONF.</summary>
    private bool? RouteLocalnet { get; init; }

    /// <summary>For a creation: steps the kind's driver wants once the link exists (a bond's ports); the sender runs them.</summary>
    public Action<LinkOperations, string>? AfterCreate { get; private init; }

    // ---- creating ----

    /// <summary>
    /// RTM_NEWLINK (create, exclusive) for a link of a registered kind: checks the spec and lets the kind's driver
    /// prepare its IFLA_INFO_DATA (which may look up the parent through <paramref name="session"/>). A master given by
    /// name must be resolved with <see cref="WithMaster"/> before sending.
    /// </summary>
    public static LinkRequest Create(NamespaceSession session, LinkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        LinkName.Validate(spec.Name);
        LinkErrors.ValidateKind(spec.Kind);
        LinkErrors.ValidateOptional(spec.Master);
        LinkErrors.ValidateOptional(spec.Parent);
        var mac = spec.MacAddress is null ? null : MacAddressText.Parse(spec.MacAddress);
        var kind = LinkKinds.Resolve(spec.Kind);
        var prepared = kind.Prepare(new LinkKindContext(session, spec, kind));
        return new LinkRequest
        {
            Type = RtmType.NewLink, Flags = NetlinkFlags.Create | NetlinkFlags.Excl, Operation = "create link", Target = spec.Name,
            Name = spec.Name, Up = spec.Up ? true : null, Mtu = spec.Mtu, MacAddress = mac, LowerIndex = prepared.LowerIndex,
            MasterName = spec.Master, Kind = kind.Kind, KindData = prepared.Data, AfterCreate = prepared.AfterCreate,
        };
    }

    /// <summary>
    /// RTM_NEWLINK (create, exclusive) for a veth pair, the peer described inside VETH_INFO_PEER (see <see cref="VethKind"/>).
    /// The peer is created in this namespace unless <see cref="WithPeerNamespace"/> names another; a master given by name
    /// must be resolved with <see cref="WithMaster"/>. The spec's PeerUp is the sender's business: the kernel cannot open
    /// the peer before the ends are joined.
    /// </summary>
    public static LinkRequest CreateVeth(VethSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        LinkName.Validate(spec.Name);
        LinkName.Validate(spec.PeerName);
        LinkErrors.ValidateOptional(spec.Master);
        var mac = spec.MacAddress is null ? null : MacAddressText.Parse(spec.MacAddress);
        var peerMac = spec.PeerMacAddress is null ? null : MacAddressText.Parse(spec.PeerMacAddress);
        var peer = new VethPeer(spec.PeerName, null, spec.Mtu, peerMac);
        return new LinkRequest
        {
            Type = RtmType.NewLink, Flags = NetlinkFlags.Create | NetlinkFlags.Excl, Operation = "create link", Target = spec.Name,
            Name = spec.Name, Up = spec.Up ? true : null, Mtu = spec.Mtu, MacAddress = mac, MasterName = spec.Master,
            Kind = VethKind.Name, Peer = peer, KindData = VethKind.ForPeer(peer).Data,
        };
    }

    // ---- changing ----

    /// <summary>
    /// RTM_SETLINK with every change of <paramref name="changes"/> (name, MTU, MAC, alias, master, queue length, up flag;
    /// the kernel applies the up flag last). A master given by name must be resolved with <see cref="WithMaster"/>; a
    /// rename needs the link's index (<see cref="WithIndex"/>), as the kernel renames only a link addressed by index.
    /// </summary>
    public static LinkRequest Change(string name, LinkChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        LinkName.Validate(name);
        LinkErrors.ValidateOptional(changes.NewName);
        LinkErrors.ValidateOptional(changes.Master);
        if (changes.Alias is not null) LinkName.ValidateAlias(changes.Alias);
        if (changes.Master is not null && changes.NoMaster)
            throw NetOperationException.Invalid($"Give '{name}' either a master or no master, not both.", changes.Master);
        var mac = changes.MacAddress is null ? null : MacAddressText.Parse(changes.MacAddress);
        bool rename = changes.NewName is not null && changes.NewName != name;
        return new LinkRequest
        {
            // A bridge port's settings travel as IFLA_INFO_SLAVE_DATA, which the kernel reads only in RTM_NEWLINK (without
            // NLM_F_CREATE it changes the existing link, as `ip link set ... type bridge_slave` sends it).
            Type = changes.Hairpin is null && changes.Isolated is null ? RtmType.SetLink : RtmType.NewLink, Operation = "change link", Target = name,
            Hairpin = changes.Hairpin, Isolated = changes.Isolated, RouteLocalnet = changes.RouteLocalnet,
            Name = rename ? changes.NewName : name, RequiresIndex = rename, Up = changes.Up, Mtu = changes.Mtu, MacAddress = mac,
            Alias = changes.Alias is null ? null : AliasBytes(changes.Alias), MasterName = changes.Master, MasterIndex = changes.NoMaster ? 0 : null,
            TxQueueLength = changes.TxQueueLength,
        };
    }

    /// <summary>RTM_SETLINK that brings the link up (or down), by name.</summary>
    public static LinkRequest SetUp(string name, bool up = true) => new()
    {
        Type = RtmType.SetLink, Operation = up ? "bring up link" : "bring down link", Target = name, Name = name, Up = up,
    };

    /// <summary>RTM_SETLINK that brings the link with <paramref name="index"/> up (or down); <paramref name="name"/> is for messages.</summary>
    public static LinkRequest SetUp(int index, string name, bool up = true) => new()
    {
        Type = RtmType.SetLink, Operation = up ? "bring up link" : "bring down link", Target = name, Index = RequireIndex(index), Up = up,
    };

    /// <summary>RTM_SETLINK that makes the link a port of the master with <paramref name="masterIndex"/> (0: of none).</summary>
    public static LinkRequest SetMaster(string name, int masterIndex) => new()
    {
        Type = RtmType.SetLink, Operation = masterIndex == 0 ? "detach link" : "attach link", Target = name, Name = name, MasterIndex = masterIndex,
    };

    /// <summary>As <see cref="SetMaster(string, int)"/>, for the link with <paramref name="index"/>; <paramref name="name"/> is for messages.</summary>
    public static LinkRequest SetMaster(int index, string name, int masterIndex) =>
        SetMaster(name, masterIndex) with { Index = RequireIndex(index), Name = null };

    /// <summary>RTM_SETLINK that sets the alias (IFLA_IFALIAS); an empty one clears it.</summary>
    public static LinkRequest SetAlias(string name, string alias) => new()
    {
        Type = RtmType.SetLink, Operation = "set alias of link", Target = name, Name = name, Alias = AliasBytes(alias),
    };

    /// <summary>
    /// RTM_SETLINK with IFLA_NET_NS_FD: moves the link with <paramref name="index"/> into the namespace of the open file
    /// <paramref name="namespaceFd"/>, renamed to <paramref name="newName"/> as it arrives when one is given.
    /// </summary>
    public static LinkRequest Move(int index, string name, int namespaceFd, string? newName = null) => new()
    {
        Type = RtmType.SetLink, Operation = "move link", Target = name, Index = RequireIndex(index), NamespaceFd = namespaceFd, Name = newName,
    };

    /// <summary>RTM_DELLINK by name (for a veth, both ends go).</summary>
    public static LinkRequest Delete(string name) => new()
    {
        Type = RtmType.DelLink, Operation = "delete link", Target = name, Name = name,
    };

    // ---- reading ----

    /// <summary>RTM_GETLINK of one link, by index, or by name when <paramref name="index"/> is 0, without statistics.</summary>
    public static LinkRequest Get(int index, string? name) => new()
    {
        Type = RtmType.GetLink, Operation = "get link", Target = name ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Index = index, Name = name, SkipStats = true,
    };

    /// <summary>RTM_GETLINK of the link with <paramref name="index"/> in the namespace this socket's namespace calls <paramref name="namespaceId"/>.</summary>
    public static LinkRequest GetInNamespace(int namespaceId, int index) =>
        Get(index, null) with { TargetNsId = namespaceId };

    /// <summary>
    /// The RTM_GETLINK dump, optionally filtered by master index and kind (the kernel filters; it ignores a kind it does
    /// not know, so the reader filters again); without statistics unless <paramref name="statistics"/>.
    /// </summary>
    public static LinkRequest Dump(int? masterIndex = null, string? kind = null, bool statistics = false) => new()
    {
        Type = RtmType.GetLink, Operation = "list links", Target = "", MasterIndex = masterIndex, Kind = kind, SkipStats = !statistics,
    };

    // ---- completing ----

    /// <summary>The master's index, resolved by the sender; null leaves the master as it is (no master, for a creation).</summary>
    public LinkRequest WithMaster(int? masterIndex) => masterIndex is null && MasterName is null ? this : this with { MasterIndex = masterIndex };

    /// <summary>
    /// For a creation: the link is born in the namespace of the open file <paramref name="namespaceFd"/> (IFLA_NET_NS_FD),
    /// while its parent is looked up, and a tunnel's UDP socket stays, in the sender's namespace
    /// (`ip link add link PARENT netns NS type macvlan`, `ip link add NAME netns NS type vxlan ...`).
    /// </summary>
    public LinkRequest InNamespace(int namespaceFd)
    {
        if (Type != RtmType.NewLink || (Flags & NetlinkFlags.Create) == 0)
            throw new InvalidOperationException($"The request '{Operation} {Target}' creates no link to place in a namespace.");
        return this with { NamespaceFd = namespaceFd };
    }

    /// <summary>Addresses the link by its index (needed for a rename).</summary>
    public LinkRequest WithIndex(int index) => this with { Index = RequireIndex(index) };

    /// <summary>For a veth: creates the peer in the namespace of the open file <paramref name="namespaceFd"/> (null: this namespace).</summary>
    public LinkRequest WithPeerNamespace(int? namespaceFd)
    {
        if (Peer is null) throw new InvalidOperationException($"The request '{Operation} {Target}' creates no veth peer.");
        var peer = Peer with { NamespaceFd = namespaceFd };
        return this with { Peer = peer, KindData = VethKind.ForPeer(peer).Data };
    }

    /// <summary>The same request with the words errors use for it, for senders that know the context better ("create veth", "a:eth0 -- b:eth0").</summary>
    public LinkRequest Labelled(string operation, string target) => this with { Operation = operation, Target = target };

    // ---- writing ----

    /// <summary>Writes the message body: the ifinfomsg, then the attributes. Runs while the message is built, so it must not ask the kernel.</summary>
    public void Write(NetlinkWriter w)
    {
        if (MasterName is not null && MasterIndex is null)
            throw new InvalidOperationException($"The master '{MasterName}' of '{Target}' must be resolved to an index (WithMaster) before the request is sent.");
        if (RequiresIndex && Index == 0)
            throw new InvalidOperationException($"Renaming '{Target}' addresses the link by index: give it (WithIndex) before the request is sent.");
        uint upBit = (uint)InterfaceFlags.Up;
        w.Struct(new IfInfoMsg { Index = Index, Flags = Up == true ? upBit : 0, Change = Up is null ? 0 : upBit });
        if (SkipStats) w.U32(IflaAttr.ExtMask, RtExtFilter.SkipStats);
        if (TargetNsId is { } nsid) w.S32(IflaTargetAttr.TargetNetNsId, nsid);
        if (Name is not null) w.String(IflaAttr.IfName, Name);
        if (Mtu is { } mtu) w.U32(IflaAttr.Mtu, mtu);
        if (MacAddress is { } mac) w.Bytes(IflaAttr.Address, mac);
        if (Alias is { } alias) w.Bytes(IflaAttr.IfAlias, alias);
        if (LowerIndex is { } lower) w.U32(IflaAttr.Link, (uint)lower);
        if (MasterIndex is { } master) w.U32(IflaAttr.Master, (uint)master);
        if (TxQueueLength is { } queue) w.U32(IflaAttr.TxQueueLength, queue);
        if (NamespaceFd is { } fd) w.U32(IflaAttr.NetNsFd, (uint)fd);
        if (RouteLocalnet is { } localnet)
            using (w.Nested(IflaAfSpec.AfSpec))
            using (w.Nested(IflaInetAttr.FamilyInet))
            using (w.Nested(IflaInetAttr.Conf))
                w.U32(IflaInetAttr.DevConfRouteLocalnet, localnet ? 1u : 0u);
        if (Hairpin is not null || Isolated is not null)
            using (w.Nested(IflaAttr.LinkInfo))
            {
                w.String(IflaInfoAttr.SlaveKind, "bridge");
                using (w.Nested(IflaInfoAttr.SlaveData))
                {
                    if (Hairpin is { } hairpin) w.U8(IflaBrPortAttr.Mode, hairpin ? (byte)1 : (byte)0);
                    if (Isolated is { } isolated) w.U8(IflaBrPortAttr.Isolated, isolated ? (byte)1 : (byte)0);
                }
            }
        if (Kind is not null)
            using (w.Nested(IflaAttr.LinkInfo))
            {
                w.String(IflaInfoAttr.Kind, Kind);
                if (KindData is { } data)
                    using (w.Nested(IflaInfoAttr.Data))
                        data(w);
            }
    }

    /// <summary>No NUL: the kernel stores the alias bytes as given.</summary>
    private static byte[] AliasBytes(string alias) => Encoding.UTF8.GetBytes(alias);

    private static int RequireIndex(int index) =>
        index > 0 ? index : throw new ArgumentOutOfRangeException(nameof(index), index, "Interface indexes start at 1.");
}

/// <summary>Sending a <see cref="LinkRequest"/>: the socket's own calls, with the request's type, flags and words.</summary>
internal static class LinkRequestSending
{
    /// <summary>Adds the request to a batch (acknowledged); returns its sequence number.</summary>
    public static uint Add(this NetlinkSocket.BatchBuilder batch, LinkRequest request) =>
        batch.Add(request.Type, request.Flags, request.Write, request.Operation, request.Target);

    /// <summary>Adds a GET to a batch; its reply goes to the exchange's data handler.</summary>
    public static uint AddGet(this NetlinkSocket.BatchBuilder batch, LinkRequest request) =>
        batch.AddGet(request.Type, request.Flags, request.Write, request.Operation, request.Target);

    /// <summary>Sends the request alone and waits for its ACK; a refusal is thrown.</summary>
    public static void Execute(this NetlinkSocket socket, LinkRequest request) =>
        socket.Execute(request.Type, request.Flags, request.Write, request.Operation, request.Target);

    /// <summary>Sends a GET and hands its reply to <paramref name="onReply"/>.</summary>
    public static void Get(this NetlinkSocket socket, LinkRequest request, MessageHandler onReply) =>
        socket.Get(request.Type, request.Flags, request.Write, request.Operation, request.Target, onReply);

    /// <summary>Sends a dump request and parses every link message of the answer.</summary>
    public static List<T> Dump<T>(this NetlinkSocket socket, LinkRequest request, MessageParser<T> parse) =>
        socket.Dump(request.Type, request.Write, parse, request.Operation);
}
