namespace LinuxNetPS.Namespaces;

/// <summary>
/// iproute2's per-namespace configuration: each entry of /etc/netns/NAME (resolv.conf, hosts ...)
/// is bind-mounted over the entry of the same name in /etc for programs run in namespace NAME.
/// </summary>
internal static class EtcOverlay
{
    public const string Directory = "/etc/netns";

    public readonly record struct Entry(string Source, string Target);

    /// <summary>The bind mounts for namespace <paramref name="name"/>, in name order; none when /etc/netns/NAME does not exist.</summary>
    public static IReadOnlyList<Entry> FilesFor(string name)
    {
        var folder = Path.Combine(Directory, name);
        if (!System.IO.Directory.Exists(folder)) return [];
        return System.IO.Directory.EnumerateFileSystemEntries(folder)
            .Order(StringComparer.Ordinal)
            .Select(source => new Entry(source, Path.Combine("/etc", Path.GetFileName(source))))
            .ToList();
    }
}
