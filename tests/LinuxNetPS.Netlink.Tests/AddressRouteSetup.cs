using System.Text.Json;
using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

/// <summary>
/// Shared setup of the address and route tests: a lab namespace with a veth pair v0/v1 made by
/// iproute2 (the link code is tested elsewhere), both ends up, and snapshots of what `ip` sees.
/// </summary>
internal static class AddressRouteSetup
{
    /// <summary>A namespace holding v0 and v1 (up, carrier on, no IPv6 link-local addresses so the tables stay still).</summary>
    public static NetClient Veth(Lab lab, string role, out string ns, string? v0Address = null)
    {
        ns = lab.Create(role);
        // No duplicate address detection either: when it ends, the kernel adds the address's local
        // route, which would land in the middle of a "nothing changed" comparison.
        Ip.Exec("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0", "net.ipv6.conf.all.accept_dad=0");
        Ip.Run($"-n {ns} link add v0 type veth peer name v1");
        foreach (var dev in new[] { "v0", "v1" })
        {
            // No automatic link-local address: its DAD would add routes in the middle of a test.
            Ip.Run($"-n {ns} link set {dev} addrgenmode none");
            Ip.Run($"-n {ns} link set {dev} up");
        }
        WaitOperUp(ns, "v0");
        WaitOperUp(ns, "v1");
        if (v0Address is not null) Ip.Run($"-n {ns} addr add {v0Address} dev v0");
        return NetClient.For(ns);
    }

    /// <summary>Waits until the kernel's link watcher has marked the link up, so route flags (linkdown) stop changing.</summary>
    public static void WaitOperUp(string ns, string dev)
    {
        for (int i = 0; i < 100; i++)
        {
            var link = Ip.Json(ns, $"link show {dev}")[0];
            if (link.GetProperty("operstate").GetString() == "UP") return;
            Thread.Sleep(50);
        }
        throw new TimeoutException($"{dev} in {ns} did not come up");
    }

    /// <summary>Every address and route of the namespace as `ip` shows them, for "nothing changed" checks.</summary>
    public static string Snapshot(string ns)
    {
        var addresses = Ip.Json(ns, "addr show").EnumerateArray()
            .Select(l => l.GetProperty("ifname").GetString() + "=" + (l.TryGetProperty("addr_info", out var a) ? a.GetRawText() : "[]"));
        return string.Join('\n', addresses) + "\n" + Ip.Json(ns, "route show table all").GetRawText();
    }

    /// <summary>
    /// A snapshot taken once the kernel has stopped changing the tables on its own (IPv6 local
    /// routes arrive from a work queue a moment after their address, later still under load).
    /// </summary>
    public static string SettledSnapshot(string ns)
    {
        string previous = Snapshot(ns);
        for (int i = 0; i < 50; i++)
        {
            Thread.Sleep(40);
            string current = Snapshot(ns);
            if (current == previous) return current;
            previous = current;
        }
        return previous;
    }

    /// <summary>The addr_info entries of one interface from `ip -j addr show`.</summary>
    public static List<JsonElement> IpAddresses(string ns, string dev) =>
        Ip.Json(ns, $"addr show dev {dev}")[0].TryGetProperty("addr_info", out var a) ? a.EnumerateArray().ToList() : new();

    /// <summary>Runs <paramref name="action"/>, expects a NetOperationException of <paramref name="kind"/>, and checks `ip` sees no change.</summary>
    public static NetOperationException FailsAndChangesNothing(string ns, NetErrorKind kind, Action action)
    {
        string before = SettledSnapshot(ns);
        var e = Assert.Throws<NetOperationException>(action);
        Assert.Equal(kind, e.Kind);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
        Assert.Equal(before, Snapshot(ns));
        return e;
    }

    public static string? Str(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? (v.ValueKind == JsonValueKind.Number ? v.GetRawText() : v.GetString()) : null;
}
