using System.Net;
using System.Net.Sockets;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Primitives;

/// <summary>
/// An address with a prefix length, as iproute2 writes it: "10.10.1.10/16", "fd00::1/64",
/// "10.0.0.1" (meaning /32, or /128 for IPv6) and, for routes, "default". Host bits are kept
/// (an interface address needs them); use <see cref="Network"/> for the masked form.
/// </summary>
public readonly record struct IPPrefix(IPAddress Address, int PrefixLength)
{
    public AddressFamily Family => Address.AddressFamily;
    public int MaxLength => Address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
    public bool IsDefault => PrefixLength == 0;

    /// <summary>The prefix with host bits cleared ("10.10.1.10/16" → "10.10.0.0/16").</summary>
    public IPPrefix Network
    {
        get
        {
            var bytes = Address.GetAddressBytes();
            for (int bit = PrefixLength; bit < bytes.Length * 8; bit++) bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
            return new IPPrefix(new IPAddress(bytes), PrefixLength);
        }
    }

    public bool HasHostBits => !Network.Address.Equals(Address);

    public override string ToString() => $"{Address}/{PrefixLength}";

    /// <summary>Parses "addr", "addr/len" or (when <paramref name="allowDefault"/>) "default".</summary>
    public static IPPrefix Parse(string? text, bool allowDefault = false, AddressFamily? defaultFamily = null)
    {
        if (TryParse(text, out var prefix, allowDefault, defaultFamily, out var problem)) return prefix;
        throw NetOperationException.Invalid(problem!, text).WithErrorId(ErrorIds.InvalidPrefix);
    }

    public static bool TryParse(string? text, out IPPrefix prefix, bool allowDefault, AddressFamily? defaultFamily, out string? problem)
    {
        prefix = default;
        problem = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            problem = "An address or prefix is required, for example 10.10.1.10/16.";
            return false;
        }
        if (allowDefault && text.Equals("default", StringComparison.OrdinalIgnoreCase))
        {
            prefix = defaultFamily == AddressFamily.InterNetworkV6 ? new IPPrefix(IPAddress.IPv6Any, 0) : new IPPrefix(IPAddress.Any, 0);
            return true;
        }
        int slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || !LooksLikeAddress(addressText, address))
        {
            problem = $"'{text}' is not a valid IP address or prefix; write it like 10.10.1.10/16 or fd00::1/64.";
            return false;
        }
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        int max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        int length = max;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, null, out length) || length > max))
        {
            problem = $"'{text}' has an invalid prefix length; it must be a number from 0 to {max}.";
            return false;
        }
        prefix = new IPPrefix(address, length);
        return true;
    }

    /// <summary>Rejects forms IPAddress.TryParse accepts but nobody means, such as "10" or "10.1" or "0x0a.1.1.1".</summary>
    private static bool LooksLikeAddress(string text, IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6
        || (text.Count(c => c == '.') == 3 && text.All(c => char.IsAsciiDigit(c) || c == '.'));

    /// <summary>Parses a plain address (no prefix) such as a gateway.</summary>
    public static IPAddress ParseAddress(string? text, string what = "address")
    {
        if (!TryParse(text, out var p, false, null, out var problem))
            throw NetOperationException.Invalid(problem!, text).WithErrorId(ErrorIds.InvalidAddress);
        if (text!.Contains('/'))
            throw NetOperationException.Invalid($"The {what} '{text}' must be a single address without a prefix length, for example 10.10.1.1.", text)
                .WithErrorId(ErrorIds.InvalidAddress);
        return p.Address;
    }
}
