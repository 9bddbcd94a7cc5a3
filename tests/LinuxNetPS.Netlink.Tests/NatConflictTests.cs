using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Nftables;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

/// <summary>nf_tables generation conflicts and chains made by hand (issue 9, items 7 and 8).</summary>
[Collection("FaultPoint")] // sets FaultPoint.Callback and LinuxNetPsTable.ConflictBudget: never in parallel with another user of them
public class NatConflictTests
{
    [Fact]
    public void WritesToOtherTables_BetweenOurReadAndOurBatch_AreRetriedUntilTheChangeGoesThrough()
    {
        using var lab = new Lab();
        var (ns, client) = lab.CreateWithClient("nconf");
        NatTestKit.Nft(ns, "add", "table", "inet", "neighbour");
        int neighbourWrites = 0;
        FaultPoint.Callback = (point, subject) =>
        {
            // Another program's write lands in every window between our read and our batch, twelve times running
            // (more than the eight attempts there used to be).
            if (point == "nat-batch-planned" && subject == ns && neighbourWrites < 12)
            {
                neighbourWrites++;
                NatTestKit.Nft(ns, "add", "chain", "inet", "neighbour", $"c{neighbourWrites}");
            }
        };
        try
        {
            var change = client.Nat.EnableMasquerade("10.77.0.0/24");
            Assert.True(change.Added);
        }
        finally
        {
            FaultPoint.Callback = null;
        }
        Assert.Equal(12, neighbourWrites);
        Assert.Single(client.Nat.List());
    }

    [Fact]
    public void ConflictsOnOurOwnTable_ThatNeverStop_EndInABusyError_AndChangeNothing()
    {
        using var lab = new Lab();
        var (ns, client) = lab.CreateWithClient("nbusy");
        client.Nat.EnableMasquerade("10.78.0.0/24");
        var before = NatTestKit.Rules(ns, "inet", LinuxNetPsTable.Name).Count;
        int writes = 0;
        var budget = LinuxNetPsTable.ConflictBudget;
        // Long enough for several attempts even when spawning nft is slow (each attempt runs one).
        LinuxNetPsTable.ConflictBudget = TimeSpan.FromSeconds(2);
        FaultPoint.Callback = (point, subject) =>
        {
            if (point == "nat-batch-planned" && subject == ns) NatTestKit.Nft(ns, "add", "chain", "inet", LinuxNetPsTable.Name, $"hand{++writes}");
        };
        NetOperationException e;
        try
        {
            e = Assert.Throws<NetOperationException>(() => client.Nat.AddSourceNat("10.79.0.0/24", "10.78.0.1"));
        }
        finally
        {
            FaultPoint.Callback = null;
            LinuxNetPsTable.ConflictBudget = budget;
        }
        Assert.Equal(NetErrorKind.Busy, e.Kind);
        Assert.Contains("Nothing was changed", e.Message);
        Assert.True(writes >= 2);
        Assert.Equal(before, NatTestKit.Rules(ns, "inet", LinuxNetPsTable.Name).Count);
    }

    [Fact]
    public void MasqueradeIntoAHooklessPostroutingChainMadeByHand_IsRefused_NotReportedAsInPlace()
    {
        using var lab = new Lab();
        var (ns, client) = lab.CreateWithClient("nhook");
        NatTestKit.Nft(ns, "add", "table", "inet", LinuxNetPsTable.Name);
        NatTestKit.Nft(ns, "add", "chain", "inet", LinuxNetPsTable.Name, "postrouting"); // a regular chain: no hook, never run

        var e = Assert.Throws<NetOperationException>(() => client.Nat.EnableMasquerade("10.80.0.0/24"));
        Assert.Contains("not a NAT base chain", e.Message);
        Assert.Empty(NatTestKit.Rules(ns, "inet", LinuxNetPsTable.Name));
        Assert.Empty(client.Nat.List());
    }
}
