using System.Net;
using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Nftables;

namespace LinuxNetPS.Compose.Nat;

/// <summary>
/// Windows' NetNat over our NAT rules: a NAT is a name for the masquerade of one internal prefix
/// (<see cref="NatOperations.EnableMasquerade"/>), and its static mappings are port forwards
/// (<see cref="NatOperations.AddPortForward"/>) recorded as its own. The rules are the kernel's truth; the names live in
/// <see cref="NetNatStore"/> (the kernel cannot hold them), and a name whose rule is gone (removed with Remove-NatRule, or
/// a namespace rebuilt) no longer counts: reads leave it out, the next change forgets it.
/// </summary>
public sealed class NetNats
{
    /// <summary>The longest NAT name (Windows has no documented limit; ours keeps messages and views readable).</summary>
    public const int MaxNameLength = 64;

    private readonly NetClient _client;
    private readonly NetNatStore _store;

    private NetNats(NetClient client)
    {
        _client = client;
        _store = new NetNatStore(client);
    }

    public static NetNats For(NetClient client) => new(client);

    /// <summary>The NATs of the namespace, by name.</summary>
    public IReadOnlyList<NetNat> List()
    {
        var rules = Rules();
        return _store.Read(r => Live(r, rules).Select(n => Model(n, rules)).OrderBy(n => n.NatName, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// Makes NAT <paramref name="name"/>: traffic from <paramref name="internalPrefix"/> leaves with the address of the interface
    /// it goes out of. With <paramref name="externalPrefix"/> (Windows' -ExternalIPInterfaceAddressPrefix) only traffic
    /// that leaves by the interface with an address in that prefix is translated, and without an internal prefix all of it
    /// is. NetNatExists when the name, or the prefixes, belong to a NAT already.
    /// </summary>
    public NetNat New(string name, string? internalPrefix, string? externalPrefix = null)
    {
        CheckName(name);
        Primitives.IPPrefix external = default;
        string? outInterface = externalPrefix is null ? null : ExternalInterface(externalPrefix, out external);
        internalPrefix ??= externalPrefix is null
            ? throw NetOperationException.Invalid("A NAT needs an internal prefix, an external prefix, or both.", name)
            : external.Family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "::/0" : "0.0.0.0/0";
        var definition = NatRuleDefinition.Masquerade(internalPrefix, outInterface); // checks the prefix before anything is locked
        var rules = Rules();
        return _store.Update(records =>
        {
            Prune(records, rules);
            if (records.Nats.FirstOrDefault(n => n.Name == name) is { } same)
                throw Exists($"There is a NAT named '{name}' {Where()} already (internal prefix {same.Prefix}). Remove it first (Remove-NetNat), or choose another name.", name);
            if (records.Nats.FirstOrDefault(n => n.Prefix == definition.Source!.ToString() && n.ExternalPrefix == externalPrefix) is { } other)
                throw Exists($"The internal prefix {definition.Source}{(externalPrefix is null ? "" : $" with the external prefix {externalPrefix}")} belongs to NAT '{other.Name}' {Where()}; one prefix has one NAT.", internalPrefix);
            var change = _client.Nat.EnableMasquerade(internalPrefix, outInterface);
            var record = new NetNatRecord
            {
                Name = name, Prefix = change.Rule.Source ?? definition.Source!.ToString(), RuleId = change.Rule.Id,
                ExternalPrefix = externalPrefix is null ? null : external.ToString(),
            };
            records.Nats.Add(record);
            return Model(record, Rules());
        });
    }

    /// <summary>Removes NAT <paramref name="name"/>: its static mappings' port forwards and its masquerade rule. NetNatNotFound when there is none.</summary>
    public NetNat Remove(string name)
    {
        var rules = Rules();
        return _store.Update(records =>
        {
            Prune(records, rules);
            var record = records.Nats.FirstOrDefault(n => n.Name == name) ?? throw NoNat(name);
            var removed = Model(record, rules);
            foreach (var id in record.Mappings) RemoveRule(id);
            RemoveRule(record.RuleId);
            records.Nats.Remove(record);
            return removed;
        });
    }

    /// <summary>The static mappings of every NAT (or of the NATs named), in NAT and rule order.</summary>
    public IReadOnlyList<NetNatStaticMapping> Mappings()
    {
        var rules = Rules();
        return _store.Read(r => Live(r, rules)
            .SelectMany(n => n.Mappings.Where(rules.ContainsKey).Select(id => Mapping(n.Name, rules[id])))
            .ToList());
    }

    /// <summary>
    /// Forwards <paramref name="protocol"/> (TCP or UDP) connections to <paramref name="externalAddress"/> (0.0.0.0 or :: for any
    /// address of the namespace) port <paramref name="externalPort"/> to <paramref name="internalAddress"/> port
    /// <paramref name="internalPort"/> (default: the same), as a static mapping of NAT <paramref name="natName"/>.
    /// NetNatNotFound for a NAT that is not there; NatRuleConflict when another NAT owns the same forward.
    /// </summary>
    public NetNatStaticMapping AddMapping(string natName, string protocol, string externalAddress, int externalPort, string internalAddress, int? internalPort)
    {
        string? destination = IsAny(externalAddress) ? null : externalAddress;
        if (destination is null && IPAddress.TryParse(internalAddress.Trim(), out var inside) && IPAddress.TryParse(externalAddress.Trim(), out var any)
            && inside.AddressFamily != any.AddressFamily)
            throw NetOperationException.Invalid($"-ExternalIPAddress {externalAddress} is {IPFamilies.Of(any.AddressFamily)} and -InternalIPAddress {internalAddress} is {IPFamilies.Of(inside.AddressFamily)}: "
                + $"a forward stays in one family; give {(any.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? "::" : "0.0.0.0")} as the external address.", internalAddress)
                .WithErrorId(ErrorIds.InvalidAddressFamily);
        var definition = NatRuleDefinition.PortForward(protocol.ToLowerInvariant(), externalPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            internalAddress, internalPort ?? externalPort, destination: destination); // checks everything before anything is locked
        var rules = Rules();
        return _store.Update(records =>
        {
            Prune(records, rules);
            var nat = records.Nats.FirstOrDefault(n => n.Name == natName) ?? throw NoNat(natName);
            if (records.Nats.FirstOrDefault(n => n != nat && n.Mappings.Contains(definition.Id)) is { } owner)
                throw NetOperationException.Invalid($"This forward ({definition}) is a static mapping of NAT '{owner.Name}' {Where()}; remove it there first.", natName)
                    .WithErrorId(ErrorIds.NatRuleConflict);
            var change = _client.Nat.AddPortForward(definition.ProtocolName!, definition.PortText!, internalAddress, internalPort ?? externalPort, destination: destination);
            if (!nat.Mappings.Contains(change.Rule.Id)) nat.Mappings.Add(change.Rule.Id);
            return Mapping(nat.Name, change.Rule);
        });
    }

    /// <summary>Removes the static mapping with this id from the NAT that has it. NetNatStaticMappingNotFound when no NAT has it.</summary>
    public NetNatStaticMapping RemoveMapping(string id)
    {
        var rules = Rules();
        return _store.Update(records =>
        {
            Prune(records, rules);
            var nat = records.Nats.FirstOrDefault(n => n.Mappings.Contains(id))
                ?? throw NetOperationException.NotFound($"No NAT {Where()} has a static mapping '{id}' (see Get-NetNatStaticMapping).", id).WithErrorId(ErrorIds.NetNatStaticMappingNotFound);
            var removed = Mapping(nat.Name, rules[id]);
            RemoveRule(id);
            nat.Mappings.Remove(id);
            return removed;
        });
    }

    /// <summary>Checks a NAT name: not empty, at most <see cref="MaxNameLength"/> characters, no control characters.</summary>
    public static string CheckName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength || name.Any(char.IsControl) || name.Trim() != name)
            throw NetOperationException.Invalid($"'{name}' is not a NAT name: give 1 to {MaxNameLength} characters, without control characters or leading and trailing spaces.", name);
        return name;
    }

    /// <summary>
    /// The external interface of a NAT: the one interface with an address in <paramref name="externalPrefix"/>, as
    /// Windows finds its external interface by that prefix. AddressNotFound when none has one; ParameterConflict when
    /// several do (the masquerade names one interface).
    /// </summary>
    private string ExternalInterface(string externalPrefix, out Primitives.IPPrefix external)
    {
        external = Primitives.IPPrefix.Parse(externalPrefix);
        var prefix = external;
        var interfaces = _client.Addresses.List().Where(a => prefix.Contains(a.IPAddress)).Select(a => a.Interface).Distinct().ToList();
        if (interfaces.Count == 0)
            throw NetOperationException.NotFound($"No interface {Where()} has an address in {external}: the external interface of a NAT is the one with an address in -ExternalIPInterfaceAddressPrefix.", externalPrefix)
                .WithErrorId(ErrorIds.AddressNotFound);
        if (interfaces.Count > 1)
            throw NetOperationException.Invalid($"{string.Join(", ", interfaces)} {Where()} all have addresses in {external}; give a prefix that only the external interface's address is in.", externalPrefix)
                .WithErrorId(ErrorIds.ParameterConflict);
        return interfaces[0];
    }

    private Dictionary<string, NatRule> Rules() => _client.Nat.List().GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private static IEnumerable<NetNatRecord> Live(NetNatRecords records, IReadOnlyDictionary<string, NatRule> rules) =>
        records.Nats.Where(n => rules.ContainsKey(n.RuleId));

    /// <summary>Forgets NATs whose masquerade rule is gone, and mappings whose port forward is gone.</summary>
    private static void Prune(NetNatRecords records, IReadOnlyDictionary<string, NatRule> rules)
    {
        records.Nats.RemoveAll(n => !rules.ContainsKey(n.RuleId));
        foreach (var n in records.Nats) n.Mappings.RemoveAll(id => !rules.ContainsKey(id));
    }

    private void RemoveRule(string id)
    {
        try
        {
            _client.Nat.Remove(id);
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound)
        {
            // Gone already: what was asked for is true.
        }
    }

    private NetNat Model(NetNatRecord record, IReadOnlyDictionary<string, NatRule> rules) => new()
    {
        Namespace = _client.NamespaceSpec,
        NatName = record.Name,
        InternalIPInterfaceAddressPrefix = record.Prefix,
        ExternalIPInterfaceAddressPrefix = record.ExternalPrefix,
        RuleId = record.RuleId,
        StaticMappings = record.Mappings.Count(rules.ContainsKey),
    };

    private NetNatStaticMapping Mapping(string natName, NatRule rule)
    {
        int external = int.Parse(rule.Port ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        return new NetNatStaticMapping
        {
            Namespace = _client.NamespaceSpec,
            NatName = natName,
            StaticMappingID = rule.Id,
            Protocol = (rule.Protocol ?? "").ToUpperInvariant(),
            ExternalIPAddress = rule.Destination?.ToString() ?? (rule.Family == IPFamily.IPv6 ? "::" : "0.0.0.0"),
            ExternalPort = external,
            InternalIPAddress = rule.ToAddress?.ToString() ?? "",
            InternalPort = rule.ToPort ?? external,
        };
    }

    private static bool IsAny(string address) =>
        IPAddress.TryParse(address.Trim(), out var a) && (a.Equals(IPAddress.Any) || a.Equals(IPAddress.IPv6Any));

    private string Where() => _client.NamespaceSpec is null ? "on the host" : $"in namespace '{_client.NamespaceSpec}'";

    private NetOperationException NoNat(string name) =>
        NetOperationException.NotFound($"There is no NAT named '{name}' {Where()} (see Get-NetNat).", name).WithErrorId(ErrorIds.NetNatNotFound);

    private static NetOperationException Exists(string message, string target) =>
        new NetOperationException(NetErrorKind.AlreadyExists, message, target: target).WithErrorId(ErrorIds.NetNatExists);
}
