using System.Collections.Concurrent;

namespace LinuxNetPS.Links.Kinds;

/// <summary>The registry of link kinds the library knows how to configure.</summary>
public static class LinkKinds
{
    private static readonly ConcurrentDictionary<string, ILinkKind> Registered = new(StringComparer.Ordinal);

    static LinkKinds()
    {
        Register(new VethKind());
        Register(new BridgeKind());
        Register(new DummyKind());
        Register(new MacvlanKind());
        Register(new VxlanKind());
        Register(new VlanKind());
        Register(new IpvlanKind());
        Register(new BondKind());
        Register(new MacvtapKind());
        Register(new IfbKind());
    }

    /// <summary>Adds (or replaces) the driver for a kind.</summary>
    public static void Register(ILinkKind kind) => Registered[kind.Kind] = kind;

    /// <summary>The registered kinds, sorted by name.</summary>
    public static IReadOnlyList<ILinkKind> All => Registered.Values.OrderBy(k => k.Kind, StringComparer.Ordinal).ToList();

    /// <summary>The driver for <paramref name="kind"/>, or null if none is registered.</summary>
    public static ILinkKind? Find(string? kind) => kind is not null && Registered.TryGetValue(kind, out var k) ? k : null;

    /// <summary>
    /// The driver for <paramref name="kind"/>; for a kind nobody registered, a plain one that
    /// sends just the kind name, so the kernel decides whether it exists.
    /// </summary>
    public static ILinkKind Resolve(string kind) => Find(kind) ?? new UnknownKind(kind);

    /// <summary>Whether links of this kind point at a peer with IFLA_LINK.</summary>
    internal static bool IsPair(string? kind) => Find(kind)?.IsPair ?? false;
}
