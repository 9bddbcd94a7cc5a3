namespace LinuxNetPS.Bench;

/// <summary>
/// The benchmark topology, the one definition every builder (ours, ip scripts, pyroute2 mirrors
/// it) follows: namespace P-host with bridge br0 (up, 10.10.0.1/16) and lo up; per container i a
/// namespace P-i, veth v&lt;i&gt; in P-host (port of br0, up) peered with p&lt;i&gt; in P-i (up,
/// 10.10.&lt;i/250+1&gt;.&lt;i%250+2&gt;/16), lo up and a default route via 10.10.0.1.
/// </summary>
internal sealed record TopologySpec(string Prefix, int Containers)
{
    public const string Bridge = "br0";
    public const string Gateway = "10.10.0.1";
    public const int PrefixLength = 16;

    public string HostNamespace => $"{Prefix}-host";
    public string Namespace(int i) => $"{Prefix}-{i}";
    public static string HostEnd(int i) => $"v{i}";
    public static string PeerEnd(int i) => $"p{i}";
    public static string Address(int i) => $"10.10.{i / 250 + 1}.{i % 250 + 2}";

    /// <summary>Every namespace of the topology, host first.</summary>
    public IEnumerable<string> AllNamespaces()
    {
        yield return HostNamespace;
        for (int i = 0; i < Containers; i++) yield return Namespace(i);
    }

    /// <summary>Names under /run/netns that belong to <paramref name="prefix"/> (P-host and P-&lt;digits&gt;).</summary>
    public static List<string> Existing(string prefix)
    {
        var result = new List<string>();
        if (!Directory.Exists("/run/netns")) return result;
        foreach (var path in Directory.EnumerateFiles("/run/netns"))
        {
            var name = Path.GetFileName(path);
            if (!name.StartsWith(prefix + "-", StringComparison.Ordinal)) continue;
            var rest = name[(prefix.Length + 1)..];
            if (rest == "host" || (rest.Length > 0 && rest.All(char.IsAsciiDigit))) result.Add(name);
        }
        return result;
    }
}
