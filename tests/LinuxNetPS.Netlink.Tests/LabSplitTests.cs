using System.Net;
using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Errors;
using Xunit;

namespace LinuxNetPS.Tests;

/// <summary>
/// Labs split over hosts, without a kernel: the Hosts and Host keys and their errors, one host's part (its nodes, its
/// links, a tunnel per link to another host), VNIs every host computes alike, and the tree handed to the hosts.
/// </summary>
public class LabSplitTests
{
    private const string Split = """
        {
          "Name": "split",
          "Hosts": { "a": "10.254.0.11", "b": "10.254.0.12", "c": "10.254.0.13" },
          "Nodes": {
            "sw": { "Kind": "bridge", "Host": "b", "Pool": "10.77.0.0/24" },
            "a1": { "Host": "a" },
            "b1": { "Host": "b" },
            "c1": { "Host": "c" }
          },
          "Links": [
            { "Endpoints": ["a1:eth0", "sw"] },
            { "Endpoints": ["b1:eth0", "sw"] },
            { "Endpoints": ["c1:eth0", "sw"], "Mtu": 1400 },
            { "Endpoints": ["a1:eth1", "c1:eth1"], "Pool": "10.78.0.0/30" }
          ]
        }
        """;

    private static LabDefinition Json(string json) => LabBinder.Bind(JsonLabReader.Read(json, "lab.json"));

    private static NetOperationException Fails(string json)
    {
        var e = Assert.Throws<NetOperationException>(() => Json(json));
        Assert.Equal(ErrorIds.InvalidLabDefinition, e.ErrorId);
        return e;
    }

    [Fact]
    public void Hosts_and_Host_place_every_node()
    {
        var lab = Json(Split);
        Assert.Equal(["a", "b", "c"], lab.Hosts.Select(h => h.Key));
        Assert.Equal("b", lab.Node("sw").Host);
        Assert.Equal("c", lab.Node("c1").Host);
        Assert.Equal(["a", "b", "c"], LabSplit.UsedHosts(lab));
        Assert.Equal(3, LabSplit.CrossLinks(lab, "split").Count);
    }

    [Fact]
    public void A_host_s_part_has_its_nodes_its_links_and_a_tunnel_per_link_to_another_host()
    {
        var lab = Json(Split);
        var b = LabSplit.Part(lab, "split", "b");
        Assert.Equal(["sw", "b1"], b.Nodes.Select(n => n.Name));
        Assert.Equal("b1:eth0 -- sw:b1", Assert.Single(b.Links).ToString());
        var tunnels = b.Part!.Tunnels;
        Assert.Equal(["sw:a1", "sw:c1"], tunnels.Select(t => t.Local.ToString()));
        Assert.Equal([IPAddress.Parse("10.254.0.11"), IPAddress.Parse("10.254.0.13")], tunnels.Select(t => t.RemoteAddress));
        Assert.All(tunnels, t => Assert.Equal(IPAddress.Parse("10.254.0.12"), t.LocalAddress));
        Assert.Equal(["a1", "c1"], b.Part.RemoteNodes.Select(n => n.Name));
        Assert.Equal("a1:eth1 -- c1:eth1", Assert.Single(b.Part.RemoteLinks).ToString());

        // Both sides of a link have its VNI; every link its own; the pool gave the same addresses as in the whole lab.
        var a = LabSplit.Part(lab, "split", "a");
        var c = LabSplit.Part(lab, "split", "c");
        Assert.Equal(tunnels[0].Vni, a.Part!.Tunnels.Single(t => t.Local.ToString() == "a1:eth0").Vni);
        Assert.Equal(tunnels[1].Vni, c.Part!.Tunnels.Single(t => t.Local.ToString() == "c1:eth0").Vni);
        Assert.Equal(a.Part.Tunnels.Single(t => t.Local.ToString() == "a1:eth1").Vni, c.Part.Tunnels.Single(t => t.Local.ToString() == "c1:eth1").Vni);
        Assert.Equal(3, new[] { tunnels[0].Vni, tunnels[1].Vni, a.Part.Tunnels.Single(t => t.Local.ToString() == "a1:eth1").Vni }.Distinct().Count());
        Assert.Equal(lab.Node("a1").Addresses, a.Nodes.Single().Addresses);
        Assert.Equal("eth1 10.78.0.1/30", a.Nodes.Single().Addresses.Single(x => x.Interface == "eth1").ToString());
    }

    [Fact]
    public void The_VNI_of_a_link_follows_from_the_lab_name_and_the_link_s_place_and_stays_in_range()
    {
        Assert.Equal(LabSplit.Vni("split", 3), LabSplit.Vni("split", 3));
        Assert.Equal(LabSplit.Vni("split", 0) + 1, LabSplit.Vni("split", 1));
        Assert.NotEqual(LabSplit.Vni("split", 0), LabSplit.Vni("other", 0));
        foreach (var name in new[] { "a", "split", "pt1234567-split", new string('z', 32) })
            foreach (int i in new[] { 0, 1, 1000, 1 << 20 })
                Assert.InRange(LabSplit.Vni(name, i), LabSplit.FirstVni, Links.VxlanSpec.MaxVni);
    }

