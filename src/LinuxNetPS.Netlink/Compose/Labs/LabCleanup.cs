using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Deletes a lab's namespace, but only the one the lab made: a namespace of that name with another inode is someone
/// else's. The lab's hosts file for it (<see cref="LabNames"/>) goes too.
/// </summary>
internal static class LabCleanup
{
    /// <summary>The alias every node's lo gets when the lab is built: what proves a namespace is the lab's.</summary>
    public static string MarkerOf(string lab) => $"linuxnetps lab {lab}";

    /// <summary>
    /// Why Remove-NetLab must leave a node's namespace alone, or null when it is provably the lab's (or already gone): its
    /// name is the lab's prefix plus the node's name, its inode is the recorded one, and its lo carries the lab's marker
    /// (a lab whose build died before lo was set may lose a namespace that holds nothing but lo).
    /// </summary>
    public static string? ProblemWith(LabNodeRecord node, LabRecord record)
    {
        string shown = $"node '{InputText.Echo(node.Name)}' (namespace '{InputText.Echo(node.Namespace)}')";
        if (node.Namespace != record.Prefix + node.Name || !LabBinder.IsValidNodeName(node.Name))
            return $"{shown}: its namespace is not the lab's prefix '{InputText.Echo(record.Prefix)}' plus the node's name";
        NamespaceRef ns;
        try { ns = NamespaceRef.Parse(node.Namespace); NamespaceRef.ValidateName(node.Namespace); }
        catch (NetOperationException) { return $"{shown}: not a namespace name"; }
        var (mounted, actual) = NamespaceFile.Probe(ns.Path);
        if (!mounted) return null; // gone already (a stale entry is removed)
        if (node.Inode is { } expected && actual != expected) return null; // another namespace of that name: DeleteNamespace skips it
        try
        {
            var links = NetClient.For(node.Namespace).Links.Dump().Select(l => l.Link).ToList();
            var lo = links.FirstOrDefault(l => l.Name == "lo");
            if (lo?.Alias == MarkerOf(record.Name)) return null;
            if (record.Phase == LabPhase.Building && links.Count == 1 && lo is { IsUp: false }) return null; // made, nothing in it yet
            return $"{shown}: it does not carry the lab's marker (its lo's alias), so it is not provably the lab's";
        }
        catch (NetOperationException e)
        {
            return $"{shown}: {e.Message}";
        }
    }

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
        if (inode is { } expected && mounted && actual != expected)
        {
            // Another namespace of that name is left alone, but the hosts file the lab wrote for the name carries our marker:
            // it is ours, and left behind it would give the newcomer the lab's node names (LabNames.Delete checks the marker).
            LabNames.Delete(name);
            return false;
        }
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
