using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Netlink;
using LinuxNetPS.Nftables.Expressions;

namespace LinuxNetPS.Nftables;

/// <summary>The messages of one nf_tables transaction, collected before anything is sent.</summary>
internal sealed class NftBatch
{
    internal readonly record struct Message(ushort Type, NetlinkFlags Flags, MessageBody Body, string Operation, string? Target);

    internal List<Message> Messages { get; } = new();

    /// <summary>What the messages do to our table, in order, so the state after the commit can be known without reading it back.</summary>
    internal List<NftEffect> Effects { get; } = new();

    public void NewTable()
    {
        Effects.Add(new NftEffect(NftEffectKind.NewTable));
        Messages.Add(new(NftMsg.NewTable, NetlinkFlags.Create, w => NftMessages.NewTable(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name),
            "create nf_tables table", $"inet {LinuxNetPsTable.Name}"));
    }

    public void DelTable()
    {
        Effects.Add(new NftEffect(NftEffectKind.DelTable));
        Messages.Add(new(NftMsg.DelTable, NetlinkFlags.None, w => NftMessages.DelTable(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name),
            "delete nf_tables table", $"inet {LinuxNetPsTable.Name}"));
    }

    public void NewChain(BaseChain chain)
    {
        Effects.Add(new NftEffect(NftEffectKind.NewChain, chain.Name));
        Messages.Add(new(NftMsg.NewChain, NetlinkFlags.Create, w => NftMessages.NewBaseChain(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, chain),
            $"create {KindOf(chain.Name)} chain", chain.Name));
    }

    /// <summary>A regular chain (no hook): the kernel never runs its rules unless something jumps to it.</summary>
    public void NewRegularChain(string chain)
    {
        Effects.Add(new NftEffect(NftEffectKind.NewChain, chain));
        Messages.Add(new(NftMsg.NewChain, NetlinkFlags.Create, w => NftMessages.NewRegularChain(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, chain),
            "create filter chain", chain));
    }

    /// <summary>Creates <paramref name="chain"/> with this policy, or sets the policy of the existing chain (the same message, without NLM_F_EXCL).</summary>
    public void SetPolicy(BaseChain chain, uint policy)
    {
        Effects.Add(new NftEffect(NftEffectKind.Other, chain.Name));
        Messages.Add(new(NftMsg.NewChain, NetlinkFlags.Create, w => NftMessages.NewBaseChain(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, chain, policy),
            $"set the policy of {KindOf(chain.Name)} chain", chain.Name));
    }

    /// <summary>A named interval set of IPv4 or IPv6 addresses (an address set).</summary>
    public void NewSet(string name, bool ipv6)
    {
        Effects.Add(new NftEffect(NftEffectKind.Other));
        Messages.Add(new(NftMsg.NewSet, NetlinkFlags.Create | NetlinkFlags.Excl, w => NftMessages.NewAddressSet(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, name, ipv6),
            "create nf_tables set", name));
    }

    public void DelSet(string name)
    {
        Effects.Add(new NftEffect(NftEffectKind.Other));
        Messages.Add(new(NftMsg.DelSet, NetlinkFlags.None, w => NftMessages.DelSet(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, name),
            "delete nf_tables set", name));
    }

    /// <summary>Adds or deletes interval elements, in messages of at most <see cref="ElementsPerMessage"/> intervals (an attribute nest holds 64 KiB).</summary>
    public void SetElements(string set, IReadOnlyList<AddressInterval> intervals, bool add)
    {
        Effects.Add(new NftEffect(NftEffectKind.Other));
        for (int i = 0; i < intervals.Count; i += ElementsPerMessage)
        {
            var chunk = intervals.Skip(i).Take(ElementsPerMessage).ToList();
            Messages.Add(new(add ? NftMsg.NewSetElem : NftMsg.DelSetElem, add ? NetlinkFlags.Create : NetlinkFlags.None,
                w => NftMessages.SetElements(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, set, chunk), add ? "add set elements" : "delete set elements", set));
        }
    }

    public const int ElementsPerMessage = 1000;

    public void DelChain(string chain)
    {
        Effects.Add(new NftEffect(NftEffectKind.DelChain, chain));
        Messages.Add(new(NftMsg.DelChain, NetlinkFlags.None, w => NftMessages.DelChain(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, chain),
            $"delete {KindOf(chain)} chain", chain));
    }

    /// <summary>Appends a rule to <paramref name="chain"/>, or inserts it just before the rule with handle <paramref name="before"/>.</summary>
    public void NewRule(string chain, IReadOnlyList<NftExpression> expressions, string comment, ulong? before = null)
    {
        Effects.Add(new NftEffect(NftEffectKind.NewRule, chain, Expressions: expressions, Comment: comment, Before: before));
        Messages.Add(new(NftMsg.NewRule, before is null ? NetlinkFlags.Create | NetlinkFlags.Append : NetlinkFlags.Create,
            w => NftMessages.NewRule(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, chain, expressions, comment, before), $"add {KindOf(chain)} rule", comment));
    }

    public void DelRule(string chain, ulong handle, string? id)
    {
        Effects.Add(new NftEffect(NftEffectKind.DelRule, chain, handle));
        Messages.Add(new(NftMsg.DelRule, NetlinkFlags.None, w => NftMessages.DelRule(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, chain, handle),
            $"delete {KindOf(chain)} rule", id ?? $"{chain} handle {handle}"));
    }

    /// <summary>"NAT" or "filter", for the operation text of errors (a chain name that is none of our base chains' is called NAT).</summary>
    private static string KindOf(string chain) => BaseChain.Find(chain) is FilterChain || chain == FilterChain.Disabled ? "filter" : "NAT";
}

/// <summary>What a message does to our table; Other (sets, policies) makes the next call read the table back.</summary>
internal enum NftEffectKind { NewTable, DelTable, NewChain, DelChain, NewRule, DelRule, Other }

/// <summary>One message's change to our table: the chain it names, the rule handle deleted, or the rule added (before which rule).</summary>
internal sealed record NftEffect(NftEffectKind Kind, string? Chain = null, ulong Handle = 0,
    IReadOnlyList<NftExpression>? Expressions = null, string? Comment = null, ulong? Before = null);
