using System.Collections;
using LinuxNetPS.Support;

namespace LinuxNetPS.Completers;

/// <summary>Completes routing table names (main, local, default, all); numbers are typed as they are.</summary>
public sealed class RouteTableCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters) =>
        RouteTableName.Known.Keys.Where(k => k != "unspec");
}
