using System.Text.Json;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests.Support;

/// <summary>Short questions to iproute2 and nft about one namespace (tests only).</summary>
public static class Oracle
{
    public static bool HasLink(string? ns, string name) => Ip.Links(ns).ContainsKey(name);

    public static JsonElement Link(string? ns, string name) => Ip.Links(ns)[name];

    public static string? Master(string ns, string name) =>
        Link(ns, name).TryGetProperty("master", out var m) ? m.GetString() : null;

    public static bool IsUp(string ns, string name) =>
        Link(ns, name).GetProperty("flags").EnumerateArray().Any(f => f.GetString() == "UP");

    public static int Mtu(string ns, string name) => Link(ns, name).GetProperty("mtu").GetInt32();

    /// <summary>"address/len" of every address on a link (or in the namespace), as `ip -j addr` lists them.</summary>
    public static List<string> Addresses(string ns, string? link = null) =>
        Ip.Json(ns, link is null ? "addr show" : $"addr show dev {link}").EnumerateArray()
            .SelectMany(l => l.GetProperty("addr_info").EnumerateArray())
            .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}")
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>Destinations of the main table's routes ("default", "10.0.0.0/24"...).</summary>
    public static List<string> Routes(string ns, string family = "-4") =>
        Ip.Json(ns, $"{family} route show").EnumerateArray().Select(r => r.GetProperty("dst").GetString()!).Order(StringComparer.Ordinal).ToList();

    /// <summary>`nft -j list ruleset` inside the namespace, as text (for before/after comparisons) .</summary>
    public static string Ruleset(string ns)
    {
        var (code, stdout, stderr) = Ip.Exec("ip", "netns", "exec", ns, "nft", "-j", "list", "ruleset");
        if (code != 0) throw new InvalidOperationException($"nft list ruleset in {ns} failed: {stderr}");
        return stdout;
    }

    /// <summary>The rules of our table, one JSON text per rule.</summary>
    public static List<string> NatRules(string ns)
    {
        using var doc = JsonDocument.Parse(Ruleset(ns));
        return doc.RootElement.GetProperty("nftables").EnumerateArray()
            .Where(e => e.TryGetProperty("rule", out var r) && r.GetProperty("table").GetString() == "linuxnetps")
            .Select(e => e.GetProperty("rule").GetProperty("expr").GetRawText()).ToList();
    }

    /// <summary>
    /// Everything `ip` can say about a namespace's links, addresses and routes (v4, v6), for "nothing
    /// changed". What the kernel does on its own after a link comes up is left out, so a slow machine
    /// cannot make a test fail: IPv6 duplicate address detection ending ("tentative" going away), and
    /// the link-local and multicast routes it adds for every IPv6 link (fe80::/64, ff00::/8, local fe80::x).
    /// </summary>
    public static string Snapshot(string ns) =>
        string.Join("\n",
            Ip.Run($"-n {ns} -j -d link show"),
            WithoutKernelChurn(Ip.Run($"-n {ns} -j -d addr show")),
            Ip.Run($"-n {ns} -j -d -4 route show table all"),
            string.Join("\n", Ip.Json(ns, "-d -6 route show table all").EnumerateArray()
                .Where(r => !IsKernelIPv6Route(r)).Select(r => r.GetRawText())),
            Qdiscs(ns),
            Ip.Run($"-n {ns} -j rule show"), Ip.Run($"-n {ns} -j -6 rule show")) + "\n" + Ruleset(ns);

    /// <summary>The namespace's qdiscs (`tc -j qdisc show`, no statistics), so an impairment change shows.</summary>
    public static string Qdiscs(string ns) => Ip.Exec("tc", "-n", ns, "-j", "qdisc", "show").Out;

    private static bool IsKernelIPv6Route(JsonElement route)
    {
        var dst = route.TryGetProperty("dst", out var d) ? d.GetString() ?? "" : "";
        return dst is "fe80::/64" or "ff00::/8" || dst.StartsWith("fe80:", StringComparison.Ordinal) || dst.StartsWith("ff0", StringComparison.Ordinal);
    }

    private static string WithoutKernelChurn(string addrJson) =>
        System.Text.RegularExpressions.Regex.Replace(addrJson, "\"(tentative|dadfailed|optimistic)\":true,", "");
}
