using System.Net.Sockets;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Nftables.Expressions;
using LinuxNetPS.Nftables.Wire;

namespace LinuxNetPS.Nftables;

/// <summary>
/// Firewall rules of one namespace (Windows' NetSecurity cmdlets, on nf_tables): named rules in the filter chains of our
/// table <c>inet linuxnetps</c> (<see cref="FilterChain"/>: input, filter-output, forward), never in anybody else's table.
/// <para>
/// A rule is one or more nf_tables rules with the comment "linuxnetps:fw-NAME D PRIORITY [DISPLAY]" (one per combination
/// of its lists), each with a counter. Rules sit at the head of their chain in ascending priority (equal priorities in the
/// order they were added), ahead of every rule the module adds for its networks (isolation), which is Docker's
/// DOCKER-USER contract. A disabled rule waits in the regular chain "disabled", which the kernel never runs.
/// Every change is one generation-checked nf_tables transaction (<see cref="LinuxNetPsTable.Change"/>): all or nothing.
/// </para>
/// <code>
/// var fw = NetClient.For("red").Firewall;
/// fw.Add([new FirewallRuleRequest { Name = "no-ssh", Protocol = "TCP", LocalPort = ["22"], Action = FirewallAction.Block }]);
/// fw.SetEnabled("no-ssh", false);
/// fw.SetDefault(FirewallDirection.Inbound, FirewallAction.Block);
/// </code>
/// Adding a rule whose name is taken is FirewallRuleExists, unless it is the same rule (then nothing changes and
/// <see cref="FirewallChange.Added"/> is false). Names that are not there are FirewallRuleNotFound.
/// </summary>
public sealed class FirewallOperations
{
    private readonly NamespaceSession _session;
    private readonly LinuxNetPsTable _table;

    internal FirewallOperations(NamespaceSession session)
    {
        _session = session;
        _table = LinuxNetPsTable.For(session);
    }

    private const string What = "firewall rules";

    /// <summary>Our firewall rules with their counters, in evaluation order (input, filter-output, forward, then disabled ones).</summary>
    public IReadOnlyList<NetFirewallRule> List()
    {
        var state = _table.Read();
        return ToModels(state.TableExists ? ReadKernelRules() : []);
    }

    /// <summary>One rule by name; FirewallRuleNotFound if there is none.</summary>
    public NetFirewallRule Get(string name) => List().FirstOrDefault(r => r.Rule == name) ?? throw NotFound(name);

    /// <summary>
    /// Adds the rules in one transaction: all or none. A rule already there unchanged is reported with Added = false; a
    /// name taken by a different rule is FirewallRuleExists; two different rules of one name in the list are InvalidFirewallRule.
    /// </summary>
    public IReadOnlyList<FirewallChange> Add(IEnumerable<FirewallRuleRequest> requests)
    {
        var list = requests.ToList();
        var definitions = new List<FirewallRuleDefinition>(list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            try
            {
                var d = list[i].ToDefinition();
                CheckInterface(d);
                definitions.Add(d);
            }
            catch (NetOperationException e) when (list.Count > 1)
            {
                throw new NetOperationException(e.Kind, $"Firewall rule #{i + 1} of {list.Count} ('{list[i].Name}'): {e.Message} Nothing was added.",
                    e.Errno, e.KernelMessage, e.Operation, e.Target, e);
            }
        }
        var unique = new Dictionary<string, FirewallRuleDefinition>(StringComparer.Ordinal);
        foreach (var d in definitions)
        {
            if (unique.TryGetValue(d.Name, out var seen))
            {
                if (seen.Key != d.Key)
                    throw NetOperationException.Invalid($"Two different firewall rules are named '{d.Name}' in one request; give each rule its own name. Nothing was added.", d.Name)
                        .WithErrorId(ErrorIds.InvalidFirewallRule);
                continue;
            }
            unique.Add(d.Name, d);
        }

        var added = new HashSet<string>(StringComparer.Ordinal);
        var planned = new Dictionary<string, IReadOnlyList<FirewallMatch>>(StringComparer.Ordinal);
        uint plannedOn = 0;
        _table.Change((state, batch) =>
        {
            added.Clear();
            planned.Clear();
            plannedOn = state.Generation;
            var existing = Existing(state);
            List<KernelRule>? kernel = null;
            var toAdd = new List<(FirewallRuleDefinition Definition, IReadOnlyList<FirewallMatch> Matches)>();
            foreach (var d in unique.Values)
            {
                var matches = d.Expand(name => SetFamily(state, name));
                if (existing.ContainsKey(d.Name))
                {
                    kernel ??= ReadKernelRules();
                    var current = kernel.Where(k => k.Name == d.Name).ToList();
                    if (IsSameRule(current, d, matches)) continue;
                    throw new NetOperationException(NetErrorKind.AlreadyExists,
                        $"A firewall rule named '{d.Name}' already exists{Where()} and is different ({Describe(current)}). Change it with Set-NetFirewallRule, or remove it first." +
                        (unique.Count > 1 ? $" None of the {unique.Count} rules was added." : ""), operation: "add firewall rule", target: d.Name).WithErrorId(ErrorIds.FirewallRuleExists);
                }
                toAdd.Add((d, matches));
            }
            if (toAdd.Count == 0) return false;
            PlanInsert(state, batch, toAdd, [], null);
            foreach (var (d, matches) in toAdd)
            {
                added.Add(d.Name);
                planned[d.Name] = matches;
            }
            return true;
        }, What);

        var rules = ReadBack(unique.Values, planned, plannedOn);
        return definitions.Select(d => new FirewallChange(rules.GetValueOrDefault(d.Name)
            ?? throw new NetOperationException(NetErrorKind.Other, $"The firewall rule '{d.Name}' was added but could not be read back.", operation: "add firewall rule", target: d.Name),
            added.Remove(d.Name))).ToList();
    }

