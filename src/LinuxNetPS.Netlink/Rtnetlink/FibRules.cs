using System.Runtime.InteropServices;

namespace LinuxNetPS.Rtnetlink;

// Policy routing rules (`ip rule`): RTM_NEWRULE / RTM_DELRULE / RTM_GETRULE bodies, from linux/fib_rules.h.

/// <summary>struct fib_rule_hdr (12 bytes): the fixed header of rule messages.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FibRuleHdr
{
    public byte Family;
    public byte DestinationLength;
    public byte SourceLength;
    public byte Tos;
    /// <summary>The table for ids below 256; FRA_TABLE carries every id (the kernel sends 252, RT_TABLE_COMPAT, above).</summary>
    public byte Table;
    public byte Reserved1;
    public byte Reserved2;
    /// <summary>FR_ACT_* (<see cref="RoutingRuleAction"/>).</summary>
    public byte Action;
    /// <summary>FIB_RULE_* (<see cref="FibRuleFlags"/>).</summary>
    public uint Flags;
}

/// <summary>FRA_* attributes of a rule message.</summary>
public static class FraAttr
{
    public const ushort Dst = 1, Src = 2, IifName = 3, Goto = 4, Priority = 6, FwMark = 10, Flow = 11, TunId = 12,
        SuppressIfGroup = 13, SuppressPrefixLength = 14, Table = 15, FwMask = 16, OifName = 17, L3MDev = 19,
        UidRange = 20, Protocol = 21, IPProto = 22, SPortRange = 23, DPortRange = 24;
}

/// <summary>FR_ACT_*: what a matching rule does (Lookup is FR_ACT_TO_TBL, `ip rule ... lookup TABLE`).</summary>
public enum RoutingRuleAction : byte
{
    Unspec = 0, Lookup = 1, Goto = 2, Nop = 3, Blackhole = 6, Unreachable = 7, Prohibit = 8,
}

/// <summary>FIB_RULE_* bits of fib_rule_hdr.flags.</summary>
public static class FibRuleFlags
{
    public const uint Permanent = 0x1, Invert = 0x2, Unresolved = 0x4, IifDetached = 0x8, OifDetached = 0x10;
}
