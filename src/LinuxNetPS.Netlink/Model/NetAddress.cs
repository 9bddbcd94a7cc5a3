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
    /// <summary>
    /// The address without its prefix length. Called IPAddress (as in Windows' Get-NetIPAddress), not Address:
    /// `(Get-NetAddress).Address` on several addresses would reach System.Array's Address method instead.
    /// </summary>
    public required IPAddress IPAddress { get; init; }
    public int PrefixLength { get; init; }
    public IPFamily Family => IPFamilies.Of(IPAddress);
    public RouteScope Scope { get; init; }
    public string? Label { get; init; }
    public IPAddress? Broadcast { get; init; }
    public IfaFlags Flags { get; init; }

    /// <summary>
    /// Windows' AddressState from the kernel's flags: Duplicate (DAD failed), Tentative (DAD running), Deprecated
    /// (preferred lifetime over), otherwise Preferred.
    /// </summary>
    public string AddressState => (Flags & IfaFlags.DadFailed) != 0 ? "Duplicate"
        : (Flags & IfaFlags.Tentative) != 0 ? "Tentative"
        : (Flags & IfaFlags.Deprecated) != 0 ? "Deprecated" : "Preferred";

    /// <summary>"10.10.1.10/16".</summary>
    public string Cidr => $"{IPAddress}/{PrefixLength}";

    public override string ToString() => Cidr;
}
