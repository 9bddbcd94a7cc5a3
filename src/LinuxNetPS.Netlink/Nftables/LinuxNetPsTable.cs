using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Errors;
using LinuxNetPS.Interop;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Nftables.Expressions;

namespace LinuxNetPS.Nftables;

/// <summary>
/// One rule of our table as the kernel listed it: its id is what its comment tags it with ("linuxnetps:ID"), and
/// <paramref name="Definition"/> is the NAT rule it reads as (null for a filter rule, or a NAT rule changed by hand).
/// </summary>
internal sealed record NftRuleEntry(string Chain, ulong Handle, string? Id, NatRuleDefinition? Definition);

/// <summary>
/// Our table at one ruleset generation: whether it exists, its chains and its rules. <paramref name="Misshapen"/> are
/// chains with one of our base chains' names that are not that base chain (no hook, another hook: made by hand), whose
/// rules the kernel never runs. <paramref name="Index"/> finds the rules of one chain or one id without a pass over all
/// of them; <see cref="Rules"/> lists them all.
/// </summary>
internal sealed record LinuxNetPsTableState(uint Generation, bool TableExists, IReadOnlySet<string> Chains, RuleIndex Index,
    IReadOnlySet<string> Misshapen)
{
    /// <summary>Our chains in the kernel's order (the order a rule dump goes through them).</summary>
    public IReadOnlyList<string> ChainOrder { get; init; } = [];

    private IReadOnlyList<NftRuleEntry>? _rules;

    /// <summary>All our rules in the kernel's order, chain by chain. Made on first use (O(rules)): a change of one rule
    /// looks its rules up in <see cref="Index"/> instead.</summary>
    public IReadOnlyList<NftRuleEntry> Rules
    {
        get => _rules ??= ChainOrder.SelectMany(Index.InChain).ToList();
        init => _rules = value;
    }

    /// <summary>The highest handle known in our table: where the kernel's handle counter for the table is thought to be.</summary>
    public ulong LastHandle { get; init; }

    /// <summary>Our base chains whose policy is drop (a default set with Set-NetFirewallDefault): they stay without rules.</summary>
    public IReadOnlySet<string> DropPolicy { get; init; } = new HashSet<string>();

    /// <summary>The named sets of our table (address sets) with their key type (IPv4 or IPv6 addresses): they keep the table.</summary>
    public IReadOnlyDictionary<string, uint> Sets { get; init; } = new Dictionary<string, uint>();

    /// <summary>Whether anything but rules keeps our table: a named set or a chain with policy drop.</summary>
    public bool HoldsMoreThanRules => Sets.Count > 0 || DropPolicy.Count > 0;

    /// <summary>
    /// The generation at which the rest of the ruleset (other tables, our chains' policies) was last seen to change: the same
    /// as <see cref="Generation"/> after a read, and carried over by each of our own commits that only added or deleted
    /// rules and chains of accept policy, which change nothing outside our table's rules. What depends only on the rest of
    /// the ruleset (the forward-drop chains of other tables) is cached under this number.
    /// </summary>
    public uint OthersSeenAt { get; init; }
}

/// <summary>A named set of our table: its name, key type (nft's datatype id), key length in bytes and NFT_SET_* flags.</summary>
internal sealed record NftSetEntry(string Name, uint KeyType, uint KeyLength, uint Flags);

/// <summary>A chain of our table: its name and, for a base chain, its hook and policy.</summary>
internal sealed record NftChainEntry(string Name, uint? Hook, uint? Policy = null);

