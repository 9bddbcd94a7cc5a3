using LinuxNetPS.Primitives;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Maps a containerlab topology onto the lab schema as containerlab means it, keeping every location:
/// <list type="bullet">
/// <item>nodes of kind linux (a namespace), bridge (a switch node), host (the lab's host node); a node's settings
/// come from the node, then its group (topology.groups), then its kind (topology.kinds), then topology.defaults;</item>
/// <item>exec lines, run inside the node after the build (a failing line fails the build);</item>
/// <item>links brief (endpoints: ["a:eth1", "b:eth1"], with mtu and per-end ipv4/ipv6 lists) and extended
/// (type veth with endpoint maps node/interface/mac/ipv4/ipv6, type host, type mgmt-net); every link's MTU is
/// containerlab's <see cref="DefaultMtu"/> unless it says otherwise;</item>
/// <item>host:IF ends: a veth end in the lab's host node (a namespace of the lab, named host; never the machine's own
/// namespace); mgmt-net:IF ends and mgmt.ipv4-subnet: a management bridge in the host node that every linux node joins
/// with eth0 and an address from the subnet (mgmt-ipv4 of a node picks it; the bridge takes ipv4-gw or the first);
/// mgmt.ipv6-subnet the same in IPv6 (mgmt-ipv6, ipv6-gw), beside the IPv4 address or alone;</item>
/// <item>macvlan:IF ends (and type macvlan links): a macvlan in bridge mode on the interface IF of the lab's host node,
/// moved into the node. As for host:IF, the host is the lab's host node, never the machine: IF must be an interface the
/// lab gives that node (a host:IF end of another link, or the management bridge);</item>
/// <item>type vxlan and vxlan-stitch links (endpoint, remote, vni, dst-port or udp-port): the node's interface is a
/// VXLAN device whose UDP socket is in the lab's host node, whose routes must reach remote; vxlan-stitch is made the
/// same way (containerlab's host veth and tc redirect carry the same frames);</item>
/// <item>BRIDGE|NODE nodes (kind bridge, network-mode container:NODE): a bridge in NODE's namespace; link ends
/// "BRIDGE|NODE:IF" are its ports, named IF;</item>
/// <item>network-mode container:X: the node is X's namespace under a second name: its links end on X, its exec lines
/// run in X after X's own, it gets no management address of its own (it shares X's). network-mode host: the same
/// with the lab's host node.</item>
/// </list>
/// Container settings (image, binds, startup-config, cmd, env ...) have no meaning for namespaces: each is a warning at
/// its file:line. Features that cannot be honoured are refused with their location, the feature and why.
/// </summary>
public static class ContainerlabTranslator
{
    /// <summary>containerlab's default MTU for veth links (its DefaultVethLinkMTU).</summary>
    public const int DefaultMtu = 9500;

    /// <summary>containerlab's UDP port of vxlan links that give none (its VxLANDefaultPort).</summary>
    public const int VxlanDefaultPort = 14789;

    /// <summary>The node that stands for containerlab's host: the lab's own namespace PREFIXhost.</summary>
    public const string HostNode = "host";

    private static readonly string[] HonouredNodeKeys = ["kind", "group", "exec", "mgmt-ipv4", "mgmt-ipv6", "network-mode"];

