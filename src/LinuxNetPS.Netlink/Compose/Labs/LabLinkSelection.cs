using LinuxNetPS.Errors;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// One link of a recorded lab, chosen the way a user names it: by either end ('r1:eth1'), by both ends
/// ('r1:eth1--r2:eth1') or by the pair of nodes it joins ('r1--r2', when they have one link between them).
/// <see cref="Ends"/> are the ends the user named: one end, or both. Of a link to another host of a split lab, only the
/// end on this host is this host's to change (its VXLAN device); the other host changes the other.
/// </summary>
public sealed record LabLinkSelection(LabRecord Record, int Index, IReadOnlyList<string> Ends)
{
    public LabLinkRecord Link => Record.Links[Index];

    /// <summary>Both ends of the link, A first; of a macvlan link only the macvlan (its parent B belongs to another link or is a bridge).</summary>
    public IReadOnlyList<string> BothEnds => Link.Kind is nameof(LabLinkKind.Macvlan) or nameof(LabLinkKind.Vxlan) ? [Link.A]
        : Link.RemoteHost is not null ? OnThisHost(Record, [Link.A, Link.B])
        : [Link.A, Link.B];

    /// <summary>The end across the link from <paramref name="end"/>.</summary>
    public string PeerOf(string end) => end == Link.A ? Link.B : Link.A;

    /// <summary>The namespace and interface name of one end ("r1:eth1" → the node's namespace, "eth1").</summary>
    public (string Namespace, string Interface) Locate(string end)
    {
        int colon = end.IndexOf(':');
        string node = end[..colon];
        var ns = Record.Nodes.First(n => n.Name == node).Namespace;
        return (ns, end[(colon + 1)..]);
    }

    public static string NodeOf(string end) => end[..end.IndexOf(':')];

    /// <summary>Finds the link <paramref name="text"/> names in the lab <paramref name="lab"/>.</summary>
    public static LabLinkSelection Select(string lab, string text)
    {
        NetLabs.ValidateName(lab);
        var parts = Parse(text);
        var record = NetLabs.RecordOf(lab);
        var found = Matching(record.Links, parts);
        if (found.Count == 0)
            throw NetOperationException.NotFound(
                $"The lab '{lab}' has no link '{InputText.Echo(text)}'. Its links: {string.Join("; ", record.Links.Select(l => $"{l.A}--{l.B}"))}.", text)
                .WithErrorId(ErrorIds.LabLinkNotFound);
        if (found.Count > 1)
            throw NetOperationException.Invalid(
                $"'{InputText.Echo(text)}' names {found.Count} links of the lab '{lab}' ({string.Join("; ", found.Select(i => $"{record.Links[i].A}--{record.Links[i].B}"))}); name one end instead, as in '{record.Links[found[0]].A}'.", text)
                .WithErrorId(ErrorIds.LabLinkAmbiguous);
        var link = record.Links[found[0]];
        IReadOnlyList<string> ends = parts.Length == 1 ? [parts[0]] : [link.A, link.B];
        // A macvlan's parent belongs to another link or is a bridge: what a macvlan link changes is the macvlan alone.
        if (link.Kind is nameof(LabLinkKind.Macvlan) or nameof(LabLinkKind.Vxlan)) ends = [link.A];
        // A link to another host of a split lab: this host changes its own end only (the other host its).
        if (link.RemoteHost is not null) ends = OnThisHost(record, ends);
        return new LabLinkSelection(record, found[0], ends);
    }

    /// <summary>The ends of <paramref name="ends"/> whose node is on this host (has a node record in this host's part of the lab).</summary>
    private static List<string> OnThisHost(LabRecord record, IEnumerable<string> ends) =>
        ends.Where(e => record.Nodes.Any(n => n.Name == NodeOf(e))).ToList();

    /// <summary>The parts of a link's name (one end, two ends or two nodes), checked: what <see cref="Matching"/> takes.</summary>
    public static string[] Parse(string text)
    {
        string[] parts = text.Split("--", StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2 || parts.Any(p => !IsNodeOrEnd(p)) || (parts.Length == 1 && !parts[0].Contains(':')))
            throw NetOperationException.Invalid(
                $"'{InputText.Echo(text)}' does not name a link: write one end as 'NODE:INTERFACE' ('r1:eth1'), both ends ('r1:eth1--r2:eth1') " +
                "or the two nodes ('r1--r2').", text).WithErrorId(ErrorIds.InvalidLabLink);
        return parts;
    }

    /// <summary>The indexes of the links that <paramref name="parts"/> (from <see cref="Parse"/>) name.</summary>
    public static List<int> Matching(IReadOnlyList<LabLinkRecord> links, string[] parts)
    {
        bool Matches(string end, string part) => part.Contains(':') ? end == part : NodeOf(end) == part;
        return Enumerable.Range(0, links.Count).Where(i =>
        {
            var l = links[i];
            return parts.Length == 1
                ? l.A == parts[0] || l.B == parts[0]
                : (Matches(l.A, parts[0]) && Matches(l.B, parts[1])) || (Matches(l.A, parts[1]) && Matches(l.B, parts[0]));
        }).ToList();
    }

    private static bool IsNodeOrEnd(string part)
    {
        int colon = part.IndexOf(':');
        if (colon < 0) return LabBinder.IsValidNodeName(part);
        return LabBinder.IsValidNodeName(part[..colon]) && colon + 1 < part.Length && part.IndexOf(':', colon + 1) < 0;
    }
}