/// <summary>
/// Our own nf_tables table, <c>inet linuxnetps</c>, in one namespace. Everything we do happens
/// inside it, so other tables and rules (iptables-nft, firewalld, Docker, the user's own) are
/// never flushed, reordered or touched. It holds base chains of two kinds (<see cref="BaseChain"/>):
/// <see cref="NatChain"/>s, whose rules <see cref="NatOperations"/> keeps, and <see cref="FilterChain"/>s,
/// whose rules <see cref="FilterRules"/> keeps in groups (container network isolation is one). Both plan
/// their changes on this class's state and send them through <see cref="Change"/>; the table and a chain
/// come with their first rule and go with the last (<see cref="PlanCreation"/>, <see cref="PlanRemoval"/>).
///
/// Why one <c>inet</c> table rather than <c>ip</c> and <c>ip6</c> tables: IPv4 and IPv6 rules live
/// side by side, so there is one table to create, list and delete; each rule starts with
/// <c>meta nfproto</c> (as nft itself compiles <c>ip saddr</c> in an inet table). NAT chains in
/// inet tables need Linux 5.2 or newer; on older kernels creating the chain fails with a clear
/// "not supported" error.
///
/// Changes are nfnetlink batches (BATCH_BEGIN ... BATCH_END), which the kernel applies completely
/// or not at all. Each batch names the ruleset generation its decisions were based on, so if
/// anybody changed the ruleset in between, the kernel refuses it (ERESTART) and we read again.
/// </summary>
internal sealed class LinuxNetPsTable
{
    public const string Name = "linuxnetps";
    public const byte Family = NfProto.Inet;
    private const int MaxAttempts = 8;

    private readonly NamespaceSession _session;

    /// <summary>A table object of its own, with an empty cache (tests: a fresh read). Operations use <see cref="For"/>.</summary>
    public LinuxNetPsTable(NamespaceSession session) => _session = session;

    /// <summary>One table object per session, so NAT, firewall, address sets and isolation share the state cached per generation.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<NamespaceSession, LinuxNetPsTable> PerSession = new();

    /// <summary>The table of <paramref name="session"/>'s namespace, with the state its operations last read or worked out (it lives as long as the session).</summary>
    public static LinuxNetPsTable For(NamespaceSession session) => PerSession.GetValue(session, s => new LinuxNetPsTable(s));

    private NetlinkSocket Socket => _session.Netfilter;

    /// <summary>
    /// Our table as last read. Only a committed nf_tables transaction changes a ruleset, and every commit moves the
    /// namespace's ruleset generation on, so while NFT_MSG_GETGEN still answers this state's generation, the state is
    /// exact and the dumps (O(rules): 11-12 ms at 2,000 rules) are not needed. That makes repeated calls (a script
    /// adding port forwards one by one) cost one small request before planning instead of a full read.
    /// </summary>
    private volatile LinuxNetPsTableState? _cached;

    private int _fullReads;

    /// <summary>How many times the table was dumped (not answered from the cached state); for tests.</summary>
    internal int FullReads => Volatile.Read(ref _fullReads);

    /// <summary>Reads the table consistently (the generation is the same before and after the dumps), or returns the
    /// cached state when the ruleset generation has not moved since it was read.</summary>
    public LinuxNetPsTableState Read()
    {
        uint current = Generation();
        if (_cached is { } cached && cached.Generation == current) return cached;
        for (int attempt = 1; ; attempt++)
        {
            Interlocked.Increment(ref _fullReads);
            uint before = attempt == 1 ? current : Generation();
            var chains = ReadChains();
            var rules = chains.Count == 0 ? new List<NftRuleEntry>() : ReadRules();
            bool exists = chains.Count > 0 || TableExists();
            var sets = exists ? ReadSets() : [];
            var names = chains.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            var misshapen = chains.Where(c => BaseChain.Find(c.Name) is { } ours && c.Hook != ours.Hook).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            if (Generation() == before)
                return _cached = new LinuxNetPsTableState(before, exists, names, RuleIndex.Of(rules), misshapen)
                {
                    ChainOrder = chains.Select(c => c.Name).ToList(),
                    Rules = rules,
                    OthersSeenAt = before,
                    LastHandle = rules.Count == 0 ? 0 : rules.Max(r => r.Handle),
                    DropPolicy = chains.Where(c => c.Hook is not null && c.Policy == NfVerdict.Drop).Select(c => c.Name).ToHashSet(StringComparer.Ordinal),
                    Sets = sets.GroupBy(x => x.Name).ToDictionary(g => g.Key, g => g.First().KeyType, StringComparer.Ordinal),
                };
            if (attempt == MaxAttempts)
                throw new NetOperationException(NetErrorKind.Busy, $"Cannot read table inet {Name}: the nf_tables ruleset kept changing while we read it.",
                    operation: "list nf_tables rules");
        }
    }

