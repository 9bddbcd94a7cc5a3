using System.Collections.Concurrent;

namespace LinuxNetPS.Links.Kinds;

/// <summary>The registry of link kinds the library knows how to configure and read: one line per kind, duplicates refused.</summary>
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

    /// <summary>
    /// Adds the driver for a kind. A kind has one driver: registering a second one for the same kind name is refused
    /// (InvalidOperationException), as for network drivers, so a driver can never be replaced behind the library's back.
    /// </summary>
    public static void Register(ILinkKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (string.IsNullOrEmpty(kind.Kind)) throw new ArgumentException("A link kind driver needs a kind name.", nameof(kind));
        if (!Registered.TryAdd(kind.Kind, kind))
            throw new InvalidOperationException($"A driver for link kind '{kind.Kind}' is registered already ({Registered[kind.Kind].GetType().Name}).");
    }

    /// <summary>The registered kinds, sorted by name.</summary>
    public static IReadOnlyList<ILinkKind> All => Registered.Values.OrderBy(k => k.Kind, StringComparer.Ordinal).ToList();

    /// <summary>The driver for <paramref name="kind"/>, or null if none is registered.</summary>
    public static ILinkKind? Find(string? kind) => kind is not null && Registered.TryGetValue(kind, out var k) ? k : null;

    /// <summary>
    /// The driver for <paramref name="kind"/>; for a kind nobody registered, a plain one that
    /// sends just the kind name, so the kernel decides whether it exists.
    /// </summary>
    public static ILinkKind Resolve(string kind) => Find(kind) ?? new UnknownKind(kind);
}
