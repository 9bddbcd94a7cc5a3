using System.Text;
using System.Text.RegularExpressions;
using LinuxNetPS.Compose.Networks.State;
using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Compose.Networks;

/// <summary>
/// Names on container networks, through the files iproute2 gives every named namespace: /etc/netns/NAME/hosts and
/// /etc/netns/NAME/resolv.conf, which `ip netns exec`, Invoke-NetNamespace and Start-NetNamespaceProcess bind-mount over
/// /etc/hosts and /etc/resolv.conf for what runs in the namespace.
/// <list type="bullet">
/// <item>hosts: each container of a user-defined network (not the built-in bridge, as in Docker) finds every container of
/// the networks it is on by its name (the namespace's name) and by its -Alias names on that network, and itself. Our lines
/// are the "container networks" section of the file (<see cref="HostsFile"/>); the user's lines and other owners' sections stay. The file is rewritten in place (the
/// same inode), so processes already running in the container, whose /etc/hosts is a bind mount of it, see the change.</item>
/// <item>resolv.conf: written only when -Dns or -DnsSearch is given (docker run --dns, --dns-search), and only when the
/// namespace has no resolv.conf of its own there; removed with the container's last endpoint that asked for it.</item>
/// </list>
/// A namespace named by a path outside /run/netns or by a process id has no /etc/netns entry: it gets no files.
/// </summary>
internal static class NameFiles
{
    /// <summary>The owner of our section of the hosts files (the same BEGIN/END lines as before the sections had owners).</summary>
    internal const string Owner = "container networks";
    private const string ResolvHeader = "# Written by LinuxNetPS for Connect-ContainerNetwork -Dns/-DnsSearch; removed with the container's last such endpoint.";

    private static readonly Regex HostName = new("^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", RegexOptions.Compiled);

    /// <summary>Where the files go (a test may point it elsewhere; the hosts files' writer follows).</summary>
    internal static string Root { get => HostsFile.Root; set => HostsFile.Root = value; }

    /// <summary>The name a container has in the hosts files and its /etc/netns folder: its /run/netns name, or null.</summary>
    public static string? ContainerName(string? spec, string path)
    {
        if (spec is null) return null;
        var name = NamespaceRef.Parse(spec).Name;
        if (name is null && path.StartsWith(NamespaceRef.RunDirectory + "/", StringComparison.Ordinal)) name = Path.GetFileName(path);
        return name is null || name.Contains('/') ? null : name;
    }

    public static string? ContainerName(EndpointRecord e) => ContainerName(e.ContainerNamespace, e.ContainerPath);

    /// <summary>Checks -Alias, -Dns and -DnsSearch of a new endpoint before anything changes.</summary>
    public static void Check(NetworkRecord network, EndpointRecord endpoint)
    {
        foreach (var alias in endpoint.Aliases)
            if (!HostName.IsMatch(alias))
                throw NetOperationException.Invalid($"'{alias}' is not a host name: use letters, digits and '-', in dot-separated labels (for example web or db.local).", alias);
        if (endpoint.Aliases.Count > 0 && !UserDefined(network))
            throw NetOperationException.Invalid(
                $"-Alias names a container on user-defined networks only (as in Docker); '{network.Name}' is built in. Create a network (New-ContainerNetwork) and connect to it.", string.Join(",", endpoint.Aliases));
        foreach (var server in endpoint.Dns) Primitives.IPPrefix.ParseAddress(server, "DNS server address");
        foreach (var domain in endpoint.DnsSearch)
            if (!HostName.IsMatch(domain)) throw NetOperationException.Invalid($"'{domain}' is not a search domain: write a domain name such as example.com.", domain);
        bool wantsFiles = endpoint.Aliases.Count > 0 || endpoint.Dns.Count > 0 || endpoint.DnsSearch.Count > 0;
        var name = ContainerName(endpoint);
        if (wantsFiles && name is null)
            throw NetOperationException.Invalid(
                $"-Alias, -Dns and -DnsSearch work through /etc/netns/NAME, which only a namespace named under /run/netns has; '{endpoint.ContainerNamespace}' is not one. Connect it by its name.", endpoint.ContainerNamespace);
        if ((endpoint.Dns.Count > 0 || endpoint.DnsSearch.Count > 0) && File.Exists(ResolvPath(name!)) && !Ours(ResolvPath(name!)))
            throw new NetOperationException(NetErrorKind.AlreadyExists,
                $"{ResolvPath(name!)} is there already and was not written by LinuxNetPS; it is what programs in '{name}' use as /etc/resolv.conf. Remove it, or connect without -Dns/-DnsSearch.", target: ResolvPath(name!));
    }