    /// <summary>containerlab expands Go templates ({{ ... }}) in a topology before reading it; a lab does not, and says so at the first one.</summary>
    public static void RefuseTemplates(string text, string? file)
    {
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int at = lines[i].IndexOf("{{", StringComparison.Ordinal);
            if (at >= 0 && lines[i].IndexOf("}}", at, StringComparison.Ordinal) > at)
                throw LabErrors.Invalid(new SourceLocation(file, i + 1, at + 1, ""),
                    "containerlab's Go templates ({{ ... }}) are not expanded here; render the topology first (containerlab does so on deploy) and give the result.");
        }
    }

    public static LabValue Translate(LabValue root, List<string> warnings)
    {
        var map = LabValues.Map(root, "A containerlab topology");
        var topologyEntry = map.Find("topology");
        if (topologyEntry is null)
        {
            // Not a containerlab file: a lab definition written in YAML, read as it is.
            return root;
        }
        return new Translation(map, topologyEntry, warnings).Run();
    }

    private sealed class Translation(LabMap map, LabEntry topologyEntry, List<string> warnings)
    {
        private readonly Dictionary<string, LabMap> _kinds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, LabMap> _groups = new(StringComparer.Ordinal);
        private LabMap _defaults = new([], topologyEntry.KeyLocation);
        private readonly List<LabEntry> _nodes = new();
        private readonly HashSet<string> _linuxNodes = new(StringComparer.Ordinal);
        private readonly List<LabValue> _links = new();
        private readonly Dictionary<string, LabValue> _mgmtAddress = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (IPPrefix Address, SourceLocation Where)> _mgmt6Address = new(StringComparer.Ordinal);
        /// <summary>mgmt.ipv6-subnet and the bridge's IPv6 address (ipv6-gw or the first), when the file gives it.</summary>
        private (IPPrefix Subnet, System.Net.IPAddress Gateway, SourceLocation Where)? _mgmt6;
        /// <summary>Nodes of network-mode container:X (or host): the node whose namespace they are, and where it was said.</summary>
        private readonly Dictionary<string, (string? Target, SourceLocation Where)> _aliases = new(StringComparer.Ordinal);
        private readonly Dictionary<string, LabValue> _aliasExec = new(StringComparer.Ordinal);
        private bool _hostDeclared, _hostNeeded, _anyExec, _anyIPv6, _mgmtOnlyPorts;
        private string? _mgmtBridge;
        /// <summary>The host node: 'host', or the name of the node of kind host when the file declares one.</summary>
        private string _host = HostNode;
        private LabMap? _mgmtBridgeSettings;
        private SourceLocation _mgmtAt = topologyEntry.KeyLocation;

        public LabValue Run()
        {
            foreach (var entry in map.Entries.Where(e => e.Key is not ("name" or "topology" or "mgmt")))
                warnings.Add($"{entry.KeyLocation}: '{entry.Key}' is a containerlab setting without meaning for a lab of namespaces; ignored.");
            var topology = LabValues.Map(topologyEntry.Value, "topology");
            foreach (var entry in topology.Entries)
                switch (entry.Key)
                {
                    case "nodes" or "links": break;
                    case "defaults": _defaults = LabValues.Map(entry.Value, "topology.defaults"); break;
                    case "kinds":
                        foreach (var kind in LabValues.Map(entry.Value, "topology.kinds").Entries) _kinds[kind.Key] = LabValues.Map(kind.Value, $"The kind '{kind.Key}'");
                        break;
                    case "groups":
                        foreach (var group in LabValues.Map(entry.Value, "topology.groups").Entries) _groups[group.Key] = LabValues.Map(group.Value, $"The group '{group.Key}'");
                        break;
                    default:
                        warnings.Add($"{entry.KeyLocation}: 'topology.{entry.Key}' is ignored (nodes, links, defaults, kinds and groups are read).");
                        break;
                }
            foreach (var (what, settings) in new[] { ("topology.defaults", _defaults) }.Concat(_kinds.Select(k => ($"kind '{k.Key}'", k.Value))).Concat(_groups.Select(g => ($"group '{g.Key}'", g.Value))))
                WarnIgnored(settings, what);

            if (map.Find("mgmt") is { } mgmt) Management(mgmt);
            if (topology.Find("nodes") is { } nodesEntry)
                foreach (var node in LabValues.Map(nodesEntry.Value, "topology.nodes").Entries) Node(node);
            ResolveAliases();
            AddNodeBridges();
            if (topology.Find("links") is { } linksEntry)
                foreach (var link in LabValues.OneOrMany(linksEntry.Value)) Link(link);
            if (_mgmtBridge is not null && !_mgmtOnlyPorts)
                foreach (var node in _nodes.Where(n => _linuxNodes.Contains(n.Key) && n.Key != _host))
                {
                    var end = new List<LabEntry> { new("Node", node.KeyLocation, new LabScalar(node.Key, node.KeyLocation)), new("Interface", node.KeyLocation, new LabScalar("eth0", node.KeyLocation)) };
                    if (_mgmtAddress.TryGetValue(node.Key, out var address)) end.Add(new LabEntry("Address", address.Location, address));
                    if (Mgmt6Of(node.Key) is { } v6) end.Add(new LabEntry("Addresses", v6.Location, new LabList([v6], v6.Location)));
                    _links.Add(new LabMap([new LabEntry("Endpoints", _mgmtAt, new LabList([new LabMap(end, node.KeyLocation), Text($"{_host}:{_mgmtBridge}", _mgmtAt)], _mgmtAt))], _mgmtAt));
                }
            if ((_hostNeeded || _mgmtBridge is not null) && !_hostDeclared)
            {
                if (_nodes.Any(n => n.Key == HostNode))
                    throw LabErrors.Invalid(_nodes.First(n => n.Key == HostNode).KeyLocation, $"The node '{HostNode}' is not of kind host, but host:IF ends or the management network need the lab's host node of that name.");
                _nodes.Add(new LabEntry(HostNode, _mgmtAt, new LabMap(HostSettings(_mgmtAt), _mgmtAt)));
            }
            else if (_mgmtBridge is not null)
            {
                int i = _nodes.FindIndex(n => n.Key == _host);
                var host = (LabMap)_nodes[i].Value;
                _nodes[i] = new LabEntry(_host, _nodes[i].KeyLocation, new LabMap([.. host.Entries, .. HostSettings(_mgmtAt).Where(e => e.Key == "Bridges")], host.Location));
            }

            MergeAliasExec();
            var entries = new List<LabEntry>();
            if (map.Find("name") is { } name) entries.Add(new LabEntry("Name", name.KeyLocation, name.Value));
            if (_anyExec || _anyIPv6) entries.Add(new LabEntry("IPv6", topologyEntry.KeyLocation, new LabScalar("true", topologyEntry.KeyLocation, isBoolean: true)));
            entries.Add(new LabEntry("Nodes", topologyEntry.KeyLocation, new LabMap(_nodes, topologyEntry.KeyLocation)));
            entries.Add(new LabEntry("Links", topologyEntry.KeyLocation, new LabList(_links, topologyEntry.KeyLocation)));
            return new LabMap(entries, map.Location);
        }

        private static LabScalar Text(string text, SourceLocation where) => new(text, where);

        /// <summary>
        /// A node's management IPv6 address: its mgmt-ipv6, else the next of the subnet in node order that neither the
        /// bridge nor another node's mgmt-ipv6 holds (the IPv4 side is the binder's pool, which hands out the same way).
        /// </summary>
        private LabScalar? Mgmt6Of(string node)
        {
            if (_mgmt6 is not { } mgmt) return null;
            if (_mgmt6Address.TryGetValue(node, out var given)) return Text(given.Address.ToString(), given.Where);
            _mgmt6Hosts ??= mgmt.Subnet.Hosts().Where(a => !a.Equals(mgmt.Gateway) && !_mgmt6Address.Values.Any(g => g.Address.Address.Equals(a))).GetEnumerator();
            if (!_mgmt6Hosts.MoveNext())
                throw LabErrors.Invalid(mgmt.Where, $"mgmt.ipv6-subnet {mgmt.Subnet} has no address left for the node '{node}'.");
            return Text(new IPPrefix(_mgmt6Hosts.Current, mgmt.Subnet.PrefixLength).ToString(), mgmt.Where);
        }

        private IEnumerator<System.Net.IPAddress>? _mgmt6Hosts;

        /// <summary>
        /// network-mode container:X: X must be a linux node of the file that is itself no alias (null: the lab's host node).
        /// An alias's links are mapped to X as they are read (<see cref="NodeOf"/>), its exec lines at the end (<see cref="MergeAliasExec"/>).
        /// </summary>
        private void ResolveAliases()
        {
            foreach (var (alias, (target, where)) in _aliases)
            {
                if (target is null) continue;
                if (_aliases.ContainsKey(target))
                    throw LabErrors.Invalid(where, $"The node '{alias}' shares the namespace of '{target}', which shares another's itself; name the node that has its own (containerlab: network-mode container:NODE).");
                int i = _nodes.FindIndex(n => n.Key == target);
                if (i < 0)
                    throw LabErrors.Invalid(where, $"The node '{alias}' shares the namespace of '{target}', which is not a node of this file (a lab's nodes share only each other's namespaces).");
                if (!_linuxNodes.Contains(target))
                    throw LabErrors.Invalid(where, $"The node '{alias}' shares the namespace of '{target}', a bridge node; share a linux or host node's.");
            }
        }

        /// <summary>An alias's exec lines run in the node whose namespace it is, after that node's own.</summary>
        private void MergeAliasExec()
        {
            foreach (var (alias, exec) in _aliasExec)
            {
                string target = NodeOf(alias);
                int i = _nodes.FindIndex(n => n.Key == target);
                var settings = (LabMap)_nodes[i].Value;
                var own = settings.Find("Exec");
                var lines = new LabList([.. own is null ? [] : LabValues.OneOrMany(own.Value), .. LabValues.OneOrMany(exec)], own?.Value.Location ?? exec.Location);
                _nodes[i] = new LabEntry(target, _nodes[i].KeyLocation,
                    new LabMap([.. settings.Entries.Where(e => e.Key != "Exec"), new LabEntry("Exec", lines.Location, lines)], settings.Location));
                _anyExec = true;
            }
        }

        /// <summary>The node a link end names, as built: an alias (network-mode container:X) is X.</summary>
        private string NodeOf(string node) => _aliases.TryGetValue(node, out var alias) ? alias.Target ?? _host : node;

        private List<LabEntry> HostSettings(SourceLocation where) =>
            _mgmtBridge is null ? [new LabEntry("Kind", where, Text("host", where))]
                : [new LabEntry("Kind", where, Text("host", where)), new LabEntry("Bridges", where, new LabMap([new LabEntry(_mgmtBridge, where, _mgmtBridgeSettings!)], where))];

        private void WarnIgnored(LabMap settings, string what)
        {
            foreach (var setting in settings.Entries.Where(e => !HonouredNodeKeys.Contains(e.Key)))
                warnings.Add($"{setting.KeyLocation}: '{setting.Key}' of {what} is ignored (nodes are namespaces, not containers).");
        }

        /// <summary>A node's setting as containerlab resolves it: node, group, kind, defaults.</summary>
        private LabValue? Setting(LabMap node, string key, string kind)
        {
            if (node.Find(key) is { } own) return own.Value;
            if (node.Find("group") is { } g && _groups.TryGetValue(LabValues.Text(g.Value, "group"), out var group) && group.Find(key) is { } fromGroup) return fromGroup.Value;
            if (_kinds.TryGetValue(kind, out var ofKind) && ofKind.Find(key) is { } fromKind) return fromKind.Value;
            return _defaults.Find(key)?.Value;
        }

        private void Node(LabEntry node)
        {
            var settings = LabValues.Map(node.Value, $"The node '{node.Key}'");
            if (node.Key.Contains('|'))
            {
                NodeBridge(node, settings);
                return;
            }
            if (settings.Find("group") is { } groupEntry && !_groups.ContainsKey(LabValues.Text(groupEntry.Value, "group")))
                throw LabErrors.Invalid(groupEntry.Value.Location, $"The node '{node.Key}' is in the group '{LabValues.Text(groupEntry.Value, "group")}', which topology.groups does not define.");
            var kindValue = Setting(settings, "kind", "");
            string kind = kindValue is null ? "linux" : LabValues.Text(kindValue, "kind");
            var kindAt = kindValue?.Location ?? node.KeyLocation;
            WarnIgnored(settings, $"node '{node.Key}'");
            string ourKind = kind switch
            {
                "linux" => "linux",
                "bridge" => "bridge",
                "host" => "host",
                "ovs-bridge" => throw LabErrors.Invalid(kindAt, $"containerlab's kind ovs-bridge (node '{node.Key}') needs Open vSwitch, which a lab does not use; kind bridge is a Linux bridge."),
                _ => throw LabErrors.Invalid(kindAt, $"The containerlab node kind '{kind}' (node '{node.Key}') needs containers; a lab of namespaces takes kind linux, bridge or host."),
            };
            if (kind == "host")
            {
                if (_hostDeclared)
                    throw LabErrors.Invalid(kindAt, $"The nodes '{_host}' and '{node.Key}' are both of kind host; a lab has one host node.");
                _hostDeclared = true;
                _host = node.Key;
            }
            if (Setting(settings, "network-mode", kind) is { } mode && NetworkMode(node, mode, ourKind, settings)) return;
            var entries = new List<LabEntry> { new("Kind", kindAt, Text(ourKind, kindAt)) };
            if (ourKind is "linux" or "host")
            {
                _linuxNodes.Add(node.Key);
                if (Setting(settings, "exec", kind) is { } exec)
                {
                    entries.Add(new LabEntry("Exec", exec.Location, exec));
                    _anyExec |= LabValues.OneOrMany(exec).Count > 0;
                }
                if (Setting(settings, "mgmt-ipv4", kind) is { } mgmt4)
                {
                    if (_mgmtBridgeSettings?.Find("Pool") is not { } subnet)
                        warnings.Add($"{mgmt4.Location}: mgmt-ipv4 of node '{node.Key}' is ignored: the file gives no mgmt.ipv4-subnet, and without it a lab makes no management network.");
                    else
                        _mgmtAddress[node.Key] = Text($"{LabValues.Text(mgmt4, "mgmt-ipv4")}/{IPPrefix.Parse(LabValues.Text(subnet.Value, "ipv4-subnet")).PrefixLength}", mgmt4.Location);
                }
                if (Setting(settings, "mgmt-ipv6", kind) is { } mgmt6)
                {
                    if (_mgmt6 is not { } subnet6)
                        warnings.Add($"{mgmt6.Location}: mgmt-ipv6 of node '{node.Key}' is ignored: the file gives no mgmt.ipv6-subnet, and without it nodes get no management IPv6 address.");
                    else
                    {
                        var address = LabValues.Gateway(mgmt6, $"mgmt-ipv6 of node '{node.Key}'");
                        if (!subnet6.Subnet.Contains(address))
                            throw LabErrors.Invalid(mgmt6.Location, $"mgmt-ipv6 {address} of node '{node.Key}' is outside mgmt.ipv6-subnet {subnet6.Subnet}.");
                        if (address.Equals(subnet6.Gateway) || _mgmt6Address.Values.Any(a => a.Address.Address.Equals(address)))
                            throw LabErrors.Invalid(mgmt6.Location, $"mgmt-ipv6 {address} of node '{node.Key}' is taken already (by the management bridge or another node).");
                        _mgmt6Address[node.Key] = (new IPPrefix(address, subnet6.Subnet.PrefixLength), mgmt6.Location);
                    }
                }
            }
            _nodes.Add(new LabEntry(node.Key, node.KeyLocation, new LabMap(entries, node.KeyLocation)));
        }

        /// <summary>
        /// containerlab's BRIDGE|NODE (kind bridge, network-mode container:NODE): a Linux bridge BRIDGE inside NODE's
        /// namespace, whose ports are the ends "BRIDGE|NODE:IF" of links. It becomes a bridge in NODE's Bridges.
        /// </summary>
        private void NodeBridge(LabEntry node, LabMap settings)
        {
            int bar = node.Key.IndexOf('|');
            string bridge = node.Key[..bar], owner = node.Key[(bar + 1)..];
            if (bridge.Length == 0 || owner.Length == 0 || owner.Contains('|'))
                throw LabErrors.Invalid(node.KeyLocation, $"'{node.Key}' is not containerlab's BRIDGE|NODE form (a bridge name, '|', the node whose namespace holds it).");
            var kind = Setting(settings, "kind", "");
            if (kind is null || LabValues.Text(kind, "kind") != "bridge")
                throw LabErrors.Invalid(kind?.Location ?? node.KeyLocation, $"The node '{node.Key}' (BRIDGE|NODE) is a bridge in the node '{owner}''s namespace; containerlab requires kind: bridge for it.");
            if (Setting(settings, "network-mode", "bridge") is { } mode && LabValues.Text(mode, "network-mode") != $"container:{owner}")
                throw LabErrors.Invalid(mode.Location, $"The bridge '{node.Key}' lives in the namespace of '{owner}', so its network-mode is container:{owner}, not '{LabValues.Text(mode, "network-mode")}'.");
            WarnIgnored(settings, $"node '{node.Key}'");
            _nodeBridges[node.Key] = (bridge, owner, node.KeyLocation);
        }

        /// <summary>Each BRIDGE|NODE is added to NODE's Bridges (NODE a linux or host node of the file, or an alias of one).</summary>
        private void AddNodeBridges()
        {
            foreach (var (key, (bridge, owner, where)) in _nodeBridges)
            {
                string target = NodeOf(owner);
                int i = _nodes.FindIndex(n => n.Key == target);
                if (i < 0 || !_linuxNodes.Contains(target))
                    throw LabErrors.Invalid(where, $"The bridge '{key}' lives in the namespace of '{owner}', which is not a linux or host node of this file.");
                var settings = (LabMap)_nodes[i].Value;
                var own = settings.Find("Bridges")?.Value as LabMap;
                var bridges = new LabMap([.. own?.Entries ?? [], new LabEntry(bridge, where, new LabMap([], where))], where);
                _nodes[i] = new LabEntry(target, _nodes[i].KeyLocation,
                    new LabMap([.. settings.Entries.Where(e => e.Key != "Bridges"), new LabEntry("Bridges", where, bridges)], settings.Location));
            }
        }

        /// <summary>"BRIDGE|NODE" as a link end's node: the node and the bridge its end is a port of; null for other names.</summary>
        private (string Node, string Bridge)? NodeBridgeOf(string node, SourceLocation where)
        {
            if (!node.Contains('|')) return null;
            if (!_nodeBridges.TryGetValue(node, out var b))
                throw LabErrors.Invalid(where, $"The link end names '{node}', a BRIDGE|NODE bridge that is not among the file's nodes.");
            return (NodeOf(b.Owner), b.Bridge);
        }

        private readonly Dictionary<string, (string Bridge, string Owner, SourceLocation Where)> _nodeBridges = new(StringComparer.Ordinal);

        /// <summary>
        /// containerlab's network-mode: container:X makes the node an alias of X (true: the node is not a namespace of
        /// its own); host the same of the lab's host node; none and bridge change nothing here; anything else is refused.
        /// </summary>
        private bool NetworkMode(LabEntry node, LabValue mode, string kind, LabMap settings)
        {
            string text = LabValues.Text(mode, "network-mode");
            if (text is "bridge" or "none" or "")
            {
                if (text == "none") warnings.Add($"{mode.Location}: network-mode none of node '{node.Key}' is ignored (a lab node is a namespace of its own with the links the file gives it).");
                return false;
            }
            string? target = text == "host" ? null : text.StartsWith("container:", StringComparison.Ordinal) ? text["container:".Length..] : throw LabErrors.Invalid(mode.Location,
                $"network-mode '{text}' of node '{node.Key}' is not read; a lab takes container:NODE (share that node's namespace) and host (share the lab's host node's).");
            if (kind != "linux")
                throw LabErrors.Invalid(mode.Location, $"network-mode of node '{node.Key}' shares a namespace, which only a linux node can do (this one is of kind {kind}).");
            if (target is { Length: 0 })
                throw LabErrors.Invalid(mode.Location, $"network-mode '{text}' of node '{node.Key}' names no node; write container:NODE.");
            if (target is null) _hostNeeded = true;
            if ((settings.Find("mgmt-ipv4") ?? settings.Find("mgmt-ipv6")) is { } address)
                throw LabErrors.Invalid(address.KeyLocation, $"The node '{node.Key}' shares another node's namespace (network-mode {text}), and with it that node's management address; give {address.Key} to that node.");
            _aliases[node.Key] = (target, mode.Location);
            if (Setting(settings, "exec", kind) is { } exec) _aliasExec[node.Key] = exec;
            return true;
        }

        private void Management(LabEntry mgmt)
        {
            var settings = LabValues.Map(mgmt.Value, "mgmt");
            _mgmtAt = mgmt.KeyLocation;
            foreach (var setting in settings.Entries.Where(e => e.Key is not ("network" or "bridge" or "ipv4-subnet" or "ipv4-gw" or "ipv6-subnet" or "ipv6-gw")))
                warnings.Add($"{setting.KeyLocation}: 'mgmt.{setting.Key}' is ignored (the management network takes network, bridge, ipv4-subnet, ipv4-gw, ipv6-subnet and ipv6-gw).");
            var subnet = settings.Find("ipv4-subnet");
            var subnet6 = settings.Find("ipv6-subnet");
            foreach (var (gwKey, subnetKey) in new[] { ("ipv4-gw", subnet), ("ipv6-gw", subnet6) })
                if (settings.Find(gwKey) is { } stray && subnetKey is null)
                    throw LabErrors.Invalid(stray.KeyLocation, $"mgmt.{gwKey} needs mgmt.{gwKey[..4]}-subnet, the subnet it is an address of.");
            if (subnet is null && subnet6 is null)
            {
                warnings.Add($"{mgmt.KeyLocation}: mgmt without ipv4-subnet or ipv6-subnet makes no management network (nodes keep eth0 free).");
                return;
            }
            _mgmtBridge = settings.Find("bridge") is { } b ? LabValues.Text(b.Value, "mgmt.bridge")
                : "br-" + (settings.Find("network") is { } n ? LabValues.Text(n.Value, "mgmt.network") : "clab");
            if (_mgmtBridge.Length > 15) _mgmtBridge = _mgmtBridge[..15];
            var entries = new List<LabEntry>();
            if (subnet is not null)
            {
                var network = Subnet(subnet, System.Net.Sockets.AddressFamily.InterNetwork);
                var gateway = Gateway(settings.Find("ipv4-gw"), network, subnet);
                var gwAt = settings.Find("ipv4-gw")?.Value.Location ?? subnet.Value.Location;
                entries.Add(new LabEntry("Address", gwAt, Text($"{gateway}/{network.PrefixLength}", gwAt)));
                entries.Add(new LabEntry("Pool", subnet.KeyLocation, subnet.Value));
            }
            if (subnet6 is not null)
            {
                var network = Subnet(subnet6, System.Net.Sockets.AddressFamily.InterNetworkV6);
                var gateway = Gateway(settings.Find("ipv6-gw"), network, subnet6);
                var gwAt = settings.Find("ipv6-gw")?.Value.Location ?? subnet6.Value.Location;
                entries.Add(new LabEntry("Addresses", gwAt, new LabList([Text($"{gateway}/{network.PrefixLength}", gwAt)], gwAt)));
                _mgmt6 = (network, gateway, subnet6.Value.Location);
                _anyIPv6 = true;
            }
            _mgmtBridgeSettings = new LabMap(entries, mgmt.KeyLocation);
        }

        private static IPPrefix Subnet(LabEntry entry, System.Net.Sockets.AddressFamily family)
        {
            var network = LabValues.Network(entry.Value, $"mgmt.{entry.Key}");
            if (network.Family != family)
                throw LabErrors.Invalid(entry.Value.Location, $"mgmt.{entry.Key} '{network}' is not an {(family == System.Net.Sockets.AddressFamily.InterNetwork ? "IPv4" : "IPv6")} subnet.");
            if (network.HostCount < 2)
                throw LabErrors.Invalid(entry.Value.Location, $"mgmt.{entry.Key} '{network}' has room for no node beside the bridge.");
            return network;
        }

        private static System.Net.IPAddress Gateway(LabEntry? gw, IPPrefix network, LabEntry subnet)
        {
            if (gw is null) return network.FirstHost;
            var address = LabValues.Gateway(gw.Value, $"mgmt.{gw.Key}");
            if (!network.IsHost(address))
                throw LabErrors.Invalid(gw.Value.Location, $"mgmt.{gw.Key} {address} is not a host address of mgmt.{subnet.Key} {network}.");
            return address;
        }

        private void Link(LabValue link)
        {
            var settings = LabValues.Map(link, "A link");
            string type = settings.Find("type") is { } t ? LabValues.Text(t.Value, "type") : "brief";
            var typeAt = settings.Find("type")?.Value.Location ?? link.Location;
            List<LabValue> ends;
            switch (type)
            {
                case "brief":
                {
                    var endpoints = settings.Find("endpoints") ?? throw LabErrors.Invalid(link.Location, "A containerlab link needs endpoints: [\"a:eth1\", \"b:eth1\"].");
                    Only(settings, "a link", "endpoints", "mtu", "ipv4", "ipv6", "vars", "labels");
                    var texts = LabValues.OneOrMany(endpoints.Value);
                    if (texts.Count != 2) throw LabErrors.Invalid(endpoints.Value.Location, $"A containerlab link has two endpoints, not {texts.Count}.");
                    var v4 = Addresses(settings, "ipv4");
                    var v6 = Addresses(settings, "ipv6");
                    int macvlan = texts.ToList().FindIndex(IsMacvlanEnd);
                    if (macvlan >= 0)
                    {
                        // The node's end first: it is the macvlan, the other its parent.
                        int node = 1 - macvlan;
                        if (IsMacvlanEnd(texts[node]))
                            throw LabErrors.Invalid(texts[node].Location, "A macvlan link has one macvlan:IF end and one node end, not two macvlan ends.");
                        if (Nth(v4, macvlan).Concat(Nth(v6, macvlan)).FirstOrDefault() is { } onParent)
                            throw LabErrors.Invalid(onParent.Location, "The macvlan:IF end is the parent on the lab's host node, which keeps its own addresses; give the node's end the address.");
                        ends = [BriefEnd(texts[node], [.. Nth(v4, node), .. Nth(v6, node)]), MacvlanParent(texts[macvlan])];
                        type = "macvlan";
                    }
                    else ends = texts.Select((e, i) => BriefEnd(e, [.. Nth(v4, i), .. Nth(v6, i)])).ToList();
                    break;
                }
                case "veth":
                {
                    Only(settings, "a veth link", "type", "endpoints", "mtu", "vars", "labels");
                    var endpoints = settings.Find("endpoints") ?? throw LabErrors.Invalid(link.Location, "A veth link needs endpoints: two maps with node and interface.");
                    var items = LabValues.OneOrMany(endpoints.Value);
                    if (items.Count != 2) throw LabErrors.Invalid(endpoints.Value.Location, $"A veth link has two endpoints, not {items.Count}.");
                    ends = items.Select(ExtendedEnd).ToList();
                    break;
                }
                case "host" or "mgmt-net":
                {
                    Only(settings, $"a {type} link", "type", "endpoint", "host-interface", "mtu", "vars", "labels");
                    var endpoint = settings.Find("endpoint") ?? throw LabErrors.Invalid(link.Location, $"A {type} link needs endpoint (node and interface).");
                    var hostInterface = settings.Find("host-interface") ?? throw LabErrors.Invalid(link.Location, $"A {type} link needs host-interface.");
                    string side = $"{type}:{LabValues.Text(hostInterface.Value, "host-interface")}";
                    ends = [ExtendedEnd(endpoint.Value), BriefEnd(Text(side, hostInterface.Value.Location), [])];
                    break;
                }
                case "macvlan":
                {
                    Only(settings, "a macvlan link", "type", "endpoint", "host-interface", "mode", "mtu", "vars", "labels");
                    var endpoint = settings.Find("endpoint") ?? throw LabErrors.Invalid(link.Location, "A macvlan link needs endpoint (node and interface).");
                    var hostInterface = settings.Find("host-interface") ?? throw LabErrors.Invalid(link.Location, "A macvlan link needs host-interface, the parent on the lab's host node.");
                    if (settings.Find("mode") is { } mode && LabValues.Text(mode.Value, "mode") != "bridge")
                        throw LabErrors.Invalid(mode.Value.Location, $"macvlan mode '{LabValues.Text(mode.Value, "mode")}' is not made here; a lab's macvlans are in bridge mode (they reach each other and the parent's link).");
                    ends = [ExtendedEnd(endpoint.Value), MacvlanParent(Text($"macvlan:{LabValues.Text(hostInterface.Value, "host-interface")}", hostInterface.Value.Location))];
                    break;
                }
                case "vxlan" or "vxlan-stitch":
                {
                    Only(settings, $"a {type} link", "type", "endpoint", "remote", "vni", "dst-port", "udp-port", "src-port", "parent-interface", "mtu", "vars", "labels");
                    var endpoint = settings.Find("endpoint") ?? throw LabErrors.Invalid(link.Location, $"A {type} link needs endpoint (node and interface), the node's end of the tunnel.");
                    foreach (var ignored in new[] { "src-port", "parent-interface" })
                        if (settings.Find(ignored) is { } entry)
                            warnings.Add($"{entry.KeyLocation}: '{ignored}' of a {type} link is ignored (the kernel picks the source port, and the lab's host node's routes the interface to the remote).");
                    // vxlan-stitch is made as vxlan: containerlab joins a veth to a VXLAN device in the host with tc
                    // redirects; the node's end then carries the same frames as a VXLAN device in the node would.
                    ends = [ExtendedEnd(endpoint.Value), Text(_host, typeAt)];
                    _hostNeeded = true;
                    break;
                }
                case "veth-stitched":
                    throw LabErrors.Invalid(typeAt, "containerlab's veth-stitched links join veths across hosts; a lab refuses them (use a veth link).");
                case "dummy":
                    throw LabErrors.Invalid(typeAt, "containerlab's dummy links need the dummy link kind, which this kernel may lack; a lab refuses them.");
                default:
                    throw LabErrors.Invalid(typeAt, $"The containerlab link type '{type}' is not known; a lab reads veth, host and mgmt-net links.");
            }
            var entries = new List<LabEntry> { new("Endpoints", settings.Find("endpoints")?.KeyLocation ?? link.Location, new LabList(ends, link.Location)) };
            // A macvlan inherits its parent's MTU unless the link gives one (containerlab's 9500 would exceed a 1500 parent).
            if (type == "macvlan") entries.Add(new LabEntry("Kind", typeAt, Text("macvlan", typeAt)));
            if (type is "vxlan" or "vxlan-stitch") entries.AddRange(VxlanSettings(settings, link, typeAt));
            bool toManagement = ends.Any(e => e is LabScalar s && s.Text == $"{_host}:{_mgmtBridge}" && _mgmtBridge is not null);
            if (settings.Find("mtu") is { } mtu) entries.Add(new LabEntry("Mtu", mtu.KeyLocation, mtu.Value));
            else if (type is "brief" or "veth" && !toManagement) entries.Add(new LabEntry("Mtu", link.Location, Text(DefaultMtu.ToString(System.Globalization.CultureInfo.InvariantCulture), link.Location)));
            _links.Add(new LabMap(entries, link.Location));
        }

        /// <summary>remote, vni and dst-port (udp-port, its older name, when dst-port is absent; else containerlab's 14789).</summary>
        private static IEnumerable<LabEntry> VxlanSettings(LabMap settings, LabValue link, SourceLocation typeAt)
        {
            yield return new LabEntry("Kind", typeAt, Text("vxlan", typeAt));
            var remote = settings.Find("remote") ?? throw LabErrors.Invalid(link.Location, "A vxlan link needs remote, the address of the other host's end of the tunnel.");
            var vni = settings.Find("vni") ?? throw LabErrors.Invalid(link.Location, "A vxlan link needs vni, its VXLAN network identifier (1 to 16777215).");
            yield return new LabEntry("Remote", remote.KeyLocation, remote.Value);
            yield return new LabEntry("Vni", vni.KeyLocation, vni.Value);
            if ((settings.Find("dst-port") ?? settings.Find("udp-port")) is { } port) yield return new LabEntry("Port", port.KeyLocation, port.Value);
            else yield return new LabEntry("Port", typeAt, Text(VxlanDefaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture), typeAt));
        }

        private void Only(LabMap settings, string what, params string[] keys)
        {
            foreach (var entry in settings.Entries)
            {
                if (entry.Key is "vars" or "labels") warnings.Add($"{entry.KeyLocation}: '{entry.Key}' of {what} is ignored (templates and labels of containerlab).");
                else if (!keys.Contains(entry.Key)) throw LabErrors.Invalid(entry.KeyLocation, $"Unknown key '{entry.Key}' in {what}; containerlab's keys there are {string.Join(", ", keys)}.");
            }
        }

        private IReadOnlyList<LabValue> Addresses(LabMap settings, string key)
        {
            if (settings.Find(key) is not { } entry) return [];
            var items = LabValues.OneOrMany(entry.Value);
            if (items.Count > 2) throw LabErrors.Invalid(entry.Value.Location, $"The link's {key} list gives one address per endpoint, at most 2, not {items.Count}.");
            if (key == "ipv6" && items.Any(i => i is LabScalar { Text.Length: > 0 })) _anyIPv6 = true;
            return items;
        }

        private static IEnumerable<LabValue> Nth(IReadOnlyList<LabValue> list, int i) =>
            i < list.Count && list[i] is LabScalar { IsNull: false } s && s.Text!.Trim().Length > 0 ? [list[i]] : [];

        private static bool IsMacvlanEnd(LabValue end) => end is LabScalar { IsNull: false } s && s.Text!.StartsWith("macvlan:", StringComparison.Ordinal);

        /// <summary>macvlan:IF: the parent IF on the lab's host node (never the machine's; the binder checks the lab makes IF there).</summary>
        private LabScalar MacvlanParent(LabValue end)
        {
            string iface = LabValues.Text(end, "An endpoint")["macvlan:".Length..];
            if (iface.Length == 0) throw LabErrors.Invalid(end.Location, "A macvlan end names its parent: macvlan:IF, an interface of the lab's host node.");
            _hostNeeded = true;
            return Text($"{_host}:{iface}", end.Location);
        }

        /// <summary>"node:eth1", "host:IF", "mgmt-net:IF" (a port of the management bridge); addresses make it an endpoint map.</summary>
        private LabValue BriefEnd(LabValue end, IReadOnlyList<LabValue> addresses)
        {
            string text = LabValues.Text(end, "An endpoint");
            int colon = text.IndexOf(':');
            string node = colon < 0 ? text : text[..colon], iface = colon < 0 ? "" : text[(colon + 1)..];
            if (NodeBridgeOf(node, end.Location) is { } nodeBridge)
            {
                var (owner, bridge) = nodeBridge;
                if (addresses.Count > 0) throw LabErrors.Invalid(addresses[0].Location, $"The end '{text}' is a port of the bridge '{bridge}' and carries no address; give the bridge the address (an exec line in '{owner}').");
                var port = new List<LabEntry> { new("Node", end.Location, Text(owner, end.Location)), new("Bridge", end.Location, Text(bridge, end.Location)) };
                if (iface.Length > 0) port.Add(new LabEntry("Interface", end.Location, Text(iface, end.Location)));
                return new LabMap(port, end.Location);
            }
            if (_aliases.ContainsKey(node))
            {
                node = NodeOf(node);
                end = Text(colon < 0 ? node : $"{node}:{iface}", end.Location);
            }
            switch (node)
            {
                case "host":
                    _hostNeeded = true;
                    node = _host;
                    end = Text($"{_host}:{iface}", end.Location);
                    break;
                case "mgmt-net":
                    if (addresses.Count > 0) throw LabErrors.Invalid(addresses[0].Location, "A mgmt-net end is a bridge port and carries no address.");
                    if (_mgmtBridge is null)
                    {
                        // No mgmt.ipv4-subnet: the management bridge exists for these ends alone, without addresses.
                        _mgmtBridge = "br-clab";
                        _mgmtBridgeSettings = new LabMap([], end.Location);
                        _mgmtOnlyPorts = true;
                    }
                    return Text($"{_host}:{_mgmtBridge}", end.Location);
                case "ovs-bridge":
                    throw LabErrors.Invalid(end.Location, "containerlab's ovs-bridge ends need Open vSwitch; a lab refuses them.");
            }
            if (addresses.Count == 0) return end;
            if (colon < 0) throw LabErrors.Invalid(end.Location, $"The endpoint '{text}' must name its interface ('{text}:eth1').");
            return new LabMap(
            [
                new LabEntry("Node", end.Location, Text(node, end.Location)),
                new LabEntry("Interface", end.Location, Text(iface, end.Location)),
                new LabEntry("Addresses", addresses[0].Location, new LabList(addresses, addresses[0].Location)),
            ], end.Location);
        }

        private LabValue ExtendedEnd(LabValue value)
        {
            var end = LabValues.Map(value, "An endpoint");
            var entries = new List<LabEntry>();
            var addresses = new List<LabValue>();
            foreach (var entry in end.Entries)
                switch (entry.Key)
                {
                    case "node":
                        if (NodeBridgeOf(LabValues.Text(entry.Value, "node"), entry.Value.Location) is { } nodeBridge)
                        {
                            entries.Add(new LabEntry("Node", entry.KeyLocation, Text(nodeBridge.Node, entry.Value.Location)));
                            entries.Add(new LabEntry("Bridge", entry.KeyLocation, Text(nodeBridge.Bridge, entry.Value.Location)));
                        }
                        else if (_aliases.ContainsKey(LabValues.Text(entry.Value, "node")))
                            entries.Add(new LabEntry("Node", entry.KeyLocation, Text(NodeOf(LabValues.Text(entry.Value, "node")), entry.Value.Location)));
                        else if (LabValues.Text(entry.Value, "node") == HostNode)
                        {
                            _hostNeeded = true;
                            entries.Add(new LabEntry("Node", entry.KeyLocation, Text(_host, entry.Value.Location)));
                        }
                        else entries.Add(new LabEntry("Node", entry.KeyLocation, entry.Value));
                        break;
                    case "interface": entries.Add(new LabEntry("Interface", entry.KeyLocation, entry.Value)); break;
                    case "mac": entries.Add(new LabEntry("Mac", entry.KeyLocation, entry.Value)); break;
                    case "ipv4" or "ipv6":
                        addresses.Add(entry.Value);
                        _anyIPv6 |= entry.Key == "ipv6";
                        break;
                    case "vars": warnings.Add($"{entry.KeyLocation}: 'vars' of an endpoint is ignored (templates of containerlab)."); break;
                    default: throw LabErrors.Invalid(entry.KeyLocation, $"Unknown key '{entry.Key}' in an endpoint; containerlab's keys there are node, interface, mac, ipv4, ipv6 and vars.");
                }
            if (end.Find("node") is null || end.Find("interface") is null)
                throw LabErrors.Invalid(end.Location, "A containerlab endpoint needs node and interface.");
            if (addresses.Count > 0) entries.Add(new LabEntry("Addresses", addresses[0].Location, new LabList(addresses, addresses[0].Location)));
            return new LabMap(entries, end.Location);
        }
    }
}
