using System.Net;
using System.Net.Sockets;
using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.ConnectionTracking;
using LinuxNetPS.Errors;
using LinuxNetPS.Forwarding;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Nftables;

/// <summary>
/// NAT of one namespace: masquerade, source NAT and port forwarding, programmed into the kernel's
/// nf_tables over netlink (no iptables or nft process). Obtain it as <c>NamespaceSession.For(ns).Nat</c>.
/// <para>
/// All rules live in our own table <c>inet linuxnetps</c> (<see cref="LinuxNetPsTable"/>; NAT chains <c>postrouting</c>,
/// <c>prerouting</c>, <c>output</c>, created with their first rule and deleted with their last; the
/// table goes when no rule of ours, NAT or filter, is left). Nobody else's tables or rules are changed, flushed or
/// reordered. Each rule carries the comment <c>linuxnetps:ID</c>, where ID is derived from what the
/// rule matches, so the same request always names the same rule.
/// </para>
/// <para>Public API (cmdlet in brackets):</para>
/// <list type="table">
/// <item><term>EnableMasquerade(source, outInterface?, excludeOutInterface?) → NatChange</term><description>[Enable-Masquerade]</description></item>
/// <item><term>DisableMasquerade(source, outInterface?, excludeOutInterface?) → NatRule removed</term><description>[Disable-Masquerade]</description></item>
/// <item><term>AddSourceNat(source, toAddress, outInterface?) → NatChange</term><description>[Add-SourceNat]</description></item>
/// <item><term>RemoveSourceNat(source, toAddress?, outInterface?) → NatRule removed</term><description>[Remove-SourceNat]</description></item>
/// <item><term>AddPortForward(protocol, port, toAddress, toPort?, source?, destination?) → NatChange</term><description>[Add-PortForward]; port is "5000" or "8000-8010"</description></item>
/// <item><term>RemovePortForward(protocol, port, toAddress?, toPort?, source?, destination?) → NatRule removed</term><description>[Remove-PortForward]</description></item>
/// <item><term>AddMany(NatRuleDefinition[]) → NatChange[]; AddPortForwards(PortForwardRequest[]) → NatChange[]</term><description>many rules in one transaction (thousands at once); Add-PortForward over pipeline input</description></item>
/// <item><term>List(kind?) → NatRule[]; Get(id) → NatRule</term><description>[Get-NatRule]</description></item>
/// <item><term>Remove(id) → NatRule removed</term><description>[Remove-NatRule]</description></item>
/// <item><term>CheckForwardPath(onlyNew?) → warning strings</term><description>for WriteWarning after a NAT change: forward chains of other tables with policy drop, forwarding off; onlyNew: each once per namespace and process</description></item>
/// </list>
/// IP forwarding is <c>NamespaceSession.For(ns).Forwarding</c> (<see cref="LinuxNetPS.Forwarding.ForwardingOperations"/>:
/// Get, Set, Enable, Disable → IPForwarding).
/// <code>
/// var nat = NamespaceSession.For("host").Nat;
/// nat.EnableMasquerade("10.10.0.0/16", excludeOutInterface: "br0");      // NatChange { Rule, Added }
/// nat.AddPortForward("tcp", "8080", "10.10.1.10", toPort: 80);
/// foreach (var w in nat.CheckForwardPath()) Console.WriteLine(w);     // e.g. an iptables FORWARD policy drop
/// foreach (var r in nat.List()) Console.WriteLine($"{r.Id} {r}");
/// nat.Remove("dnat-1a2b3c4d");
/// </code>
/// Every method validates its input first (NetOperationException, InvalidArgument: bad prefix, port, protocol,
/// interface name, mixed IPv4/IPv6) and changes the kernel in one atomic nf_tables transaction. Adding a rule
/// that is already there changes nothing and reports <see cref="NatChange.Added"/> = false; a rule that matches
/// the same traffic but goes somewhere else is AlreadyExists. Removing a rule that is not there is NotFound.
/// Kernel refusals arrive as NetOperationException with errno and the kernel's message.
/// </summary>
public sealed class NatOperations
{
    private readonly NamespaceSession _session;
    private readonly LinuxNetPsTable _table;

