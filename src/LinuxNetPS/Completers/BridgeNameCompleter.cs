using System.Collections;
using LinuxNetPS.Client;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Completers;

/// <summary>Completes bridge names in the namespace given by -Namespace on the same command line (host if none).</summary>
public sealed class BridgeNameCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters) =>
        NetClient.For(BoundNamespace(fakeBoundParameters)).Links.List()
            .Where(l => string.Equals(l.Kind, "bridge", StringComparison.Ordinal))
            .Select(l => l.Name);
}
