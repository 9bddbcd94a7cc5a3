using System.Net;
using System.Text;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Nodes find each other by name, as containers of a containerlab lab do: each node's namespace gets
/// /etc/netns/NS/hosts (which `ip netns exec`, Invoke-NetLab and exec lines see as /etc/hosts) listing every address
/// of every node of the lab under the node's name, the addresses of its links first, in the order the definition
/// gives them; after exec lines ran, the file is written again with the addresses they added. The file carries a marker line; only a file with that marker is ever replaced or removed.
/// </summary>
internal static class LabNames
{
    private const string Marker = "# Written by LinuxNetPS for the network lab";

    public static string PathOf(string ns) => Path.Combine(EtcOverlay.Directory, ns, "hosts");

    /// <param name="lab">The definition whose nodes and link addresses are listed.</param>
    /// <param name="labName">The lab's name, written in the marker line.</param>
    /// <param name="more">Addresses the kernel has besides the definition's (written again after exec lines added some).</param>
    public static string Text(LabDefinition lab, string labName, IReadOnlyDictionary<string, IReadOnlyList<IPAddress>>? more = null)
    {
        var text = new StringBuilder($"{Marker} '{labName}'; removed with it.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        foreach (var node in lab.Nodes.Where(n => n.Kind != LabNodeKind.Bridge))
        {
            var addresses = node.Addresses.Select(a => a.Prefix.Address).Concat(more?.GetValueOrDefault(node.Name) ?? []);
            foreach (var address in addresses.Where(a => !IPAddress.IsLoopback(a) && !a.IsIPv6LinkLocal).Distinct())
                text.Append(address).Append('\t').Append(node.Name).Append('\n');
        }
        return text.ToString();
    }

    public static void Write(LabDefinition lab, string labName, IReadOnlyDictionary<string, string> namespaces, IReadOnlyDictionary<string, IReadOnlyList<IPAddress>>? more = null)
    {
        string text = Text(lab, labName, more);
        foreach (var node in lab.Nodes.Where(n => n.Kind != LabNodeKind.Bridge))
        {
            string path = PathOf(namespaces[node.Name]);
            if (File.Exists(path) && !Ours(path)) continue; // someone else's file: theirs wins
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            string temp = path + ".tmp";
            File.WriteAllText(temp, text);
            File.Move(temp, path, overwrite: true);
        }
    }

    /// <summary>Removes the hosts file of a lab's namespace (and its folder when that is then empty), if it is ours.</summary>
    public static void Delete(string ns)
    {
        string path = PathOf(ns);
        try
        {
            if (!File.Exists(path) || !Ours(path)) return;
            File.Delete(path);
            string folder = Path.GetDirectoryName(path)!;
            if (!Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static bool Ours(string path)
    {
        using var reader = new StreamReader(path);
        return reader.ReadLine()?.StartsWith(Marker, StringComparison.Ordinal) == true;
    }
}
