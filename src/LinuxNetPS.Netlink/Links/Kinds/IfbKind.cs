namespace LinuxNetPS.Links.Kinds;

/// <summary>ifb: the intermediate functional block that ingress traffic is redirected to for shaping; no options.</summary>
internal sealed class IfbKind : ILinkKind
{
    public string Kind => "ifb";

    public IReadOnlyCollection<string> OptionNames => [];

    public LinkKindRequest Prepare(LinkKindContext context)
    {
        context.NoParent();
        return LinkKindRequest.Empty;
    }
}
