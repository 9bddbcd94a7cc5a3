using System.Collections;
using LinuxNetPS.Links.Kinds;

namespace LinuxNetPS.Completers;

/// <summary>Completes link kinds (IFLA_INFO_KIND): the kinds LinuxNetPS has drivers for, from the registry, so a new driver completes by itself.</summary>
public sealed class LinkKindCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters) => LinkKinds.All.Select(k => k.Kind);
}
