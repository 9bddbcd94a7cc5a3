using System.Collections;

namespace LinuxNetPS.Completers;

/// <summary>
/// Completes -Protocol of the port forward cmdlets. A completer rather than ValidateSet, so that a
/// wrong value is rejected by the core with our InvalidArgument error and a message saying what to type.
/// </summary>
public sealed class NatProtocolCompleter : NameCompleter
{
    private static readonly string[] Protocols = ["tcp", "udp", "sctp"];

    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters) => Protocols;
}