    [Fact]
    public void A_part_needs_a_known_host_and_the_hosts_addresses()
    {
        var lab = Json(Split);
        var e = Assert.Throws<NetOperationException>(() => LabSplit.Part(lab, "split", "z"));
        Assert.Equal(ErrorIds.LabHostNotFound, e.ErrorId);
        Assert.Equal(NetErrorKind.NotFound, e.Kind);

        var named = Json(Split.Replace("\"10.254.0.13\"", "\"root@hostC\""));
        e = Assert.Throws<NetOperationException>(() => LabSplit.Part(named, "split", "c"));
        Assert.Equal(ErrorIds.InvalidLabDefinition, e.ErrorId);
        Assert.Matches(@"^lab\.json:3:\d+ \(Hosts\.c\): Hosts\.c is 'root@hostC'", e.Message);
        // The far end's host is needed too: b's tunnel to c1 has nowhere to go.
        e = Assert.Throws<NetOperationException>(() => LabSplit.Part(named, "split", "b"));
        Assert.Contains("Hosts.c is 'root@hostC'", e.Message);

        e = Assert.Throws<NetOperationException>(() => LabSplit.Part(Json("""{ "Nodes": { "x": {} } }"""), "lab", "a"));
        Assert.Equal(ErrorIds.InvalidLabDefinition, e.ErrorId);
    }

    [Fact]
    public void Bad_Hosts_and_Host_are_refused_where_they_are_written()
    {
        Assert.Matches(@"^lab\.json:1:\d+ \(Nodes\.x\.Host\): .*'z', which is not in Hosts \(a\)",
            Fails("""{ "Hosts": { "a": "h1" }, "Nodes": { "x": { "Host": "z" } } }""").Message);
        Assert.Matches(@"^lab\.json:1:\d+ \(Hosts\.a\): Hosts\.a must name a host",
            Fails("""{ "Hosts": { "a": { "Name": "h1" } }, "Nodes": { "x": { "Host": "a" } } }""").Message);
        Assert.Matches(@"Hosts\.a must name a host", Fails("""{ "Hosts": { "a": true }, "Nodes": { "x": { "Host": "a" } } }""").Message);
        Assert.Matches(@"^lab\.json:\d+:\d+ \(Nodes\.y\): The node 'y' has no Host",
            Fails("""{ "Hosts": { "a": "h1" }, "Nodes": { "x": { "Host": "a" }, "y": {} } }""").Message);
        Assert.Matches(@"names the host 'a', but the lab has no Hosts", Fails("""{ "Nodes": { "x": { "Host": "a" } } }""").Message);
        Assert.Matches(@"Hosts is empty", Fails("""{ "Hosts": {}, "Nodes": { "x": {} } }""").Message);
        Assert.Matches(@"host key 'a b' must be", Fails("""{ "Hosts": { "a b": "h1" }, "Nodes": { "x": { "Host": "a b" } } }""").Message);
        Assert.Matches(@"host 'A' is given twice", Fails("""{ "Hosts": { "a": "h1", "A": "h2" }, "Nodes": { "x": { "Host": "a" } } }""").Message);
        // A bridge node takes Host besides Kind and Pool, and nothing else.
        Assert.Matches(@"takes only Kind, Pool and Host", Fails("""{ "Hosts": { "a": "h1" }, "Nodes": { "s": { "Kind": "bridge", "Host": "a", "Exec": "true" } } }""").Message);
    }

    [Fact]
    public void The_tree_handed_to_the_hosts_binds_to_the_same_lab_with_their_addresses()
    {
        var tree = JsonLabReader.Read(Split.Replace("\"10.254.0.11\"", "\"h1\""), "lab.json");
        var placed = LabSplit.WithHosts(tree, [new("a", "10.254.0.21"), new("d", "10.254.0.24")]);
        var json = LabValueJson.Write(placed);
        var again = LabBinder.Bind(JsonLabReader.Read(json, "again.json"));
        Assert.Equal(["a", "b", "c", "d"], again.Hosts.Select(h => h.Key));
        Assert.Equal(["10.254.0.21", "10.254.0.12", "10.254.0.13", "10.254.0.24"], again.Hosts.Select(h => h.Address));
        var original = Json(Split);
        Assert.Equal(original.Nodes.Select(n => string.Join(",", n.Addresses)), again.Nodes.Select(n => string.Join(",", n.Addresses)));
        Assert.Equal(1400, again.Links[2].Mtu);
        Assert.Contains("\"Kind\":\"bridge\"", json);

        // A definition without Hosts gets them.
        var bare = LabSplit.WithHosts(JsonLabReader.Read("""{ "Nodes": { "x": { "Host": "a" } } }""", "lab.json"), [new("a", "h1")]);
        Assert.Equal("h1", LabBinder.Bind(bare).Hosts.Single().Address);
    }
}
