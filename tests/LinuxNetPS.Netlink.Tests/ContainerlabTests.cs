using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Errors;
using Xunit;

namespace LinuxNetPS.Tests;

/// <summary>containerlab's schema as containerlab means it (issue 24): each feature read from a file the test writes, and each bad one refused at its file:line.</summary>
public class ContainerlabTests
{
    private static LabDefinition Clab(string yaml, List<string>? warnings = null)
    {
        warnings ??= new List<string>();
        return LabBinder.Bind(ContainerlabTranslator.Translate(LabYaml.Read(yaml, "t.clab.yml"), warnings), warnings);
    }

    private static NetOperationException Fails(string yaml)
    {
        var e = Assert.Throws<NetOperationException>(() => Clab(yaml));
        Assert.Equal(ErrorIds.InvalidLabDefinition, e.ErrorId);
        return e;
    }

    [Fact]
    public void Links_take_containerlab_s_MTU_9500_unless_they_give_one()
    {
        var lab = Clab("""
            topology:
              nodes: { a: {}, b: {} }
              links:
                - endpoints: ["a:eth1", "b:eth1"]
                - endpoints: ["a:eth2", "b:eth2"]
                  mtu: 1400
            """);
        Assert.Equal([9500, 1400], lab.Links.Select(l => l.Mtu));
    }

    [Fact]
    public void Brief_links_ipv4_and_ipv6_lists_give_each_end_its_addresses_and_turn_IPv6_on()
    {
        var lab = Clab("""
            topology:
              nodes: { a: {}, b: {} }
              links:
                - endpoints: ["a:eth1", "b:eth1"]
                  ipv4: ["192.168.1.1/24", "192.168.1.2/24"]
                  ipv6: ["2001:db8::1/64", ""]
            """);
        Assert.Equal(["eth1 192.168.1.1/24", "eth1 2001:db8::1/64"], lab.Node("a").Addresses.Select(a => a.ToString()));
        Assert.Equal(["eth1 192.168.1.2/24"], lab.Node("b").Addresses.Select(a => a.ToString()));
        Assert.True(lab.IPv6);
    }

    [Fact]
    public void Extended_veth_endpoints_carry_mac_ipv4_and_ipv6()
    {
        var lab = Clab("""
            topology:
              nodes: { a: {}, b: {} }
              links:
                - type: veth
                  mtu: 1500
                  endpoints:
                    - node: a
                      interface: eth1
                      mac: 02:00:00:00:0A:01
                      ipv4: 10.1.1.1/30
                    - { node: b, interface: eth1, ipv6: "fd00::2/64" }
            """);
        var link = Assert.Single(lab.Links);
        Assert.Equal(1500, link.Mtu);
        Assert.Equal("02:00:00:00:0a:01", link.A.Mac);
        Assert.Equal("eth1 10.1.1.1/30", Assert.Single(lab.Node("a").Addresses).ToString());
        Assert.Equal("eth1 fd00::2/64", Assert.Single(lab.Node("b").Addresses).ToString());
    }

    [Fact]
    public void Exec_lines_come_from_the_node_its_group_its_kind_or_the_defaults_with_their_lines()
    {
        var warnings = new List<string>();
        var lab = Clab("""
            name: groups
            topology:
              defaults:
                image: alpine
              kinds:
                linux:
                  exec: ["echo kind"]
              groups:
                pcs:
                  kind: linux
                  exec:
                    - echo group
              nodes:
                pc1:
                  group: pcs
                r1:
                  exec:
                    - sysctl -w net.ipv4.ip_forward=1
                    - |
                      echo one
                      echo two
                sw:
                  kind: bridge
            """, warnings);
        Assert.Equal(["echo group"], lab.Node("pc1").Exec.Select(e => e.Command));
        Assert.Equal(12, lab.Node("pc1").Exec[0].Location.Line);
        Assert.Equal(["sysctl -w net.ipv4.ip_forward=1", "echo one\necho two"], lab.Node("r1").Exec.Select(e => e.Command));
        Assert.Equal(18, lab.Node("r1").Exec[0].Location.Line);
        Assert.Equal(LabNodeKind.Bridge, lab.Node("sw").Kind);
        Assert.Empty(lab.Node("sw").Exec);
        Assert.Contains(warnings, w => w.StartsWith("t.clab.yml:4:", StringComparison.Ordinal) && w.Contains("'image' of topology.defaults"));
        Assert.True(lab.IPv6); // containers have IPv6; exec lines may use it
    }

