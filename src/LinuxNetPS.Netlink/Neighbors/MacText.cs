using System.Globalization;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Neighbors;

/// <summary>
/// Hardware addresses of neighbour and FDB entries: six hexadecimal bytes separated by ':' (or '-'). Unlike an
/// interface's own address (Links' MacAddressText), an FDB entry may be multicast or all zeros (VXLAN's default entry).
/// </summary>
public static class MacText
{
    /// <summary>Six bytes, or InvalidMacAddress saying what to type.</summary>
    public static byte[] Parse(string? text, string what)
    {
        var trimmed = (text ?? "").Trim();
        var parts = trimmed.Split(trimmed.Contains('-') ? '-' : ':');
        var bytes = new byte[6];
        bool ok = parts.Length == 6;
        for (int i = 0; ok && i < 6; i++)
            ok = parts[i].Length is 1 or 2 && byte.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]);
        if (!ok)
            throw NetOperationException.Invalid(
                $"'{InputText.Echo(text)}' is not a {what}: write six hexadecimal bytes separated by ':', for example 02:00:00:aa:bb:01.", text)
                .WithErrorId(ErrorIds.InvalidMacAddress);
        return bytes;
    }

    /// <summary>A neighbour's address: unicast and not all zeros.</summary>
    public static byte[] ParseUnicast(string? text, string what)
    {
        var bytes = Parse(text, what);
        if ((bytes[0] & 1) != 0 || bytes.All(b => b == 0))
            throw NetOperationException.Invalid(
                $"'{InputText.Echo(text)}' cannot be a {what}: it is {((bytes[0] & 1) != 0 ? "a multicast address (its first byte is odd)" : "all zeros")}; give the neighbour's unicast address, for example 02:00:00:aa:bb:01.", text)
                .WithErrorId(ErrorIds.InvalidMacAddress);
        return bytes;
    }

    /// <summary>Lower case with ':', as the objects carry addresses.</summary>
    public static string Format(ReadOnlySpan<byte> bytes) => Links.MacAddressText.Format(bytes) ?? "";

    /// <summary>A typed address in the objects' form (02-00-00-AA-BB-01 → 02:00:00:aa:bb:01), to compare with.</summary>
    public static string Normalize(string? text, string what = "MAC address") => Format(Parse(text, what));
}
