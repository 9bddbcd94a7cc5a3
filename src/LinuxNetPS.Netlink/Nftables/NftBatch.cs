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

    public void DelChain(string chain)
    {
        Effects.Add(new NftEffect(NftEffectKind.DelChain, chain));
        Messages.Add(new(NftMsg.DelChain, NetlinkFlags.None, w => NftMessages.DelChain(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, chain),
            $"delete {KindOf(chain)} chain", chain));
    }

    public void NewRule(string chain, IReadOnlyList<NftExpression> expressions, string comment)
    {
        Effects.Add(new NftEffect(NftEffectKind.NewRule, chain, Expressions: expressions, Comment: comment));
        Messages.Add(new(NftMsg.NewRule, NetlinkFlags.Create | NetlinkFlags.Append,
            w => NftMessages.NewRule(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, chain, expressions, comment), $"add {KindOf(chain)} rule", comment));
    }

    public void DelRule(string chain, ulong handle, string? id)
    {
        Effects.Add(new NftEffect(NftEffectKind.DelRule, chain, handle));
        Messages.Add(new(NftMsg.DelRule, NetlinkFlags.None, w => NftMessages.DelRule(w, LinuxNetPsTable.Family, LinuxNetPsTable.Name, chain, handle),
            $"delete {KindOf(chain)} rule", id ?? $"{chain} handle {handle}"));
    }

    /// <summary>"NAT" or "filter", for the operation text of errors (a chain name that is none of our base chains' is called NAT).</summary>
    private static string KindOf(string chain) => BaseChain.Find(chain) is FilterChain ? "filter" : "NAT";
}

internal enum NftEffectKind { NewTable, DelTable, NewChain, DelChain, NewRule, DelRule }

/// <summary>One message's change to our table: the chain it names, the rule handle deleted, or the rule added.</summary>
internal sealed record NftEffect(NftEffectKind Kind, string? Chain = null, ulong Handle = 0,
    IReadOnlyList<NftExpression>? Expressions = null, string? Comment = null);
