namespace LinuxNetPS.Rtnetlink;

// Attributes of particular link kinds (inside IFLA_INFO_DATA / IFLA_INFO_SLAVE_DATA) and a few
// link attributes the base list lacks. Values checked with gcc against linux/if_link.h and
// linux/if_bridge.h.

/// <summary>IFLA_TARGET_NETNSID (linux/if_link.h): act on the namespace with this id, as seen from the socket's namespace.</summary>
public static class IflaTargetAttr
{
    public const ushort TargetNetNsId = 46;
}

/// <summary>IFLA_BR_* (bridge, inside IFLA_INFO_DATA).</summary>
public static class IflaBrAttr
{
    public const ushort ForwardDelay = 1, HelloTime = 2, MaxAge = 3, AgeingTime = 4, StpState = 5, Priority = 6,
        VlanFiltering = 7, VlanProtocol = 8, RootId = 10, BridgeId = 11, McastSnooping = 23, VlanDefaultPvid = 39;
}

/// <summary>IFLA_BRPORT_* (bridge port, inside IFLA_INFO_SLAVE_DATA).</summary>
public static class IflaBrPortAttr
{
    public const ushort State = 1, Priority = 2, Cost = 3, Mode = 4, Guard = 5, Learning = 8, UnicastFlood = 9, Isolated = 33;
}

/// <summary>BR_STATE_* (linux/if_bridge.h): the STP state of a bridge port.</summary>
public enum BridgePortState : byte
{
    Disabled = 0, Listening = 1, Learning = 2, Forwarding = 3, Blocking = 4,
}

/// <summary>IFLA_MACVLAN_* (inside IFLA_INFO_DATA).</summary>
public static class IflaMacvlanAttr
{
    public const ushort Mode = 1, Flags = 2;
}

/// <summary>MACVLAN_FLAG_* bits of IFLA_MACVLAN_FLAGS.</summary>
public static class MacvlanFlags
{
    public const ushort NoPromisc = 1;
}

/// <summary>MACVLAN_MODE_* values of IFLA_MACVLAN_MODE.</summary>
public enum MacvlanMode : uint
{
    Private = 1, Vepa = 2, Bridge = 4, Passthru = 8, Source = 16,
}

/// <summary>IFLA_VXLAN_* (inside IFLA_INFO_DATA).</summary>
public static class IflaVxlanAttr
{
    public const ushort Id = 1, Group = 2, Link = 3, Local = 4, Ttl = 5, Tos = 6, Learning = 7, Ageing = 8, Proxy = 11, Port = 15,
        Group6 = 16, Local6 = 17;
}

/// <summary>NETNSA_NSID_NOT_ASSIGNED: the answer of RTM_GETNSID for a namespace without an id.</summary>
public static class NetnsaValues
{
    public const int NsIdNotAssigned = -1;
}

/// <summary>IFLA_VLAN_* (inside IFLA_INFO_DATA), from linux/if_link.h.</summary>
public static class IflaVlanAttr
{
    public const ushort Id = 1, Flags = 2, EgressQos = 3, IngressQos = 4, Protocol = 5;
}

/// <summary>The VLAN tag protocols of IFLA_VLAN_PROTOCOL (ETH_P_8021Q, ETH_P_8021AD from linux/if_ether.h), sent big-endian.</summary>
public static class VlanProtocol
{
    public const ushort Ieee8021Q = 0x8100, Ieee8021AD = 0x88A8;
}

/// <summary>IFLA_IPVLAN_* (inside IFLA_INFO_DATA).</summary>
public static class IflaIpvlanAttr
{
    public const ushort Mode = 1, Flags = 2;
}

/// <summary>IPVLAN_MODE_* values of IFLA_IPVLAN_MODE.</summary>
public enum IpvlanMode : ushort
{
    L2 = 0, L3 = 1, L3S = 2,
}

/// <summary>IPVLAN_F_* bits of IFLA_IPVLAN_FLAGS (no bit: bridge).</summary>
public static class IpvlanFlags
{
    public const ushort Bridge = 0, Private = 0x01, Vepa = 0x02;
}

/// <summary>IFLA_BOND_* (inside IFLA_INFO_DATA).</summary>
public static class IflaBondAttr
{
    public const ushort Mode = 1, ActivePort = 2, Miimon = 3;
}

/// <summary>BOND_MODE_* values of IFLA_BOND_MODE, from linux/if_bonding.h.</summary>
public enum BondMode : byte
{
    BalanceRr = 0, ActiveBackup = 1, BalanceXor = 2, Broadcast = 3, Ieee8023AD = 4, BalanceTlb = 5, BalanceAlb = 6,
}
