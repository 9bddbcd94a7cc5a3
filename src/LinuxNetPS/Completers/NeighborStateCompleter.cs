using System.Collections;
using LinuxNetPS.Model;

namespace LinuxNetPS.Completers;

/// <summary>
/// Completes -State of the neighbour cmdlets (Permanent, NoArp, Reachable ...). A completer rather than ValidateSet, so a
/// wrong value gets the core's InvalidNeighborState error with the list of states.
/// </summary>
public sealed class NeighborStateCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters) => NeighborStates.Names;
}
