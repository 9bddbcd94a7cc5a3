using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Errors;
using Xunit;

namespace LinuxNetPS.Tests;

/// <summary>The lab readers (JSON, the containerlab YAML subset) and the binder's checks: every bad definition names its line.</summary>
public class LabDefinitionTests
{
    private static LabDefinition Json(string json) => LabBinder.Bind(JsonLabReader.Read(json, "lab.json"));

    private static NetOperationException JsonFails(string json)
    {
        var e = Assert.Throws<NetOperationException>(() => Json(json));
        Assert.Equal(ErrorIds.InvalidLabDefinition, e.ErrorId);
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        return e;
    }

    private const string Star = """
        {
          "Name": "star",
          "Nodes": {
            "host": { "Bridges": { "br0": { "Address": "10.0.0.1/24", "Pool": "10.0.0.0/24" } } },
            "red": { "DefaultRoute": "10.0.0.1" },
            "green": { "DefaultRoute": "10.0.0.1" }
          },
          "Links": [
            { "Endpoints": ["red:eth0", "host:br0"] },
            { "Endpoints": ["green:eth0", "host:br0"] }
          ]
        }
        """;

    [Fact]
    public void A_bridge_pool_hands_out_addresses_in_order_skipping_the_bridge_s_own()
    {
        var lab = Json(Star);
        Assert.Equal("star", lab.Name);
        Assert.Equal("eth0 10.0.0.2/24", Assert.Single(lab.Node("red").Addresses).ToString());
        Assert.Equal("eth0 10.0.0.3/24", Assert.Single(lab.Node("green").Addresses).ToString());
        Assert.Equal("br0 10.0.0.1/24", Assert.Single(lab.Node("host").Addresses).ToString());
        // Bridge ports without a name are named after the node at the other end.
        Assert.Equal("red", lab.Links[0].B.Interface);
        Assert.Equal("br0", lab.Links[0].B.Bridge);
        Assert.Equal("default via 10.0.0.1", Assert.Single(lab.Node("red").Routes).ToString());
    }

    [Fact]
    public void A_link_pool_gives_both_ends_an_address()
    {
        var lab = Json("""{ "Nodes": { "a": {}, "b": {} }, "Links": [ { "Endpoints": ["a:eth0", "b:eth0"], "Pool": "10.9.0.0/30" } ] }""");
        Assert.Equal("eth0 10.9.0.1/30", Assert.Single(lab.Node("a").Addresses).ToString());
        Assert.Equal("eth0 10.9.0.2/30", Assert.Single(lab.Node("b").Addresses).ToString());
    }

    [Fact]
    public void IPv6_is_kept_exactly_when_the_lab_uses_it_or_asks_for_it()
    {
        Assert.False(Json("""{ "Nodes": { "a": {}, "b": {} }, "Links": [ { "Endpoints": ["a:eth0", "b:eth0"], "Pool": "10.9.0.0/30" } ] }""").IPv6);
        Assert.True(Json("""{ "Nodes": { "a": {}, "b": {} }, "Links": [ { "Endpoints": ["a:eth0", "b:eth0"], "Pool": "fd00:9::/64" } ] }""").IPv6);
        Assert.True(Json("""{ "IPv6": true, "Nodes": { "a": {} } }""").IPv6);
        var e = JsonFails("""{ "IPv6": false, "Nodes": { "a": {}, "b": {} }, "Links": [ { "Endpoints": ["a:eth0", "b:eth0"], "Pool": "fd00:9::/64" } ] }""");
        Assert.Contains("IPv6 is off", e.Message);
    }

    [Fact]
    public void An_error_in_the_seventh_link_names_its_line()
    {
        var links = string.Join(",\n", Enumerable.Range(1, 8).Select(i =>
            i == 7 ? """    { "Endpoints": ["a:eth7", "ghost:eth0"] }""" : $$"""    { "Endpoints": ["a:eth{{i}}", "b:eth{{i}}"] }"""));
        string json = "{\n  \"Nodes\": { \"a\": {}, \"b\": {} },\n  \"Links\": [\n" + links + "\n  ]\n}";
        var e = JsonFails(json);
        Assert.StartsWith("lab.json:10:", e.Message); // line 10 is the 7th link
        Assert.Contains("Links[6]", e.Message);
        Assert.Contains("'ghost'", e.Message);
    }

