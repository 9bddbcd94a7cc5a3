using System.Collections;
using LinuxNetPS.Client;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Completers;

/// <summary>Completes interface names in the namespace given by -Namespace on the same command line (host if none).</summary>
public sealed class LinkNameCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters) =>
        NetClient.For(BoundNamespace(fakeBoundParameters)).Links.List().Select(l => l.Name);
}
