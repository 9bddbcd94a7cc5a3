using System.Runtime.InteropServices;

namespace LinuxNetPS.Rtnetlink;

/// <summary>struct rtnexthop (8 bytes): one path of RTA_MULTIPATH, followed by its own RTA_GATEWAY / RTA_VIA.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct RtNextHop
{
    /// <summary>rtnh_len: this struct and the attributes after it.</summary>
    public ushort Length;
    /// <summary>RTNH_F_*.</summary>
    public byte Flags;
    /// <summary>rtnh_hops: the weight minus one.</summary>
    public byte Hops;
    public int InterfaceIndex;
}

/// <summary>RTNH_F_* bits of rtnexthop.rtnh_flags (linux/rtnetlink.h).</summary>
[Flags]
public enum NextHopFlags : byte
{
    None = 0, Dead = 1, Pervasive = 2, OnLink = 4, Offload = 8, LinkDown = 16, Unresolved = 32, Trap = 64,
}
