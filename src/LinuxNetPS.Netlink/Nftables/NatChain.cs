using LinuxNetPS.Nftables.Wire;
namespace LinuxNetPS.Nftables;

/// <summary>
/// The base chains of our table, each created when its first rule arrives and deleted with its
/// last: the priorities are nft's "srcnat" and "dstnat", which is where iptables' nat table sits too.
/// <see cref="Forward"/> is the one filter chain (container network isolation, see Compose/Networks).
/// </summary>
public sealed record NatChain(string Name, uint Hook, int Priority, string Type = "nat")
{
    /// <summary>Source NAT (masquerade, snat) after routing: priority srcnat (100).</summary>
    public static NatChain PostRouting { get; } = new("postrouting", NfInetHook.PostRouting, NfIpPriority.NatSrc);

    /// <summary>Destination NAT of arriving packets: priority dstnat (-100).</summary>
    public static NatChain PreRouting { get; } = new("prerouting", NfInetHook.PreRouting, NfIpPriority.NatDst);

    /// <summary>Destination NAT of packets the host itself sends to a published port: priority -100.</summary>
    public static NatChain Output { get; } = new("output", NfInetHook.LocalOut, NfIpPriority.NatDst);

    /// <summary>Filtering of forwarded packets (isolation between container networks): type filter, priority filter (0).</summary>
    public static NatChain Forward { get; } = new("forward", NfInetHook.Forward, NfIpPriority.Filter, "filter");

    public static IReadOnlyList<NatChain> All { get; } = [PostRouting, PreRouting, Output, Forward];

    public static NatChain? Find(string name) => All.FirstOrDefault(c => c.Name == name);
}
