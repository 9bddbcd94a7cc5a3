using System.Net;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Typed reads of the definition tree, each failing with the value's location: the vocabulary the binder is written in.
/// Keys are matched case-insensitively (PowerShell habit); an unknown key is an error that names the keys allowed.
/// </summary>
internal static class LabValues
{
    /// <summary>A mapping; an empty scalar (null, or a YAML key with nothing after it) is an empty mapping.</summary>
    public static LabMap Map(LabValue value, string what)
    {
        if (value is LabMap map) return map;
        if (value is LabScalar { IsNull: true }) return new LabMap([], value.Location);
        throw LabErrors.Invalid(value.Location, $"{what} must be a mapping (keys and values), not {value.Describe()}.");
    }

    public static void OnlyKeys(LabMap map, string what, params string[] allowed)
    {
        foreach (var entry in map.Entries)
        {
            if (allowed.Contains(entry.Key, StringComparer.OrdinalIgnoreCase)) continue;
            throw LabErrors.Invalid(entry.KeyLocation, $"Unknown key '{entry.Key}' in {what}; the keys allowed are {string.Join(", ", allowed)}.");
        }
        var twice = map.Entries.GroupBy(e => e.Key, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw LabErrors.Invalid(twice.Skip(1).First().KeyLocation, $"The key '{twice.Key}' is given twice in {what}.");
    }

    public static string Text(LabValue value, string what)
    {
        if (value is LabScalar { IsNull: false } s && s.Text!.Trim().Length > 0) return s.Text!.Trim();
        throw LabErrors.Invalid(value.Location, $"{what} must be a text, not {value.Describe()}.");
    }

    /// <summary>
    /// A boolean as the file's own language writes one ($true/$false, true/false unquoted); a text such as 'yes', 'no',
    /// '1' or 'false' in quotes is refused: it is almost always a mistake, and 'false' read as true would be worse.
    /// </summary>
    public static bool Bool(LabValue value, string what)
    {
        if (value is LabScalar { IsNull: false, IsBoolean: true } s) return string.Equals(s.Text, "true", StringComparison.OrdinalIgnoreCase);
        throw LabErrors.Invalid(value.Location, $"{what} must be a boolean ($true or $false in a .psd1, true or false unquoted in YAML or JSON), not {value.Describe()}.");
    }

    /// <summary>One value or a list of them (`Address = '10.0.0.1/24'` or `Addresses = '10.0.0.1/24', 'fd00::1/64'`).</summary>
    public static IReadOnlyList<LabValue> OneOrMany(LabValue value) => value switch
    {
        LabList list => list.Items,
        LabScalar { IsNull: true } => [],
        _ => [value],
    };

    /// <summary>An interface address: an address with a prefix length (10.0.0.2/24); a bare address is refused, it is almost always a forgotten /24.</summary>
    public static IPPrefix Address(LabValue value, string what)
    {
        string text = Text(value, what);
        if (!IPPrefix.TryParse(text, out var prefix, false, null, out var problem)) throw LabErrors.Invalid(value.Location, $"{what}: {problem}");
        if (!text.Contains('/'))
            throw LabErrors.Invalid(value.Location, $"{what} '{text}' needs a prefix length, for example {text}/24.");
        if (!prefix.HasHostBits && prefix.PrefixLength < prefix.MaxLength - 1)
            throw LabErrors.Invalid(value.Location, $"{what} '{text}' is the network address of its subnet; give a host address such as {prefix.FirstHost}/{prefix.PrefixLength}.");
        return prefix;
    }

    /// <summary>A network (pool, route destination): no host bits; 'default' too when <paramref name="allowDefault"/>.</summary>
    public static IPPrefix Network(LabValue value, string what, bool allowDefault = false)
    {
        string text = Text(value, what);
        if (!IPPrefix.TryParse(text, out var prefix, allowDefault, null, out var problem)) throw LabErrors.Invalid(value.Location, $"{what}: {problem}");
        if (prefix.HasHostBits)
            throw LabErrors.Invalid(value.Location, $"{what} '{text}' has host bits set; the network is {prefix.Network}.");
        return prefix;
    }

    public static IPAddress Gateway(LabValue value, string what)
    {
        string text = Text(value, what);
        if (text.Contains('/') || !IPPrefix.TryParse(text, out var p, false, null, out var problem))
            throw LabErrors.Invalid(value.Location, $"{what} '{text}' is not a single IP address (without a prefix length), for example 10.0.0.1.");
        return p.Address;
    }
}
