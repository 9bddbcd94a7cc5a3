using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Primitives;

/// <summary>
/// An address with a prefix length, as iproute2 writes it: "10.10.1.10/16", "fd00::1/64",
/// "10.0.0.1" (meaning /32, or /128 for IPv6) and, for routes, "default". Host bits are kept
/// (an interface address needs them); use <see cref="Network"/> for the masked form.
/// <para>
/// The prefix arithmetic of the whole library lives here (IPAM, lab pools, capture filters, NAT rules): one
/// arithmetic for both families, with addresses as 128-bit numbers (IPv4 in the low 32 bits). Every member
/// works on the network the prefix names, so "10.0.0.7/24" contains what "10.0.0.0/24" contains.
/// </para>
/// </summary>
public readonly record struct IPPrefix(IPAddress Address, int PrefixLength)
{
    public AddressFamily Family => Address.AddressFamily;
    public int MaxLength => MaxLengthOf(Family);
    public bool IsDefault => PrefixLength == 0;

    /// <summary>The length of a single address's prefix: 32 for IPv4, 128 for IPv6.</summary>
    public static int MaxLengthOf(AddressFamily family) => family == AddressFamily.InterNetwork ? 32 : 128;

    /// <summary>The prefix with host bits cleared ("10.10.1.10/16" → "10.10.0.0/16").</summary>
    public IPPrefix Network => new(FromNumber(First, Family), PrefixLength);

    public bool HasHostBits => ToNumber(Address) != First;

    /// <summary>The netmask as an address: 255.255.240.0 for a /20, ffff:ffff:ffff:ffff:: for a /64.</summary>
    public IPAddress Mask => FromNumber(MaskBits, Family);

    /// <summary>The highest address of the network: for IPv4 with room for hosts its broadcast address.</summary>
    public IPAddress LastAddress => FromNumber(Last, Family);

    /// <summary>The IPv4 broadcast address; null for IPv6 (it has none) and for IPv4 /31 and /32 (RFC 3021).</summary>
    public IPAddress? Broadcast => Family == AddressFamily.InterNetwork && HostBits >= 2 ? LastAddress : null;

    /// <summary>Whether <paramref name="address"/> is in this network (never for the other family).</summary>
    public bool Contains(IPAddress address) => address.AddressFamily == Family && (ToNumber(address) & MaskBits) == First;

    /// <summary>Whether all of <paramref name="other"/> is inside this network.</summary>
    public bool Contains(IPPrefix other) => other.PrefixLength >= PrefixLength && Contains(other.Address);

    /// <summary>Whether the two networks share an address: one is inside the other (prefixes never overlap partly).</summary>
    public bool Overlaps(IPPrefix other) => Contains(other.Address) || other.Contains(Address);

    /// <summary>
    /// How many addresses of the network a host may have: all but the network address (for IPv6 the subnet-router
    /// anycast address) and, for IPv4, the broadcast address. An IPv4 /31 or /32 and an IPv6 /128 are all hosts.
    /// </summary>
    public UInt128 HostCount => Last - FirstHostNumber + 1 - (Broadcast is null ? UInt128.Zero : UInt128.One);

    /// <summary>The lowest host address (see <see cref="HostCount"/>).</summary>
    public IPAddress FirstHost => FromNumber(FirstHostNumber, Family);

    /// <summary>Whether <paramref name="address"/> is one of the network's host addresses (see <see cref="HostCount"/>).</summary>
    public bool IsHost(IPAddress address)
    {
        if (!Contains(address)) return false;
        var n = ToNumber(address);
        return n >= FirstHostNumber && (Broadcast is null || n != Last);
    }

    /// <summary>The host addresses, lowest first (lazily: a /64 has 2^64 of them).</summary>
    public IEnumerable<IPAddress> Hosts()
    {
        var family = Family;
        for (UInt128 n = FirstHostNumber, count = HostCount; count > 0; n++, count--) yield return FromNumber(n, family);
    }

    /// <summary>All addresses of the network, lowest first (lazily), the network and broadcast addresses included.</summary>
    public IEnumerable<IPAddress> Addresses()
    {
        var (family, first, last) = (Family, First, Last);
        for (UInt128 n = first; ; n++)
        {
            yield return FromNumber(n, family);
            if (n == last) yield break;
        }
    }

    private int HostBits => MaxLength - PrefixLength;

    private UInt128 MaskBits => HostBits >= 128 ? UInt128.Zero : ~((UInt128.One << HostBits) - 1) & AllOnes(Family);

    private UInt128 First => ToNumber(Address) & MaskBits;

    private UInt128 Last => First | (~MaskBits & AllOnes(Family));

    private UInt128 FirstHostNumber => HostBits == 0 || (Family == AddressFamily.InterNetwork && HostBits < 2) ? First : First + 1;

    private static UInt128 AllOnes(AddressFamily family) => family == AddressFamily.InterNetwork ? uint.MaxValue : UInt128.MaxValue;

    /// <summary>The first address of the network as a number (IPv4 in the low 32 bits).</summary>
    internal UInt128 FirstNumber => First;

    /// <summary>The last address of the network as a number.</summary>
    internal UInt128 LastNumber => Last;

    /// <summary>The largest address number of a family.</summary>
    internal static UInt128 MaxNumber(AddressFamily family) => AllOnes(family);

    /// <summary>The fewest prefixes that together hold exactly the addresses <paramref name="first"/> to <paramref name="last"/> (inclusive), in order.</summary>
    internal static IEnumerable<IPPrefix> Covering(UInt128 first, UInt128 last, AddressFamily family)
    {
        int max = MaxLengthOf(family);
        while (first <= last)
        {
            // The largest block that starts at first (aligned) and does not pass last.
            int hostBits = first == 0 ? max : Math.Min(max, (int)UInt128.TrailingZeroCount(first));
            while (hostBits > 0 && (hostBits >= 128 || first + ((UInt128.One << hostBits) - 1) > last || first + ((UInt128.One << hostBits) - 1) < first)) hostBits--;
            yield return new IPPrefix(FromNumber(first, family), max - hostBits);
            UInt128 size = hostBits >= 128 ? UInt128.Zero : UInt128.One << hostBits;
            if (size == 0 || first + size - 1 == AllOnes(family)) yield break;
            first += size;
        }
    }

    /// <summary>An address as a number (IPv4 in the low 32 bits).</summary>
    internal static UInt128 ToNumber(IPAddress address)
    {
        Span<byte> b = stackalloc byte[16];
        if (!address.TryWriteBytes(b, out int written)) throw new ArgumentException($"Cannot read the address {address}.", nameof(address));
        return written == 4 ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt128BigEndian(b);
    }

    /// <summary>The address of a number, in <paramref name="family"/>.</summary>
    internal static IPAddress FromNumber(UInt128 value, AddressFamily family)
    {
        if (family == AddressFamily.InterNetwork)
        {
            Span<byte> b4 = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(b4, (uint)value);
            return new IPAddress(b4);
        }
        Span<byte> b = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(b, value);
        return new IPAddress(b);
    }

    /// <summary>The prefixes of <paramref name="length"/> this one splits into, lowest first (a /16 into 256 /24s: an overlay's per-host slices).</summary>
    public IEnumerable<IPPrefix> Subnets(int length)
    {
        if (length < PrefixLength || length > MaxLength) throw new ArgumentOutOfRangeException(nameof(length), $"/{length} does not split /{PrefixLength}.");
        var (family, first, step) = (Family, First, UInt128.One << (MaxLength - length));
        for (UInt128 i = 0, count = UInt128.One << (length - PrefixLength); i < count; i++) yield return new IPPrefix(FromNumber(first + i * step, family), length);
    }

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
            problem = $"'{InputText.Echo(text)}' is not a valid IP address or prefix; write it like 10.10.1.10/16 or fd00::1/64.";
            return false;
        }
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        int max = MaxLengthOf(address.AddressFamily);
        int length = max;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, null, out length) || length > max))
        {
            problem = $"'{InputText.Echo(text)}' has an invalid prefix length; it must be a number from 0 to {max}.";
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
            throw NetOperationException.Invalid($"The {what} '{InputText.Echo(text)}' must be a single address without a prefix length, for example 10.10.1.1.", text)
                .WithErrorId(ErrorIds.InvalidAddress);
        return p.Address;
    }
}
