using System.Runtime.InteropServices;

namespace LinuxNetPS.Rtnetlink;

// Neighbour (ARP/ND and bridge FDB) and bridge VLAN constants, from linux/neighbour.h, linux/if_bridge.h and
// linux/rtnetlink.h. Names follow the kernel's, in C# case.

/// <summary>struct ndmsg (12 bytes): the fixed header of RTM_NEWNEIGH / RTM_DELNEIGH / RTM_GETNEIGH (neighbours and FDB entries).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct NdMsg
{
    public byte Family;     // AF_INET / AF_INET6 for neighbours, AF_BRIDGE (PF_BRIDGE) for FDB entries
    public byte Pad1;
    public ushort Pad2;
    public int Index;       // ndm_ifindex
    public ushort State;    // NUD_*
    public byte Flags;      // NTF_*
    public byte Type;       // RTN_* (unused for requests)
}

/// <summary>NDA_* attributes of neighbour messages.</summary>
public static class NdaAttr
{
    public const ushort Dst = 1, LinkLayerAddress = 2, CacheInfo = 3, Probes = 4, Vlan = 5, Port = 6, Vni = 7,
        IfIndex = 8, Master = 9, LinkNetNsId = 10, SrcVni = 11, Protocol = 12, NhId = 13, FdbExtAttrs = 14, FlagsExt = 15;
}

/// <summary>NUD_* neighbour states (ndm_state); a bit mask, though an entry is in one state at a time.</summary>
public static class NudState
{
    public const ushort None = 0x00, Incomplete = 0x01, Reachable = 0x02, Stale = 0x04, Delay = 0x08, Probe = 0x10,
        Failed = 0x20, NoArp = 0x40, Permanent = 0x80;
}

/// <summary>NTF_* neighbour and FDB entry flags (ndm_flags).</summary>
public static class NtfFlags
{
    public const byte Use = 0x01, Self = 0x02, Master = 0x04, Proxy = 0x08, ExtLearned = 0x10, Offloaded = 0x20,
        Sticky = 0x40, Router = 0x80;
}

/// <summary>struct nda_cacheinfo (16 bytes): times in clock ticks (USER_HZ, 100 a second) since the entry was confirmed, used, updated.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct NdaCacheInfo
{
    public uint Confirmed;
    public uint Used;
    public uint Updated;
    public uint RefCount;

    /// <summary>USER_HZ: the unit of the cacheinfo times as the kernel reports them (clock_t).</summary>
    public const int TicksPerSecond = 100;
}

/// <summary>IFLA_AF_SPEC (linux/if_link.h), the per-family nest of a link message; for AF_BRIDGE it holds IFLA_BRIDGE_*.</summary>
public static class IflaAfSpec
{
    public const ushort AfSpec = 26;
}

/// <summary>IFLA_BRIDGE_* inside IFLA_AF_SPEC of an AF_BRIDGE link message (linux/if_bridge.h).</summary>
public static class IflaBridgeAttr
{
    public const ushort Flags = 0, Mode = 1, VlanInfo = 2, VlanTunnelInfo = 3;
}

/// <summary>BRIDGE_FLAGS_* values of IFLA_BRIDGE_FLAGS: act on the bridge master or on the device itself.</summary>
public static class BridgeFlags
{
    public const ushort Master = 1, Self = 2;
}

/// <summary>BRIDGE_VLAN_INFO_* flags of struct bridge_vlan_info.</summary>
public static class BridgeVlanInfoFlags
{
    public const ushort Master = 1 << 0, Pvid = 1 << 1, Untagged = 1 << 2, RangeBegin = 1 << 3, RangeEnd = 1 << 4,
        BrEntry = 1 << 5, OnlyOpts = 1 << 6;
}

/// <summary>struct bridge_vlan_info (4 bytes): one VLAN (or one end of a range) of a bridge port.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct BridgeVlanInfo
{
    public ushort Flags;
    public ushort Vid;
}

/// <summary>RTEXT_FILTER_* bits of IFLA_EXT_MASK that ask an AF_BRIDGE link dump for the VLANs of each port.</summary>
public static class RtExtFilterBridge
{
    /// <summary>RTEXT_FILTER_BRVLAN: one bridge_vlan_info per VLAN.</summary>
    public const uint BrVlan = 1 << 1;
    /// <summary>RTEXT_FILTER_BRVLAN_COMPRESSED: consecutive VLANs with the same flags as a RANGE_BEGIN / RANGE_END pair.</summary>
    public const uint BrVlanCompressed = 1 << 2;
}
