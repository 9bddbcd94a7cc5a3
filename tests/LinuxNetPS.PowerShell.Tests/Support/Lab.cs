using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests.Support;

/// <summary>
/// Throw-away namespaces for one test class: names share a prefix unique to this run
/// ("lps&lt;pid&gt;x&lt;n&gt;-red"), and Dispose deletes every namespace with it, whoever created it
/// (the cmdlets under test, or `ip`). Deleting a namespace deletes its links and rules. The root
/// namespace is never touched.
/// </summary>
public sealed class Lab : IDisposable
{
    private static int _counter;

    public Lab() : this($"lps{Environment.ProcessId % 100000}x{Interlocked.Increment(ref _counter)}") { }

    /// <summary>A lab for names someone else makes up (an example script's -Prefix): it only cleans up.</summary>
    public Lab(string prefix) => Prefix = prefix;

    /// <summary>Short enough that "prefix-role" stays a valid namespace name and link names stay short.</summary>
    public string Prefix { get; }

    public string Ns(string role) => $"{Prefix}-{role}";

    /// <summary>Creates a namespace with `ip netns add` (the oracle, not the cmdlet under test) and brings lo up.</summary>
    public string Create(string role)
    {
        var name = Ns(role);
        Ip.Run($"netns add {name}");
        Ip.Run($"-n {name} link set lo up");
        return name;
    }

    /// <summary>The namespaces with this lab's prefix that exist now.</summary>
    public IReadOnlyList<string> Existing() =>
        Directory.Exists("/run/netns")
            ? Directory.GetFiles("/run/netns", Prefix + "-*").Select(p => System.IO.Path.GetFileName(p)).Order().ToList()
            : [];

    public void Dispose()
    {
        foreach (var name in Existing()) Ip.Run($"netns del {name}", check: false);
        // Container networks write hosts files to /etc/netns/NAME; a namespace deleted under a network leaves them.
        if (Directory.Exists("/etc/netns"))
            foreach (var folder in Directory.GetDirectories("/etc/netns", Prefix + "-*"))
                try { Directory.Delete(folder, recursive: true); }
                catch (IOException) { }
    }
}
