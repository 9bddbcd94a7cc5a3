using System.Net.Sockets;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Nftables;

/// <summary>
/// A firewall rule as the user asks for it, in words (Windows NetSecurity's parameters): <see cref="ToDefinition"/> checks
/// every value before the kernel sees anything. Null or empty lists mean "any".
/// </summary>
public sealed record FirewallRuleRequest
{
    public required string Name { get; init; }
    public string? DisplayName { get; init; }
    public FirewallDirection Direction { get; init; } = FirewallDirection.Inbound;
    public FirewallAction Action { get; init; } = FirewallAction.Allow;
    public int Priority { get; init; } = FirewallRuleDefinition.DefaultPriority;
    public bool Enabled { get; init; } = true;
    public string? Protocol { get; init; }
    public IReadOnlyList<string>? LocalPort { get; init; }
    public IReadOnlyList<string>? RemotePort { get; init; }
    public IReadOnlyList<string>? LocalAddress { get; init; }
    public IReadOnlyList<string>? RemoteAddress { get; init; }
    public string? LocalAddressSet { get; init; }
    public string? RemoteAddressSet { get; init; }
    public string? InterfaceAlias { get; init; }
    /// <summary>The interface forwarded packets leave through (Forward; for Outbound the same as InterfaceAlias).</summary>
    public string? OutInterfaceAlias { get; init; }
    public IReadOnlyList<string>? ConnectionState { get; init; }
    public IReadOnlyList<string>? IcmpType { get; init; }

    /// <summary>The request that would make <paramref name="rule"/> as it is (for Set-NetFirewallRule, which changes some of it).</summary>
    public static FirewallRuleRequest From(NetFirewallRule rule) => new()
    {
        Name = rule.Rule, DisplayName = rule.DisplayName == rule.Rule ? null : rule.DisplayName, Direction = rule.Direction, Action = rule.Action,
        Priority = rule.Priority, Enabled = rule.Enabled, Protocol = rule.Protocol, LocalPort = rule.LocalPort, RemotePort = rule.RemotePort,
        LocalAddress = rule.LocalAddress, RemoteAddress = rule.RemoteAddress, LocalAddressSet = rule.LocalAddressSet,
        RemoteAddressSet = rule.RemoteAddressSet, InterfaceAlias = rule.Interface, OutInterfaceAlias = rule.OutInterface, ConnectionState = rule.ConnectionState, IcmpType = rule.IcmpType,
    };

    /// <summary>Checks and types every value (InvalidArgument with a specific error id on the first bad one).</summary>
    public FirewallRuleDefinition ToDefinition() => FirewallRuleDefinition.From(this);
}

/// <summary>A port or port range, both ends included.</summary>
public readonly record struct PortRange(ushort Min, ushort Max)
{
    public override string ToString() => Min == Max ? $"{Min}" : $"{Min}-{Max}";
}

/// <summary>
/// A firewall rule in checked, typed form. <see cref="Expand"/> gives its nf_tables rules (one per combination of its
/// address, port and ICMP type lists); two definitions are the same rule exactly when <see cref="Key"/> is equal.
/// </summary>
public sealed record FirewallRuleDefinition
{
    public const int DefaultPriority = 1000;
    public const int MaxPriority = 65535;
    /// <summary>At most this many nf_tables rules per firewall rule; more is what address sets are for.</summary>
    public const int MaxKernelRules = 1000;

    public required string Name { get; init; }
    public string? DisplayName { get; init; }
    public FirewallDirection Direction { get; init; }
    public FirewallAction Action { get; init; }
    public int Priority { get; init; }
    public bool Enabled { get; init; }
    public byte? Protocol { get; init; }
    public IReadOnlyList<PortRange> LocalPorts { get; init; } = [];
    public IReadOnlyList<PortRange> RemotePorts { get; init; } = [];
    public IReadOnlyList<IPPrefix> LocalAddresses { get; init; } = [];
    public IReadOnlyList<IPPrefix> RemoteAddresses { get; init; } = [];
    public string? LocalAddressSet { get; init; }
    public string? RemoteAddressSet { get; init; }
    /// <summary>The interface of the rule's direction: packets arrive on it (Inbound, Forward) or leave through it (Outbound).</summary>
    public string? Interface { get; init; }
    /// <summary>Forward only: the interface forwarded packets leave through (for Outbound that is <see cref="Interface"/>).</summary>
    public string? OutInterface { get; init; }
    public uint ConnectionStates { get; init; }
    public IReadOnlyList<byte> IcmpTypes { get; init; } = [];