    /// <summary>Names resolve on networks made by the user; Docker's default bridge has no names either.</summary>
    public static bool UserDefined(NetworkRecord network) => !BuiltInNetworks.IsBuiltIn(network.Name) && network.Subnet is not null;

    /// <summary>
    /// Brings the files of the containers on <paramref name="networks"/> (by id), and of <paramref name="gone"/> (containers
    /// that left), up to date with <paramref name="state"/>. Files whose content would not change are not written.
    /// </summary>
    public static void Sync(NetworkStateFile state, IReadOnlySet<string> networks, IReadOnlySet<string> gone)
    {
        var live = state.Endpoints.Where(e => e.Phase == EndpointPhase.Connected).ToList();
        var names = live.Where(e => networks.Contains(e.NetworkId)).Select(ContainerName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        names.UnionWith(gone);
        if (names.Count == 0) return;
        var byId = state.Networks.Where(UserDefined).ToDictionary(n => n.Id);
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            var mine = live.Where(e => ContainerName(e) == name).ToList();
            var lines = new List<string>();
            foreach (var own in mine.Where(e => byId.ContainsKey(e.NetworkId)))
                foreach (var e in live.Where(o => o.NetworkId == own.NetworkId))
                {
                    var other = ContainerName(e);
                    var hostNames = new[] { other }.Concat(e.Aliases).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                    if (hostNames.Count == 0) continue;
                    foreach (var address in new[] { e.Address, e.AddressV6 }.OfType<string>())
                        lines.Add($"{address}\t{string.Join(' ', hostNames)}");
                }
            TryWrite(() => WriteHosts(name, lines.Distinct().ToList()));
            var dns = mine.SelectMany(e => e.Dns).Distinct().ToList();
            var search = mine.SelectMany(e => e.DnsSearch).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            TryWrite(() => WriteResolv(name, dns, search));
        }
    }

    /// <summary>The names are a convenience over a network that works without them: a file that cannot be written
    /// (a read-only /etc) leaves the network as it is rather than undoing a connect that succeeded.</summary>
    private static void TryWrite(Action write)
    {
        try { write(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    internal static string HostsPath(string name) => HostsFile.PathOf(name);

    internal static string ResolvPath(string name) => Path.Combine(Root, name, "resolv.conf");

    /// <summary>The container networks' section of the hosts file (<see cref="HostsFile"/>: other owners' sections, such as a lab's, and the user's lines stay).</summary>
    private static void WriteHosts(string name, IReadOnlyList<string> lines) =>
        HostsFile.SetSection(name, Owner, lines, "rewritten on every connect and disconnect; edit outside these lines");

    private static void WriteResolv(string name, IReadOnlyList<string> dns, IReadOnlyList<string> search)
    {
        var path = ResolvPath(name);
        bool exists = File.Exists(path);
        if (dns.Count == 0 && search.Count == 0)
        {
            if (exists && Ours(path)) Delete(path);
            return;
        }
        if (exists && !Ours(path)) return; // checked at connect; somebody put one there since: theirs wins
        var text = new StringBuilder(ResolvHeader).Append('\n');
        foreach (var server in dns) text.Append("nameserver ").Append(server).Append('\n');
        if (search.Count > 0) text.Append("search ").Append(string.Join(' ', search)).Append('\n');
        var desired = text.ToString();
        if (exists && File.ReadAllText(path) == desired) return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        InPlace(path, desired);
    }

    private static bool Ours(string path) => File.ReadLines(path).FirstOrDefault() == ResolvHeader;

    /// <summary>Overwrites the file from its start and then cuts it to length: the same inode, so a bind mount of it shows
    /// the new content, and a reader never finds it empty.</summary>
    private static void InPlace(string path, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(bytes);
        stream.SetLength(bytes.Length);
    }

    /// <summary>Deletes one of our files, and the namespace's /etc/netns folder when that leaves it empty.</summary>
    private static void Delete(string path)
    {
        File.Delete(path);
        var folder = Path.GetDirectoryName(path)!;
        if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            try { Directory.Delete(folder); }
            catch (IOException) { }
    }
}
