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
    /// <summary>IFA_PROTO: 0 when user space added the address, else which part of the kernel made it.</summary>
    public byte AddressProtocol { get; init; }

    /// <summary>
    /// How long the address stays (Windows' ValidLifetime): what is left of the kernel's valid_lft, read when listed;
    /// [TimeSpan]::MaxValue for a permanent address.
    /// </summary>
    public TimeSpan ValidLifetime { get; init; } = TimeSpan.MaxValue;

    /// <summary>How long the address stays preferred as a source (preferred_lft); MaxValue for forever.</summary>
    public TimeSpan PreferredLifetime { get; init; } = TimeSpan.MaxValue;

    /// <summary>
    /// Windows' PrefixOrigin, from who made the address: WellKnown for what the kernel makes itself (loopback and
    /// link-local addresses: IFA_PROTO kernel_lo/kernel_ll, or host or link scope), RouterAdvertisement for an address
    /// the kernel made from a router advertisement (kernel_ra), Manual for any other (user space added it; Linux does not
    /// record whether that was a person or a DHCP client).
    /// </summary>
    public PrefixOrigin PrefixOrigin => AddressProtocol switch
    {
        IfaProto.KernelRouterAdvertisement => PrefixOrigin.RouterAdvertisement,
        IfaProto.KernelLoopback or IfaProto.KernelLinkLocal => PrefixOrigin.WellKnown,
        _ when Scope is RouteScope.Host or RouteScope.Link => PrefixOrigin.WellKnown,
        _ => PrefixOrigin.Manual,
    };

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
