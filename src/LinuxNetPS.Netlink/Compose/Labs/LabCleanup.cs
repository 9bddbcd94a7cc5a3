using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Deletes a lab's namespace, but only the one the lab made: a namespace of that name with another inode is someone
/// else's. The lab's hosts file for it (<see cref="LabNames"/>) goes too.
/// </summary>
internal static class LabCleanup
{
    /// <summary>True when it was there (and is now gone).</summary>
    public static bool DeleteNamespace(string name, ulong? inode)
    {
        var ns = NamespaceRef.Parse(name);
        var (mounted, actual) = NamespaceFile.Probe(ns.Path);
        if (!File.Exists(ns.Path) && !mounted)
        {
            LabNames.Delete(name);
            return false;
        }
        if (inode is { } expected && mounted && actual != expected) return false;
        try
        {
            NetworkNamespaces.Delete(name);
            LabNames.Delete(name);
            return true;
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.NotFound)
        {
            return false;
        }
    }
}