    /// <summary>
    /// How long <see cref="Change"/> keeps retrying while other writers make the kernel refuse its transaction
    /// (settable for tests); then it gives up with a Busy error, having changed nothing.
    /// </summary>
    internal static TimeSpan ConflictBudget { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Reads the table, lets <paramref name="plan"/> decide the messages from that state, and sends
    /// them as one transaction tied to the state's generation. <paramref name="plan"/> returns false
    /// when there is nothing to send. <paramref name="what"/> names the rules in errors ("NAT rules", "filter rules").
    ///
    /// The generation is the whole ruleset's, so a write to any table (a firewall, Docker, iptables-nft)
    /// makes the kernel refuse the transaction (ERESTART). If our table is unchanged, that was no real
    /// conflict and the same plan is sent again at once; if our table changed, another writer is working
    /// on it, so we wait a jittered, growing moment before planning again. Either way only within
    /// <see cref="ConflictBudget"/>; then a Busy error says so.
    /// </summary>
    public LinuxNetPsTableState Change(Func<LinuxNetPsTableState, NftBatch, bool> plan, string what = "rules of table inet " + Name)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int refusals = 0, conflicts = 0;
        LinuxNetPsTableState? refused = null;
        while (true)
        {
            var state = Read();
            if (refused is not null && !SameContent(refused, state))
            {
                conflicts++;
                Thread.Sleep(Backoff(conflicts));
                state = Read();
            }
            var batch = new NftBatch();
            if (!plan(state, batch)) return state;
            FaultPoint.Reach("nat-batch-planned", _session.Namespace.Spec);
            try
            {
                Send(state, batch);
                _cached = StateAfter(state, batch);
                return state;
            }
            catch (NetOperationException e) when (e.ErrnoCode == Errno.ERESTART)
            {
                refusals++;
                refused = state;
                if (clock.Elapsed > ConflictBudget)
                    throw new NetOperationException(NetErrorKind.Busy,
                        $"Cannot change the {what} in {_session.Namespace.Description}: other processes kept changing the nf_tables ruleset, so the kernel " +
                        $"refused our transaction {refusals} times in {clock.Elapsed.TotalSeconds:0.#} s ({conflicts} of them changed our own table). Nothing was changed; try again.",
                        e.Errno, e.KernelMessage, $"change {what}", null, e);
            }
            catch (NetOperationException e) when (e.ErrnoCode is Errno.EMSGSIZE or Errno.ENOBUFS)
            {
                // Too big to send, or so many messages refused that the errors overflowed the receive buffer (successful
                // messages send no answer here, see Send): either way the kernel applied nothing.
                string why = e.ErrnoCode == Errno.EMSGSIZE
                    ? "it is too big for one netlink message"
                    : "the kernel refused so many of its messages that their errors overflowed the receive buffer";
                throw new NetOperationException(e.Kind,
                    $"The nf_tables transaction of {batch.Messages.Count} messages was not applied, nothing changed: {why}. " +
                    $"Add fewer rules per call (a few thousand). {e.Message}", e.Errno, e.KernelMessage, $"change {what}", null, e);
            }
        }
    }

