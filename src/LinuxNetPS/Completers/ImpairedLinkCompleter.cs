using System.Collections;
using LinuxNetPS.Client;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Completers;

/// <summary>Completes the interfaces that have an impairment, in the namespace given by -Namespace (host if none).</summary>
public sealed class ImpairedLinkCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters) =>
        NetClient.For(BoundNamespace(fakeBoundParameters)).Impairments.List().Select(i => i.Interface);
}
