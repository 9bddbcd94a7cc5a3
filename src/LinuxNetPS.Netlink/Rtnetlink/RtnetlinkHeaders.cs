using System.Runtime.InteropServices;

namespace LinuxNetPS.Rtnetlink;

/// <summary>struct ifinfomsg (16 bytes): the fixed header of link messages.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct IfInfoMsg
{
    public byte Family;
    public byte Pad;
    public ushort Type;    // ARPHRD_*
    public int Index;
    public uint Flags;     // IFF_*
    public uint Change;    // which Flags bits to change
}

/// <summary>struct ifaddrmsg (8 bytes): the fixed header of address messages.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct IfAddrMsg
{
    public byte Family;
    public byte PrefixLength;
    public byte Flags;
    public byte Scope;
    public uint Index;
}

/// <summary>struct rtmsg (12 bytes): the fixed header of route messages.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct RtMsg
{
    public byte Family;
    public byte DestinationLength;
    public byte SourceLength;
    public byte Tos;
    public byte Table;
    public byte Protocol;
    public byte Scope;
    public byte Type;
    public uint Flags;
}

/// <summary>struct rtgenmsg padded to 4 bytes: the header of RTM_*NSID messages.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct RtGenMsg
{
    public byte Family;
    public byte Pad1;
    public ushort Pad2;
}
