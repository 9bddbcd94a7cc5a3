using System.Collections;
using LinuxNetPS.Model;

namespace LinuxNetPS.Completers;

/// <summary>Completes -State of Add-BridgeFdb: Static, Permanent, Dynamic.</summary>
public sealed class FdbStateCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters) => BridgeFdbStates.Names;
}
