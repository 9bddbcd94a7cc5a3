using System.Net;
using LinuxNetPS.Errors;
using Family = LinuxNetPS.Rtnetlink.AddressFamily;

namespace LinuxNetPS.Addresses;

/// <summary>The "IPv4"/"IPv6" words of the API and the AF_INET/AF_INET6 numbers of the wire.</summary>
internal static class IPFamily
{
    /// <summary>AF_UNSPEC for null or empty (both families), else AF_INET or AF_INET6.</summary>
    public static byte Parse(string? family)
    {
        if (string.IsNullOrWhiteSpace(family)) return Family.Unspec;
        return family.Trim().ToLowerInvariant() switch
        {
            "ipv4" or "inet" or "4" => Family.Inet,
            "ipv6" or "inet6" or "6" => Family.Inet6,
            _ => throw NetOperationException.Invalid($"'{family}' is not an address family; use IPv4 or IPv6.", family),
        };
    }

    public static byte Of(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? Family.Inet6 : Family.Inet;

    public static string Name(byte family) => family == Family.Inet6 ? "IPv6" : "IPv4";

    public static string Name(IPAddress address) => Name(Of(address));

    public static bool IsIP(byte family) => family is Family.Inet or Family.Inet6;
}
