using System.Text.Json;
using LinuxNetPS.Model;

namespace LinuxNetPS.Tests;

/// <summary>Reads fields of `ip -j -d link show` output and compares a <see cref="NetLink"/> with it.</summary>
internal static class LinkJson
{
    public static string? Str(JsonElement j, string property) =>
        j.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static JsonElement? Info(JsonElement j, string section = "info_data") =>
        j.TryGetProperty("linkinfo", out var li) && li.TryGetProperty(section, out var d) ? d : null;

    public static string? Kind(JsonElement j) =>
        j.TryGetProperty("linkinfo", out var li) ? Str(li, "info_kind") : null;

    public static string[] Flags(JsonElement j) => j.GetProperty("flags").EnumerateArray().Select(f => f.GetString()!).ToArray();

    public static bool IsUp(JsonElement j) => Flags(j).Contains("UP");

    /// <summary>Every field both sides have must agree.</summary>
    public static void AssertMatches(JsonElement j, NetLink l, string? ns)
    {
        Assert.Equal(Str(j, "ifname"), l.Name);
        Assert.Equal(ns, l.Namespace);
        Assert.Equal(j.GetProperty("ifindex").GetInt32(), l.Index);
        Assert.Equal(Kind(j), l.Kind);
        Assert.Equal(j.GetProperty("mtu").GetUInt32(), l.Mtu);
        Assert.Equal(Str(j, "address"), l.MacAddress);
        Assert.Equal(Str(j, "master"), l.Master);
        Assert.Equal(Str(j, "operstate"), l.OperState.ToString().ToUpperInvariant());
        Assert.Equal(Str(j, "ifalias"), l.Alias);
        Assert.Equal(j.GetProperty("txqlen").GetUInt32(), l.TxQueueLength);
        Assert.Equal(IsUp(j), l.IsUp);
        // ip adds pseudo flags (NO-CARRIER, M-DOWN); every real flag it shows must be in ours.
        foreach (var f in Flags(j).Where(f => f is not ("NO-CARRIER" or "M-DOWN")))
            Assert.Contains(f, l.FlagsText.Split(','));
        if (l.Kind == "veth")
        {
            Assert.NotNull(l.PeerIndex);
            if (j.TryGetProperty("link_index", out var peerIndex)) Assert.Equal(peerIndex.GetInt32(), l.PeerIndex);
            if (j.TryGetProperty("link_netnsid", out var id)) Assert.Equal(id.GetInt32(), l.LinkNetNsId);
            else Assert.Null(l.LinkNetNsId);
            if (Str(j, "link") is { } peerName) Assert.Equal(peerName, l.PeerName); // ip names the peer only when it is in the same namespace
        }
    }

    /// <summary>
    /// Waits until ip shows <paramref name="property"/> = <paramref name="value"/> for a link. Carrier and
    /// bridge-port state settle asynchronously (the kernel's linkwatch can take up to a second), so a
    /// comparison of such fields must wait for them to settle rather than race them.
    /// </summary>
    public static JsonElement WaitFor(string ns, string name, Func<JsonElement, string?> read, string value, int timeoutMs = 5000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            var link = Support.Ip.Links(ns)[name];
            if (read(link) == value) return link;
            if (Environment.TickCount64 > deadline) Assert.Fail($"{name} in {ns} did not reach {value} (now {read(link)}).");
            Thread.Sleep(50);
        }
    }

    /// <summary>The link names of a namespace, sorted, for "nothing changed" checks.</summary>
    public static string Snapshot(string ns) =>
        string.Join(",", Support.Ip.Links(ns).Values.Select(l =>
            $"{Str(l, "ifname")}/{Str(l, "master")}/{l.GetProperty("mtu")}/{Str(l, "address")}/{IsUp(l)}/{Str(l, "ifalias")}").Order());
}
