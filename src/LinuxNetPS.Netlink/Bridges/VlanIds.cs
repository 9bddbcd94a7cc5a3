using System.Globalization;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Bridges;

/// <summary>VLAN ids as users write them: 10, or a range 10-20 (`bridge vlan add vid 10-20`); each 1-4094.</summary>
public static class VlanIds
{
    public const int Min = 1, Max = 4094;

    /// <summary>The id, or InvalidVlanId saying what to type.</summary>
    public static int Check(int vlan, string? text = null)
    {
        if (vlan is < Min or > Max)
            throw NetOperationException.Invalid($"VLAN id {InputText.Echo(text ?? vlan.ToString(CultureInfo.InvariantCulture))} is out of range: a VLAN id is from {Min} to {Max}.",
                text ?? vlan.ToString(CultureInfo.InvariantCulture)).WithErrorId(ErrorIds.InvalidVlanId);
        return vlan;
    }

    /// <summary>"10" or "10-20" as a range; InvalidVlanId for anything else.</summary>
    public static (int From, int To) ParseRange(string? text)
    {
        var t = (text ?? "").Trim();
        int dash = t.IndexOf('-', t.Length > 0 ? 1 : 0);
        if (dash < 0) return (ParseOne(t, text), ParseOne(t, text));
        int from = ParseOne(t[..dash], text), to = ParseOne(t[(dash + 1)..], text);
        if (to < from)
            throw NetOperationException.Invalid($"The VLAN range '{InputText.Echo(text)}' runs backwards; write the lower id first, for example {to}-{from}.", text)
                .WithErrorId(ErrorIds.InvalidVlanId);
        return (from, to);
    }

    /// <summary>One VLAN id as text ("10"); a range or anything else is InvalidVlanId.</summary>
    public static int ParseSingle(string? text)
    {
        var (from, to) = ParseRange(text);
        if (from != to)
            throw NetOperationException.Invalid($"Give one VLAN id here, not the range '{InputText.Echo(text)}'.", text).WithErrorId(ErrorIds.InvalidVlanId);
        return from;
    }

    /// <summary>Ranges from several texts, merged where they touch or overlap, in order.</summary>
    public static IReadOnlyList<(int From, int To)> ParseRanges(IEnumerable<string> texts)
    {
        var merged = new List<(int From, int To)>();
        foreach (var (from, to) in texts.Select(ParseRange).OrderBy(r => r.From))
        {
            if (merged.Count > 0 && from <= merged[^1].To + 1) merged[^1] = (merged[^1].From, Math.Max(merged[^1].To, to));
            else merged.Add((from, to));
        }
        return merged;
    }

    /// <summary>"10", "10-20" or "10-20, 30".</summary>
    public static string Format(IEnumerable<(int From, int To)> ranges) =>
        string.Join(", ", ranges.Select(r => r.From == r.To ? r.From.ToString(CultureInfo.InvariantCulture) : $"{r.From}-{r.To}"));

    private static int ParseOne(string part, string? whole)
    {
        if (!int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int vlan))
            throw NetOperationException.Invalid($"'{InputText.Echo(whole)}' is not a VLAN id: write a number from {Min} to {Max}, or a range such as 10-20.", whole)
                .WithErrorId(ErrorIds.InvalidVlanId);
        return Check(vlan, whole);
    }
}