    /// <summary>
    /// Our table after our own transaction committed, worked out from the state it was planned on and what it did, so the
    /// next call need not dump the table again (the read back after an add costs O(rules)). Only when nobody else committed
    /// in between (the generation moved by exactly one) and the kernel handed out the rule handles expected: it numbers the
    /// chains and rules of a table from one counter, in the order of the messages, and the last new rule is fetched by its
    /// handle to confirm it. Otherwise null, and the next <see cref="Read"/> dumps the table.
    /// </summary>
    private LinuxNetPsTableState? StateAfter(LinuxNetPsTableState before, NftBatch batch)
    {
        uint generation = Generation();
        uint expected = before.Generation + 1 == 0 ? 1 : before.Generation + 1; // the kernel skips 0
        if (generation != expected) return null;
        if (batch.Effects.Any(e => e.Kind == NftEffectKind.Other)) return null; // sets and policies: read them back

        // O(messages · log rules): the index is changed where the messages change it, never copied whole.
        bool exists = before.TableExists;
        var order = before.ChainOrder.ToList();
        var index = before.Index;
        bool othersChanged = false; // a deleted chain may have been a drop-policy chain on the forward hook
        ulong handle = before.LastHandle;
        NftRuleEntry? lastNew = null;
        foreach (var effect in batch.Effects)
            switch (effect.Kind)
            {
                case NftEffectKind.NewTable:
                    if (exists) return null;
                    exists = true;
                    handle = 0;
                    break;
                case NftEffectKind.DelTable:
                    exists = false;
                    order.Clear();
                    index = RuleIndex.Empty;
                    handle = 0;
                    othersChanged = true;
                    break;
                case NftEffectKind.NewChain:
                    if (order.Contains(effect.Chain!)) return null;
                    order.Add(effect.Chain!);
                    handle++;
                    break;
                case NftEffectKind.DelChain:
                    order.Remove(effect.Chain!);
                    index = index.WithoutChain(effect.Chain!);
                    othersChanged = true;
                    break;
                case NftEffectKind.NewRule:
                    if (!order.Contains(effect.Chain!)) return null;
                    handle++;
                    var id = RuleComment.IdOf(effect.Comment);
                    lastNew = new NftRuleEntry(effect.Chain!, handle, id, id is null ? null : NatRuleParser.Parse(effect.Expressions!));
                    if (index.Add(lastNew, effect.Before) is not { } added) return null;
                    index = added;
                    break;
                case NftEffectKind.DelRule:
                    index = index.Remove(effect.Chain!, effect.Handle);
                    break;
            }
        if (lastNew is not null && !KernelHas(lastNew)) return null;
        var misshapen = before.Misshapen.Where(order.Contains).ToHashSet(StringComparer.Ordinal);
        return new LinuxNetPsTableState(generation, exists, order.ToHashSet(StringComparer.Ordinal), index, misshapen)
        {
            ChainOrder = order,
            LastHandle = handle,
            DropPolicy = exists ? before.DropPolicy.Where(order.Contains).ToHashSet(StringComparer.Ordinal) : new HashSet<string>(),
            Sets = exists ? before.Sets : new Dictionary<string, uint>(),
            OthersSeenAt = othersChanged ? generation : before.OthersSeenAt,
        };
    }

    /// <summary>Whether the kernel's rule with this chain and handle is this rule (one NFT_MSG_GETRULE, not a dump).</summary>
    private bool KernelHas(NftRuleEntry expected)
    {
        NftRuleEntry? found = null;
        try
        {
            Socket.Execute(Nfnl.Type(NftMsg.GetRule), NetlinkFlags.None, w =>
            {
                w.Struct(NfGenMsg.For(Family));
                w.String(NftaRule.Table, Name);
                w.String(NftaRule.Chain, expected.Chain);
                w.U64BigEndian(NftaRule.Handle, expected.Handle);
            }, "read nf_tables rule", expected.Id, (in NetlinkMessage m) => found = ParseRule(m));
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound)
        {
            return false;
        }
        return found is not null && found.Id == expected.Id && found.Definition == expected.Definition;
    }

    /// <summary>Adds to <paramref name="batch"/> what must exist before rules go into <paramref name="chains"/>: the table and each chain not there yet.</summary>
    public static void PlanCreation(LinuxNetPsTableState state, NftBatch batch, IEnumerable<BaseChain> chains)
    {
        if (!state.TableExists) batch.NewTable();
        foreach (var chain in chains.Distinct())
            if (!state.Chains.Contains(chain.Name)) batch.NewChain(chain);
    }

    /// <summary>Deletes the rules; then each chain they leave empty, or the whole table when no rule at all is left.</summary>
    public static void PlanRemoval(LinuxNetPsTableState state, IReadOnlyList<NftRuleEntry> rules, NftBatch batch)
    {
        // Counted per chain from the index (the rules are the state's own entries), not by a pass over the whole table.
        var leaving = rules.Distinct().ToList();
        if (state.Index.Count - leaving.Count == 0 && !state.HoldsMoreThanRules)
        {
            batch.DelTable(); // deleting the table deletes its chains and rules, in the same transaction
            return;
        }
        PlanRuleRemoval(rules, batch);
        // A chain goes with its last rule, unless its policy drops (a default the user set stays without rules).
        foreach (var chain in leaving.GroupBy(r => r.Chain))
            if (state.Index.InChain(chain.Key).Count == chain.Count() && !state.DropPolicy.Contains(chain.Key)) batch.DelChain(chain.Key);
    }

