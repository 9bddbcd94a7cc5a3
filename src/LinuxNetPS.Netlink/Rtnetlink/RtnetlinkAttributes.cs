namespace LinuxNetPS.Rtnetlink;

// Attribute numbers from the kernel UAPI headers. Names follow the kernel's, in C# case.

/// <summary>IFLA_* (linux/if_link.h).</summary>
public static class IflaAttr
{
    public const ushort Address = 1, Broadcast = 2, IfName = 3, Mtu = 4, Link = 5, Master = 10, TxQueueLength = 13,
        OperState = 16, LinkMode = 17, LinkInfo = 18, NetNsPid = 19, IfAlias = 20, Group = 27, NetNsFd = 28,
        ExtMask = 29, Promiscuity = 30, Carrier = 33, LinkNetNsId = 37, NewIfIndex = 49, MinMtu = 50, MaxMtu = 51,
        PropList = 52, AltIfName = 53, PermAddress = 54;
}

/// <summary>IFLA_INFO_* inside IFLA_LINKINFO.</summary>
public static class IflaInfoAttr
{
    public const ushort Kind = 1, Data = 2, XStats = 3, SlaveKind = 4, SlaveData = 5;
}

/// <summary>IFLA_INET_* inside the AF_INET nest of IFLA_AF_SPEC (linux/if_link.h), and the IPV4_DEVCONF_* index we set (linux/ip.h).</summary>
public static class IflaInetAttr
{
    public const ushort Conf = 1;
    /// <summary>AF_INET: the nest of IFLA_AF_SPEC that holds IPv4's per-link settings.</summary>
    public const ushort FamilyInet = 2;
    /// <summary>IPV4_DEVCONF_ROUTE_LOCALNET: net.ipv4.conf.IF.route_localnet.</summary>
    public const ushort DevConfRouteLocalnet = 26;
}

/// <summary>VETH_INFO_* (linux/veth.h).</summary>
public static class VethInfoAttr
{
    public const ushort Peer = 1;
}

/// <summary>RTEXT_FILTER_* values for IFLA_EXT_MASK.</summary>
public static class RtExtFilter
{
    public const uint Vf = 1, SkipStats = 8;
}

/// <summary>IFA_* (linux/if_addr.h).</summary>
public static class IfaAttr
{
    public const ushort Address = 1, Local = 2, Label = 3, Broadcast = 4, Anycast = 5, CacheInfo = 6, Flags = 8, Proto = 11;
}

/// <summary>IFA_PROTO_* values (linux/if_addr.h): which part of the kernel made an address; 0 means user space did.</summary>
public static class IfaProto
{
    public const byte Unspec = 0, KernelLoopback = 1, KernelRouterAdvertisement = 2, KernelLinkLocal = 3;
}

/// <summary>
/// struct ifa_cacheinfo (16 bytes, IFA_CACHEINFO): the address's preferred and valid lifetimes in seconds (what is left
/// of them when read; <see cref="Infinite"/> for none), and creation/update stamps in hundredths of a second.
/// </summary>
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
public struct IfaCacheInfo
{
    public uint Preferred;   // ifa_prefered
    public uint Valid;       // ifa_valid
    public uint Created;     // cstamp
    public uint Updated;     // tstamp

    /// <summary>INFINITY_LIFE_TIME: the address never expires.</summary>
    public const uint Infinite = 0xFFFFFFFF;
}

/// <summary>IFA_F_* address flags.</summary>
[Flags]
public enum IfaFlags : uint
{
    None = 0, Secondary = 0x01, NoDad = 0x02, Optimistic = 0x04, DadFailed = 0x08, HomeAddress = 0x10,
    Deprecated = 0x20, Tentative = 0x40, Permanent = 0x80, ManageTempAddr = 0x100, NoPrefixRoute = 0x200,
}

/// <summary>RTA_* (linux/rtnetlink.h).</summary>
public static class RtaAttr
{
    public const ushort Dst = 1, Src = 2, Iif = 3, Oif = 4, Gateway = 5, Priority = 6, PrefSrc = 7, Metrics = 8,
        Multipath = 9, CacheInfo = 12, Table = 15, Via = 18, Pref = 20, Expires = 23;

    /// <summary>Byte offset of rta_expires (s32, clock ticks left, 0 = none) in struct rta_cacheinfo (RTA_CACHEINFO).</summary>
    public const int CacheInfoExpiresOffset = 8;
}

/// <summary>NETNSA_* (linux/net_namespace.h).</summary>
public static class NetnsaAttr
{
    public const ushort NsId = 1, Pid = 2, Fd = 3;
}

/// <summary>IFF_* device flags (linux/if.h).</summary>
[Flags]
public enum InterfaceFlags : uint
{
    None = 0, Up = 0x1, Broadcast = 0x2, Debug = 0x4, Loopback = 0x8, PointToPoint = 0x10, NoTrailers = 0x20,
    Running = 0x40, NoArp = 0x80, Promisc = 0x100, AllMulti = 0x200, Master = 0x400, Slave = 0x800,
    Multicast = 0x1000, PortSel = 0x2000, AutoMedia = 0x4000, Dynamic = 0x8000, LowerUp = 0x10000, Dormant = 0x20000,
    Echo = 0x40000,
}

/// <summary>RT_TABLE_* well-known routing tables.</summary>
public static class RtTable
{
    public const uint Unspec = 0, Default = 253, Main = 254, Local = 255;
}
