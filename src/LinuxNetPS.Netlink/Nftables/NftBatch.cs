using LinuxNetPS.Netlink;
using LinuxNetPS.Nftables.Expressions;

namespace LinuxNetPS.Nftables;

/// <summary>The messages of one nf_tables transaction, collected before anything is sent.</summary>
internal sealed class NftBatch
{
    internal readonly record struct Message(ushort Type, NetlinkFlags Flags, MessageBody Body, string Operation, string? Target);

    internal List<Message> Messages { get; } = new();

    public void NewTable() =>
        Messages.Add(new(NftMsg.NewTable, NetlinkFlags.Create, w => NftMessages.NewTable(w, NatTable.Family, NatTable.Name),
            "create nf_tables table", $"inet {NatTable.Name}"));

    public void DelTable() =>
        Messages.Add(new(NftMsg.DelTable, NetlinkFlags.None, w => NftMessages.DelTable(w, NatTable.Family, NatTable.Name),
            "delete nf_tables table", $"inet {NatTable.Name}"));

    public void NewChain(NatChain chain) =>
        Messages.Add(new(NftMsg.NewChain, NetlinkFlags.Create, w => NftMessages.NewNatChain(w, NatTable.Family, NatTable.Name, chain),
            "create NAT chain", chain.Name));

    public void DelChain(string chain) =>
        Messages.Add(new(NftMsg.DelChain, NetlinkFlags.None, w => NftMessages.DelChain(w, NatTable.Family, NatTable.Name, chain),
            "delete NAT chain", chain));

    public void NewRule(string chain, IReadOnlyList<NftExpression> expressions, string comment) =>
        Messages.Add(new(NftMsg.NewRule, NetlinkFlags.Create | NetlinkFlags.Append,
            w => NftMessages.NewRule(w, NatTable.Family, NatTable.Name, chain, expressions, comment), "add NAT rule", comment));

    public void DelRule(string chain, ulong handle, string? id) =>
        Messages.Add(new(NftMsg.DelRule, NetlinkFlags.None, w => NftMessages.DelRule(w, NatTable.Family, NatTable.Name, chain, handle),
            "delete NAT rule", id ?? $"{chain} handle {handle}"));
}
