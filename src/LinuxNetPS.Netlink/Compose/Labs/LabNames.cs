using System.Net;
using System.Text;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Nodes find each other by name, as containers of a containerlab lab do: each node's namespace gets a "lab" section in
/// /etc/netns/NS/hosts (which `ip netns exec`, Invoke-NetLab and exec lines see as /etc/hosts) listing every address
/// of every node of the lab under the node's name, the addresses of its links first, in the order the definition
/// gives them (in a split lab, the nodes on other hosts as well); after exec lines ran, the section is written again with the addresses they added. The file has one writer,
/// <see cref="HostsFile"/>: a namespace that is also on a container network keeps that section, and the user's lines stay.
/// </summary>
internal static class LabNames
{
    /// <summary>The owner of the lab's section (a namespace is a node of one lab at most).</summary>
    internal const string Owner = "lab";

    /// <summary>The first line of the whole-file form written before the sections had owners: such a file was all ours.</summary>
    private const string LegacyMarker = "# Written by LinuxNetPS for the network lab";

    public static string PathOf(string ns) => HostsFile.PathOf(ns);

    /// <param name="lab">The definition whose nodes and link addresses are listed.</param>
    /// <param name="labName">The lab's name, written in the marker line.</param>
    /// <param name="more">Addresses the kernel has besides the definition's (written again after exec lines added some).</param>
    public static IReadOnlyList<string> Lines(LabDefinition lab, IReadOnlyDictionary<string, IReadOnlyList<IPAddress>>? more = null)
    {
        var lines = new List<string>();
        // A split lab's part lists the nodes on the other hosts too: they are reached by name through the tunnels.
        foreach (var node in lab.Nodes.Concat(lab.Part?.RemoteNodes ?? []).Where(n => n.Kind != LabNodeKind.Bridge))
        {
            var addresses = node.Addresses.Select(a => a.Prefix.Address).Concat(more?.GetValueOrDefault(node.Name) ?? []);
            foreach (var address in addresses.Where(a => !IPAddress.IsLoopback(a) && !a.IsIPv6LinkLocal).Distinct())
                lines.Add($"{address}\t{node.Name}");
        }
        return lines;
    }

    public static void Write(LabDefinition lab, string labName, IReadOnlyDictionary<string, string> namespaces, IReadOnlyDictionary<string, IReadOnlyList<IPAddress>>? more = null)
    {
        var lines = Lines(lab, more);
        foreach (var node in lab.Nodes.Where(n => n.Kind != LabNodeKind.Bridge))
        {
            var ns = namespaces[node.Name];
            DeleteLegacy(ns);
            HostsFile.SetSection(ns, Owner, lines, $"'{labName}'; removed with it");
        }
    }

    /// <summary>Removes the lab's section of a namespace's hosts file (the file goes when nothing else is left in it).</summary>
    public static void Delete(string ns)
    {
        try
        {
            DeleteLegacy(ns);
            HostsFile.RemoveSections(ns, owner => owner == Owner);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static void DeleteLegacy(string ns)
    {
        string path = PathOf(ns);
        if (!File.Exists(path)) return;
        using (var reader = new StreamReader(path))
            if (reader.ReadLine()?.StartsWith(LegacyMarker, StringComparison.Ordinal) != true) return;
        File.Delete(path);
    }
}
