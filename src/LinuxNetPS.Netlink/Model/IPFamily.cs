using System.Net;
using Sockets = System.Net.Sockets.AddressFamily;

namespace LinuxNetPS.Model;

/// <summary>
/// The IP family of an address, prefix, route or NAT rule: the one representation used by objects,
/// parameters and the core API (PowerShell converts the words "IPv4"/"IPv6" to it).
/// </summary>
public enum IPFamily
{
    IPv4 = 4,
    IPv6 = 6,
}

/// <summary>
/// Conversions between <see cref="IPFamily"/> and .NET's AddressFamily, and the family's words. The text users read
/// ("IPv4", "IPv6") is the enum's own ToString, so messages write the family itself rather than spelling it again.
/// </summary>
public static class IPFamilies
{
    public static IPFamily Of(IPAddress address) => Of(address.AddressFamily);

    public static IPFamily Of(Sockets family) => family == Sockets.InterNetworkV6 ? IPFamily.IPv6 : IPFamily.IPv4;

    public static Sockets ToSockets(this IPFamily family) => family == IPFamily.IPv6 ? Sockets.InterNetworkV6 : Sockets.InterNetwork;

    /// <summary>nft's word for the family's header in a rule: "ip" or "ip6" (ip saddr, ip6 daddr ...).</summary>
    public static string NftName(this IPFamily family) => family == IPFamily.IPv6 ? "ip6" : "ip";
}