    /// <summary>The base chain the rule is evaluated in (when enabled).</summary>
    public FilterChain Chain => ChainOf(Direction);

    public static FilterChain ChainOf(FirewallDirection direction) => direction switch
    {
        FirewallDirection.Outbound => FilterChain.Output,
        FirewallDirection.Forward => FilterChain.Forward,
        _ => FilterChain.Input,
    };

    /// <summary>Everything the rule is, as text: equal keys are the same rule.</summary>
    public string Key => string.Join('|', CommentId, Enabled, Action, Protocol, string.Join(',', LocalPorts), string.Join(',', RemotePorts),
        string.Join(',', LocalAddresses), string.Join(',', RemoteAddresses), LocalAddressSet, RemoteAddressSet, Interface, OutInterface, ConnectionStates, string.Join(',', IcmpTypes));

    /// <summary>The comment of the rule's nf_tables rules (without "linuxnetps:").</summary>
    public string CommentId => FirewallComment.Format(Name, Direction, Priority, DisplayName);

    /// <summary>
    /// The nf_tables rules of the definition (matches, in order), given the families of the address sets it names
    /// (<paramref name="setFamily"/> returns null for a set that does not exist: AddressSetNotFound).
    /// </summary>
    public IReadOnlyList<FirewallMatch> Expand(Func<string, AddressFamily?> setFamily)
    {
        bool outbound = Direction == FirewallDirection.Outbound;
        var remote = Sides(RemoteAddresses, RemoteAddressSet, setFamily);
        var local = Sides(LocalAddresses, LocalAddressSet, setFamily);
        var (sources, destinations) = outbound ? (local, remote) : (remote, local);
        var (sourcePorts, destinationPorts) = outbound ? (LocalPorts, RemotePorts) : (RemotePorts, LocalPorts);
        AddressFamily? icmpFamily = Protocol switch { NftValues.IpProtoIcmp => AddressFamily.InterNetwork, NftValues.IpProtoIcmpv6 => AddressFamily.InterNetworkV6, _ => null };
        var matches = new List<FirewallMatch>();
        foreach (var s in sources)
            foreach (var d in destinations)
            {
                if (s.Family is { } sf && d.Family is { } df && sf != df) continue; // an IPv4 source never has an IPv6 destination
                var family = s.Family ?? d.Family;
                if (family is { } f && icmpFamily is { } i && f != i) continue;
                foreach (var sp in Or(sourcePorts))
                    foreach (var dp in Or(destinationPorts))
                        foreach (var icmp in Or(IcmpTypes))
                        {
                            matches.Add(new FirewallMatch
                            {
                                Family = family, Source = s.Prefix, SourceSet = s.Set, Destination = d.Prefix, DestinationSet = d.Set,
                                InInterface = outbound ? null : Interface, OutInterface = outbound ? Interface : OutInterface,
                                Protocol = Protocol, SourcePort = sp, DestinationPort = dp, IcmpType = icmp, ConnectionStates = ConnectionStates, Action = Action,
                            });
                            if (matches.Count > MaxKernelRules)
                                throw Invalid($"The rule '{Name}' would be more than {MaxKernelRules} nf_tables rules (one per combination of its addresses, ports and ICMP types). " +
                                    "Put the addresses into an address set (New-NetFirewallAddressSet) and name it with -RemoteAddressSet or -LocalAddressSet.", Name);
                        }
            }
        if (matches.Count == 0)
            throw Invalid($"The rule '{Name}' can match nothing: its {(icmpFamily is null ? "local and remote addresses are of different families" : $"addresses are not {IPFamilies.Of(icmpFamily.Value)}, as {ProtocolName} needs")}. " +
                "Give addresses of one family (or make two rules).", Name);
        return matches;
    }

    private static IEnumerable<T?> Or<T>(IReadOnlyList<T> values) where T : struct => values.Count == 0 ? [null] : values.Select(v => (T?)v);

    private readonly record struct Side(IPPrefix? Prefix, string? Set, AddressFamily? Family);

