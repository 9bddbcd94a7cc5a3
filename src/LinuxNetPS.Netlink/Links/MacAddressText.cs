using System.Globalization;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Links;

/// <summary>Ethernet addresses as text: aa:bb:cc:dd:ee:ff (also accepted with '-').</summary>
internal static class MacAddressText
{
    /// <summary>Parses a unicast Ethernet address; InvalidArgument with an example otherwise.</summary>
    public static byte[] Parse(string? text)
    {
        var parts = (text ?? "").Trim().Split(text is not null && text.Contains('-') ? '-' : ':');
        var bytes = new byte[6];
        bool ok = parts.Length == 6;
        for (int i = 0; ok && i < 6; i++)
            ok = parts[i].Length is 1 or 2 && byte.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]);
        if (!ok)
            throw NetOperationException.Invalid(
                $"'{text}' is not a MAC address: write six hexadecimal bytes separated by ':', for example 02:00:00:aa:bb:01.", text).WithErrorId(ErrorIds.InvalidMacAddress);
        if ((bytes[0] & 1) != 0)
            throw NetOperationException.Invalid(
                $"'{text}' is a multicast MAC address (its first byte is odd); an interface needs a unicast one, for example 02:00:00:aa:bb:01.", text).WithErrorId(ErrorIds.InvalidMacAddress);
        if (bytes.All(b => b == 0))
            throw NetOperationException.Invalid($"'{text}' (all zeros) cannot be an interface's MAC address.", text).WithErrorId(ErrorIds.InvalidMacAddress);
        return bytes;
    }

    /// <summary>Lower-case, colon-separated, as `ip link` prints it; null for an empty address.</summary>
    public static string? Format(ReadOnlySpan<byte> address)
    {
        if (address.IsEmpty) return null;
        return string.Create(address.Length * 3 - 1, address.ToArray(), static (span, bytes) =>
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                if (i > 0) span[i * 3 - 1] = ':';
                bytes[i].TryFormat(span[(i * 3)..], out _, "x2", CultureInfo.InvariantCulture);
            }
        });
    }
}
