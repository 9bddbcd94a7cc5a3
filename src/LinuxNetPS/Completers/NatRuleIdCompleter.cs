using System.Collections;
using LinuxNetPS.Client;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Completers;

/// <summary>Completes the ids of LinuxNetPS NAT rules in the namespace given by -Namespace (host if none).</summary>
public sealed class NatRuleIdCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters) =>
        NetClient.For(BoundNamespace(fakeBoundParameters)).Nat.List().Select(r => r.Id).Distinct();
}