    private static List<Side> Sides(IReadOnlyList<IPPrefix> prefixes, string? set, Func<string, AddressFamily?> setFamily)
    {
        var sides = prefixes.Select(p => new Side(p, null, p.Family)).ToList();
        if (set is not null)
        {
            var family = setFamily(set) ?? throw NetOperationException.NotFound(
                $"There is no address set '{set}'; make it first with New-NetFirewallAddressSet (Get-NetFirewallAddressSet lists them).", set).WithErrorId(ErrorIds.AddressSetNotFound);
            sides.Add(new Side(null, set, family));
        }
        return sides.Count == 0 ? [new Side(null, null, null)] : sides;
    }

    public string? ProtocolName => ProtocolWord(Protocol);

    internal static string? ProtocolWord(byte? protocol) => protocol switch
    {
        NftValues.IpProtoTcp => "TCP",
        NftValues.IpProtoUdp => "UDP",
        NftValues.IpProtoIcmp => "ICMPv4",
        NftValues.IpProtoIcmpv6 => "ICMPv6",
        null => null,
        _ => protocol.ToString(),
    };

    // ---- checking the user's words ------------------------------------------------------------------------------

    internal static FirewallRuleDefinition From(FirewallRuleRequest r)
    {
        string name = CheckName(r.Name);
        if (r.DisplayName is { } display && (display.Length > 100 || display.Any(char.IsControl)))
            throw Invalid($"The display name of rule '{name}' is longer than 100 characters or has control characters; give a shorter, plain one.", display);
        if (r.Priority is < 0 or > MaxPriority)
            throw Invalid($"The priority {r.Priority} is out of range: give a number from 0 to {MaxPriority} (rules run in ascending priority; the default is {DefaultPriority}).", r.Priority.ToString());
        byte? protocol = ParseProtocol(r.Protocol);
        var localPorts = Ports(r.LocalPort, "-LocalPort");
        var remotePorts = Ports(r.RemotePort, "-RemotePort");
        if ((localPorts.Count > 0 || remotePorts.Count > 0) && protocol is not (NftValues.IpProtoTcp or NftValues.IpProtoUdp))
            throw Invalid($"Ports need -Protocol TCP or UDP (the rule '{name}' has {(protocol is null ? "no protocol" : ProtocolWord(protocol))}): only TCP and UDP have ports.", name);
        var icmp = ParseIcmpTypes(r.IcmpType, protocol, name);
        string? iface = string.IsNullOrEmpty(r.InterfaceAlias) ? null : LinkName.Validate(r.InterfaceAlias);
        string? outIface = string.IsNullOrEmpty(r.OutInterfaceAlias) ? null : LinkName.Validate(r.OutInterfaceAlias);
        (iface, outIface) = Interfaces(r.Direction, iface, outIface, name);
        var definition = new FirewallRuleDefinition
        {
            Name = name, DisplayName = string.IsNullOrWhiteSpace(r.DisplayName) || r.DisplayName == name ? null : r.DisplayName.Trim(),
            Direction = Enum.IsDefined(r.Direction) ? r.Direction : throw Invalid($"Unknown direction '{r.Direction}': give Inbound, Outbound or Forward.", r.Direction.ToString()),
            Action = Enum.IsDefined(r.Action) ? r.Action : throw Invalid($"Unknown action '{r.Action}': give Allow, Block or Reject.", r.Action.ToString()),
            Priority = r.Priority, Enabled = r.Enabled, Protocol = protocol,
            LocalPorts = localPorts, RemotePorts = remotePorts,
            LocalAddresses = Addresses(r.LocalAddress), RemoteAddresses = Addresses(r.RemoteAddress),
            LocalAddressSet = SetName(r.LocalAddressSet), RemoteAddressSet = SetName(r.RemoteAddressSet),
            Interface = iface, OutInterface = outIface, ConnectionStates = States(r.ConnectionState), IcmpTypes = icmp,
        };
        return definition;
    }

