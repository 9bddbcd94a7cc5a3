using System.Net;

namespace LinuxNetPS.Model;

/// <summary>An entry of the neighbour (ARP / NDP) table, as a neighbour event reports it.</summary>
public sealed record NeighborEntry
{
    public string? Namespace { get; init; }
    public required IPAddress Address { get; init; }
    public string? Interface { get; init; }
    public int InterfaceIndex { get; init; }
    /// <summary>Hardware address as aa:bb:cc:dd:ee:ff, or null while unresolved.</summary>
    public string? MacAddress { get; init; }
    /// <summary>NUD state in iproute2's words: REACHABLE, STALE, DELAY, PROBE, FAILED, INCOMPLETE, NOARP, PERMANENT, NONE.</summary>
    public required string State { get; init; }

    public override string ToString() => $"{Address} dev {Interface}" + (MacAddress is null ? "" : $" lladdr {MacAddress}") + $" {State}";
}
