namespace LinuxNetPS.Namespaces;

/// <summary>
/// The DNS servers a program in a namespace uses: the nameserver lines of /etc/netns/NAME/resolv.conf when the namespace
/// is named and that file exists (iproute2 binds it over /etc/resolv.conf, as our launcher does), else of /etc/resolv.conf.
/// </summary>
public static class ResolverConfiguration
{
    private const string HostFile = "/etc/resolv.conf";

    /// <summary>The file that namespace <paramref name="ns"/> resolves names with.</summary>
    public static string FileFor(NamespaceRef ns)
    {
        if (ns.Name is { } name)
        {
            var own = Path.Combine(EtcOverlay.Directory, name, "resolv.conf");
            if (File.Exists(own)) return own;
        }
        return HostFile;
    }

    /// <summary>The nameserver addresses of <see cref="FileFor"/>, in file order; none when the file is missing or unreadable.</summary>
    public static IReadOnlyList<string> NameServers(NamespaceRef ns)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(FileFor(ns));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
        var servers = new List<string>();
        foreach (var line in lines)
        {
            var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 2 && words[0] == "nameserver") servers.Add(words[1]);
        }
        return servers;
    }
}
