using System.Net;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Model;

/// <summary>An IPv4 or IPv6 address assigned to an interface.</summary>
public sealed record NetAddress
{
    public string? Namespace { get; init; }
    /// <summary>Name of the interface the address is on.</summary>
    public required string Interface { get; init; }
    public int InterfaceIndex { get; init; }
    public required IPAddress Address { get; init; }
    public int PrefixLength { get; init; }
    /// <summary>"IPv4" or "IPv6".</summary>
    public string Family => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
    public RouteScope Scope { get; init; }
    public string? Label { get; init; }
    public IPAddress? Broadcast { get; init; }
    public IfaFlags Flags { get; init; }

    /// <summary>"10.10.1.10/16".</summary>
    public string Cidr => $"{Address}/{PrefixLength}";

    public override string ToString() => Cidr;
}
