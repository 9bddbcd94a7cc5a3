using LinuxNetPS.Model;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Links.Kinds;

/// <summary>
/// ipvlan: addresses of their own on a parent's MAC address (IFLA_LINK), like `ip link add link eth0 name ipv0
/// type ipvlan mode l3`. Options: mode (l2, l3 or l3s; the kernel's default is l3) and flag (bridge, private or vepa).
/// Reads them back as <see cref="IpvlanDetails"/>.
/// </summary>
internal sealed class IpvlanKind : ILinkKind
{
    private static readonly Dictionary<string, IpvlanMode> Modes = new()
    {
        ["l2"] = IpvlanMode.L2, ["l3"] = IpvlanMode.L3, ["l3s"] = IpvlanMode.L3S,
    };

    private static readonly Dictionary<string, ushort> Flags = new()
    {
        ["bridge"] = IpvlanFlags.Bridge, ["private"] = IpvlanFlags.Private, ["vepa"] = IpvlanFlags.Vepa,
    };

    public string Kind => "ipvlan";

    public IReadOnlyCollection<string> OptionNames => ["mode", "flag"];

    public LinkKindRequest Prepare(LinkKindContext c)
    {
        var mode = c.Choice("mode", Modes);
        var flag = c.Choice("flag", Flags);
        int? parent = c.ParentIndex(required: true);
        if (mode is null && flag is null) return new LinkKindRequest { LowerIndex = parent };
        return new LinkKindRequest
        {
            LowerIndex = parent,
            // As iproute2 does: the mode (l3 when only a flag is given), then the flags, also when they are 0.
            Data = w =>
            {
                w.U16(IflaIpvlanAttr.Mode, (ushort)(mode ?? IpvlanMode.L3));
                w.U16(IflaIpvlanAttr.Flags, flag ?? IpvlanFlags.Bridge);
            },
        };
    }

    public LinkDetails Decode(ReadOnlySpan<byte> infoData)
    {
        var d = new IpvlanDetails();
        var r = new AttributeReader(infoData);
        while (r.Next())
        {
            switch (r.Type)
            {
                case IflaIpvlanAttr.Mode: d = d with { Mode = LinkKindText.NameOf(Modes, (IpvlanMode)r.U16()) }; break;
                case IflaIpvlanAttr.Flags: d = d with { Flag = LinkKindText.NameOf(Flags, r.U16()) }; break;
            }
        }
        r.ThrowIfMalformed("ipvlan attributes");
        return d;
    }
}

/// <summary>An ipvlan link as the kernel reports it (`ip -d link`: "ipvlan mode l3 bridge").</summary>
public sealed record IpvlanDetails : LinkDetails
{
    public override string Kind => "ipvlan";

    /// <summary>l2, l3 or l3s; null if the kernel did not say.</summary>
    public string? Mode { get; init; }

    /// <summary>bridge, private or vepa; null if the kernel did not say.</summary>
    public string? Flag { get; init; }

    protected override void Describe(List<string> words)
    {
        if (Mode is not null) words.AddRange(["mode", Mode]);
        if (Flag is not null) words.Add(Flag);
    }
}
