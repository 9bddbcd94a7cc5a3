using System.Collections;
using LinuxNetPS.Support;

namespace LinuxNetPS.Completers;

/// <summary>Completes network namespace names: the entries of /run/netns.</summary>
public sealed class NamespaceCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters) => NamespaceNames.List();
}