    [Fact]
    public void Host_ends_and_kind_host_are_the_lab_s_host_node()
    {
        var lab = Clab("""
            topology:
              nodes:
                a: {}
              links:
                - endpoints: ["a:eth1", "host:a-eth1"]
                  ipv4: ["10.9.0.2/24", "10.9.0.1/24"]
                - type: host
                  endpoint: { node: a, interface: eth2 }
                  host-interface: a-eth2
            """);
        Assert.Equal(["a", "host"], lab.Nodes.Select(n => n.Name));
        Assert.Equal("host:a-eth1", lab.Links[0].B.ToString());
        Assert.Equal("eth1 10.9.0.2/24", lab.Node("a").Addresses[0].ToString());
        Assert.Equal("host:a-eth2", lab.Links[1].B.ToString());
        var declared = Clab("topology:\n  nodes:\n    hostnode: { kind: host }\n    a: {}\n  links:\n    - endpoints: [a:eth1, host:veth-a]\n    - endpoints: [a:eth2, hostnode:veth-b]\n");
        Assert.Equal(["hostnode", "a"], declared.Nodes.Select(n => n.Name));
        Assert.Equal(LabNodeKind.Host, declared.Node("hostnode").Kind);
        Assert.Equal(["hostnode:veth-a", "hostnode:veth-b"], declared.Links.Select(l => l.B.ToString())); // host:IF ends are the node of kind host
    }

    [Fact]
    public void Mgmt_ipv4_subnet_makes_a_management_bridge_every_linux_node_joins_with_eth0()
    {
        var lab = Clab("""
            mgmt:
              network: lab-mgmt
              ipv4-subnet: 172.30.30.0/24
            topology:
              nodes:
                a: { mgmt-ipv4: 172.30.30.11 }
                b: {}
                sw: { kind: bridge }
              links:
                - endpoints: ["a:eth1", "sw:eth1"]
                - endpoints: ["b:eth9", "mgmt-net:b-extra"]
            """);
        var host = lab.Node("host");
        Assert.Equal("br-lab-mgmt", Assert.Single(host.Bridges).Name);
        Assert.Equal("br-lab-mgmt 172.30.30.1/24", Assert.Single(host.Addresses).ToString());
        Assert.Contains(lab.Node("a").Addresses, a => a.ToString() == "eth0 172.30.30.11/24");
        // The pool hands out in link order: b's mgmt-net end (a port of the same bridge) first, then the eth0s.
        Assert.Equal(["eth9 172.30.30.2/24", "eth0 172.30.30.3/24"], lab.Node("b").Addresses.Select(a => a.ToString()));
        Assert.Empty(lab.Node("sw").Addresses);
        var mgmt = lab.Links.Where(l => l.B.Bridge == "br-lab-mgmt").ToList();
        Assert.Equal(3, mgmt.Count); // b:eth9 by mgmt-net, then eth0 of a and b
        Assert.All(mgmt, l => Assert.Null(l.Mtu));
    }

    [Fact]
    public void Without_mgmt_a_node_s_mgmt_ipv4_is_a_warning_and_mgmt_net_ends_share_an_address_less_bridge()
    {
        var warnings = new List<string>();
        var lab = Clab("topology:\n  nodes:\n    a: { mgmt-ipv4: 172.20.20.5 }\n  links:\n    - endpoints: [a:eth1, mgmt-net:a-mgmt]\n", warnings);
        Assert.Contains(warnings, w => w.StartsWith("t.clab.yml:3:21", StringComparison.Ordinal) && w.Contains("mgmt.ipv4-subnet"));
        Assert.Equal("br-clab", Assert.Single(lab.Node("host").Bridges).Name);
        Assert.Empty(lab.Node("a").Addresses);
        Assert.Single(lab.Links);
    }

    [Fact]
    public void Go_templates_are_refused_at_their_line_before_the_YAML_is_read()
    {
        var e = Assert.Throws<NetOperationException>(() => ContainerlabTranslator.RefuseTemplates("name: x\ntopology:\n{{- if .drift }}\n", "t.clab.yml"));
        Assert.StartsWith("t.clab.yml:3:1", e.Message);
        Assert.Contains("Go templates", e.Message);
    }

    private static readonly Dictionary<string, string> Env = new() { ["LINK"] = "eth7", ["EMPTY"] = "", ["NODE"] = "a" };

    private static string? FromEnv(string name) => Env.TryGetValue(name, out var v) ? v : null;

