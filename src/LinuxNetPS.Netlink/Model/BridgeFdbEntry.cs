using System.Net;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Model;

/// <summary>
/// An entry of a bridge forwarding database (`bridge fdb`): a MAC address (per VLAN) that a bridge port, the bridge
/// itself or a VXLAN device knows how to reach. On a VXLAN device an entry names the remote tunnel endpoint
/// (Destination); the all-zeros MAC with a Destination is the head-end replication list for broadcast and unknown traffic.
/// </summary>
public sealed record BridgeFdbEntry
{
    public string? Namespace { get; init; }
    /// <summary>The MAC address, aa:bb:cc:dd:ee:ff.</summary>
    public required string MacAddress { get; init; }
    /// <summary>The device the entry is on (`dev`): a bridge port, the bridge, or a VXLAN device.</summary>
    public required string Interface { get; init; }
    public int InterfaceIndex { get; init; }
    /// <summary>The bridge whose table holds the entry (`master`), or null for an entry of the device's own table.</summary>
    public string? Bridge { get; init; }
    /// <summary>The VLAN the entry is for (`vlan`), or null.</summary>
    public int? Vlan { get; init; }
    /// <summary>Where a VXLAN device sends frames for this MAC (`dst`): the remote tunnel endpoint. (Not called Destination, which is a route's or a NAT rule's.)</summary>
    public IPAddress? RemoteAddress { get; init; }
    /// <summary>The remote endpoint's UDP port (`port`), when it differs from the device's.</summary>
    public int? RemotePort { get; init; }
    /// <summary>The VXLAN network identifier (`vni`), when it differs from the device's.</summary>
    public uint? Vni { get; init; }
    /// <summary>Permanent (a local address), Static (configured, never ages), Dynamic (learned, ages) or Stale.</summary>
    public BridgeFdbState State { get; init; }
    /// <summary>NTF_* flags: Self (the device's own table), Master (the bridge's), ExternLearned, Offloaded, Sticky, Router.</summary>
    public BridgeFdbFlags Flags { get; init; }
    /// <summary>Seconds since the entry was last updated (learned again or configured): a dynamic entry ages out after the bridge's ageing time.</summary>
    public double? UpdatedSecondsAgo { get; init; }

    /// <summary>"self" or "master" (or both), as `bridge fdb` prints them.</summary>
    public string Table => (Flags & (BridgeFdbFlags.Self | BridgeFdbFlags.Master)) switch
    {
        BridgeFdbFlags.Self => "self",
        BridgeFdbFlags.Master => "master",
        BridgeFdbFlags.Self | BridgeFdbFlags.Master => "self,master",
        _ => Bridge is null ? "" : "master",
    };

    public override string ToString() =>
        $"{MacAddress} dev {Interface}" + (Vlan is { } v ? $" vlan {v}" : "") + (RemoteAddress is { } d ? $" dst {d}" : "")
        + (Bridge is { } b ? $" master {b}" : "") + $" {State.ToString().ToLowerInvariant()}";
}

/// <summary>How an FDB entry came to be, from its NUD state (the words of `bridge fdb`).</summary>
public enum BridgeFdbState
{
    /// <summary>Learned from traffic (NUD_REACHABLE); ages out.</summary>
    Dynamic,
    /// <summary>Configured (NUD_NOARP); never ages.</summary>
    Static,
    /// <summary>A local address of the bridge or device (NUD_PERMANENT): frames to it are delivered locally.</summary>
    Permanent,
    /// <summary>NUD_STALE.</summary>
    Stale,
}

/// <summary>NTF_* flags of an FDB entry (linux/neighbour.h bit values).</summary>
[Flags]
public enum BridgeFdbFlags : byte
{
    None = 0,
    Self = 0x02,
    Master = 0x04,
    ExternLearned = 0x10,
    Offloaded = 0x20,
    Sticky = 0x40,
    Router = 0x80,
}

/// <summary>FDB entry states as users name them (-State Static, Permanent, Dynamic).</summary>
public static class BridgeFdbStates
{
    /// <summary>The states an entry can be added as.</summary>
    public static IReadOnlyList<string> Names { get; } = ["Static", "Permanent", "Dynamic"];

    /// <summary>The state by name, case-insensitive; InvalidArgument naming the states otherwise.</summary>
    public static BridgeFdbState Parse(string? text)
    {
        var t = (text ?? "").Trim();
        foreach (var name in Names)
            if (string.Equals(name, t, StringComparison.OrdinalIgnoreCase)) return Enum.Parse<BridgeFdbState>(name);
        throw NetOperationException.Invalid($"'{InputText.Echo(text)}' is not an FDB entry state; use {string.Join(", ", Names)}.", text);
    }
}
