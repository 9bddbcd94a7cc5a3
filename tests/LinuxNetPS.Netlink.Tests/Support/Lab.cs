using LinuxNetPS.Client;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Tests.Support;

/// <summary>
/// A throw-away set of namespaces for one test: names are unique per test run ("lnt&lt;pid&gt;x&lt;n&gt;-red"),
/// and everything named with the prefix is deleted on Dispose, even if the test failed, and even
/// if the namespace was created by `ip` rather than by us. Never touches the root namespace.
/// </summary>
public sealed class Lab : IDisposable
{
    private static int _counter;

    public Lab()
    {
        Prefix = $"lnt{Environment.ProcessId % 100000}x{Interlocked.Increment(ref _counter)}";
    }

    /// <summary>Unique for this lab; short enough that interface names built from it stay under 15 bytes.</summary>
    public string Prefix { get; }

    /// <summary>Whether a namespace name belongs to this lab ("lnt1x1-a" does, "lnt1x17-a" does not).</summary>
    public bool Owns(string? namespaceName) => namespaceName is not null && namespaceName.StartsWith(Prefix + "-", StringComparison.Ordinal);

    /// <summary>The full namespace name for a short role name ("red" → "lnt123x4-red").</summary>
    public string Ns(string role) => $"{Prefix}-{role}";

    /// <summary>Creates a namespace through the library and returns its name.</summary>
    public string Create(string role)
    {
        var name = Ns(role);
        NetworkNamespaces.Create(name);
        return name;
    }

    /// <summary>Creates namespaces and returns their clients.</summary>
    public NetClient Client(string role) => NetClient.For(Ns(role));

    /// <summary>Creates a namespace and returns its name and client: most tests work in one namespace through its client.</summary>
    public (string Ns, NetClient Client) CreateWithClient(string role)
    {
        var name = Create(role);
        return (name, NetClient.For(name));
    }

    public void Dispose()
    {
        if (!Directory.Exists(NamespaceRef.RunDirectory)) return;
        foreach (var path in Directory.GetFiles(NamespaceRef.RunDirectory, Prefix + "-*"))
        {
            try { NetworkNamespaces.Delete(Path.GetFileName(path)); }
            catch { Ip.Run($"netns del {Path.GetFileName(path)}", check: false); }
        }
        RemoveEtcNetns(Prefix);
    }

    /// <summary>The lab's /etc/netns/PREFIX-* folders (container networks write hosts files there, and a namespace deleted
    /// under a network leaves them, as `ip netns del` leaves /etc/netns alone).</summary>
    public static void RemoveEtcNetns(string prefix)
    {
        if (!Directory.Exists("/etc/netns")) return;
        foreach (var folder in Directory.GetDirectories("/etc/netns", prefix + "-*"))
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
    }
}
