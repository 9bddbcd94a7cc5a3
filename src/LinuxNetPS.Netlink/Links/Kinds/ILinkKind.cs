using LinuxNetPS.Model;
using LinuxNetPS.Netlink;

namespace LinuxNetPS.Links.Kinds;

/// <summary>
/// A link kind (IFLA_INFO_KIND) as a small driver: it knows its options, how to put them on the
/// wire, and how to read back what the kernel reports about such a link. Drivers are registered once
/// in <see cref="LinkKinds"/>; the link code asks the registry and never switches on the kind. A new
/// kind is a new file (its driver and its details record) and one registration.
/// </summary>
public interface ILinkKind
{
    /// <summary>The kernel's name for the kind: "bridge", "veth", "vxlan" ...</summary>
    string Kind { get; }

    /// <summary>The option names this kind understands (keys of <see cref="LinkSpec.Options"/>), for messages and completion.</summary>
    IReadOnlyCollection<string> OptionNames { get; }

    /// <summary>The kernel module that provides the kind when it is not built in ("8021q" for vlan), for the NotSupported message.</summary>
    string KernelModule => Kind;

    /// <summary>Whether IFLA_LINK of such a link names its peer (veth), rather than a lower device.</summary>
    bool IsPair => false;

    /// <summary>
    /// Checks the options, resolves any names they contain and returns what to add to the
    /// RTM_NEWLINK request. Runs before the request is written, so it may ask the kernel
    /// (through <see cref="LinkKindContext.Session"/>); the writer it returns must not.
    /// </summary>
    LinkKindRequest Prepare(LinkKindContext context);

    /// <summary>
    /// Reads the kind's IFLA_INFO_DATA of a link from the kernel into its details; null when the kind reports
    /// nothing worth showing. Bad bytes are a <see cref="Errors.MalformedMessageException"/>, never another exception.
    /// </summary>
    LinkDetails? Decode(ReadOnlySpan<byte> infoData) => null;

    /// <summary>
    /// For kinds that take ports (bridge, bond): reads a port's IFLA_INFO_SLAVE_DATA, which the kernel fills in for
    /// the master's kind; null when there is nothing to show. Same error contract as <see cref="Decode"/>.
    /// </summary>
    LinkDetails? DecodePort(ReadOnlySpan<byte> slaveData) => null;
}

/// <summary>What a kind contributes to an RTM_NEWLINK request.</summary>
public sealed record LinkKindRequest
{
    /// <summary>Nothing beyond IFLA_INFO_KIND.</summary>
    public static LinkKindRequest Empty { get; } = new();

    /// <summary>The lower device (IFLA_LINK), for kinds stacked on another interface (macvlan, vlan ...).</summary>
    public int? LowerIndex { get; init; }

    /// <summary>Writes the contents of IFLA_INFO_DATA; null for none.</summary>
    public MessageBody? Data { get; init; }

    /// <summary>
    /// Steps once the link exists (a bond's ports are attached after the bond is made), given the
    /// namespace's session and the link's name; if they fail, the new link is deleted again.
    /// </summary>
    public Action<LinkOperations, string>? AfterCreate { get; init; }
}
