using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Model;

/// <summary>Spells interface flags the way `ip link` does.</summary>
public static class FlagFormatter
{
    private static readonly (InterfaceFlags Flag, string Name)[] Order =
    [
        (InterfaceFlags.Loopback, "LOOPBACK"), (InterfaceFlags.Broadcast, "BROADCAST"), (InterfaceFlags.PointToPoint, "POINTOPOINT"),
        (InterfaceFlags.Multicast, "MULTICAST"), (InterfaceFlags.NoArp, "NOARP"), (InterfaceFlags.AllMulti, "ALLMULTI"),
        (InterfaceFlags.Promisc, "PROMISC"), (InterfaceFlags.Master, "MASTER"), (InterfaceFlags.Slave, "SLAVE"),
        (InterfaceFlags.Up, "UP"), (InterfaceFlags.LowerUp, "LOWER_UP"), (InterfaceFlags.Dormant, "DORMANT"),
    ];

    public static string Format(InterfaceFlags flags)
    {
        var names = Order.Where(o => (flags & o.Flag) != 0).Select(o => o.Name).ToList();
        if ((flags & InterfaceFlags.Up) != 0 && (flags & InterfaceFlags.LowerUp) == 0) names.Insert(0, "NO-CARRIER");
        return string.Join(',', names);
    }
}
