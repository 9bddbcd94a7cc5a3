using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Bench;

/// <summary>Removes every namespace of a prefix; the links in them go with them.</summary>
internal static class Teardown
{
    public static int Run(string prefix, StepTimer timer)
    {
        var names = TopologySpec.Existing(prefix);
        foreach (var name in names) timer.Time("NetworkNamespaces.Delete", () => NetworkNamespaces.Delete(name));
        return names.Count;
    }
}