    /// <summary>Replaces the rule named <paramref name="request"/>.Name with the request (FirewallRuleNotFound if there is none), keeping its counters where its matches stay.</summary>
    public NetFirewallRule Set(FirewallRuleRequest request)
    {
        var d = request.ToDefinition();
        CheckInterface(d);
        Replace(d.Name, _ => d);
        return Get(d.Name);
    }

    /// <summary>Enables or disables a rule (moves it between its base chain and the chain "disabled", counters kept).</summary>
    public NetFirewallRule SetEnabled(string name, bool enabled)
    {
        Replace(FirewallRuleDefinition.CheckName(name), current => current.Enabled == enabled ? null : FirewallRuleRequest.From(current) with { Enabled = enabled });
        return Get(name);
    }

    /// <summary>Removes a rule (all its nf_tables rules); returns it as it was. FirewallRuleNotFound if there is none.</summary>
    public NetFirewallRule Remove(string name)
    {
        name = FirewallRuleDefinition.CheckName(name);
        NetFirewallRule? removed = null;
        _table.Change((state, batch) =>
        {
            if (!Existing(state).TryGetValue(name, out var entries)) throw NotFound(name);
            removed = ToModels(ReadKernelRules().Where(k => k.Name == name).ToList()).FirstOrDefault();
            LinuxNetPsTable.PlanRemoval(state, entries, batch);
            return true;
        }, What);
        return removed!;
    }

    /// <summary>The default of each direction: our base chain's policy (Allow when the chain is not there).</summary>
    public IReadOnlyList<NetFirewallDefault> GetDefaults()
    {
        var state = _table.Read();
        return Enum.GetValues<FirewallDirection>().Select(d => Default(state, d)).ToList();
    }

    /// <summary>
    /// Sets what happens to packets of <paramref name="direction"/> that no rule accepted or dropped: Block makes our base
    /// chain's policy drop (creating the chain if need be); Allow makes it accept (and deletes the chain if it has no rules).
    /// Other tables' chains are not touched, and they still drop what they drop.
    /// </summary>
    public NetFirewallDefault SetDefault(FirewallDirection direction, FirewallAction action)
    {
        if (action == FirewallAction.Reject)
            throw NetOperationException.Invalid("A default can be Allow or Block: an nf_tables chain policy accepts or drops. For rejecting, add a last rule with -Action Reject and a high -Priority.", action.ToString())
                .WithErrorId(ErrorIds.InvalidFirewallRule);
        var chain = FirewallRuleDefinition.ChainOf(direction);
        _table.Change((state, batch) =>
        {
            bool drops = state.DropPolicy.Contains(chain.Name);
            if (drops == (action == FirewallAction.Block)) return false;
            if (action == FirewallAction.Block)
            {
                if (!state.TableExists) batch.NewTable();
                batch.SetPolicy(chain, NfVerdict.Drop);
                return true;
            }
            bool hasRules = state.Rules.Any(r => r.Chain == chain.Name);
            if (hasRules) batch.SetPolicy(chain, NfVerdict.Accept);
            else if (state.Rules.Count == 0 && state.Sets.Count == 0 && state.DropPolicy.Count == 1) batch.DelTable();
            else batch.DelChain(chain.Name);
            return true;
        }, What);
        return Default(_table.Read(), direction);
    }

