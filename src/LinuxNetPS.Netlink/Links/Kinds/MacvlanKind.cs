using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Links.Kinds;

/// <summary>macvlan: extra MAC addresses on a parent interface (IFLA_LINK). Option: mode = private, vepa, bridge, passthru or source.</summary>
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
}