    internal NatOperations(NamespaceSession session)
    {
        _session = session;
        _table = LinuxNetPsTable.For(session);
    }

    /// <summary>How many times our table was dumped rather than answered from the state cached for the current generation (tests).</summary>
    internal int TableReads => _table.FullReads;

    /// <summary>Masquerade traffic from <paramref name="source"/> (e.g. "10.10.0.0/16"), optionally only when it leaves through
    /// <paramref name="outInterface"/>, or whenever it does not leave through <paramref name="excludeOutInterface"/>.</summary>
    public NatChange EnableMasquerade(string source, string? outInterface = null, string? excludeOutInterface = null) =>
        Add(NatRuleDefinition.Masquerade(source, outInterface, excludeOutInterface));

    /// <summary>Removes the masquerade rule with these parameters; NotFound if there is none.</summary>
    public NatRule DisableMasquerade(string source, string? outInterface = null, string? excludeOutInterface = null) =>
        Remove([NatRuleDefinition.Masquerade(source, outInterface, excludeOutInterface)], checkTarget: true);

    /// <summary>Source NAT of traffic from <paramref name="source"/> to <paramref name="toAddress"/> (optionally only out of one interface).</summary>
    public NatChange AddSourceNat(string source, string toAddress, string? outInterface = null) =>
        Add(NatRuleDefinition.SourceNat(source, toAddress, outInterface));

    /// <summary>Removes the source NAT rule for this source (and out interface); when <paramref name="toAddress"/> is given it must match too.</summary>
    public NatRule RemoveSourceNat(string source, string? toAddress = null, string? outInterface = null) =>
        Remove([NatRuleDefinition.SourceNat(source, toAddress ?? AnyTarget(source), outInterface)], checkTarget: toAddress is not null);

    /// <summary>
    /// Forwards <paramref name="protocol"/> ("tcp"/"udp") port <paramref name="port"/> ("5000" or "8000-8010") arriving at any
    /// local address of this namespace (or only at <paramref name="destination"/>), optionally only from <paramref name="source"/>,
    /// to <paramref name="toAddress"/> and <paramref name="toPort"/> (default: the same port). Works for connections from outside
    /// (prerouting) and from the namespace itself (output; not to the loopback address). A <paramref name="destination"/> of
    /// 127.0.0.1 (any of 127.0.0.0/8) is the output rule alone, for the namespace's own programs, and turns on what such a
    /// forward needs on the interface towards <paramref name="toAddress"/>: route_localnet, the masquerade of 127.0.0.0/8
    /// leaving it and a guard against neighbours reaching the loopback (<see cref="LoopbackPublishing"/>; they stay when the
    /// forward goes, as other forwards may use them). IPv6 has no such setting: a forward of ::1 cannot leave the namespace.
    /// </summary>
    public NatChange AddPortForward(string protocol, string port, string toAddress, int? toPort = null, string? source = null, string? destination = null) =>
        Add(NatRuleDefinition.PortForward(protocol, port, toAddress, toPort, source, destination));

    /// <summary>
    /// Adds all of <paramref name="definitions"/> (built with <see cref="NatRuleDefinition.Masquerade"/>, <see cref="NatRuleDefinition.SourceNat"/>
    /// and <see cref="NatRuleDefinition.PortForward"/>, which validate their input) in ONE nf_tables transaction: all of them or, if any
    /// fails, none. Rules already there are reported with <see cref="NatChange.Added"/> = false, as is a repeat of a rule earlier in the list;
    /// a rule for the same traffic as an existing rule but going elsewhere is AlreadyExists, and two such rules in the list are
    /// InvalidArgument — either way nothing is added. Returns one change per definition, in order.
    /// </summary>
    public IReadOnlyList<NatChange> AddMany(IEnumerable<NatRuleDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var list = definitions.ToList();
        for (int i = 0; i < list.Count; i++)
            if (list[i] is null) throw NetOperationException.Invalid($"NAT rule #{i + 1} of {list.Count} is null; give a rule definition for every position.");
        return AddAll(list);
    }

