using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Bench;

/// <summary>Removes every namespace of a prefix; the links in them go with them.</summary>
internal static class Teardown
{
    /// <param name="order">
    /// deletemany (default): one NetworkNamespaces.DeleteMany call with the names as /run/netns lists them (it
    /// picks its own order). The others call Delete per name, for measuring what the order does: readdir (as
    /// listed), host-first (P-host, then P-0, P-1 ... as created), host-last (P-0 ... then P-host: name order, as
    /// `Get-NetNamespace P-* | Remove-NetNamespace` gives them).
    /// </param>
    /// <param name="parallel">How many Delete calls run at once (not with deletemany).</param>
    public static int Run(string prefix, StepTimer timer, int parallel = 1, string order = "deletemany")
    {
        var names = TopologySpec.Existing(prefix);
        if (order == "deletemany")
        {
            Outcomes.ThrowFirst(timer.Time("NetworkNamespaces.DeleteMany", () => NetworkNamespaces.DeleteMany(names)));
            return names.Count;
        }
        static int Number(string name) => int.TryParse(name[(name.LastIndexOf('-') + 1)..], out int i) ? i : -1;
        names = order switch
        {
            "readdir" => names,
            "host-first" => names.OrderBy(Number).ToList(),
            "host-last" => names.OrderBy(n => Number(n) < 0 ? int.MaxValue : Number(n)).ToList(),
            _ => throw new ArgumentException($"--order must be deletemany, readdir, host-first or host-last, not '{order}'."),
        };
        if (parallel <= 1)
            foreach (var name in names) timer.Time("NetworkNamespaces.Delete", () => NetworkNamespaces.Delete(name));
        else
            timer.Time($"NetworkNamespaces.Delete, {parallel} threads", () =>
                Parallel.ForEach(names, new ParallelOptions { MaxDegreeOfParallelism = parallel }, NetworkNamespaces.Delete));
        return names.Count;
    }
}
