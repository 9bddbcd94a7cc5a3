namespace LinuxNetPS.Tests.Architecture;

/// <summary>
/// The core library's floors, bottom up (README's "Layers", DESIGN.md). A type may use types of its own floor and of the
/// floors below; never of a floor above. Floors are C# namespaces, so the folder tree, the namespaces and this table
/// say the same thing; a namespace missing here is an error of its own, so a new room has to be given its floor.
/// </summary>
public static class Layers
{
    /// <summary>(floor, name, namespaces) from the bottom. A namespace matches itself and its children unless a longer entry matches.</summary>
    public static readonly IReadOnlyList<(int Floor, string Name, string[] Namespaces)> Floors =
    [
        (0, "Base", ["LinuxNetPS.Interop", "LinuxNetPS.Errors", "LinuxNetPS.Primitives"]),
        (1, "Wire", ["LinuxNetPS.Netlink", "LinuxNetPS.Rtnetlink", "LinuxNetPS.Nftables.Expressions", "LinuxNetPS.Nftables.Wire",
                     "LinuxNetPS.ConnectionTracking.Wire"]),
        (2, "Model", ["LinuxNetPS.Model"]),
        (3, "Namespaces", ["LinuxNetPS.Namespaces"]),
        (4, "Operations", ["LinuxNetPS.Links", "LinuxNetPS.Addresses", "LinuxNetPS.Routes", "LinuxNetPS.Bridges", "LinuxNetPS.Forwarding",
                           "LinuxNetPS.Impairment", "LinuxNetPS.Nftables", "LinuxNetPS.Neighbors", "LinuxNetPS.ConnectionTracking"]),
        (5, "Client", ["LinuxNetPS.Client"]),
        (6, "Monitoring", ["LinuxNetPS.Monitoring"]),
        (7, "Compose", ["LinuxNetPS.Compose"]),
    ];

    /// <summary>The floor of a full type name, or null for a type in no listed namespace.</summary>
    public static (int Floor, string Name)? FloorOf(string typeName)
    {
        (int, string)? best = null;
        int bestLength = -1;
        foreach (var (floor, name, namespaces) in Floors)
            foreach (var ns in namespaces)
                if ((typeName.StartsWith(ns + ".", StringComparison.Ordinal)) && ns.Length > bestLength)
                {
                    best = (floor, name);
                    bestLength = ns.Length;
                }
        return best;
    }

    /// <summary>Types outside every floor: compiler-made helpers with no namespace are fine, any other is a room without a floor.</summary>
    public static bool IsCompilerMade(string typeName) => !typeName.Contains('.') || typeName.StartsWith("Microsoft.CodeAnalysis.", StringComparison.Ordinal)
        || typeName.StartsWith("System.", StringComparison.Ordinal);

    /// <summary>Every use of a type on a higher floor, as "From (floor) uses To (floor)".</summary>
    public static IReadOnlyList<string> UpwardUses(IEnumerable<(string From, string To)> uses) =>
        uses.Select(u => (u.From, u.To, F: FloorOf(u.From), T: FloorOf(u.To)))
            .Where(u => u.F is { } f && u.T is { } t && t.Floor > f.Floor)
            .Select(u => $"{u.From} ({u.F!.Value.Name}) uses {u.To} ({u.T!.Value.Name})")
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Types of ours that are on no floor.</summary>
    public static IReadOnlyList<string> Unplaced(IEnumerable<(string From, string To)> uses) =>
        uses.SelectMany(u => new[] { u.From, u.To })
            .Where(t => FloorOf(t) is null && !IsCompilerMade(t))
            .Distinct().Order(StringComparer.Ordinal).ToList();
}