    /// <summary>
    /// Adds many port forwards in one transaction, as <see cref="AddMany"/>. Every request is validated before anything is sent;
    /// an invalid one is InvalidArgument naming its position, and nothing is added.
    /// </summary>
    public IReadOnlyList<NatChange> AddPortForwards(IEnumerable<PortForwardRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var list = requests.ToList();
        var definitions = new List<NatRuleDefinition>(list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] is null) throw NetOperationException.Invalid($"Port forward #{i + 1} of {list.Count} is null; give a request for every position.");
            try
            {
                definitions.Add(list[i].ToDefinition());
            }
            catch (NetOperationException e) when (list.Count > 1)
            {
                throw new NetOperationException(e.Kind, $"Port forward #{i + 1} of {list.Count} ({list[i]}): {e.Message} Nothing was added.",
                    e.Errno, e.KernelMessage, e.Operation, e.Target, e);
            }
        }
        return AddAll(definitions);
    }

    /// <summary>Removes the port forward for this protocol, port, source and destination; when <paramref name="toAddress"/> (and
    /// <paramref name="toPort"/>) is given it must match too.</summary>
    public NatRule RemovePortForward(string protocol, string port, string? toAddress = null, int? toPort = null, string? source = null, string? destination = null)
    {
        if (toAddress is not null)
            return Remove([NatRuleDefinition.PortForward(protocol, port, toAddress, toPort, source, destination)], checkTarget: true);
        // Without a target the family is the source's or destination's, or either when neither is given.
        var families = source is not null || destination is not null ? new[] { AnyTarget(source ?? destination) } : new[] { "0.0.0.0", "::" };
        return Remove(families.Select(t => NatRuleDefinition.PortForward(protocol, port, t, toPort, source, destination)).ToList(), checkTarget: false);
    }

    /// <summary>Our NAT rules, in chain order; optionally of one kind.</summary>
    public IReadOnlyList<NatRule> List(NatRuleKind? kind = null) =>
        ToModels(_table.Read()).Where(r => kind is null || r.Kind == kind).ToList();

    /// <summary>One of our rules by id; NotFound if there is none.</summary>
    public NatRule Get(string id) => List().FirstOrDefault(r => r.Id == id) ?? throw NoSuchId(id);

    /// <summary>Removes the rule with this id (for a port forward, both of its kernel rules); NotFound if there is none. Returns what was removed.</summary>
    public NatRule Remove(string id)
    {
        if (string.IsNullOrWhiteSpace(id)) throw NetOperationException.Invalid("A NAT rule id is required, for example 'masq-1a2b3c4d' (see the Id property of a NAT rule).", id);
        NatRule? removed = null;
        NatRuleDefinition? gone = null;
        _table.Change((state, batch) =>
        {
            var mine = state.Index.WithId(id).ToList();
            if (mine.Count == 0) throw NoSuchId(id);
            removed = ModelOf(state, id);
            gone = mine.Select(r => r.Definition).FirstOrDefault(d => d is not null);
            LinuxNetPsTable.PlanRemoval(state, mine, batch);
            return true;
        }, Rules);
        if (gone is not null) ForgetStaleFlows([gone]);
        return removed ?? new NatRule { Namespace = _session.NamespaceSpec, Id = id, Family = IPFamily.IPv4, Chain = "" };
    }

    /// <summary>
    /// Readable warnings about things that stop NAT'd traffic passing through this namespace: a base chain of another
    /// table on the forward hook whose policy is drop (such as iptables-nft's FORWARD chain in table ip filter), and IP
    /// forwarding being off while we have rules that need it. Only nf_tables chains are visible here; iptables-legacy rules are not.
    /// With <paramref name="onlyNew"/>, a warning this namespace's NAT operations returned before is left out, so a script that
    /// adds rules one by one is told once per namespace and process, not once per rule; and forwarding is not read again for
    /// a family already warned about. Costs one small request when nothing changed (the other tables' chains are read again
    /// only after somebody else changed the ruleset), whatever the number of rules.
    /// </summary>
    public IReadOnlyList<string> CheckForwardPath(bool onlyNew = false)
    {
        var warnings = new List<string>();
        var state = _table.Read(); // one GETGEN when nothing changed since the last read
        foreach (var chain in DropChainsAt(state.OthersSeenAt))
            if (!onlyNew || _said.TryAdd($"drop {chain.Family} {chain.Table} {chain.Chain}", 0))
                warnings.Add($"Table '{chain.Family} {chain.Table}' chain '{chain.Chain}' drops forwarded packets by default (hook forward, policy drop), " +
                    $"so routed and NAT'd traffic{Where()} is dropped unless one of its rules accepts it. " +
                    "Add accept rules for your networks there, or set that chain's policy to accept.");
        var families = state.Index.NatFamilies(state.Misshapen).Select(IPFamilies.Of).Order()
            .Where(f => !onlyNew || !_said.ContainsKey($"forwarding {f}")).ToList();
        if (families.Count > 0)
        {
            var forwarding = new ForwardingOperations(_session).Get();
            foreach (var family in families)
                if (!(family == IPFamily.IPv6 ? forwarding.IPv6 : forwarding.IPv4) && (!onlyNew || _said.TryAdd($"forwarding {family}", 0)))
                    warnings.Add($"{family} forwarding is off{Where()}, so the {family} NAT rules only affect traffic of the namespace itself; " +
                        "turn forwarding on (Enable-IPForwarding) to route traffic between its interfaces.");
        }
        return warnings;
    }

    /// <summary>The warnings <see cref="CheckForwardPath"/> already gave with onlyNew (this object lives as long as the namespace's session).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _said = new(StringComparer.Ordinal);

    /// <summary>The forward-drop chains found while the rest of the ruleset was as at <paramref name="othersSeenAt"/>
    /// (<see cref="LinuxNetPsTableState.OthersSeenAt"/>: our own rule changes do not move it).</summary>
    private volatile Tuple<uint, IReadOnlyList<ForwardDropChain>>? _dropChains;

    private IReadOnlyList<ForwardDropChain> DropChainsAt(uint othersSeenAt)
    {
        if (_dropChains is { } known && known.Item1 == othersSeenAt) return known.Item2;
        var chains = ForwardPolicyCheck.DropPolicyForwardChains(_session);
        _dropChains = Tuple.Create(othersSeenAt, chains);
        return chains;
    }

    private string Where() => _session.NamespaceSpec is null ? " on the host" : $" in namespace '{_session.NamespaceSpec}'";

    private NatChange Add(NatRuleDefinition definition) => AddAll([definition])[0];

    /// <summary>
    /// The one add path: plans every rule against the table's current state (skipping those already there, refusing
    /// conflicts, replacing our tagged rules that cannot be read back or are incomplete) and sends what is left as one batch.
    /// </summary>
    private IReadOnlyList<NatChange> AddAll(IReadOnlyList<NatRuleDefinition> definitions)
    {
        // Each distinct rule once, in order; the same traffic sent to two places in one request is a contradiction.
        var unique = new Dictionary<string, (NatRuleDefinition Definition, IReadOnlyList<(NatChain Chain, List<Expressions.NftExpression> Expressions)> Compiled)>();
        var ids = new string[definitions.Count];
        for (int i = 0; i < definitions.Count; i++)
        {
            var d = definitions[i];
            string id = ids[i] = d.Id;
            if (unique.TryGetValue(id, out var seen))
            {
                if (seen.Definition != d)
                    throw NetOperationException.Invalid(
                        $"NAT rules #{Array.IndexOf(ids, id) + 1} '{seen.Definition}' and #{i + 1} '{d}' match the same traffic but send it to different places; " +
                        "keep one of them. Nothing was added.", id);
                continue;
            }
            unique.Add(id, (d, NatRuleCompiler.Compile(d)));
        }

        // A forward of 127.0.0.1 needs route_localnet, a masquerade and a guard on the interface towards its target
        // (LoopbackPublishing); the interface is found before anything changes, so a target nothing routes changes nothing.
        foreach (var (definition, _) in unique.Values)
            if (definition.Kind == NatRuleKind.PortForward) LoopbackPublishing.RefuseIPv6(definition.Destination, definition.ToString());
        var loopbackInterfaces = unique.Values.Select(u => u.Definition)
            .Where(d => d.Kind == NatRuleKind.PortForward && d.Destination is { } to && IPAddress.IsLoopback(to) && d.Family == AddressFamily.InterNetwork)
            .Select(d => d.ToAddress!).Distinct().Select(to => LoopbackPublishing.InterfaceTowards(_session, to)).Distinct().ToList();

        var added = new HashSet<string>();
        _table.Change((state, batch) =>
        {
            added.Clear(); // a retry plans again from a new state
            var toAdd = new List<(string Id, IReadOnlyList<(NatChain Chain, List<Expressions.NftExpression> Expressions)> Compiled)>();
            foreach (var chain in unique.Values.SelectMany(u => u.Compiled).Select(c => c.Chain).Distinct())
                if (state.Misshapen.Contains(chain.Name)) throw Misshapen(chain);
            foreach (var (id, (definition, compiled)) in unique)
            {
                var existing = state.Index.WithId(id).ToList();
                if (existing.Count > 0)
                {
                    var current = existing.Select(r => r.Definition).FirstOrDefault(d => d is not null);
                    if (current == definition && existing.Count == compiled.Count) continue; // already there: nothing to send
                    if (current is not null && current != definition)
                        throw new NetOperationException(NetErrorKind.AlreadyExists,
                            $"A NAT rule for the same traffic already exists{Where()}: '{current}' (id {id}). Remove it first to change where it goes." +
                            (unique.Count > 1 ? $" None of the {unique.Count} rules was added." : ""),
                            operation: "add NAT rule", target: id).WithErrorId(ErrorIds.NatRuleConflict);
                    // Our tag on rules we cannot read back (changed by hand) or a partial set: replace them all.
                    LinuxNetPsTable.PlanRuleRemoval(existing, batch);
                }
                toAdd.Add((id, compiled));
            }
            if (toAdd.Count == 0) return false;
            LinuxNetPsTable.PlanCreation(state, batch, toAdd.SelectMany(a => a.Compiled).Select(c => c.Chain));
            foreach (var (id, compiled) in toAdd)
            {
                foreach (var (chain, expressions) in compiled) batch.NewRule(chain.Name, expressions, RuleComment.Tag(id));
                added.Add(id);
            }
            return true;
        }, Rules);

        foreach (var name in loopbackInterfaces) LoopbackPublishing.Enable(_session, name);

        // The rules are looked up by id in the state after the change (worked out and confirmed, or read), not listed all.
        var after = _table.Read();
        var changes = new NatChange[definitions.Count];
        for (int i = 0; i < definitions.Count; i++)
        {
            string id = ids[i];
            var rule = ModelOf(after, id)
                ?? throw new NetOperationException(NetErrorKind.Other, $"The NAT rule {id} was added but could not be read back.", operation: "add NAT rule", target: id);
            changes[i] = new NatChange(rule, added.Remove(id)); // only the first mention of a rule added it
        }
        ForgetStaleFlows(changes.Where(c => c.Added).Select(c => unique[c.Rule.Id].Definition));
        return changes;
    }

    /// <summary>
    /// After a port forward was added or removed, the UDP flows it matches are deleted from the conntrack table (moby #8795):
    /// a UDP flow has no end, so its entry, made before the change, would keep sending it to the old target (or to no
    /// target) for as long as the client keeps sending. Only UDP: a TCP connection ends and reconnects by itself, and
    /// deleting its entry would break a connection in progress. Best effort: the rules are in place whatever happens here,
    /// and an entry left behind expires once its flow is idle.
    /// </summary>
    private void ForgetStaleFlows(IEnumerable<NatRuleDefinition> changed)
    {
        // One dump of the table for all the forwards of a batch (a pipeline of 1000 forwards is one transaction).
        var udp = changed.Where(d => d.Kind == NatRuleKind.PortForward && d.Protocol == NftValues.IpProtoUdp)
            .Select(d => ((int)d.PortMin, (int)d.PortMax, d.Destination)).ToList<(int PortMin, int PortMax, System.Net.IPAddress? Destination)>();
        if (udp.Count == 0) return;
        try { new ConnectionTrackingOperations(_session).DeleteFlowsTo(NftValues.IpProtoUdp, udp); }
        catch (NetOperationException) { }
    }

    /// <summary>Removes the rule of the first candidate that exists (candidates differ only in family).</summary>
    private NatRule Remove(IReadOnlyList<NatRuleDefinition> candidates, bool checkTarget)
    {
        NatRule? removed = null;
        NatRuleDefinition? gone = null;
        _table.Change((state, batch) =>
        {
            var definition = candidates.FirstOrDefault(c => state.Index.HasId(c.Id)) ?? candidates[0];
            string id = definition.Id;
            var mine = state.Index.WithId(id).ToList();
            var current = mine.Select(r => r.Definition).FirstOrDefault(d => d is not null);
            if (mine.Count == 0 || (checkTarget && current is not null && current != definition))
                throw new NetOperationException(NetErrorKind.NotFound,
                    $"There is no NAT rule '{(checkTarget ? definition.ToString() : definition.TextWithoutTarget)}'{Where()}" +
                    (current is null ? "." : $"; the rule for that traffic is '{current}' (id {id})."),
                    operation: "remove NAT rule", target: id).WithErrorId(ErrorIds.NatRuleNotFound);
            removed = ModelOf(state, id);
            gone = current ?? definition;
            LinuxNetPsTable.PlanRemoval(state, mine, batch);
            return true;
        }, Rules);
        if (gone is not null) ForgetStaleFlows([gone]);
        return removed!;
    }

    /// <summary>One model per id: a port forward's prerouting rule, with its output companion's handle.</summary>
    private List<NatRule> ToModels(LinuxNetPsTableState state)
    {
        var result = new List<NatRule>();
        foreach (var group in state.Rules.Where(r => InPlace(state, r)).GroupBy(r => r.Id!))
            result.Add(Model(group.Key, group.ToList()));
        return result;
    }

    /// <summary>The model of one id's rules, looked up in the index (null when none of them is in place).</summary>
    private NatRule? ModelOf(LinuxNetPsTableState state, string id)
    {
        var rules = state.Index.WithId(id).Where(r => InPlace(state, r)).ToList();
        return rules.Count == 0 ? null : Model(id, rules);
    }

    /// <summary>A rule in a chain the kernel never runs (not our base chain) is not in place, whatever it says.</summary>
    private static bool InPlace(LinuxNetPsTableState state, NftRuleEntry r) => r.Id is not null && r.Definition is not null && !state.Misshapen.Contains(r.Chain);

    /// <summary>One model per id: a port forward's prerouting rule, with its output companion's handle.</summary>
    private NatRule Model(string id, IReadOnlyList<NftRuleEntry> group)
    {
        var primary = group.FirstOrDefault(r => r.Chain != NatChain.Output.Name) ?? group[0];
        var companion = group.FirstOrDefault(r => r != primary && r.Chain == NatChain.Output.Name);
        return primary.Definition!.ToModel(id, _session.NamespaceSpec, primary.Chain, primary.Handle, companion?.Handle);
    }

    private NetOperationException Misshapen(NatChain chain) =>
        new(NetErrorKind.AlreadyExists,
            $"Cannot add the NAT rule{Where()}: table inet {LinuxNetPsTable.Name} has a chain '{chain.Name}' that is not a NAT base chain on the {chain.Name} hook " +
            $"(made by hand, without the hook), so the kernel would never run a rule in it. Delete it (nft delete chain inet {LinuxNetPsTable.Name} {chain.Name}) and try again; nothing was changed.",
            operation: "add NAT rule", target: chain.Name);

    /// <summary>What the table's errors call the rules this class changes.</summary>
    private const string Rules = "NAT rules";

    private NetOperationException NoSuchId(string id) =>
        NetOperationException.NotFound($"There is no LinuxNetPS NAT rule with id '{id}'{Where()}; list them to see their ids.", id).WithErrorId(ErrorIds.NatRuleNotFound);

    /// <summary>A placeholder target of the right family, for removals that do not name one.</summary>
    private static string AnyTarget(string? sameFamilyAs) => sameFamilyAs is not null && sameFamilyAs.Contains(':') ? "::" : "0.0.0.0";
}

/// <summary>The result of adding a NAT rule: the rule as the kernel has it, and whether this call added it (false: it was already there).</summary>
public sealed record NatChange(NatRule Rule, bool Added);
