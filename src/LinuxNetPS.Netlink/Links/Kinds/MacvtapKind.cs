using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Links.Kinds;

/// <summary>macvtap: a macvlan with a tap character device (for VMs); the same parent and mode option as macvlan.</summary>
internal sealed class MacvtapKind : ILinkKind
{
    public string Kind => "macvtap";

    public IReadOnlyCollection<string> OptionNames => ["mode"];

    public LinkKindRequest Prepare(LinkKindContext c) => MacvlanKind.PrepareFor(c);
}