    private NetFirewallDefault Default(LinuxNetPsTableState state, FirewallDirection direction)
    {
        var chain = FirewallRuleDefinition.ChainOf(direction);
        return new NetFirewallDefault
        {
            Namespace = _session.NamespaceSpec, Direction = direction, Chain = chain.Name,
            Action = state.DropPolicy.Contains(chain.Name) ? FirewallAction.Block : FirewallAction.Allow,
        };
    }

    // ---- planning ---------------------------------------------------------------------------------------------------

    /// <summary>Rebuilds one rule from its current form: <paramref name="change"/> returns the new definition, or null for no change.</summary>
    private void Replace(string name, Func<NetFirewallRule, object?> change)
    {
        _table.Change((state, batch) =>
        {
            if (!Existing(state).TryGetValue(name, out var entries)) throw NotFound(name);
            var kernel = ReadKernelRules().Where(k => k.Name == name).ToList();
            var current = ToModels(kernel).FirstOrDefault() ?? throw NotFound(name);
            var next = change(current) switch
            {
                FirewallRuleDefinition d => d,
                FirewallRuleRequest r => r.ToDefinition(),
                _ => null,
            };
            if (next is null) return false;
            var matches = next.Expand(n => SetFamily(state, n));
            if (IsSameRule(kernel, next, matches)) return false;
            var counters = new Dictionary<FirewallMatch, CounterExpression>();
            foreach (var k in kernel)
                if (k.Match is { } m) counters.TryAdd(m, k.Counter!);
            LinuxNetPsTable.PlanRuleRemoval(entries, batch);
            PlanInsert(state, batch, [(next, matches)], entries, counters);
            foreach (var chain in entries.Select(e => e.Chain).Distinct())
                if (chain != (next.Enabled ? next.Chain.Name : FilterChain.Disabled) && !state.Rules.Except(entries).Any(r => r.Chain == chain)
                    && !state.DropPolicy.Contains(chain))
                    batch.DelChain(chain);
            return true;
        }, What);
    }

    /// <summary>
    /// Adds the rules' nf_tables rules: enabled ones just before the first rule of their chain that is not a firewall rule of
    /// equal or lower priority (so isolation and anything else stays behind them), disabled ones at the end of "disabled".
    /// </summary>
    private static void PlanInsert(LinuxNetPsTableState state, NftBatch batch, IReadOnlyList<(FirewallRuleDefinition Definition, IReadOnlyList<FirewallMatch> Matches)> rules,
        IReadOnlyList<NftRuleEntry> leaving, IReadOnlyDictionary<FirewallMatch, CounterExpression>? counters)
    {
        var enabledChains = rules.Where(r => r.Definition.Enabled).Select(r => (BaseChain)r.Definition.Chain).Distinct().ToList();
        foreach (var chain in enabledChains)
            if (state.Misshapen.Contains(chain.Name))
                throw new NetOperationException(NetErrorKind.AlreadyExists,
                    $"Table inet {LinuxNetPsTable.Name} has a chain '{chain.Name}' that is not our filter chain on its hook (made by hand), so the kernel would never run a rule in it. " +
                    $"Delete it (nft delete chain inet {LinuxNetPsTable.Name} {chain.Name}) and try again; nothing was changed.", operation: "add firewall rule", target: chain.Name);
        LinuxNetPsTable.PlanCreation(state, batch, enabledChains);
        if (rules.Any(r => !r.Definition.Enabled) && !state.Chains.Contains(FilterChain.Disabled)) batch.NewRegularChain(FilterChain.Disabled);
        var places = new Dictionary<string, InsertionPoints>(StringComparer.Ordinal);
        foreach (var (d, matches) in rules.OrderBy(r => r.Definition.Priority))
        {
            ulong? before = null;
            string chain = d.Enabled ? d.Chain.Name : FilterChain.Disabled;
            if (d.Enabled)
            {
                if (!places.TryGetValue(chain, out var points)) places[chain] = points = new InsertionPoints(state, leaving, chain);
                before = points.Before(d.Priority);
            }
            foreach (var m in matches)
                batch.NewRule(chain, FirewallRuleCompiler.Compile(m, counters?.GetValueOrDefault(m)), RuleComment.Tag(d.CommentId), before);
        }
    }

