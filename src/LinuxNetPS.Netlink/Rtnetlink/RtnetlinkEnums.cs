namespace LinuxNetPS.Rtnetlink;

/// <summary>IF_OPER_* (RFC 2863 operational state, linux/if.h).</summary>
public enum OperState : byte
{
    Unknown = 0, NotPresent = 1, Down = 2, LowerLayerDown = 3, Testing = 4, Dormant = 5, Up = 6,
}

/// <summary>RT_SCOPE_* route and address scopes.</summary>
public enum RouteScope : byte
{
    Universe = 0, Site = 200, Link = 253, Host = 254, Nowhere = 255,
}

/// <summary>RTPROT_* who installed a route.</summary>
public enum RouteProtocol : byte
{
    Unspec = 0, Redirect = 1, Kernel = 2, Boot = 3, Static = 4, Dhcp = 16, Bird = 12, Zebra = 11, Ra = 9,
}

/// <summary>RTN_* route types.</summary>
public enum RouteType : byte
{
    Unspec = 0, Unicast = 1, Local = 2, Broadcast = 3, Anycast = 4, Multicast = 5, Blackhole = 6,
    Unreachable = 7, Prohibit = 8, Throw = 9, Nat = 10,
}
