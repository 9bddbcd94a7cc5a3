using LinuxNetPS.Model;

namespace LinuxNetPS.Links.Kinds;

/// <summary>macvtap: a macvlan with a tap character device (for VMs); the same parent and mode option as macvlan, and the same details.</summary>
internal sealed class MacvtapKind : ILinkKind
{
    public string Kind => "macvtap";

    public IReadOnlyCollection<string> OptionNames => ["mode"];

    public LinkKindRequest Prepare(LinkKindContext c) => MacvlanKind.PrepareFor(c);

    public LinkDetails Decode(ReadOnlySpan<byte> infoData) => MacvlanKind.DecodeFor(Kind, infoData);
}
