namespace LinuxNetPS.Rtnetlink;

/// <summary>rtmsg.rtm_flags bits (linux/rtnetlink.h): RTNH_F_* next-hop flags share the field with RTM_F_*.</summary>
public static class RtmFlags
{
    /// <summary>RTNH_F_ONLINK: the gateway is on the link even without a matching route.</summary>
    public const uint OnLink = 0x4;
    /// <summary>RTM_F_CLONED: a cached (cloned) route, not a configured one.</summary>
    public const uint Cloned = 0x200;
}
