using LinuxNetPS.Nftables.Wire;
namespace LinuxNetPS.Nftables;

/// <summary>
/// The NAT base chains of our table (type nat), whose rules <see cref="NatOperations"/> keeps: the priorities are
/// nft's "srcnat" and "dstnat", which is where iptables' nat table sits too.
/// </summary>
public sealed record NatChain(string Name, uint Hook, int Priority) : BaseChain(Name, Hook, Priority, "nat")
{
    /// <summary>Source NAT (masquerade, snat) after routing: priority srcnat (100).</summary>
    public static NatChain PostRouting { get; } = new("postrouting", NfInetHook.PostRouting, NfIpPriority.NatSrc);

    /// <summary>Destination NAT of arriving packets: priority dstnat (-100).</summary>
    public static NatChain PreRouting { get; } = new("prerouting", NfInetHook.PreRouting, NfIpPriority.NatDst);

    /// <summary>Destination NAT of packets the host itself sends to a published port: priority -100.</summary>
    public static NatChain Output { get; } = new("output", NfInetHook.LocalOut, NfIpPriority.NatDst);
}