    /// <summary>
    /// Where rules of a priority go in one chain: before the first rule that is not a firewall rule of equal or lower
    /// priority. Each staying rule's comment is read once, and since the rules come in ascending priority that first rule
    /// only moves down the chain: a batch of 1,000 rules into a chain of 1,000 costs O(rules), not a comment read per pair.
    /// </summary>
    private sealed class InsertionPoints(LinuxNetPsTableState state, IReadOnlyList<NftRuleEntry> leaving, string chain)
    {
        private readonly List<(ulong Handle, int? Priority)> _rules = state.Index.InChain(chain).Except(leaving)
            .Select(r => (r.Handle, FirewallComment.Read(r.Id) is { } c ? c.Priority : (int?)null)).ToList();
        private int _next;
        private int _priority = int.MinValue;

        public ulong? Before(int priority)
        {
            if (priority < _priority) _next = 0; // not in ascending order after all: start over
            _priority = priority;
            while (_next < _rules.Count && _rules[_next].Priority is { } p && p <= priority) _next++;
            return _next < _rules.Count ? _rules[_next].Handle : null;
        }
    }

    private static bool IsSameRule(IReadOnlyList<KernelRule> current, FirewallRuleDefinition d, IReadOnlyList<FirewallMatch> matches) =>
        current.Count == matches.Count && current.All(k => k.Match is not null && k.CommentId == d.CommentId)
        && current.Select(k => k.Match!).ToHashSet().SetEquals(matches)
        && current.All(k => k.Enabled == d.Enabled && (!d.Enabled || k.Chain == d.Chain.Name));

    private static AddressFamily? SetFamily(LinuxNetPsTableState state, string set) =>
        state.Sets.TryGetValue(set, out var keyType)
            ? keyType == NftSetUserData.KeyTypeIPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork
            : null;

    /// <summary>Our firewall rules' table entries by rule name.</summary>
    private static Dictionary<string, List<NftRuleEntry>> Existing(LinuxNetPsTableState state)
    {
        var byName = new Dictionary<string, List<NftRuleEntry>>(StringComparer.Ordinal);
        foreach (var r in state.Rules)
            if (FirewallComment.Read(r.Id) is { } c)
                (byName.TryGetValue(c.Name, out var l) ? l : byName[c.Name] = []).Add(r);
        return byName;
    }

    /// <summary>The interfaces a rule names must exist in the namespace (nft would take any name; a typo would match nothing, silently).</summary>
    private void CheckInterface(FirewallRuleDefinition d)
    {
        foreach (var name in new[] { d.Interface, d.OutInterface })
            if (name is not null && new LinkOperations(_session).TryGet(name) is null)
                throw NetOperationException.NotFound($"There is no interface '{name}'{Where()}; the rule would match nothing. Get-NetLink lists the interfaces.", name)
                    .WithErrorId(ErrorIds.LinkNotFound);
    }

    // ---- reading ----------------------------------------------------------------------------------------------------

    /// <summary>One nf_tables rule of a firewall rule as the kernel lists it (with its counter).</summary>
    internal sealed record KernelRule(string Chain, ulong Handle, string CommentId, string Name, FirewallDirection Direction, int Priority, string? DisplayName,
        FirewallMatch? Match, CounterExpression? Counter)
    {
        public bool Enabled => Chain != FilterChain.Disabled;
    }

