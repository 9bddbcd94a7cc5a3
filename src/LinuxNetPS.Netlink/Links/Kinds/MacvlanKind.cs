using LinuxNetPS.Model;
using LinuxNetPS.Netlink;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Links.Kinds;

/// <summary>
/// macvlan: extra MAC addresses on a parent interface (IFLA_LINK). Option: mode = private, vepa, bridge, passthru or source.
/// Reads the mode back as <see cref="MacvlanDetails"/>.
/// </summary>
internal sealed class MacvlanKind : ILinkKind
{
    private static readonly Dictionary<string, MacvlanMode> Modes = new()
    {
        ["private"] = MacvlanMode.Private, ["vepa"] = MacvlanMode.Vepa, ["bridge"] = MacvlanMode.Bridge,
        ["passthru"] = MacvlanMode.Passthru, ["source"] = MacvlanMode.Source,
    };

    public string Kind => "macvlan";

    public IReadOnlyCollection<string> OptionNames => ["mode"];

    public LinkKindRequest Prepare(LinkKindContext c) => PrepareFor(c);

    public LinkDetails Decode(ReadOnlySpan<byte> infoData) => DecodeFor(Kind, infoData);

    /// <summary>macvlan's request; macvtap takes the same.</summary>
    internal static LinkKindRequest PrepareFor(LinkKindContext c)
    {
        var mode = c.Choice("mode", Modes);
        int? parent = c.ParentIndex(required: true);
        return new LinkKindRequest
        {
            LowerIndex = parent,
            Data = mode is { } m ? w => w.U32(IflaMacvlanAttr.Mode, (uint)m) : null,
        };
    }

    /// <summary>macvlan's IFLA_INFO_DATA; macvtap reports the same.</summary>
    internal static MacvlanDetails DecodeFor(string kind, ReadOnlySpan<byte> infoData)
    {
        var d = new MacvlanDetails(kind);
        var r = new AttributeReader(infoData);
        while (r.Next())
        {
            switch (r.Type)
            {
                case IflaMacvlanAttr.Mode: d = d with { Mode = LinkKindText.NameOf(Modes, (MacvlanMode)r.U32()) }; break;
                case IflaMacvlanAttr.Flags: d = d with { NoPromisc = (r.U16() & MacvlanFlags.NoPromisc) != 0 }; break;
            }
        }
        r.ThrowIfMalformed($"{kind} attributes");
        return d;
    }
}

/// <summary>A macvlan or macvtap link as the kernel reports it (`ip -d link`: "macvlan mode bridge").</summary>
public sealed record MacvlanDetails : LinkDetails
{
    private readonly string _kind;

    public MacvlanDetails(string kind) => _kind = kind;

    /// <summary>"macvlan" or "macvtap".</summary>
    public override string Kind => _kind;

    /// <summary>private, vepa, bridge, passthru or source (iproute2's words); null if the kernel did not say.</summary>
    public string? Mode { get; init; }

    /// <summary>Whether the parent is left out of promiscuous mode (passthru's nopromisc).</summary>
    public bool NoPromisc { get; init; }

    protected override void Describe(List<string> words)
    {
        if (Mode is not null) words.AddRange(["mode", Mode]);
        if (NoPromisc) words.Add("nopromisc");
    }
}
