using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Bench;

/// <summary>Removes every namespace of a prefix; the links in them go with them.</summary>
internal static class Teardown
{
    /// <param name="parallel">
    /// How many deletions run at once. Each one is an umount2 that waits for an RCU grace period
    /// (wall time, not CPU), so several in flight share the waits.
    /// </param>
    public static int Run(string prefix, StepTimer timer, int parallel = 1)
    {
        var names = TopologySpec.Existing(prefix);
        if (parallel <= 1)
            foreach (var name in names) timer.Time("NetworkNamespaces.Delete", () => NetworkNamespaces.Delete(name));
        else
            timer.Time($"NetworkNamespaces.Delete, {parallel} threads", () =>
                Parallel.ForEach(names, new ParallelOptions { MaxDegreeOfParallelism = parallel }, NetworkNamespaces.Delete));
        return names.Count;
    }
}
