using System.Net;
using LinuxNetPS.Model;
using LinuxNetPS.Neighbors;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Support;

/// <summary>What the neighbour cmdlets read from their parameters: addresses, states and hardware addresses as the core takes them.</summary>
internal static class NeighborArguments
{
    public static IPAddress Address(string text) => IPPrefix.ParseAddress(text, "neighbour address");

    public static HashSet<NeighborState>? States(string[]? texts) =>
        texts is null ? null : texts.Select(NeighborStates.Parse).ToHashSet();

    /// <summary>A hardware address in the form the objects carry it (lower case, ':'), to compare with.</summary>
    public static string Mac(string text) => MacText.Normalize(text);
}