    [Theory]
    [InlineData("""{ "Nodes": { "a": { "Colour": "red" } } }""", "Unknown key 'Colour'")]
    [InlineData("""{ "Nodes": { "a": {}, "b": {} }, "Links": [ { "Endpoints": ["a:eth0", "b:eth0"] }, { "Endpoints": ["a:eth0", "b:eth1"] } ] }""", "duplicate interface")]
    [InlineData("""{ "Nodes": { "a": { "Interfaces": { "eth0": "10.0.0.300/24" } }, "b": {} }, "Links": [ { "Endpoints": ["a:eth0", "b:eth0"] } ] }""", "not a valid IP address")]
    [InlineData("""{ "Nodes": { "a": { "Interfaces": { "eth0": "10.0.0.1/33" } }, "b": {} }, "Links": [ { "Endpoints": ["a:eth0", "b:eth0"] } ] }""", "prefix length")]
    [InlineData("""{ "Nodes": { "a": { "Interfaces": { "eth0": "10.0.0.1" } }, "b": {} }, "Links": [ { "Endpoints": ["a:eth0", "b:eth0"] } ] }""", "needs a prefix length")]
    [InlineData("""{ "Nodes": { "a": { "Interfaces": { "eth0": "10.1.0.1/30" } }, "b": {} }, "Links": [ { "Endpoints": ["a:eth0", "b:eth0"], "Pool": "10.9.0.0/30" } ] }""", "outside the pool")]
    [InlineData("""{ "Nodes": { "a": {}, "b": {} }, "Links": [ { "Endpoints": ["a:eth0", "b:eth0"], "Pool": "10.9.0.1/30" } ] }""", "host bits")]
    [InlineData("""{ "Nodes": { "a": { "DefaultRoute": "10.5.0.1" }, "b": {} }, "Links": [ { "Endpoints": ["a:eth0", "b:eth0"], "Pool": "10.9.0.0/30" } ] }""", "on none of its subnets")]
    [InlineData("""{ "Nodes": { "a": {}, "b": {} }, "Links": [ { "Endpoints": ["a:eth0", "b:eth0"], "Delay": "fast" } ] }""", "Delay 'fast'")]
    [InlineData("""{ "Nodes": { "a": {}, "b": {} }, "Links": [ { "Endpoints": ["a:eth0", "b:eth0"], "Loss": "150%" } ] }""", "150%")]
    [InlineData("""{ "Nodes": { "a": {}, "b": {} }, "Links": [ { "Endpoints": ["a:eth0", "b:eth0"], "Jitter": "5ms" } ] }""", "cannot work")]
    [InlineData("""{ "Nodes": { "a": {}, "b": {} }, "Links": [ { "Endpoints": ["a:eth0", "b:thisnameistoolong0"] } ] }""", "15")]
    [InlineData("""{ "Nodes": { "a b": {} } }""", "node name")]
    [InlineData("""{ "Nodes": { "a": {}, "b": {} }, "Links": [ { "Endpoints": ["a:eth0"] } ] }""", "exactly two")]
    [InlineData("""{ "Nodes": { "a": { "Masquerade": "eth9" }, "b": {} }, "Links": [ { "Endpoints": ["a:eth0", "b:eth0"] } ] }""", "no such interface")]
    [InlineData("""{ "Nodes": { "a": { "Interfaces": { "eth5": "10.0.0.1/24" } } } }""", "not the end of any link")]
    [InlineData("""{ "Nodes": { } }""", "at least one node")]
    [InlineData("""{ "Nodes": { "a": {} }, "Links": [ } """, "not valid JSON")]
    [InlineData("""{ "Nodes": { "a": { "Kind": "router" } } }""", "the kinds are linux (a host or a router: give a router Forwarding = $true), bridge (a switch) and host")]
    [InlineData("""{ "Nodes": { "a": { "Kind": "switch" } } }""", "The node kind 'switch' is not known")]
    [InlineData("""{ "Nodes": { "a": { "Kind": "ovs-bridge" } } }""", "The node kind 'ovs-bridge' is not known")]
    [InlineData("""{ "Nodes": { "a": { "Forwarding": "yes" } } }""", "Forwarding must be a boolean")]
    [InlineData("""{ "Nodes": { "a": { "Forwarding": "false" } } }""", "not 'false'")]
    [InlineData("""{ "Nodes": { "a": { "Forwarding": 1 } } }""", "Forwarding must be a boolean")]
    [InlineData("""{ "IPv6": "no", "Nodes": { "a": {} } }""", "IPv6 must be a boolean")]
    public void A_bad_definition_is_refused_with_its_location(string json, string expected)
    {
        var e = JsonFails(json);
        Assert.StartsWith("lab.json:", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Impairment_keys_are_parsed_and_kept_per_end_with_the_link_s_as_default()
    {
        var lab = Json("""
            { "Nodes": { "a": {}, "b": {} },
              "Links": [ { "Endpoints": [ { "Node": "a", "Interface": "eth0", "Delay": "20ms" }, "b:eth0" ], "Pool": "10.9.0.0/30",
                           "Delay": "100ms", "Loss": "1%", "Rate": "10mbit" } ] }
            """);
        var a = lab.Links[0].A.Impairment!;
        var b = lab.Links[0].B.Impairment!;
        Assert.Equal(TimeSpan.FromMilliseconds(20), a.Delay);
        Assert.Equal(TimeSpan.FromMilliseconds(100), b.Delay);
        Assert.Equal(1.0, b.LossPercent);
        Assert.Equal(10_000_000UL, a.RateBitsPerSecond);
    }

    [Fact]
    public void A_containerlab_file_becomes_nodes_and_links_and_warns_about_images()
    {
        const string yaml = """
            # two hosts
            name: twolinux
            topology:
              nodes:
                n1:
                  kind: linux
                  image: alpine:latest
                n2: { kind: linux }
                sw:
                  kind: bridge
              links:
                - endpoints: ["n1:eth1", "n2:eth1"]
                - endpoints: ['n1:eth2', "sw:p1"]
            """;
        var warnings = new List<string>();
        var lab = LabBinder.Bind(ContainerlabTranslator.Translate(LabYaml.Read(yaml, "t.clab.yml"), warnings), warnings);
        Assert.Equal("twolinux", lab.Name);
        Assert.Equal(["n1", "n2", "sw"], lab.Nodes.Select(n => n.Name));
        Assert.Equal(LabNodeKind.Bridge, lab.Node("sw").Kind);
        Assert.Equal("n1:eth1 -- n2:eth1", lab.Links[0].ToString());
        Assert.Equal("br0", lab.Links[1].B.Bridge);
        var warning = Assert.Single(lab.Warnings);
        Assert.StartsWith("t.clab.yml:7:", warning);
        Assert.Contains("image", warning);
    }

    [Theory]
    [InlineData("topology:\n  nodes:\n    r1:\n      kind: nokia_srlinux\n", "t.clab.yml:4:", "needs containers")]
    [InlineData("topology:\n  nodes:\n    a: {}\n  links:\n    - endpoints: [\"a:eth1\", \"z:eth1\"]\n", "t.clab.yml:5:", "'z'")]
    [InlineData("topology:\n  nodes:\n    a: *x\n", "t.clab.yml:3:", "names no anchor")]
    [InlineData("topology:\n  nodes:\n    a:\n      kind: |\n        ceos\n", "t.clab.yml:4:", "needs containers")]
    [InlineData("topology:\n  links:\n    - endpoints: [\"a:eth1\", \"b:eth1\"\n", "t.clab.yml:", "not valid YAML")]
    public void A_bad_containerlab_file_names_its_line(string yaml, string location, string expected)
    {
        var e = Assert.Throws<NetOperationException>(() => LabBinder.Bind(ContainerlabTranslator.Translate(LabYaml.Read(yaml, "t.clab.yml"), new List<string>())));
        Assert.StartsWith(location, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void The_diagrams_show_nodes_interfaces_and_addresses()
    {
        var lab = Json(Star);
        var record = new LabRecord
        {
            Name = "star",
            Nodes = lab.Nodes.Select(n => new LabNodeRecord { Name = n.Name, Kind = n.Kind.ToString(), Addresses = n.Addresses.Select(a => a.ToString()).ToList() }).ToList(),
            Links = lab.Links.Select(l => new LabLinkRecord { A = l.A.ToString(), B = l.B.ToString() }).ToList(),
        };
        string mermaid = LabDiagram.Mermaid(record);
        Assert.StartsWith("graph LR", mermaid);
        Assert.Contains("n_red[\"red<br/>eth0 10.0.0.2/24\"]", mermaid);
        Assert.Contains("n_red ---|\"eth0 — red\"| n_host", mermaid);
        string dot = LabDiagram.Dot(record);
        Assert.Contains("\"red\" -- \"host\" [taillabel=\"eth0\", headlabel=\"red\"]", dot);
        Assert.Contains("br0 10.0.0.1/24", dot);
    }
}