    [Theory]
    [InlineData("x: $LINK", "x: eth7")]
    [InlineData("x: ${LINK}", "x: eth7")]
    [InlineData("x: ${NOPE}", "x: $NOPE")]
    [InlineData("x: $EMPTY", "x: $EMPTY")]
    [InlineData("x: ${NOPE:=eth9} ${LINK:-eth9} ${EMPTY:-d}", "x: eth9 eth7 d")]
    [InlineData("x: ${NOPE-d}|${EMPTY-d}|${EMPTY=d}", "x: d|$EMPTY|$EMPTY")]
    [InlineData("x: ${LINK+alt}|${NOPE:+alt}|${EMPTY+alt}", "x: alt||alt")]
    [InlineData("x: ${NOPE:-$LINK} ${NOPE:-$NOPE2}", "x: eth7 $NOPE2")]
    [InlineData("x: $$LINK $1 ${1} $_ ${} $", "x: $LINK $1 ${1} $_ ${} $")]
    [InlineData("# ${unclosed\nx: 1", "# ${unclosed\nx: 1")]
    public void Environment_variables_expand_as_containerlab_s_envsubst_does(string text, string expected)
    {
        Assert.Equal(expected, ContainerlabEnvironment.Expand(text, "t.clab.yml", FromEnv).Text);
    }

    [Fact]
    public void An_expanded_variable_keeps_every_location_in_the_file_s_lines_and_columns()
    {
        var yaml = "topology:\n  nodes: { ${NODE}: {}, b: {} }\n  links:\n    - endpoints: [\"${NODE}:${LINK}\", \"b:eth1\"]\n      mtu: 70000\n";
        var e = Assert.Throws<NetOperationException>(() =>
            LabBinder.Bind(ContainerlabTranslator.Translate(NetLabs.ReadYaml(yaml, "t.clab.yml", FromEnv), new List<string>()), new List<string>()));
        Assert.StartsWith("t.clab.yml:5:12", e.Message);
        var lab = LabBinder.Bind(ContainerlabTranslator.Translate(NetLabs.ReadYaml(yaml.Replace("70000", "1500"), "t.clab.yml", FromEnv), new List<string>()), new List<string>());
        Assert.Equal("eth7", lab.Links[0].A.Interface);
        var columns = ContainerlabEnvironment.Expand("  x: [${NODE}, ${LINK}, z]", "t.clab.yml", FromEnv).Map;
        Assert.Equal(7, columns.Original(1, 7));   // 'a', the first expansion: its reference's '$'
        Assert.Equal(14, columns.Original(1, 8));  // the ',' after it, shifted by ${NODE} -> a
        Assert.Equal(16, columns.Original(1, 11)); // inside 'eth7': the second reference's '$'
        Assert.Equal(25, columns.Original(1, 16)); // 'z'
        Assert.Equal(8, columns.Original(2, 8));   // another line: untouched
    }

    [Fact]
    public void A_macvlan_parent_from_an_environment_variable_is_still_refused_when_the_lab_does_not_make_it()
    {
        var yaml = "name: x\ntopology:\n  nodes: { a: {} }\n  links:\n    - endpoints: [a:eth1, \"macvlan:${host_link:=ens3}\"]\n";
        var e = Assert.Throws<NetOperationException>(() =>
            LabBinder.Bind(ContainerlabTranslator.Translate(NetLabs.ReadYaml(yaml, "t.clab.yml", FromEnv), new List<string>()), new List<string>()));
        Assert.Equal(ErrorIds.InvalidLabDefinition, e.ErrorId);
        Assert.StartsWith("t.clab.yml:5:27", e.Message);
        Assert.Contains("host:ens3", e.Message);
        Assert.Contains("never uses the machine's own interfaces", e.Message);
    }

