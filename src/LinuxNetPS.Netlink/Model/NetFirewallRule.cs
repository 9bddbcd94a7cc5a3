namespace LinuxNetPS.Model;

/// <summary>Which packets a firewall rule looks at (Windows' -Direction, plus Linux's forwarded packets).</summary>
public enum FirewallDirection
{
    /// <summary>Packets for this namespace (nf_tables hook input).</summary>
    Inbound,
    /// <summary>Packets this namespace sends (hook output).</summary>
    Outbound,
    /// <summary>Packets routed through this namespace, such as a container network's (hook forward).</summary>
    Forward,
}

/// <summary>What a firewall rule does with the packets it matches.</summary>
public enum FirewallAction
{
    /// <summary>accept: no later rule of the chain sees the packet.</summary>
    Allow,
    /// <summary>drop, silently.</summary>
    Block,
    /// <summary>reject: drop and answer (a TCP reset for TCP, ICMP port unreachable otherwise).</summary>
    Reject,
}

/// <summary>
/// A firewall rule LinuxNetPS made, read back from the kernel (table inet linuxnetps): one named rule, which is one
/// nf_tables rule per combination of its address, port and ICMP type lists, all carrying the comment
/// "linuxnetps:fw-NAME ...". Local and remote are seen from this namespace: for Inbound and Forward rules the remote
/// side is the packet's source, for Outbound rules its destination.
/// </summary>
public sealed record NetFirewallRule
{
    public string? Namespace { get; init; }
    /// <summary>
    /// The rule's unique name (Windows' -Name). Called Rule, not Name, because in this module a Name property names a link:
    /// piped into New-, Set-, Remove-, Enable- or Disable-NetFirewallRule it binds their -Rule.
    /// </summary>
    public required string Rule { get; init; }
    /// <summary>A readable name (Windows' -DisplayName); the rule's name when none was given.</summary>
    public required string DisplayName { get; init; }
    /// <summary>Whether the kernel evaluates the rule (a disabled rule waits in the chain "disabled").</summary>
    public bool Enabled { get; init; }
    public FirewallDirection Direction { get; init; }
    public FirewallAction Action { get; init; }
    /// <summary>Where the rule sits: rules are evaluated in ascending priority, before the module's own network rules.</summary>
    public int Priority { get; init; }
    /// <summary>TCP, UDP, ICMPv4, ICMPv6, or null for any.</summary>
    public string? Protocol { get; init; }
    public string[] LocalPort { get; init; } = [];
    public string[] RemotePort { get; init; } = [];
    public string[] LocalAddress { get; init; } = [];
    public string[] RemoteAddress { get; init; } = [];
    /// <summary>An address set (New-NetFirewallAddressSet) the local address must be in.</summary>
    public string? LocalAddressSet { get; init; }
    /// <summary>An address set the remote address must be in.</summary>
    public string? RemoteAddressSet { get; init; }
    /// <summary>The interface packets arrive on (Inbound, Forward) or leave through (Outbound).</summary>
    public string? Interface { get; init; }
    /// <summary>
    /// The interface packets leave through: for Forward rules the second interface (-OutInterface), for Outbound rules the
    /// same as Interface; null for Inbound rules.
    /// </summary>
    public string? OutInterface { get; init; }
    /// <summary>Connection tracking states matched: New, Established, Related, Invalid, Untracked.</summary>
    public string[] ConnectionState { get; init; } = [];
    /// <summary>ICMP types matched (names such as echo-request, or numbers).</summary>
    public string[] IcmpType { get; init; } = [];
    /// <summary>Packets the rule matched (all its nf_tables rules together).</summary>
    public ulong Packets { get; init; }
    /// <summary>Bytes of those packets.</summary>
    public ulong Bytes { get; init; }
    /// <summary>The nf_tables chain the rule is in: input, filter-output, forward, or disabled.</summary>
    public required string Chain { get; init; }
    /// <summary>The kernel's handles of the rule's nf_tables rules, in chain order.</summary>
    public ulong[] Handles { get; init; } = [];

    /// <summary>The rule in nft's words (without the counter), e.g. "tcp dport 80 ip saddr 10.0.0.0/8 drop".</summary>
    public string Summary
    {
        get
        {
            var parts = new List<string>();
            string remote = Direction == FirewallDirection.Outbound ? "d" : "s", local = remote == "d" ? "s" : "d";
            if (Direction == FirewallDirection.Outbound)
            {
                if (Interface is not null) parts.Add($"oifname {Interface}");
            }
            else
            {
                if (Interface is not null) parts.Add($"iifname {Interface}");
                if (OutInterface is not null) parts.Add($"oifname {OutInterface}");
            }
            if (RemoteAddress.Length > 0) parts.Add($"{remote}addr {List(RemoteAddress)}");
            if (RemoteAddressSet is not null) parts.Add($"{remote}addr @{RemoteAddressSet}");
            if (LocalAddress.Length > 0) parts.Add($"{local}addr {List(LocalAddress)}");
            if (LocalAddressSet is not null) parts.Add($"{local}addr @{LocalAddressSet}");
            if (Protocol is not null) parts.Add(Protocol.ToLowerInvariant());
            if (RemotePort.Length > 0) parts.Add($"{remote}port {List(RemotePort)}");
            if (LocalPort.Length > 0) parts.Add($"{local}port {List(LocalPort)}");
            if (IcmpType.Length > 0) parts.Add($"type {List(IcmpType)}");
            if (ConnectionState.Length > 0) parts.Add($"ct state {string.Join(',', ConnectionState).ToLowerInvariant()}");
            parts.Add(Action switch { FirewallAction.Allow => "accept", FirewallAction.Block => "drop", _ => "reject" });
            return string.Join(' ', parts);
        }
    }

    private static string List(string[] values) => values.Length == 1 ? values[0] : "{ " + string.Join(", ", values) + " }";

    public override string ToString() => $"{Rule}: {Direction} {Summary}";
}

/// <summary>The default of one direction: what happens to packets no rule accepted or dropped (the base chain's policy).</summary>
public sealed record NetFirewallDefault
{
    public string? Namespace { get; init; }
    public FirewallDirection Direction { get; init; }
    /// <summary>Allow (policy accept, also when our chain does not exist) or Block (policy drop).</summary>
    public FirewallAction Action { get; init; }
    /// <summary>The nf_tables chain whose policy this is.</summary>
    public required string Chain { get; init; }
}

/// <summary>
/// A named set of IPv4 or IPv6 addresses and prefixes in table inet linuxnetps (an nft interval set), which firewall
/// rules match with one lookup however many members it has (-RemoteAddressSet, -LocalAddressSet).
/// </summary>
public sealed record NetFirewallAddressSet
{
    public string? Namespace { get; init; }
    /// <summary>The set's name (AddressSet rather than Name: a Name property names a link); piped, it binds -AddressSet.</summary>
    public required string AddressSet { get; init; }
    public IPFamily Family { get; init; }
    /// <summary>The members: addresses ("10.0.0.1") and prefixes ("10.1.0.0/16"), in ascending order.</summary>
    public string[] Members { get; init; } = [];
    /// <summary>How many members the set has.</summary>
    public int MemberCount => Members.Length;
    /// <summary>The names of the firewall rules that match against the set.</summary>
    public string[] UsedBy { get; init; } = [];
}