    /// <summary>
    /// The rules just added, as the kernel has them (with their counters). When only our transaction committed, the rules it
    /// added are known without asking (see below); the others (a rule that was already there, or after a foreign commit)
    /// are read. A few are fetched by handle, so adding one rule to
    /// a big table does not list the table; when they are a good part of the table (a piped batch), one dump is cheaper
    /// than a request per nf_tables rule (each a round trip, and the kernel finds a handle by walking its chain).
    /// </summary>
    private Dictionary<string, NetFirewallRule> ReadBack(IReadOnlyCollection<FirewallRuleDefinition> definitions,
        IReadOnlyDictionary<string, IReadOnlyList<FirewallMatch>> planned, uint plannedOn)
    {
        var after = _table.Read();
        var rules = new Dictionary<string, NetFirewallRule>(StringComparer.Ordinal);
        // Only our transaction committed since the state it was planned on (the kernel moves the generation by one per
        // commit, skipping 0): the rules it added are in the kernel exactly as planned, at the handles the state has,
        // with counters that started at zero. Nothing to read for them.
        if (planned.Count > 0 && after.Generation == (plannedOn + 1 == 0 ? 1 : plannedOn + 1))
        {
            var rest = new List<FirewallRuleDefinition>();
            foreach (var d in definitions)
                if (planned.TryGetValue(d.Name, out var matches) && AsPlanned(after, d, matches) is { } rule) rules[d.Name] = rule;
                else rest.Add(d);
            definitions = rest;
        }
        int wanted = definitions.Sum(d => after.Index.WithId(d.CommentId).Count);
        if (wanted > BulkReadBackFrom && wanted * 4 >= after.Index.Count)
        {
            var names = definitions.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var rule in ToModels(ReadKernelRules().Where(k => names.Contains(k.Name)).ToList())) rules[rule.Rule] = rule;
            return rules;
        }
        foreach (var d in definitions)
            if ((ReadBack(after, d) ?? List().FirstOrDefault(r => r.Rule == d.Name)) is { } rule) rules[d.Name] = rule;
        return rules;
    }

    /// <summary>A rule just added as planned, at the handles of its entries in <paramref name="state"/> (null if they do not add up).</summary>
    private NetFirewallRule? AsPlanned(LinuxNetPsTableState state, FirewallRuleDefinition d, IReadOnlyList<FirewallMatch> matches)
    {
        var entries = state.Index.WithId(d.CommentId);
        if (entries.Count != matches.Count) return null;
        var kernel = entries.Select((e, i) => new KernelRule(e.Chain, e.Handle, d.CommentId, d.Name, d.Direction, d.Priority, d.DisplayName, matches[i], new CounterExpression())).ToList();
        return ToModels(kernel).FirstOrDefault();
    }

    /// <summary>Up to this many nf_tables rules are read back one by one by handle.</summary>
    private const int BulkReadBackFrom = 16;

    /// <summary>
    /// The rule <paramref name="d"/> as the kernel has it, from its own nf_tables rules fetched one by one by handle (the
    /// state's index names them): O(its rules), not a listing of the table. Null when one of them is gone meanwhile.
    /// </summary>
    private NetFirewallRule? ReadBack(LinuxNetPsTableState state, FirewallRuleDefinition d)
    {
        var entries = state.Index.WithId(d.CommentId);
        if (entries.Count == 0) return null;
        var kernel = new List<KernelRule>(entries.Count);
        try
        {
            foreach (var entry in entries)
                _session.Netfilter.Execute(Nfnl.Type(NftMsg.GetRule), NetlinkFlags.None, w =>
                {
                    w.Struct(NfGenMsg.For(LinuxNetPsTable.Family));
                    w.String(NftaRule.Table, LinuxNetPsTable.Name);
                    w.String(NftaRule.Chain, entry.Chain);
                    w.U64BigEndian(NftaRule.Handle, entry.Handle);
                }, "read firewall rule", d.Name, (in NetlinkMessage m) =>
                {
                    if (ParseKernelRule(m) is { } k) kernel.Add(k);
                });
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound)
        {
            return null;
        }
        return kernel.Count == entries.Count && kernel.All(k => k.Name == d.Name) ? ToModels(kernel).FirstOrDefault() : null;
    }

    private List<KernelRule> ReadKernelRules()
    {
        try
        {
            return _session.Netfilter.Dump(Nfnl.Type(NftMsg.GetRule), w =>
            {
                w.Struct(NfGenMsg.For(LinuxNetPsTable.Family));
                w.String(NftaRule.Table, LinuxNetPsTable.Name);
            }, ParseKernelRule, "list firewall rules");
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound)
        {
            return [];
        }
    }

    /// <summary>A firewall rule's nf_tables rule from one NFT_MSG_NEWRULE; null for any other rule (another table's, NAT, isolation).</summary>
    internal static KernelRule? ParseKernelRule(in NetlinkMessage m)
    {
        var (table, chain, handle, comment, expressions) = LinuxNetPsTable.ReadRuleMessage(m);
        var id = RuleComment.IdOf(comment);
        if (table != LinuxNetPsTable.Name || FirewallComment.Read(id) is not { } c) return null;
        if (chain is null) throw new MalformedMessageException("nf_tables rule message", "a firewall rule has no chain");
        var parsed = expressions is null ? null : FirewallRuleCompiler.Parse(expressions);
        return new KernelRule(chain, handle, id!, c.Name, c.Direction, c.Priority, c.DisplayName, parsed?.Match, parsed?.Counter);
    }

    private List<NetFirewallRule> ToModels(IReadOnlyList<KernelRule> kernel)
    {
        var result = new List<NetFirewallRule>();
        foreach (var g in kernel.GroupBy(k => k.Name, StringComparer.Ordinal))
        {
            var first = g.First();
            var matches = g.Where(k => k.Match is not null).Select(k => k.Match!).ToList();
            bool outbound = first.Direction == FirewallDirection.Outbound;
            var protocol = matches.Select(x => x.Protocol).FirstOrDefault();
            string[] Distinct<T>(Func<FirewallMatch, T?> pick, Func<T, string> text) where T : struct =>
                matches.Select(pick).Where(v => v is not null).Select(v => text(v!.Value)).Distinct().ToArray();
            string[] Prefixes(Func<FirewallMatch, Primitives.IPPrefix?> pick) =>
                Distinct(pick, p => p.PrefixLength == p.MaxLength ? p.Address.ToString() : p.ToString());
            result.Add(new NetFirewallRule
            {
                Namespace = _session.NamespaceSpec, Rule = first.Name, DisplayName = first.DisplayName ?? first.Name, Enabled = first.Enabled,
                Direction = first.Direction, Priority = first.Priority, Chain = first.Chain, Handles = g.Select(k => k.Handle).ToArray(),
                Action = matches.Select(x => x.Action).FirstOrDefault(),
                Protocol = FirewallRuleDefinition.ProtocolWord(protocol),
                RemoteAddress = Prefixes(x => outbound ? x.Destination : x.Source),
                LocalAddress = Prefixes(x => outbound ? x.Source : x.Destination),
                RemoteAddressSet = matches.Select(x => outbound ? x.DestinationSet : x.SourceSet).FirstOrDefault(s => s is not null),
                LocalAddressSet = matches.Select(x => outbound ? x.SourceSet : x.DestinationSet).FirstOrDefault(s => s is not null),
                RemotePort = Distinct(x => outbound ? x.DestinationPort : x.SourcePort, p => p.ToString()),
                LocalPort = Distinct(x => outbound ? x.SourcePort : x.DestinationPort, p => p.ToString()),
                Interface = matches.Select(x => outbound ? x.OutInterface : x.InInterface).FirstOrDefault(s => s is not null),
                OutInterface = matches.Select(x => x.OutInterface).FirstOrDefault(s => s is not null),
                ConnectionState = FirewallRuleDefinition.StateWords(matches.Select(x => x.ConnectionStates).FirstOrDefault()),
                IcmpType = Distinct(x => x.IcmpType, t => FirewallRuleDefinition.IcmpWord(protocol, t)),
                Packets = (ulong)g.Sum(k => (decimal)(k.Counter?.Packets ?? 0)),
                Bytes = (ulong)g.Sum(k => (decimal)(k.Counter?.Bytes ?? 0)),
            });
        }
        // Evaluation order: input, filter-output, forward as the kernel lists them, disabled rules last.
        return result.OrderBy(r => r.Enabled ? 0 : 1).ToList();
    }

    private static string Describe(IReadOnlyList<KernelRule> current) =>
        current.Count == 0 ? "unreadable" : $"{current[0].Direction}, priority {current[0].Priority}, {current.Count} nf_tables rule(s){(current[0].Enabled ? "" : ", disabled")}";

    private string Where() => _session.NamespaceSpec is null ? " on the host" : $" in namespace '{_session.NamespaceSpec}'";

    private NetOperationException NotFound(string name) =>
        NetOperationException.NotFound($"There is no LinuxNetPS firewall rule named '{name}'{Where()}; Get-NetFirewallRule lists them.", name).WithErrorId(ErrorIds.FirewallRuleNotFound);
}

/// <summary>The result of adding a firewall rule: the rule as the kernel has it, and whether this call added it (false: it was already there).</summary>
public sealed record FirewallChange(NetFirewallRule Rule, bool Added);