    /// <summary>Rule names: 1 to 64 letters, digits and . _ - : @ + (they are part of the nf_tables comment).</summary>
    public static string CheckName(string? name)
    {
        var text = name?.Trim() ?? "";
        if (text.Length is 0 or > 64 || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':' or '@' or '+'))
            throw NetOperationException.Invalid(
                $"'{name}' is not a valid firewall rule name: use 1 to 64 letters, digits and . _ - : @ + (for example 'block-ssh'); -DisplayName takes free text.", name)
                .WithErrorId(ErrorIds.InvalidFirewallRule);
        return text;
    }

    /// <summary>
    /// Which interfaces the direction can match. Inbound packets are for this namespace: the input hook runs before any
    /// output interface exists, so an outgoing interface there is a contradiction, not a rule that matches nothing.
    /// An outbound packet has one interface, the one it leaves through, which either parameter may name.
    /// </summary>
    private static (string? In, string? Out) Interfaces(FirewallDirection direction, string? iface, string? outIface, string name)
    {
        if (outIface is null) return (iface, null);
        switch (direction)
        {
            case FirewallDirection.Inbound:
                throw Invalid($"The Inbound rule '{name}' has -OutInterface '{outIface}', but inbound packets are for this namespace and leave through no interface. " +
                    "Use -InterfaceAlias for the interface they arrive on, or -Direction Forward for packets routed through.", outIface);
            case FirewallDirection.Outbound:
                if (iface is not null && iface != outIface)
                    throw Invalid($"The Outbound rule '{name}' names two interfaces ('{iface}' and -OutInterface '{outIface}'), but an outbound packet leaves through one; give one of them.", outIface);
                return (outIface, null);
            default:
                return (iface, outIface);
        }
    }

    private static string? SetName(string? name) => string.IsNullOrEmpty(name) ? null : AddressSetOperations.CheckName(name);

    private static byte? ParseProtocol(string? protocol) => protocol?.Trim().ToLowerInvariant() switch
    {
        null or "" or "any" => null,
        "tcp" or "6" => NftValues.IpProtoTcp,
        "udp" or "17" => NftValues.IpProtoUdp,
        "icmp" or "icmpv4" or "1" => NftValues.IpProtoIcmp,
        "icmpv6" or "ipv6-icmp" or "58" => NftValues.IpProtoIcmpv6,
        _ => throw NetOperationException.Invalid($"Unknown protocol '{protocol}': give TCP, UDP, ICMPv4, ICMPv6 or Any.", protocol).WithErrorId(ErrorIds.InvalidProtocol),
    };

    private static List<PortRange> Ports(IReadOnlyList<string>? ports, string what)
    {
        var list = new List<PortRange>();
        foreach (var text in Words(ports))
        {
            if (text.Equals("any", StringComparison.OrdinalIgnoreCase)) continue;
            var (min, max) = NatRuleDefinition.ParsePortRange(text);
            var range = new PortRange(min, max);
            if (!list.Contains(range)) list.Add(range);
        }
        return list;
    }

    private static List<IPPrefix> Addresses(IReadOnlyList<string>? addresses)
    {
        var list = new List<IPPrefix>();
        foreach (var text in Words(addresses))
        {
            if (text.Equals("any", StringComparison.OrdinalIgnoreCase)) continue;
            var prefix = IPPrefix.Parse(text).Network;
            if (!list.Contains(prefix)) list.Add(prefix);
        }
        return list;
    }

    /// <summary>Each value, also when several are given in one string separated by commas ("80,443").</summary>
    private static IEnumerable<string> Words(IReadOnlyList<string>? values) =>
        (values ?? []).SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    internal static readonly (string Name, uint Bit)[] StateNames =
        [("New", NfCtState.New), ("Established", NfCtState.Established), ("Related", NfCtState.Related), ("Invalid", NfCtState.Invalid), ("Untracked", NfCtState.Untracked)];

    private static uint States(IReadOnlyList<string>? states)
    {
        uint bits = 0;
        foreach (var text in Words(states))
        {
            var match = StateNames.FirstOrDefault(s => s.Name.Equals(text, StringComparison.OrdinalIgnoreCase));
            if (match.Name is null)
                throw Invalid($"Unknown connection state '{text}': give New, Established, Related, Invalid or Untracked.", text);
            bits |= match.Bit;
        }
        return bits;
    }

    internal static string[] StateWords(uint bits) => StateNames.Where(s => (bits & s.Bit) != 0).Select(s => s.Name).ToArray();

    private static readonly (string Name, byte Type)[] Icmp4Names =
        [("echo-reply", 0), ("destination-unreachable", 3), ("redirect", 5), ("echo-request", 8), ("time-exceeded", 11), ("parameter-problem", 12)];

    private static readonly (string Name, byte Type)[] Icmp6Names =
        [("destination-unreachable", 1), ("packet-too-big", 2), ("time-exceeded", 3), ("parameter-problem", 4), ("echo-request", 128), ("echo-reply", 129),
         ("nd-router-solicit", 133), ("nd-router-advert", 134), ("nd-neighbor-solicit", 135), ("nd-neighbor-advert", 136)];

    private static List<byte> ParseIcmpTypes(IReadOnlyList<string>? types, byte? protocol, string name)
    {
        var list = new List<byte>();
        var words = Words(types).ToList();
        if (words.Count == 0) return list;
        if (protocol is not (NftValues.IpProtoIcmp or NftValues.IpProtoIcmpv6))
            throw Invalid($"-IcmpType needs -Protocol ICMPv4 or ICMPv6 (the rule '{name}' has {(protocol is null ? "no protocol" : ProtocolWord(protocol))}).", name);
        var names = protocol == NftValues.IpProtoIcmp ? Icmp4Names : Icmp6Names;
        foreach (var text in words)
        {
            byte type;
            if (byte.TryParse(text, out var number)) type = number;
            else
            {
                var found = names.FirstOrDefault(n => n.Name.Equals(text, StringComparison.OrdinalIgnoreCase));
                if (found.Name is null)
                    throw Invalid($"Unknown {ProtocolWord(protocol)} type '{text}': give a number from 0 to 255 or one of {string.Join(", ", names.Select(n => n.Name))}.", text);
                type = found.Type;
            }
            if (!list.Contains(type)) list.Add(type);
        }
        return list;
    }

    internal static string IcmpWord(byte? protocol, byte type) =>
        (protocol == NftValues.IpProtoIcmpv6 ? Icmp6Names : Icmp4Names).FirstOrDefault(n => n.Type == type).Name ?? type.ToString();

    private static NetOperationException Invalid(string message, string? target) =>
        NetOperationException.Invalid(message, target).WithErrorId(ErrorIds.InvalidFirewallRule);
}

