using System.Globalization;
using LinuxNetPS.Model;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Links.Kinds;

/// <summary>
/// bond: several ports acting as one link, like `ip link add bond0 type bond mode active-backup miimon 100`
/// followed by `ip link set eth1 master bond0`. Options: mode (balance-rr, active-backup, balance-xor,
/// broadcast, 802.3ad, balance-tlb, balance-alb), miimon (link check interval in ms) and ports (the
/// interfaces to enslave, e.g. @{ ports = 'eth1', 'eth2' }), which are taken down and attached once the
/// bond exists; if one cannot be attached, the bond is deleted again. Reads mode and miimon back as <see cref="BondDetails"/>.
/// </summary>
internal sealed class BondKind : ILinkKind
{
    private static readonly Dictionary<string, BondMode> Modes = new()
    {
        ["balance-rr"] = BondMode.BalanceRr, ["active-backup"] = BondMode.ActiveBackup, ["balance-xor"] = BondMode.BalanceXor,
        ["broadcast"] = BondMode.Broadcast, ["802.3ad"] = BondMode.Ieee8023AD, ["balance-tlb"] = BondMode.BalanceTlb,
        ["balance-alb"] = BondMode.BalanceAlb,
    };

    public string Kind => "bond";

    public string KernelModule => "bonding";

    public IReadOnlyCollection<string> OptionNames => ["mode", "miimon", "ports"];

    public LinkKindRequest Prepare(LinkKindContext c)
    {
        c.NoParent();
        var mode = c.Choice("mode", Modes);
        uint? miimon = c.UInt32("miimon");
        var ports = c.LinkNames("ports");
        foreach (var port in ports) LinkResolver.IndexOf(c.Session, port); // a missing port fails before the bond is made
        return new LinkKindRequest
        {
            Data = mode is null && miimon is null ? null : w =>
            {
                if (mode is { } m) w.U8(IflaBondAttr.Mode, (byte)m);
                if (miimon is { } mi) w.U32(IflaBondAttr.Miimon, mi);
            },
            AfterCreate = ports.Count == 0 ? null : (links, bond) =>
            {
                foreach (var port in ports)
                {
                    links.SetUpState(port, false); // the kernel enslaves only ports that are down
                    links.Set(port, new LinkChanges { Master = bond });
                }
            },
        };
    }

    public LinkDetails Decode(ReadOnlySpan<byte> infoData)
    {
        var d = new BondDetails();
        var r = new AttributeReader(infoData);
        while (r.Next())
        {
            switch (r.Type)
            {
                case IflaBondAttr.Mode: d = d with { Mode = LinkKindText.NameOf(Modes, (BondMode)r.U8()) }; break;
                case IflaBondAttr.Miimon: d = d with { Miimon = r.U32() }; break;
            }
        }
        r.ThrowIfMalformed("bond attributes");
        return d;
    }
}

/// <summary>A bond as the kernel reports it (`ip -d link`: "bond mode active-backup miimon 100").</summary>
public sealed record BondDetails : LinkDetails
{
    public override string Kind => "bond";

    /// <summary>balance-rr, active-backup, balance-xor, broadcast, 802.3ad, balance-tlb or balance-alb; null if the kernel did not say.</summary>
    public string? Mode { get; init; }

    /// <summary>The link check interval in milliseconds (0 = off), when reported.</summary>
    public uint? Miimon { get; init; }

    protected override void Describe(List<string> words)
    {
        if (Mode is not null) words.AddRange(["mode", Mode]);
        if (Miimon is { } m) words.AddRange(["miimon", m.ToString(CultureInfo.InvariantCulture)]);
    }
}
