using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Between Test-NetLab's waves: deletes the dynamic neighbour entries (ARP and ND) in the lab's own namespaces, so the
/// next wave has room in the kernel's shared tables. Permanent and NoArp entries (static ones a user or the lab added)
/// and proxy entries stay; a namespace not the lab's (empty: the machine's own) is never touched.
/// </summary>
internal static class LabNeighborCleanup
{
    private const NeighborState Static = NeighborState.Permanent | NeighborState.NoArp;

    /// <summary>Clears the given namespaces, at most <paramref name="parallelism"/> at a time; returns the entries deleted.</summary>
    public static int Clear(IEnumerable<string> namespaces, int parallelism, CancellationToken cancel)
    {
        int deleted = 0;
        var owned = namespaces.Where(ns => !string.IsNullOrEmpty(ns)).Distinct(StringComparer.Ordinal).ToList();
        Parallel.ForEach(owned, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancel }, ns =>
        {
            int here = ClearOne(NetClient.For(ns));
            Interlocked.Add(ref deleted, here);
        });
        return deleted;
    }

    private static int ClearOne(NetClient client)
    {
        int deleted = 0;
        foreach (var entry in client.Neighbors.List().Where(n => !n.IsProxy && (n.State & Static) == 0))
        {
            // Gone already (the kernel's own garbage collection, or its interface) is what was wanted.
            try { client.Neighbors.Remove(entry.Interface, entry.IPAddress); deleted++; }
            catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound) { }
        }
        return deleted;
    }
}
