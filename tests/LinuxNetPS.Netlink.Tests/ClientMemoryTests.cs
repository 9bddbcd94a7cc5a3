using LinuxNetPS.Client;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Tests.Support;
using Xunit.Abstractions;

namespace LinuxNetPS.Tests;

/// <summary>What a cached namespace costs in managed memory: its client and sockets must not each carry buffers.</summary>
public class ClientMemoryTests(ITestOutputHelper output)
{
    private const int K = 1000;

    [Fact]
    public void AThousandNamespacesInUse_CostAtMost20KBEach()
    {
        using var lab = new Lab();
        var names = Enumerable.Range(0, K).Select(i => lab.Ns($"m{i}")).ToList();
        // Warm up every code path first (one namespace), so JIT and static caches are not counted.
        var warm = lab.Create("warm");
        NetClient.For(warm).Links.SetUp("lo");
        NetClient.For(warm).Links.List();

        long before = GC.GetTotalMemory(forceFullCollection: true);
        NetworkNamespaces.CreateMany(names);
        // Held by the caller, as a script or cmdlet holding its clients would: each has made requests on its socket.
        var clients = names.Select(NetClient.For).ToList();
        foreach (var c in clients)
        {
            c.Links.SetUp("lo");
            Assert.Single(c.Links.List());
        }
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(clients);

        double perNamespace = (after - before) / (double)K;
        output.WriteLine($"managed memory per namespace: {perNamespace:F0} bytes");
        Assert.True(perNamespace <= 20 * 1024, $"{perNamespace:F0} bytes per namespace");
    }
}
