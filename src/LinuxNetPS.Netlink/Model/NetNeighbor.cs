using System.Net;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Model;

/// <summary>
/// An entry of a namespace's neighbour table: an IPv4 ARP or IPv6 ND entry (`ip neigh`), or a proxy ARP/ND entry
/// (`ip neigh show proxy`). Property names follow Windows' Get-NetNeighbor where they mean the same
/// (IPAddress, LinkLayerAddress, State; InterfaceAlias and AddressFamily are types-file aliases).
/// </summary>
public sealed record NetNeighbor
{
    public string? Namespace { get; init; }
    /// <summary>The interface the entry is on.</summary>
    public required string Interface { get; init; }
    public int InterfaceIndex { get; init; }
    /// <summary>The neighbour's IP address (named as in Windows; `Address` would be shadowed by System.Array's method).</summary>
    public required IPAddress IPAddress { get; init; }
    /// <summary>The neighbour's hardware address as aa:bb:cc:dd:ee:ff; null while unresolved (and for proxy entries).</summary>
    public string? LinkLayerAddress { get; init; }
    /// <summary>NUD state: Reachable, Stale, Delay, Probe, Failed, Incomplete, NoArp, Permanent, or None (proxy entries).</summary>
    public NeighborState State { get; init; }
    public IPFamily Family => IPFamilies.Of(IPAddress);
    /// <summary>NTF_ROUTER: the IPv6 neighbour is a router.</summary>
    public bool IsRouter { get; init; }
    /// <summary>NTF_PROXY: an entry of the proxy table (the namespace answers ARP/ND for the address), not a neighbour.</summary>
    public bool IsProxy { get; init; }
    /// <summary>Seconds since the kernel last updated the entry (from nda_cacheinfo); null for proxy entries.</summary>
    public double? UpdatedSecondsAgo { get; init; }

    /// <summary>The state as `ip neigh` prints it: REACHABLE, STALE, PERMANENT ...; "" for proxy entries.</summary>
    public string StateText => IsProxy ? "" : NeighborStates.Text(State);

    public override string ToString() =>
        IsProxy ? $"{IPAddress} dev {Interface} proxy"
        : $"{IPAddress} dev {Interface}" + (LinkLayerAddress is null ? "" : $" lladdr {LinkLayerAddress}") + (IsRouter ? " router" : "") + $" {StateText}";
}

/// <summary>NUD states of a neighbour entry (ndm_state, linux/neighbour.h): the kernel's bits, so a value is what it sent.</summary>
[Flags]
public enum NeighborState : ushort
{
    None = 0x00,
    Incomplete = 0x01,
    Reachable = 0x02,
    Stale = 0x04,
    Delay = 0x08,
    Probe = 0x10,
    Failed = 0x20,
    NoArp = 0x40,
    Permanent = 0x80,
}

/// <summary>Neighbour states as text, both ways.</summary>
public static class NeighborStates
{
    private static readonly NeighborState[] Order =
    [
        NeighborState.Permanent, NeighborState.NoArp, NeighborState.Reachable, NeighborState.Stale, NeighborState.Delay,
        NeighborState.Probe, NeighborState.Failed, NeighborState.Incomplete,
    ];

    /// <summary>The states a user may name (as -State), in the order `ip neigh` documents them.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["Permanent", "NoArp", "Reachable", "Stale", "Delay", "Probe", "Failed", "Incomplete", "None"];

    /// <summary>Upper case, as `ip neigh` prints it; several bits (never sent by the kernel) joined by ','.</summary>
    public static string Text(NeighborState state)
    {
        if (state == NeighborState.None) return "NONE";
        var names = Order.Where(s => (state & s) != 0).Select(s => s.ToString().ToUpperInvariant()).ToList();
        return names.Count == 0 ? $"0x{(ushort)state:x}" : string.Join(",", names);
    }

    /// <summary>A state by name, case-insensitive; InvalidNeighborState naming the states otherwise.</summary>
    public static NeighborState Parse(string? text) => TryParse(text)
        ?? throw NetOperationException.Invalid($"'{InputText.Echo(text)}' is not a neighbour state; use one of {string.Join(", ", Names)}.", text)
            .WithErrorId(ErrorIds.InvalidNeighborState);

    /// <summary>A state by name, case-insensitive ("permanent", "NOARP", "Reachable"); null when it is none of <see cref="Names"/>.</summary>
    public static NeighborState? TryParse(string? text)
    {
        var t = (text ?? "").Trim();
        foreach (var name in Names)
            if (string.Equals(name, t, StringComparison.OrdinalIgnoreCase))
                return Enum.Parse<NeighborState>(name);
        return null;
    }
}
