namespace LinuxNetPS.Links.Kinds;

/// <summary>
/// A kind without a driver here (ipvlan, vlan, bond, ...): only IFLA_INFO_KIND is sent, plus
/// the parent as IFLA_LINK if one was given. Options cannot be translated, so they are refused.
/// </summary>
internal sealed class UnknownKind(string kind) : ILinkKind
{
    public string Kind { get; } = kind;

    public IReadOnlyCollection<string> OptionNames => [];

    public LinkKindRequest Prepare(LinkKindContext context) =>
        new() { LowerIndex = context.ParentIndex(required: false) };
}
