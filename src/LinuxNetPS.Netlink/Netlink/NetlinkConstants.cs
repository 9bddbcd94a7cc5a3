namespace LinuxNetPS.Netlink;

/// <summary>Netlink protocol families we open sockets for (linux/netlink.h).</summary>
public enum NetlinkProtocol
{
    Route = 0,      // NETLINK_ROUTE
    Netfilter = 12, // NETLINK_NETFILTER
}

/// <summary>nlmsghdr.nlmsg_flags (linux/netlink.h). Some values mean different things for GET and NEW.</summary>
[Flags]
public enum NetlinkFlags : ushort
{
    None = 0,
    Request = 0x01,
    Multi = 0x02,
    Ack = 0x04,
    Echo = 0x08,
    DumpInterrupted = 0x10,
    DumpFiltered = 0x20,
    // GET requests
    Root = 0x100,
    Match = 0x200,
    Atomic = 0x400,
    Dump = Root | Match,
    // NEW requests
    Replace = 0x100,
    Excl = 0x200,
    Create = 0x400,
    Append = 0x800,
    // NLMSG_ERROR replies
    Capped = 0x100,
    AckTlvs = 0x200,
}

/// <summary>Control message types shared by every netlink family (linux/netlink.h).</summary>
public static class NetlinkMessageType
{
    public const ushort Noop = 1;    // NLMSG_NOOP
    public const ushort Error = 2;   // NLMSG_ERROR
    public const ushort Done = 3;    // NLMSG_DONE
    public const ushort Overrun = 4; // NLMSG_OVERRUN
}

/// <summary>Attributes of an extended ACK (enum nlmsgerr_attrs).</summary>
internal static class NlmsgerrAttr
{
    public const ushort Msg = 1;
}

internal static class NetlinkLayout
{
    public const int HeaderSize = 16; // sizeof(struct nlmsghdr)
    public const int AttributeHeaderSize = 4; // sizeof(struct nlattr)
    public const ushort NestedFlag = 0x8000; // NLA_F_NESTED
    public const ushort TypeMask = 0x3fff; // NLA_TYPE_MASK: drops NLA_F_NESTED and NLA_F_NET_BYTEORDER

    public static int Align(int length) => (length + 3) & ~3;
}
