namespace LinuxNetPS.Links.Kinds;

/// <summary>dummy: a link that drops everything it is sent; no options.</summary>
internal sealed class DummyKind : ILinkKind
{
    public string Kind => "dummy";

    public IReadOnlyCollection<string> OptionNames => [];

    public LinkKindRequest Prepare(LinkKindContext context)
    {
        context.NoParent();
        return LinkKindRequest.Empty;
    }
}
