using System.Collections;

namespace LinuxNetPS.Completers;

/// <summary>
/// Completes -Kind of Watch-NetEvent (Link, Address, Route, Neighbor, Namespace). A completer rather than ValidateSet, so a
/// wrong kind gets the core's documented InvalidEventKind error with the list of kinds.
/// </summary>
public sealed class EventKindCompleter : NameCompleter
{
    private static readonly string[] Kinds = ["Link", "Address", "Route", "Neighbor", "Namespace"];

    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters) => Kinds;
}
