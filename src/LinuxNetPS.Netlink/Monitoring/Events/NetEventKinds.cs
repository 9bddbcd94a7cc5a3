using LinuxNetPS.Errors;

namespace LinuxNetPS.Monitoring.Events;

/// <summary>The kinds of change to watch, and the rtnetlink multicast groups that announce them.</summary>
[Flags]
public enum NetEventKinds
{
    None = 0, Link = 1, Address = 2, Route = 4, Neighbor = 8, Namespace = 16,
    All = Link | Address | Route | Neighbor | Namespace,
}

public static class NetEventGroups
{
    // enum rtnetlink_groups (linux/rtnetlink.h).
    internal const int Link = 1, Neigh = 3, IPv4Address = 5, IPv4Route = 7, IPv6Address = 9, IPv6Route = 11, NsId = 28;

    /// <summary>
    /// The groups to join. Link changes are always joined, even when not asked for, so the interface names
    /// of address, route and neighbour events stay right when links are renamed, created or deleted.
    /// </summary>
    internal static IReadOnlyList<int> For(NetEventKinds kinds)
    {
        var groups = new List<int> { Link };
        if (kinds.HasFlag(NetEventKinds.Address)) groups.AddRange([IPv4Address, IPv6Address]);
        if (kinds.HasFlag(NetEventKinds.Route)) groups.AddRange([IPv4Route, IPv6Route]);
        if (kinds.HasFlag(NetEventKinds.Neighbor)) groups.Add(Neigh);
        if (kinds.HasFlag(NetEventKinds.Namespace)) groups.Add(NsId);
        return groups;
    }

    /// <summary>Parses "Link", "Address" ... (case-insensitive); an unknown word is an InvalidArgument error naming the choices.</summary>
    public static NetEventKinds Parse(IEnumerable<string>? words)
    {
        if (words is null) return NetEventKinds.All;
        var kinds = NetEventKinds.None;
        foreach (var word in words)
        {
            if (!Enum.TryParse<NetEventKinds>(word, ignoreCase: true, out var kind) || kind is NetEventKinds.None or NetEventKinds.All
                || int.TryParse(word, out _))
                throw NetOperationException.Invalid($"'{word}' is not a kind of network event; use Link, Address, Route, Neighbor or Namespace.", word)
                    .WithErrorId(ErrorIds.InvalidEventKind);
            kinds |= kind;
        }
        return kinds == NetEventKinds.None ? NetEventKinds.All : kinds;
    }
}
