using System.Collections;

namespace LinuxNetPS.Completers;

/// <summary>
/// Completes -Protocol of the connection tracking cmdlets with the protocols conntrack names. A completer rather than
/// ValidateSet, so a protocol number is accepted too and a wrong word gets InvalidProtocol with what to type.
/// </summary>
public sealed class ConnectionTrackingProtocolCompleter : NameCompleter
{
    private static readonly string[] Protocols = ["tcp", "udp", "icmp", "icmpv6", "sctp", "dccp", "gre", "udplite"];

    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters) => Protocols;
}