    /// <summary>Deletes just the rules (their chains stay: rules are about to be added to them).</summary>
    public static void PlanRuleRemoval(IReadOnlyList<NftRuleEntry> rules, NftBatch batch)
    {
        foreach (var r in rules) batch.DelRule(r.Chain, r.Handle, r.Id);
    }

    /// <summary>Whether two reads found the same chains and rules in our table (the generations may differ).</summary>
    private static bool SameContent(LinuxNetPsTableState a, LinuxNetPsTableState b) =>
        a.TableExists == b.TableExists && a.Chains.SetEquals(b.Chains) && a.Rules.SequenceEqual(b.Rules)
        && a.DropPolicy.SetEquals(b.DropPolicy) && a.Sets.Keys.ToHashSet().SetEquals(b.Sets.Keys);

    /// <summary>A random wait of up to 2^n ms (at most 200 ms), so two writers that collided do not collide again in step.</summary>
    private static TimeSpan Backoff(int conflicts) =>
        TimeSpan.FromMilliseconds(Random.Shared.Next(1, 1 + Math.Min(200, 1 << Math.Min(conflicts, 8))));

    private long _commitTicks;

    /// <summary>How long the kernel took over our transactions (from sending a batch to its last answer), summed; for the
    /// benchmark, which tells the kernel's commit (it grows with the rules in the table) from the rest of a call.</summary>
    internal TimeSpan CommitTime => System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _commitTicks));

    private void Send(LinuxNetPsTableState state, NftBatch batch)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            SendBatch(state, batch);
        }
        finally
        {
            Interlocked.Add(ref _commitTicks, System.Diagnostics.Stopwatch.GetTimestamp() - start);
        }
    }

    private void SendBatch(LinuxNetPsTableState state, NftBatch batch) =>
        Socket.ExecuteBatch(b =>
        {
            b.AddUnacknowledged(Nfnl.MsgBatchBegin, NetlinkFlags.None, w => NftMessages.BatchBegin(w, state.Generation), "begin nf_tables transaction");
            // Only the last message asks for an ACK: the kernel reports every failing message anyway, in order,
            // so that ACK closes the answers, and a batch of thousands of rules cannot overflow the receive buffer.
            for (int i = 0; i < batch.Messages.Count; i++)
            {
                var m = batch.Messages[i];
                if (i == batch.Messages.Count - 1) b.Add(Nfnl.Type(m.Type), m.Flags, m.Body, m.Operation, m.Target);
                else b.AddErrorsOnly(Nfnl.Type(m.Type), m.Flags, m.Body, m.Operation, m.Target);
            }
            b.AddUnacknowledged(Nfnl.MsgBatchEnd, NetlinkFlags.None, NftMessages.BatchEnd, "end nf_tables transaction");
        });

    private uint Generation()
    {
        uint generation = 0;
        Socket.Execute(Nfnl.Type(NftMsg.GetGen), NetlinkFlags.None, w => w.Struct(NfGenMsg.For(NfProto.Unspec)),
            "read the nf_tables generation", null, (in NetlinkMessage m) => generation = ParseGeneration(m));
        return generation;
    }

    /// <summary>NFTA_GEN_ID of an NFT_MSG_NEWGEN.</summary>
    internal static uint ParseGeneration(in NetlinkMessage m)
    {
        uint generation = 0;
        var r = m.Attributes<NfGenMsg>();
        while (r.Next())
            if (r.Type == NftaGen.Id) generation = r.U32BigEndian();
        r.ThrowIfMalformed("nf_tables generation message");
        return generation;
    }

    private bool TableExists()
    {
        try
        {
            Socket.Execute(Nfnl.Type(NftMsg.GetTable), NetlinkFlags.None, w => NftMessages.DelTable(w, Family, Name), "read nf_tables table", Name);
            return true;
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound)
        {
            return false;
        }
    }

    private List<NftChainEntry> ReadChains() =>
        Socket.Dump(Nfnl.Type(NftMsg.GetChain), w => w.Struct(NfGenMsg.For(Family)), ParseOurChain, "list nf_tables chains");

    /// <summary>A chain of our table from one NFT_MSG_NEWCHAIN; null for another table's chain.</summary>
    internal static NftChainEntry? ParseOurChain(in NetlinkMessage m)
    {
        var (_, table, name, hook, policy) = NftChainMessage.Parse(m);
        if (table != Name) return null;
        return name is null ? throw new MalformedMessageException("nf_tables chain message", "a chain of our table has no name") : new NftChainEntry(name, hook, policy);
    }

    private List<NftSetEntry> ReadSets()
    {
        try
        {
            return Socket.Dump(Nfnl.Type(NftMsg.GetSet), w =>
            {
                w.Struct(NfGenMsg.For(Family));
                w.String(NftaSet.Table, Name);
            }, ParseOurSet, "list nf_tables sets");
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound)
        {
            return []; // the table went away meanwhile; the generation check catches it
        }
    }

    /// <summary>A named set of our table from one NFT_MSG_NEWSET; null for another table's set or an anonymous one.</summary>
    internal static NftSetEntry? ParseOurSet(in NetlinkMessage m)
    {
        string? table = null, name = null;
        uint flags = 0, keyType = 0, keyLength = 0;
        var r = m.Attributes<NfGenMsg>();
        while (r.Next())
            switch (r.Type)
            {
                case NftaSet.Table: table = r.String(); break;
                case NftaSet.Name: name = r.String(); break;
                case NftaSet.Flags: flags = r.U32BigEndian(); break;
                case NftaSet.KeyType: keyType = r.U32BigEndian(); break;
                case NftaSet.KeyLen: keyLength = r.U32BigEndian(); break;
            }
        r.ThrowIfMalformed("nf_tables set message");
        if (table != Name || (flags & NftSetFlags.Anonymous) != 0) return null;
        if (name is null) throw new MalformedMessageException("nf_tables set message", "a set of our table has no name");
        return new NftSetEntry(name, keyType, keyLength, flags);
    }

    private List<NftRuleEntry> ReadRules()
    {
        try
        {
            return Socket.Dump(Nfnl.Type(NftMsg.GetRule), w =>
            {
                w.Struct(NfGenMsg.For(Family));
                w.String(NftaRule.Table, Name); // the kernel filters the dump to our table
            }, ParseRule, "list nf_tables rules");
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound)
        {
            return []; // the table went away between the chain and the rule dump; the generation check catches it
        }
    }

    /// <summary>The fields of one NFT_MSG_NEWRULE that our rules are told apart by, as the kernel sent them.</summary>
    internal readonly record struct RuleMessage(string? Table, string? Chain, ulong Handle, string? Comment, List<NftExpression>? Expressions);

    /// <summary>Reads one NFT_MSG_NEWRULE: the one reader of rule messages, for NAT rules and firewall rules alike.</summary>
    internal static RuleMessage ReadRuleMessage(in NetlinkMessage m)
    {
        string? table = null, chain = null, comment = null;
        ulong handle = 0;
        List<NftExpression>? expressions = null;
        var r = m.Attributes<NfGenMsg>();
        while (r.Next())
            switch (r.Type)
            {
                case NftaRule.Table: table = r.String(); break;
                case NftaRule.Chain: chain = r.String(); break;
                case NftaRule.Handle: handle = r.U64BigEndian(); break;
                case NftaRule.UserData: comment = RuleComment.Decode(r.Data); break;
                case NftaRule.Expressions: expressions = NftExpressionList.Read(r.Data); break;
            }
        r.ThrowIfMalformed("nf_tables rule message");
        return new RuleMessage(table, chain, handle, comment, expressions);
    }

    /// <summary>One NFT_MSG_NEWRULE of a dump; null for another table's rule.</summary>
    internal static NftRuleEntry? ParseRule(in NetlinkMessage m)
    {
        var (table, chain, handle, comment, expressions) = ReadRuleMessage(m);
        if (table != Name) return null;
        if (chain is null) throw new MalformedMessageException("nf_tables rule message", $"a rule of table '{table}' has no chain");
        var id = RuleComment.IdOf(comment);
        var definition = id is not null && expressions is not null ? NatRuleParser.Parse(expressions) : null;
        return new NftRuleEntry(chain, handle, id, definition);
    }
}
