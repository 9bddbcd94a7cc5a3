namespace LinuxNetPS.Rtnetlink;

/// <summary>rtnetlink message types (linux/rtnetlink.h, RTM_*).</summary>
public static class RtmType
{
    public const ushort NewLink = 16, DelLink = 17, GetLink = 18, SetLink = 19;
    public const ushort NewAddr = 20, DelAddr = 21, GetAddr = 22;
    public const ushort NewRoute = 24, DelRoute = 25, GetRoute = 26;
    public const ushort NewNeigh = 28, DelNeigh = 29, GetNeigh = 30;
    public const ushort NewRule = 32, DelRule = 33, GetRule = 34;
    public const ushort NewQdisc = 36, DelQdisc = 37, GetQdisc = 38;
    public const ushort NewNsId = 88, GetNsId = 90;
}

/// <summary>Address families used in rtnetlink headers (linux/socket.h).</summary>
public static class AddressFamily
{
    public const byte Unspec = 0, Inet = 2, Bridge = 7, Inet6 = 10;
}