    [Theory]
    [InlineData("x: ${LINK", "t.clab.yml:1:4", "closing brace")]
    [InlineData("a: 1\nx: [${MULTI}]", "t.clab.yml:2:5", "several lines")]
    public void Bad_environment_references_are_refused_at_their_file_line_column(string text, string at, string why)
    {
        var e = Assert.Throws<NetOperationException>(() => ContainerlabEnvironment.Expand(text, "t.clab.yml", n => n == "MULTI" ? "a\nb" : FromEnv(n)));
        Assert.Equal(ErrorIds.InvalidLabDefinition, e.ErrorId);
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind); // ErrorCategory InvalidArgument
        Assert.StartsWith(at, e.Message);
        Assert.Contains(why, e.Message);
    }

    [Theory]
    [InlineData("topology:\n  nodes:\n    a: {}\n  links:\n    - endpoints: [a:eth1, macvlan:enp0s3]\n", "t.clab.yml:5:27", "never uses the machine's own interfaces")]
    [InlineData("topology:\n  nodes:\n    s: { kind: ovs-bridge }\n", "t.clab.yml:3:16", "Open vSwitch")]
    [InlineData("topology:\n  nodes:\n    a: { group: nope }\n", "t.clab.yml:3:17", "topology.groups")]
    [InlineData("topology:\n  nodes: { a: {}, b: {} }\n  links:\n    - endpoints: [a:eth1, b:eth1]\n      mtu: 70000\n", "t.clab.yml:5:12", "MTU '70000'")]
    [InlineData("topology:\n  nodes: { a: {}, b: {} }\n  links:\n    - type: veth\n      endpoints: [{node: a, interface: e1, mac: 'ff:ff:ff:ff:ff:ff'}, {node: b, interface: e1}]\n", "t.clab.yml:5:", "multicast")]
    [InlineData("topology:\n  nodes: { a: {}, b: {} }\n  links:\n    - endpoints: [a:eth1, b:eth1]\n      ipv4: [10.0.0.1/24, 10.0.0.2/24, 10.0.0.3/24]\n", "t.clab.yml:5:13", "at most 2")]
    [InlineData("topology:\n  nodes: { a: {}, b: {} }\n  links:\n    - endpoints: [a:eth1, b:eth1]\n      ipv4: [10.0.0.1, 10.0.0.2/24]\n", "t.clab.yml:5:14", "prefix length")]
    [InlineData("topology:\n  nodes:\n    r1: { kind: linux, exec: [\"\"] }\n", "t.clab.yml:3:31", "Exec line")]
    [InlineData("topology:\n  nodes:\n    a: { kind: host }\n    b: { kind: host }\n", "t.clab.yml:4:16", "one host node")]
    [InlineData("topology:\n  links:\n    - type: vxlan-stitch\n", "t.clab.yml:3:7", "needs endpoint")]
    public void A_containerlab_feature_that_cannot_be_honoured_is_refused_at_its_line(string yaml, string location, string expected)
    {
        var e = Fails(yaml);
        Assert.StartsWith(location, e.Message);
        Assert.Contains(expected, e.Message);
    }

    // ---- macvlan:IF (a macvlan in bridge mode on an interface of the lab's host node) ----

    private const string MacvlanLab = """
        topology:
          nodes: { r: {}, h1: {}, h2: {} }
          links:
            - endpoints: ["r:eth1", "host:uplink"]
              ipv4: ["10.7.0.1/24", ""]
            - endpoints: ["h1:eth1", "macvlan:uplink"]
              ipv4: ["10.7.0.11/24"]
            - type: macvlan
              endpoint: { node: h2, interface: eth1, mac: "02:00:00:00:07:12", ipv4: 10.7.0.12/24 }
              host-interface: uplink
              mode: bridge
        """;

    [Fact]
    public void Macvlan_ends_make_a_macvlan_link_on_the_lab_s_host_node_with_the_node_s_addresses_and_the_parent_s_MTU()
    {
        var lab = Clab(MacvlanLab);
        var macvlans = lab.Links.Where(l => l.Kind == LabLinkKind.Macvlan).ToList();
        Assert.Equal(["h1:eth1", "h2:eth1"], macvlans.Select(l => l.A.ToString()));
        Assert.All(macvlans, l => Assert.Equal("host:uplink", l.B.ToString()));
        Assert.All(macvlans, l => Assert.Null(l.Mtu)); // the parent's, not containerlab's 9500
        Assert.Equal("02:00:00:00:07:12", macvlans[1].A.Mac);
        Assert.Equal(["eth1 10.7.0.11/24"], lab.Node("h1").Addresses.Select(a => a.ToString()));
        Assert.Equal(["eth1 10.7.0.12/24"], lab.Node("h2").Addresses.Select(a => a.ToString()));
        Assert.Empty(lab.Node("host").Addresses); // the parent keeps what its own link gives it (nothing here)
        Assert.Equal(LabLinkKind.Veth, lab.Links[0].Kind);
    }

    [Fact]
    public void A_macvlan_may_sit_on_the_management_bridge()
    {
        var lab = Clab("mgmt:\n  ipv4-subnet: 172.31.9.0/24\ntopology:\n  nodes: { a: {} }\n  links:\n    - endpoints: [a:eth1, macvlan:br-clab]\n      ipv4: [172.31.9.200/24]\n");
        var link = Assert.Single(lab.Links, l => l.Kind == LabLinkKind.Macvlan);
        Assert.Equal("host:br-clab", link.B.ToString());
        Assert.Null(link.B.Bridge);
    }

    [Theory]
    [InlineData("topology:\n  nodes: { a: {}, s: { kind: bridge } }\n  links:\n    - endpoints: [a:eth1, host:up]\n    - endpoints: [s:p1, macvlan:up]\n", "t.clab.yml:5:19", "bridge port")]
    [InlineData("topology:\n  nodes: { a: {} }\n  links:\n    - endpoints: [a:eth1, macvlan:]\n", "t.clab.yml:4:27", "names its parent")]
    [InlineData("topology:\n  nodes: { a: {} }\n  links:\n    - endpoints: [macvlan:x, macvlan:y]\n", "t.clab.yml:4:30", "not two macvlan ends")]
    [InlineData("topology:\n  nodes: { a: {} }\n  links:\n    - endpoints: [a:eth2, host:up]\n    - endpoints: [a:eth1, macvlan:up]\n      ipv4: [10.0.0.1/24, 10.0.0.2/24]\n", "t.clab.yml:6:27", "keeps its own addresses")]
    [InlineData("topology:\n  nodes: { a: {} }\n  links:\n    - type: macvlan\n      endpoint: { node: a, interface: eth1 }\n      host-interface: up\n      mode: vepa\n", "t.clab.yml:7:13", "bridge mode")]
    [InlineData("topology:\n  nodes: { a: {} }\n  links:\n    - type: macvlan\n      endpoint: { node: a, interface: eth1 }\n", "t.clab.yml:4:7", "host-interface")]
    public void Bad_macvlan_ends_are_refused_at_their_line(string yaml, string location, string expected)
    {
        var e = Fails(yaml);
        Assert.StartsWith(location, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_macvlan_parent_that_is_a_bridge_port_is_refused_naming_the_bridge()
    {
        var e = Assert.Throws<NetOperationException>(() => LabBinder.Bind(JsonLabReader.Read("""
            { "Nodes": { "host": { "Bridges": { "br0": {} } }, "a": {}, "b": {} },
              "Links": [ { "Endpoints": ["a:eth0", "host:br0"] }, { "Endpoints": ["b:eth0", "host:a"], "Kind": "macvlan" } ] }
            """, "t.json")));
        Assert.Contains("port of the bridge 'br0'", e.Message);
        var kind = Assert.Throws<NetOperationException>(() => LabBinder.Bind(JsonLabReader.Read("""{ "Nodes": { "a": {}, "b": {} }, "Links": [ { "Endpoints": ["a:eth0", "b:eth0"], "Kind": "gre" } ] }""", "t.json")));
        Assert.Contains("link kind 'gre'", kind.Message);
    }

    // ---- BRIDGE|NODE: a bridge in a node's namespace ----

    [Fact]
    public void A_BRIDGE_NODE_node_is_a_bridge_in_the_node_s_namespace_whose_ports_keep_their_names()
    {
        var lab = Clab("""
            topology:
              nodes:
                br01|bp1: { kind: bridge, network-mode: container:bp1 }
                bp1: { exec: ["ip address add dev br01 192.168.0.1/24"] }
                c1: {}
                c2: {}
              links:
                - endpoints: ["c1:eth1", "br01|bp1:c1eth1"]
                - type: veth
                  endpoints: [{ node: c2, interface: eth1 }, { node: "br01|bp1", interface: c2eth1 }]
            """);
        Assert.DoesNotContain(lab.Nodes, n => n.Name.Contains('|'));
        Assert.Equal(["br01"], lab.Nodes.Single(n => n.Name == "bp1").Bridges.Select(b => b.Name));
        Assert.Equal(("bp1", "c1eth1", "br01"), (lab.Links[0].B.Node, lab.Links[0].B.Interface, lab.Links[0].B.Bridge));
        Assert.Equal(("bp1", "c2eth1", "br01"), (lab.Links[1].B.Node, lab.Links[1].B.Interface, lab.Links[1].B.Bridge));
    }

    [Theory]
    [InlineData("    br|a: { kind: bridge, network-mode: container:b }\n    a: {}\n", "t.clab.yml:3:41", "container:a")]
    [InlineData("    br|a: { kind: linux }\n    a: {}\n", "t.clab.yml:3:19", "kind: bridge")]
    [InlineData("    br|zz: { kind: bridge }\n    a: {}\n", "t.clab.yml:3:5", "not a linux or host node")]
    [InlineData("    br|a: { kind: bridge }\n    a: {}\n  links:\n    - endpoints: [a:eth1, \"br|b:p1\"]\n", "t.clab.yml:6:27", "not among the file's nodes")]
    [InlineData("    br|a: { kind: bridge }\n    a: {}\n    c: {}\n  links:\n    - endpoints: [c:eth1, \"br|a:p1\"]\n      ipv4: [10.0.0.1/24, 10.0.0.2/24]\n", "t.clab.yml:8:27", "carries no address")]
    public void Bad_BRIDGE_NODE_forms_are_refused_at_their_file_line(string nodes, string at, string why)
    {
        var e = Fails("topology:\n  nodes:\n" + nodes);
        Assert.StartsWith(at, e.Message);
        Assert.Contains(why, e.Message);
    }

    // ---- vxlan and vxlan-stitch links ----

    [Fact]
    public void Vxlan_and_vxlan_stitch_links_are_VXLAN_devices_in_the_node_with_their_socket_in_the_lab_s_host_node()
    {
        var warnings = new List<string>();
        var lab = Clab("""
            topology:
              nodes: { a: {}, b: {} }
              links:
                - type: vxlan
                  endpoint: { node: a, interface: eth1, mac: "02:00:00:00:00:0a", ipv4: 10.0.0.1/24 }
                  remote: 192.0.2.2
                  vni: 100
                  dst-port: 4790
                  src-port: 5000
                - type: vxlan-stitch
                  endpoint: { node: b, interface: eth1 }
                  remote: "2001:db8::2"
                  vni: 16777215
                  udp-port: 4791
                - type: vxlan
                  endpoint: { node: b, interface: eth2 }
                  remote: 192.0.2.3
                  vni: 1
            """, warnings);
        Assert.Contains(lab.Nodes, n => n.Name == "host" && n.Kind == LabNodeKind.Host);
        Assert.All(lab.Links, l => Assert.Equal(LabLinkKind.Vxlan, l.Kind));
        Assert.All(lab.Links, l => Assert.Equal("host", l.B.Node));
        Assert.Equal(("a", "eth1", "02:00:00:00:00:0a"), (lab.Links[0].A.Node, lab.Links[0].A.Interface, lab.Links[0].A.Mac));
        Assert.Equal("vxlan 100 to 192.0.2.2:4790", lab.Links[0].Vxlan!.ToString());
        Assert.Equal("vxlan 16777215 to [2001:db8::2]:4791", lab.Links[1].Vxlan!.ToString());
        Assert.Equal(ContainerlabTranslator.VxlanDefaultPort, lab.Links[2].Vxlan!.Port);
        Assert.Contains(lab.Nodes.Single(n => n.Name == "a").Addresses, x => x.ToString().Contains("10.0.0.1/24"));
        Assert.Null(lab.Links[0].Mtu); // a VXLAN device takes the kernel's MTU unless the link gives one
        Assert.Contains(warnings, w => w.StartsWith("t.clab.yml:9:") && w.Contains("src-port"));
    }

    [Theory]
    [InlineData("vni: 0", "t.clab.yml:6:", "Vni of link 1 '0' is out of range")]
    [InlineData("vni: 16777216", "t.clab.yml:6:", "out of range")]
    [InlineData("vni: ten", "t.clab.yml:6:", "out of range")]
    [InlineData("vni: 5\n      dst-port: 70000", "t.clab.yml:7:", "Port of link 1 '70000'")]
    [InlineData("vni: 5\n      remote: host-b", "t.clab.yml:7:", "not a single IP address")]
    [InlineData("vni: 5\n      remote: 239.1.1.1", "t.clab.yml:7:", "not a peer's unicast address")]
    [InlineData("vni: 5\n      remote: 127.0.0.1", "t.clab.yml:7:", "not a peer's unicast address")]
    [InlineData("vni: 5\n      remote: 192.0.2.2/24", "t.clab.yml:7:", "not a single IP address")]
    public void Bad_vxlan_settings_are_refused_at_their_file_line(string setting, string at, string why)
    {
        var yaml = "topology:\n  nodes: { a: {} }\n  links:\n    - type: vxlan\n      endpoint: { node: a, interface: eth1 }\n      " + setting + "\n";
        if (!setting.Contains("remote")) yaml += "      remote: 192.0.2.2\n";
        var e = Fails(yaml);
        Assert.StartsWith(at, e.Message);
        Assert.Contains(why, e.Message);
    }

    [Theory]
    [InlineData("      remote: 192.0.2.2\n      vni: 5\n", "t.clab.yml:4:7", "needs endpoint")]
    [InlineData("      endpoint: { node: a }\n      remote: 192.0.2.2\n      vni: 5\n", "t.clab.yml:5:17", "needs node and interface")]
    [InlineData("      endpoint: { node: zz, interface: eth1 }\n      remote: 192.0.2.2\n      vni: 5\n", "t.clab.yml:5:", "'zz'")]
    [InlineData("      endpoint: { node: a, interface: eth1 }\n      vni: 5\n", "t.clab.yml:4:7", "needs remote")]
    [InlineData("      endpoint: { node: a, interface: eth1 }\n      remote: 192.0.2.2\n", "t.clab.yml:4:7", "needs vni")]
    [InlineData("      endpoint: { node: a, interface: eth1 }\n      remote: 192.0.2.2\n      vni: 5\n      group: 239.1.1.1\n", "t.clab.yml:8:7", "Unknown key 'group'")]
    public void Vxlan_links_without_what_they_need_are_refused_at_their_file_line(string body, string at, string why)
    {
        var e = Fails("topology:\n  nodes: { a: {} }\n  links:\n    - type: vxlan-stitch\n" + body);
        Assert.StartsWith(at, e.Message);
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void Two_vxlan_links_with_one_VNI_and_port_on_the_host_s_socket_are_refused()
    {
        var e = Fails("""
            topology:
              nodes: { a: {}, b: {} }
              links:
                - { type: vxlan, endpoint: { node: a, interface: eth1 }, remote: 192.0.2.2, vni: 7 }
                - { type: vxlan, endpoint: { node: b, interface: eth1 }, remote: 192.0.2.3, vni: 7 }
            """);
        Assert.StartsWith("t.clab.yml:5:", e.Message);
        Assert.Contains("VNI 7 on port 14789", e.Message);
    }

    [Fact]
    public void Lab_definitions_refuse_VXLAN_settings_on_other_links_and_a_socket_node_given_with_an_interface()
    {
        var stray = Assert.Throws<NetOperationException>(() => LabBinder.Bind(JsonLabReader.Read("""{ "Nodes": { "a": {}, "b": {} }, "Links": [ { "Endpoints": ["a:eth0", "b:eth0"], "Vni": 5 } ] }""", "t.json")));
        Assert.Contains("needs Kind = 'vxlan'", stray.Message);
        var withInterface = Assert.Throws<NetOperationException>(() => LabBinder.Bind(JsonLabReader.Read("""{ "Nodes": { "a": {}, "b": {} }, "Links": [ { "Endpoints": ["a:eth0", "b:eth0"], "Kind": "vxlan", "Remote": "192.0.2.1", "Vni": 5 } ] }""", "t.json")));
        Assert.Contains("named alone", withInterface.Message);
    }

    // ---- mgmt.ipv6-subnet ----

    [Fact]
    public void Mgmt_ipv6_subnet_gives_the_bridge_and_every_node_an_IPv6_address_beside_the_IPv4_one()
    {
        var lab = Clab("""
            mgmt:
              ipv4-subnet: 172.30.40.0/24
              ipv6-subnet: 3fff:172:30:40::/64
              ipv6-gw: 3fff:172:30:40::fe
            topology:
              nodes:
                a: { mgmt-ipv6: 3fff:172:30:40::11 }
                b: {}
                c: { mgmt-ipv4: 172.30.40.33 }
            """);
        Assert.True(lab.IPv6);
        Assert.Equal(["br-clab 172.30.40.1/24", "br-clab 3fff:172:30:40::fe/64"], lab.Node("host").Addresses.Select(a => a.ToString()));
        string[] Of(string node) => lab.Node(node).Addresses.Select(a => a.ToString()).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["eth0 172.30.40.2/24", "eth0 3fff:172:30:40::11/64"], Of("a"));
        Assert.Equal(["eth0 172.30.40.3/24", "eth0 3fff:172:30:40::1/64"], Of("b"));
        Assert.Equal(["eth0 172.30.40.33/24", "eth0 3fff:172:30:40::2/64"], Of("c"));
    }

    [Fact]
    public void Mgmt_ipv6_subnet_alone_makes_an_IPv6_only_management_network()
    {
        var lab = Clab("mgmt:\n  ipv6-subnet: fd00:99::/120\ntopology:\n  nodes: { a: {}, b: {} }\n");
        Assert.Equal(["br-clab fd00:99::1/120"], lab.Node("host").Addresses.Select(a => a.ToString()));
        Assert.Equal(["eth0 fd00:99::2/120"], lab.Node("a").Addresses.Select(a => a.ToString()));
        Assert.Equal(["eth0 fd00:99::3/120"], lab.Node("b").Addresses.Select(a => a.ToString()));
    }

    [Theory]
    [InlineData("mgmt:\n  ipv6-subnet: 10.0.0.0/24\ntopology:\n  nodes: { a: {} }\n", "t.clab.yml:2:16", "not an IPv6 subnet")]
    [InlineData("mgmt:\n  ipv6-subnet: fd00::1/64\ntopology:\n  nodes: { a: {} }\n", "t.clab.yml:2:16", "host bits")]
    [InlineData("mgmt:\n  ipv6-subnet: fd00::/64\n  ipv6-gw: fd01::1\ntopology:\n  nodes: { a: {} }\n", "t.clab.yml:3:12", "not a host address")]
    [InlineData("mgmt:\n  ipv6-gw: fd01::1\ntopology:\n  nodes: { a: {} }\n", "t.clab.yml:2:3", "needs mgmt.ipv6-subnet")]
    [InlineData("mgmt:\n  ipv6-subnet: fd00::/64\ntopology:\n  nodes:\n    a: { mgmt-ipv6: fd01::5 }\n", "t.clab.yml:5:21", "outside mgmt.ipv6-subnet")]
    [InlineData("mgmt:\n  ipv6-subnet: fd00::/64\ntopology:\n  nodes:\n    a: { mgmt-ipv6: fd00::1 }\n", "t.clab.yml:5:21", "taken already")]
    [InlineData("mgmt:\n  ipv6-subnet: fd00::/64\ntopology:\n  nodes:\n    a: { mgmt-ipv6: fd00::9/64 }\n", "t.clab.yml:5:21", "single IP address")]
    [InlineData("mgmt:\n  ipv6-subnet: fd00::/126\ntopology:\n  nodes: { a: {}, b: {}, c: {} }\n", "t.clab.yml:2:16", "no address left for the node 'c'")]
    [InlineData("mgmt:\n  ipv6-subnet: fd00::/128\ntopology:\n  nodes: { a: {} }\n", "t.clab.yml:2:16", "room for no node")]
    public void Bad_management_IPv6_settings_are_refused_at_their_line(string yaml, string location, string expected)
    {
        var e = Fails(yaml);
        Assert.StartsWith(location, e.Message);
        Assert.Contains(expected, e.Message);
    }

    // ---- network-mode: container:X ----

    [Fact]
    public void Network_mode_container_makes_the_node_an_alias_of_the_other_s_namespace()
    {
        var warnings = new List<string>();
        var lab = Clab("""
            mgmt:
              ipv4-subnet: 172.30.50.0/24
            topology:
              nodes:
                app:
                  exec: ["ip addr add 10.5.0.1/24 dev eth1"]
                sidecar:
                  network-mode: container:app
                  exec: ["ip addr add 10.5.0.9/24 dev eth1"]
                peer: {}
                shell: { network-mode: host }
              links:
                - endpoints: ["sidecar:eth1", "peer:eth1"]
                - endpoints: ["app:eth2", "shell:veth-app"]
            """, warnings);
        Assert.Equal(["app", "peer", "host"], lab.Nodes.Select(n => n.Name));
        Assert.Equal("app:eth1 -- peer:eth1", lab.Links[0].ToString());
        Assert.Equal("app:eth2 -- host:veth-app", lab.Links[1].ToString());
        Assert.Equal(["ip addr add 10.5.0.1/24 dev eth1", "ip addr add 10.5.0.9/24 dev eth1"], lab.Node("app").Exec.Select(e => e.Command));
        Assert.Equal([6, 9], lab.Node("app").Exec.Select(e => e.Location.Line)); // each line keeps its own file:line
        Assert.Single(lab.Node("app").Addresses, a => a.Interface == "eth0"); // one management address: the alias shares app's
        Assert.DoesNotContain(warnings, w => w.Contains("network-mode"));
    }

    [Theory]
    [InlineData("topology:\n  nodes:\n    a: { network-mode: container:nope }\n", "t.clab.yml:3:24", "not a node of this file")]
    [InlineData("topology:\n  nodes:\n    a: {}\n    b: { network-mode: container:a }\n    c: { network-mode: container:b }\n", "t.clab.yml:5:24", "shares another's itself")]
    [InlineData("topology:\n  nodes:\n    s: { kind: bridge }\n    b: { network-mode: container:s }\n", "t.clab.yml:4:24", "bridge node")]
    [InlineData("topology:\n  nodes:\n    a: { network-mode: overlay }\n", "t.clab.yml:3:24", "container:NODE")]
    [InlineData("topology:\n  nodes:\n    a: { network-mode: \"container:\" }\n", "t.clab.yml:3:24", "names no node")]
    [InlineData("mgmt:\n  ipv4-subnet: 172.30.60.0/24\ntopology:\n  nodes:\n    a: {}\n    b: { network-mode: container:a, mgmt-ipv4: 172.30.60.9 }\n", "t.clab.yml:6:37", "management address")]
    [InlineData("topology:\n  nodes:\n    a: {}\n    b: { network-mode: container:a }\n    c: {}\n  links:\n    - endpoints: [a:eth1, c:eth1]\n    - endpoints: [b:eth1, c:eth2]\n", "t.clab.yml:8:19", "duplicate interface")]
    public void Bad_network_modes_are_refused_at_their_line(string yaml, string location, string expected)
    {
        var e = Fails(yaml);
        Assert.StartsWith(location, e.Message);
        Assert.Contains(expected, e.Message);
    }
}