/// <summary>
/// One nf_tables rule of a firewall rule: single values only (a list in the firewall rule is several of these).
/// Source and destination are the packet's; the compiler writes the matches in one fixed order and the parser reads
/// exactly that order back, so a rule changed by hand reads as null rather than as something it is not.
/// </summary>
public sealed record FirewallMatch
{
    public AddressFamily? Family { get; init; }
    public IPPrefix? Source { get; init; }
    public string? SourceSet { get; init; }
    public IPPrefix? Destination { get; init; }
    public string? DestinationSet { get; init; }
    public string? InInterface { get; init; }
    public string? OutInterface { get; init; }
    public byte? Protocol { get; init; }
    public PortRange? SourcePort { get; init; }
    public PortRange? DestinationPort { get; init; }
    public byte? IcmpType { get; init; }
    public uint ConnectionStates { get; init; }
    public FirewallAction Action { get; init; }
}

/// <summary>
/// The comment of a firewall rule's nf_tables rules after "linuxnetps:": "fw-NAME D PRIORITY [DISPLAY NAME]", where D
/// is I, O or F (the direction, which a disabled rule's chain does not tell). nft shows it; the name makes the rule's id.
/// </summary>
public static class FirewallComment
{
    public const string Prefix = "fw-";

    public static string Format(string name, FirewallDirection direction, int priority, string? displayName) =>
        $"{Prefix}{name} {direction.ToString()[0]}{priority}" + (displayName is null ? "" : " " + displayName);

    /// <summary>The parts of a comment id (null for one that is not a firewall rule's).</summary>
    public static (string Name, FirewallDirection Direction, int Priority, string? DisplayName)? Read(string? id)
    {
        if (id is null || !id.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var parts = id[Prefix.Length..].Split(' ', 3);
        if (parts.Length < 2 || parts[0].Length == 0 || parts[1].Length < 2) return null;
        FirewallDirection? direction = parts[1][0] switch { 'I' => FirewallDirection.Inbound, 'O' => FirewallDirection.Outbound, 'F' => FirewallDirection.Forward, _ => null };
        if (direction is null || !int.TryParse(parts[1].AsSpan(1), System.Globalization.NumberStyles.None, null, out int priority)) return null;
        return (parts[0], direction.Value, priority, parts.Length == 3 ? parts[2] : null);
    }
}
