using System.Collections;
using LinuxNetPS.Client;

namespace LinuxNetPS.Completers;

/// <summary>Completes the names of LinuxNetPS firewall rules in the namespace given by -Namespace (host if none).</summary>
public sealed class FirewallRuleNameCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters) =>
        NetClient.For(BoundNamespace(fakeBoundParameters)).Firewall.List().Select(r => r.Rule);
}

/// <summary>Completes the names of address sets in the namespace given by -Namespace (host if none).</summary>
public sealed class AddressSetNameCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters) =>
        NetClient.For(BoundNamespace(fakeBoundParameters)).AddressSets.List().Select(s => s.AddressSet);
}

/// <summary>Completes -Protocol of the firewall cmdlets (a completer, not ValidateSet: numbers are accepted too).</summary>
public sealed class FirewallProtocolCompleter : NameCompleter
{
    private static readonly string[] Protocols = ["TCP", "UDP", "ICMPv4", "ICMPv6", "Any"];

    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters) => Protocols;
}

/// <summary>Completes -ConnectionState.</summary>
public sealed class ConnectionStateCompleter : NameCompleter
{
    private static readonly string[] States = ["New", "Established", "Related", "Invalid", "Untracked"];

    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters) => States;
}
