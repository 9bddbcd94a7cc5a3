using LinuxNetPS.Client;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Primitives;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Monitoring.Events;

/// <summary>The link states one can wait for.</summary>
public enum LinkCondition
{
    /// <summary>Administratively up and with carrier (IFF_UP and IFF_LOWER_UP): what `ip link` shows as state UP (or UNKNOWN for lo).</summary>
    Up,
    /// <summary>Exists but is not <see cref="Up"/>.</summary>
    Down,
    /// <summary>Exists, in any state.</summary>
    Present,
    /// <summary>Does not exist (deleted, renamed or moved away).</summary>
    Absent,
}

/// <summary>Waits for a link of one namespace to reach a state.</summary>
public static class LinkWait
{
    /// <summary>The link once it is in <paramref name="condition"/> (null for Absent), or Satisfied = false at the timeout.</summary>
    public static WaitOutcome<NetLink> Until(NetClient client, string name, LinkCondition condition, TimeSpan timeout, CancellationToken cancel = default)
    {
        LinkName.Validate(name);
        return NetWait.Until(client, NetEventKinds.Link, () =>
        {
            var link = client.Links.TryGet(name);
            return new WaitOutcome<NetLink>(Holds(link, condition), link);
        }, timeout, cancel);
    }

    public static bool IsUp(NetLink link) => link.IsUp && link.Flags.HasFlag(InterfaceFlags.LowerUp);

    private static bool Holds(NetLink? link, LinkCondition condition) => condition switch
    {
        LinkCondition.Up => link is not null && IsUp(link),
        LinkCondition.Down => link is not null && !IsUp(link),
        LinkCondition.Present => link is not null,
        _ => link is null,
    };
}
