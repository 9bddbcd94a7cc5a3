namespace LinuxNetPS.Support;

/// <summary>
/// The -Name filtering of Get-* cmdlets: keeps items whose name matches any pattern, and reports
/// the literal names (no wildcards) that matched nothing, which deserve a "not found" error, as
/// Get-Item does; a pattern that matches nothing is not an error.
/// </summary>
public static class NameFilter
{
    public static IReadOnlyList<T> Select<T>(IEnumerable<T> items, Func<T, string?> nameOf, IReadOnlyList<string>? patterns,
        out IReadOnlyList<string> unmatchedLiterals)
    {
        var all = items.ToList();
        if (patterns is null || patterns.Count == 0)
        {
            unmatchedLiterals = [];
            return all;
        }

        var missing = new List<string>();
        var used = new HashSet<int>();
        foreach (var pattern in patterns)
        {
            bool wildcard = Wildcard.IsPattern(pattern);
            // Read before the first item: a pattern that cannot be read is an error even when there is nothing to match.
            var compiled = wildcard ? Wildcard.Get(pattern) : null;
            string literal = wildcard ? pattern : Wildcard.Unescape(pattern);
            bool any = false;
            for (int i = 0; i < all.Count; i++)
            {
                var name = nameOf(all[i]) ?? "";
                // Literal names compare exactly: Linux names are case-sensitive (eth0 and ETH0 can coexist).
                bool match = compiled is not null ? compiled.IsMatch(name) : string.Equals(literal, name, StringComparison.Ordinal);
                if (!match) continue;
                any = true;
                used.Add(i);
            }
            if (!any && !wildcard) missing.Add(literal);
        }
        // Keep the kernel's order (by index or name), not the order of the patterns.
        var order = all.Select((item, i) => (item, i)).Where(x => used.Contains(x.i)).Select(x => x.item).ToList();
        unmatchedLiterals = missing;
        return order;
    }

    /// <summary>
    /// The -Interface filter of the listings kept per interface (neighbours, FDB entries, bridge VLANs): one literal name
    /// asks the kernel for that interface alone (a name that does not exist fails there, LinkNotFound); several names or
    /// a wildcard list everything once and keep the matching rows. <paramref name="onUnmatchedLiteral"/> hears each literal
    /// name that matched no row, for the listings that want it reported.
    /// </summary>
    public static IEnumerable<T> ByInterface<T>(IReadOnlyList<string>? names, Func<string?, IEnumerable<T>> list,
        Func<T, string?> interfaceOf, Action<string>? onUnmatchedLiteral = null)
    {
        if (names is { Count: 1 } && !Wildcard.IsPattern(names[0]))
            return list(Primitives.LinkName.Validate(Wildcard.Unescape(names[0])));
        var all = list(null);
        if (names is null) return all;
        var kept = Select(all, interfaceOf, names, out var unmatched);
        if (onUnmatchedLiteral is not null) foreach (var name in unmatched) onUnmatchedLiteral(name);
        return kept;
    }
}
