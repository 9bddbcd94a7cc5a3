using System.Net;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using Wire = LinuxNetPS.Rtnetlink.AddressFamily;

namespace LinuxNetPS.Addresses;

/// <summary>The <see cref="IPFamily"/> of the API and the AF_INET/AF_INET6 numbers of the wire.</summary>
internal static class FamilyCodes
{
    /// <summary>AF_UNSPEC for null (both families), else AF_INET or AF_INET6.</summary>
    public static byte Of(IPFamily? family) => family switch
    {
        null => Wire.Unspec,
        IPFamily.IPv6 => Wire.Inet6,
        IPFamily.IPv4 => Wire.Inet,
        _ => throw NetOperationException.Invalid($"{(int)family} is not an address family; use IPv4 or IPv6.", family.ToString())
            .WithErrorId(ErrorIds.InvalidAddressFamily),
    };

    public static byte Of(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? Wire.Inet6 : Wire.Inet;

    public static IPFamily Family(byte family) => family == Wire.Inet6 ? IPFamily.IPv6 : IPFamily.IPv4;

    public static bool IsIP(byte family) => family is Wire.Inet or Wire.Inet6;
}
