using System.Net;
using System.Text.RegularExpressions;
using LinuxNetPS.Primitives;
using static LinuxNetPS.Compose.Labs.LabValues;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Turns a definition tree into a <see cref="LabDefinition"/>, checking all of it first: keys, names, addresses,
/// references between nodes and links, pools (addresses handed out in order, explicit ones inside the pool), routes
/// whose gateway is on one of the node's subnets, masquerade out of an interface the node has. The first problem is
/// thrown with its location; nothing is ever built from a definition that did not get through here.
/// <code>
/// @{ Nodes = @{ host = @{ Bridges = @{ br0 = @{ Address = '10.0.0.1/24'; Pool = '10.0.0.0/24' } } }; red = @{}; green = @{} }
///    Links = @( @{ Endpoints = 'red:eth0', 'host:br0' }, @{ Endpoints = 'green:eth0', 'host:br0' } ) }
/// </code>
/// </summary>
public static partial class LabBinder
{
    /// <summary>The bridge a bridge node holds.</summary>
    public const string SwitchBridge = "br0";

    private static readonly string[] RootKeys = ["Name", "IPv6", "Hosts", "Nodes", "Links"];
    private static readonly string[] NodeKeys = ["Kind", "Host", "Interfaces", "Bridges", "DefaultRoute", "Routes", "Forwarding", "Masquerade", "Pool", "Exec"];
    private static readonly string[] LinkKeys = ["Endpoints", "Kind", "Pool", "Mtu", "Remote", "Vni", "Port", .. LinkImpairmentText.Keys];
    private static readonly string[] EndpointKeys = ["Node", "Interface", "Bridge", "Address", "Addresses", "Mac", .. LinkImpairmentText.Keys];

    /// <summary>The MTUs a veth pair takes (the kernel's bounds for veth; IPv4 needs at least 68).</summary>
    public const int MinMtu = 68, MaxMtu = 65535;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")]
    private static partial Regex NodeNamePattern();

    [GeneratedRegex(@"^(?<dest>\S+)(?:\s+via\s+(?<via>\S+))?(?:\s+dev\s+(?<dev>\S+))?$", RegexOptions.IgnoreCase)]
    private static partial Regex RouteText();

    public static bool IsValidNodeName(string name) => NodeNamePattern().IsMatch(name);

    public static LabDefinition Bind(LabValue root, IReadOnlyList<string>? warnings = null)
    {
        var map = Map(root, "A lab definition");
        OnlyKeys(map, "the lab definition", RootKeys);
        string? name = map.Find("Name") is { } n ? Text(n.Value, "Name") : null;
        if (name is not null && !IsValidNodeName(name))
            throw LabErrors.Invalid(map.Find("Name")!.Value.Location, $"The lab name '{name}' must be 1 to 32 letters, digits, '-', '_' or '.', starting with a letter or digit.");

        var hosts = ReadHosts(map.Find("Hosts"));
        var nodesEntry = map.Find("Nodes") ?? throw LabErrors.Invalid(map.Location, "A lab definition needs Nodes (the namespaces of the lab).");
        var nodes = new Dictionary<string, NodeDraft>(StringComparer.Ordinal);
        foreach (var entry in Map(nodesEntry.Value, "Nodes").Entries)
        {
            if (!IsValidNodeName(entry.Key))
                throw LabErrors.Invalid(entry.KeyLocation, $"The node name '{entry.Key}' must be 1 to 32 letters, digits, '-', '_' or '.', starting with a letter or digit.");
            if (nodes.ContainsKey(entry.Key)) throw LabErrors.Invalid(entry.KeyLocation, $"The node '{entry.Key}' is defined twice.");
            nodes[entry.Key] = ReadNode(entry.Key, entry.KeyLocation, Map(entry.Value, $"The node '{entry.Key}'"));
        }
        if (nodes.Count == 0) throw LabErrors.Invalid(nodesEntry.Value.Location, "Nodes is empty; a lab needs at least one node.");
        PlaceNodes(nodes.Values, hosts);

        var links = new List<LinkDraft>();
        if (map.Find("Links") is { } linksEntry)
        {
            if (linksEntry.Value is not (LabList or LabScalar { IsNull: true }))
                throw LabErrors.Invalid(linksEntry.Value.Location, $"Links must be a list of links, not {linksEntry.Value.Describe()}.");
            foreach (var (item, i) in OneOrMany(linksEntry.Value).Select((v, i) => (v, i)))
                links.Add(ReadLink(item, i + 1, nodes));
        }

        NameBridgePorts(links, nodes);
        CheckMacvlanParents(links, nodes);
        LabVxlanLinks.CheckUnique(links.Where(l => l.Vxlan is not null).Select(l => (l.B.Node, l.Vxlan!)));
        CheckInterfaces(nodes, links);
        AssignAddresses(nodes, links);
        var built = nodes.Values.Select(d => Finish(d, links)).ToList();
        bool anyIPv6 = built.Any(n => n.Addresses.Any(a => a.Prefix.Family == System.Net.Sockets.AddressFamily.InterNetworkV6));
        bool ipv6 = map.Find("IPv6") is { } v6 ? Bool(v6.Value, "IPv6") : anyIPv6;
        if (!ipv6 && anyIPv6)
            throw LabErrors.Invalid(map.Find("IPv6")!.Value.Location, "IPv6 is off, but the lab gives IPv6 addresses; remove IPv6 = false or the IPv6 addresses.");
        return new LabDefinition
        {
            Name = name,
            IPv6 = ipv6,
            Source = root.Location.File,
            Nodes = built,
            Links = links.Select(l => new LabLinkDefinition(l.A.ToDefinition(), l.B.ToDefinition(), l.Pool, l.Location) { Mtu = l.Mtu, Kind = l.Kind, Vxlan = l.Vxlan }).ToList(),
            Warnings = warnings ?? [],
            Hosts = hosts,
        };
    }

    // ---- hosts (a lab split over several machines) ----

    private static List<LabHostDefinition> ReadHosts(LabEntry? entry)
    {
        if (entry is null) return [];
        var hosts = new List<LabHostDefinition>();
        foreach (var host in Map(entry.Value, "Hosts").Entries)
        {
            if (!IsValidNodeName(host.Key))
                throw LabErrors.Invalid(host.KeyLocation, $"The host key '{host.Key}' must be 1 to 32 letters, digits, '-', '_' or '.', starting with a letter or digit.");
            if (hosts.Any(h => string.Equals(h.Key, host.Key, StringComparison.OrdinalIgnoreCase)))
                throw LabErrors.Invalid(host.KeyLocation, $"The host '{host.Key}' is given twice in Hosts.");
            if (host.Value is not LabScalar { IsNull: false, IsBoolean: false } s || s.Text!.Trim().Length == 0)
                throw LabErrors.Invalid(host.Value.Location, $"Hosts.{host.Key} must name a host: 'host', 'user@host', an address, or a PSSession given to New-NetLab -Hosts; not {host.Value.Describe()}.");
            hosts.Add(new LabHostDefinition(host.Key, s.Text.Trim(), host.Value.Location));
        }
        if (hosts.Count == 0) throw LabErrors.Invalid(entry.Value.Location, "Hosts is empty; leave it out for a lab on this machine, or name the hosts: Hosts = @{ a = 'user@hostA'; b = 'hostB' }.");
        return hosts;
    }

    /// <summary>
    /// Once a lab has Hosts, every node names its Host: a node left on no host would be built nowhere (or on a host
    /// the user did not mean), and a forgotten Host is better found here than in a half-placed lab.
    /// </summary>
    private static void PlaceNodes(IEnumerable<NodeDraft> nodes, List<LabHostDefinition> hosts)
    {
        foreach (var node in nodes)
        {
            if (node.HostValue is null)
            {
                if (hosts.Count > 0)
                    throw LabErrors.Invalid(node.Location, $"The node '{node.Name}' has no Host; once the lab has Hosts ({string.Join(", ", hosts.Select(h => h.Key))}), every node names the host it is built on (Host = '{hosts[0].Key}').");
                continue;
            }
            string key = Text(node.HostValue, $"The Host of node '{node.Name}'");
            if (hosts.Count == 0)
                throw LabErrors.Invalid(node.HostValue.Location, $"The node '{node.Name}' names the host '{key}', but the lab has no Hosts; add Hosts = @{{ {key} = 'user@host' }} (or give New-NetLab -Hosts).");
            node.Host = hosts.FirstOrDefault(h => string.Equals(h.Key, key, StringComparison.OrdinalIgnoreCase))?.Key
                ?? throw LabErrors.Invalid(node.HostValue.Location, $"The node '{node.Name}' names the host '{key}', which is not in Hosts ({string.Join(", ", hosts.Select(h => h.Key))}).");
        }
    }

    // ---- nodes ----

    private sealed class NodeDraft
    {
        public required string Name;
        public required SourceLocation Location;
        public LabNodeKind Kind;
        public LabValue? HostValue;
        public string? Host;
        public readonly Dictionary<string, (SourceLocation Where, List<(IPPrefix Prefix, SourceLocation Where)> Addresses)> Interfaces = new(StringComparer.Ordinal);
        public readonly Dictionary<string, (SourceLocation Where, IPPrefix? Pool, SourceLocation? PoolWhere)> Bridges = new(StringComparer.Ordinal);
        public readonly List<(LabValue Dest, LabValue? Via, LabValue? Dev, SourceLocation Where)> Routes = new();
        public LabValue? DefaultRoute;
        public bool Forwarding;
        public readonly List<(LabValue Out, LabValue? Source, SourceLocation Where)> Masquerade = new();
        public readonly List<LabExecLine> Exec = new();
        /// <summary>Every address of the node once pools are applied.</summary>
        public readonly List<(LabAddress Address, SourceLocation Where)> Addresses = new();
    }

    private static NodeDraft ReadNode(string name, SourceLocation where, LabMap map)
    {
        var node = new NodeDraft { Name = name, Location = where };
        OnlyKeys(map, $"the node '{name}'", NodeKeys);
        node.HostValue = map.Find("Host")?.Value;
        if (map.Find("Kind") is { } kind)
        {
            string k = Text(kind.Value, "Kind");
            node.Kind = k.ToLowerInvariant() switch
            {
                "linux" => LabNodeKind.Linux,
                "bridge" => LabNodeKind.Bridge,
                "host" => LabNodeKind.Host,
                _ => throw LabErrors.Invalid(kind.Value.Location, $"The node kind '{k}' is not known; the kinds are linux (a host or a router: give a router Forwarding = $true), bridge (a switch) and host (stands for the host: not in Test-NetLab's matrix unless a pair names it)."),
            };
        }
        if (node.Kind == LabNodeKind.Bridge)
        {
            var extra = map.Entries.FirstOrDefault(e => !e.Key.Equals("Kind", StringComparison.OrdinalIgnoreCase) && !e.Key.Equals("Pool", StringComparison.OrdinalIgnoreCase)
                && !e.Key.Equals("Host", StringComparison.OrdinalIgnoreCase));
            if (extra is not null)
                throw LabErrors.Invalid(extra.KeyLocation, $"The bridge node '{name}' takes only Kind, Pool and Host; '{extra.Key}' belongs on a linux node (a bridge node is a switch without addresses).");
            var pool = map.Find("Pool");
            node.Bridges[SwitchBridge] = (where, pool is null ? null : Network(pool.Value, "Pool"), pool?.Value.Location);
            return node;
        }
        if (map.Find("Pool") is { } strayPool)
            throw LabErrors.Invalid(strayPool.KeyLocation, $"Pool on the node '{name}': a pool belongs to a link or a bridge (Bridges = @{{ br0 = @{{ Pool = ... }} }}).");

        if (map.Find("Interfaces") is { } interfaces)
            foreach (var entry in Map(interfaces.Value, "Interfaces").Entries)
            {
                CheckInterfaceName(entry.Key, entry.KeyLocation);
                if (node.Interfaces.ContainsKey(entry.Key)) throw LabErrors.Invalid(entry.KeyLocation, $"The interface '{entry.Key}' of node '{name}' is given twice.");
                node.Interfaces[entry.Key] = (entry.KeyLocation, ReadAddresses(entry.Value, $"The address of {name}:{entry.Key}"));
            }

        if (map.Find("Bridges") is { } bridges)
            foreach (var entry in Map(bridges.Value, "Bridges").Entries)
            {
                CheckInterfaceName(entry.Key, entry.KeyLocation);
                if (node.Bridges.ContainsKey(entry.Key))
                    throw LabErrors.Invalid(entry.KeyLocation, $"The bridge '{entry.Key}' of node '{name}' is given twice.");
                IPPrefix? pool = null;
                SourceLocation? poolWhere = null;
                var addresses = new List<(IPPrefix, SourceLocation)>();
                if (entry.Value is LabMap bridge)
                {
                    OnlyKeys(bridge, $"the bridge '{entry.Key}' of node '{name}'", "Address", "Addresses", "Pool");
                    foreach (var key in new[] { "Address", "Addresses" })
                        if (bridge.Find(key) is { } a) addresses.AddRange(ReadAddresses(a.Value, $"The address of bridge {name}:{entry.Key}"));
                    if (bridge.Find("Pool") is { } p)
                    {
                        pool = Network(p.Value, $"The pool of bridge {name}:{entry.Key}");
                        poolWhere = p.Value.Location;
                    }
                }
                else addresses.AddRange(ReadAddresses(entry.Value, $"The address of bridge {name}:{entry.Key}"));
                node.Bridges[entry.Key] = (entry.KeyLocation, pool, poolWhere);
                if (addresses.Count > 0)
                {
                    if (node.Interfaces.TryGetValue(entry.Key, out var declared))
                        throw LabErrors.Invalid(declared.Where, $"The bridge '{entry.Key}' of node '{name}' gets its addresses under Bridges or under Interfaces, not both.");
                    node.Interfaces[entry.Key] = (entry.KeyLocation, addresses);
                }
            }

        if (map.Find("DefaultRoute") is { } gateway) node.DefaultRoute = gateway.Value;
        if (map.Find("Routes") is { } routes)
            foreach (var route in OneOrMany(routes.Value))
                node.Routes.Add(ReadRoute(route));
        if (map.Find("Forwarding") is { } forwarding) node.Forwarding = Bool(forwarding.Value, "Forwarding");
        if (map.Find("Exec") is { } exec)
            foreach (var line in OneOrMany(exec.Value))
                node.Exec.Add(new LabExecLine(Text(line, $"An Exec line of node '{name}'"), line.Location));
        if (map.Find("Masquerade") is { } masquerade)
            foreach (var item in OneOrMany(masquerade.Value))
            {
                if (item is LabMap m)
                {
                    OnlyKeys(m, "Masquerade", "Out", "Source");
                    var o = m.Find("Out") ?? throw LabErrors.Invalid(m.Location, "Masquerade needs Out (the interface the traffic leaves by).");
                    node.Masquerade.Add((o.Value, m.Find("Source")?.Value, m.Location));
                }
                else node.Masquerade.Add((item, null, item.Location));
            }
        return node;
    }

    private static List<(IPPrefix, SourceLocation)> ReadAddresses(LabValue value, string what)
    {
        if (value is LabMap m)
        {
            OnlyKeys(m, what.Replace("The address of", "the interface"), "Address", "Addresses");
            var all = new List<(IPPrefix, SourceLocation)>();
            foreach (var key in new[] { "Address", "Addresses" })
                if (m.Find(key) is { } a) all.AddRange(ReadAddresses(a.Value, what));
            return all;
        }
        return OneOrMany(value).Select(v => (Address(v, what), v.Location)).ToList();
    }

    private static (LabValue, LabValue?, LabValue?, SourceLocation) ReadRoute(LabValue value)
    {
        if (value is LabMap m)
        {
            OnlyKeys(m, "a route", "Destination", "Gateway", "Interface");
            var dest = m.Find("Destination") ?? throw LabErrors.Invalid(m.Location, "A route needs a Destination (a prefix such as 10.2.0.0/24, or 'default').");
            var via = m.Find("Gateway")?.Value;
            var dev = m.Find("Interface")?.Value;
            if (via is null && dev is null) throw LabErrors.Invalid(m.Location, "A route needs a Gateway or an Interface.");
            return (dest.Value, via, dev, m.Location);
        }
        string text = Text(value, "A route");
        var match = RouteText().Match(text);
        if (!match.Success || !match.Groups["via"].Success && !match.Groups["dev"].Success)
            throw LabErrors.Invalid(value.Location, $"The route '{text}' must read 'DESTINATION via GATEWAY [dev INTERFACE]' or 'DESTINATION dev INTERFACE', for example '10.2.0.0/24 via 10.1.0.2'.");
        LabValue Part(string group) => new LabScalar(match.Groups[group].Value, value.Location);
        return (Part("dest"), match.Groups["via"].Success ? Part("via") : null, match.Groups["dev"].Success ? Part("dev") : null, value.Location);
    }

    private static void CheckInterfaceName(string name, SourceLocation where)
    {
        if (!LinkName.IsValid(name, out var problem)) throw LabErrors.Invalid(where, problem!);
    }

    // ---- links ----

    private sealed class EndDraft
    {
        public required string Node;
        public string? Interface;
        public string? Bridge;
        public readonly List<(IPPrefix Prefix, SourceLocation Where)> Addresses = new();
        public LinkImpairmentText? Impairment;
        public string? Mac;
        public required SourceLocation Location;

        public LabEndpointDefinition ToDefinition() => new()
        {
            Node = Node, Interface = Interface!, Bridge = Bridge, Location = Location, Mac = Mac,
            Addresses = Addresses.Select(a => a.Prefix).ToList(), Impairment = Impairment,
        };
    }

    private sealed class LinkDraft
    {
        public required EndDraft A, B;
        public IPPrefix? Pool;
        public SourceLocation? PoolWhere;
        public int? Mtu;
        public LabLinkKind Kind;
        public LabVxlanDefinition? Vxlan;
        public required SourceLocation Location;
    }

    private static LinkDraft ReadLink(LabValue value, int number, Dictionary<string, NodeDraft> nodes)
    {
        var map = Map(value, $"Link {number}");
        OnlyKeys(map, $"link {number}", LinkKeys);
        var endpoints = map.Find("Endpoints") ?? throw LabErrors.Invalid(map.Location, $"Link {number} needs Endpoints, two ends like 'r1:eth1', 'r2:eth1'.");
        var ends = OneOrMany(endpoints.Value);
        if (ends.Count != 2) throw LabErrors.Invalid(endpoints.Value.Location, $"Link {number} must have exactly two Endpoints, not {ends.Count}.");
        var shared = ReadImpairment(map, $"link {number}");
        var kindValue = LabLinkKind.Veth;
        if (map.Find("Kind") is { } kind)
        {
            string k = Text(kind.Value, "Kind");
            kindValue = k.ToLowerInvariant() switch
            {
                "veth" => LabLinkKind.Veth,
                "macvlan" => LabLinkKind.Macvlan,
                "vxlan" => LabLinkKind.Vxlan,
                _ => throw LabErrors.Invalid(kind.Value.Location, $"The link kind '{k}' of link {number} is not known; the kinds are veth (a pair, the default), macvlan (the first end a macvlan in bridge mode on the second, an interface its node already has) and vxlan (the first end a VXLAN device whose socket is in the second end's node)."),
            };
        }
        if (kindValue != LabLinkKind.Vxlan)
            foreach (var key in new[] { "Remote", "Vni", "Port" })
                if (map.Find(key) is { } stray) throw LabErrors.Invalid(stray.KeyLocation, $"{key} of link {number} is a VXLAN setting; it needs Kind = 'vxlan'.");
        var a = ReadEnd(ends[0], nodes, shared);
        // A VXLAN link's second end is a node alone: where the device is made and its UDP socket stays.
        var b = kindValue == LabLinkKind.Vxlan
            ? new EndDraft { Node = LabVxlanLinks.Underlay(ends[1], number, nodes.ToDictionary(n => n.Key, n => n.Value.Kind)), Interface = "", Location = ends[1].Location }
            : ReadEnd(ends[1], nodes, shared);
        var link = new LinkDraft { A = a, B = b, Location = map.Location, Kind = kindValue };
        if (link.Kind == LabLinkKind.Macvlan) MacvlanEnds(link, map, number, nodes);
        if (link.Kind == LabLinkKind.Vxlan)
        {
            if (link.A.Bridge is not null)
                throw LabErrors.Invalid(link.A.Location, $"The VXLAN end {link.A.Node}:{link.A.Interface ?? link.A.Bridge} of link {number} is a bridge port; a VXLAN device is an interface of a linux or host node.");
            if (map.Find("Pool") is { } vxPool)
                throw LabErrors.Invalid(vxPool.KeyLocation, $"Link {number} is a VXLAN device, which takes no Pool (its other end is on another machine); give the end an Address.");
            link.Vxlan = LabVxlanLinks.Tunnel(map, number);
        }
        if (link.A.Node == link.B.Node && link.A.Interface is not null && link.A.Interface == link.B.Interface)
            throw LabErrors.Invalid(endpoints.Value.Location, $"Link {number} connects {link.A.Node}:{link.A.Interface} to itself.");
        if (map.Find("Pool") is { } pool)
        {
            if (link.A.Bridge is not null || link.B.Bridge is not null)
                throw LabErrors.Invalid(pool.KeyLocation, $"Link {number} ends on a bridge; its addresses come from the bridge's Pool, not the link's.");
            link.Pool = Network(pool.Value, $"The pool of link {number}");
            link.PoolWhere = pool.Value.Location;
        }
        if (map.Find("Mtu") is { } mtu)
        {
            string text = Text(mtu.Value, "Mtu");
            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int mtuValue) || mtuValue is < MinMtu or > MaxMtu)
                throw LabErrors.Invalid(mtu.Value.Location, $"The MTU '{text}' of link {number} must be a whole number from {MinMtu} to {MaxMtu}.");
            link.Mtu = mtuValue;
        }
        return link;
    }

    /// <summary>
    /// A macvlan link: A is the macvlan (an interface of a linux or host node, with its own addresses or none), B its
    /// parent, which the link does not make: no addresses, pool or shaping of its own there.
    /// </summary>
    private static void MacvlanEnds(LinkDraft link, LabMap map, int number, Dictionary<string, NodeDraft> nodes)
    {
        if (link.A.Bridge is not null)
            throw LabErrors.Invalid(link.A.Location, $"The macvlan end {link.A.Node}:{link.A.Interface ?? link.A.Bridge} of link {number} is a bridge port; a macvlan is an interface of a linux or host node.");
        if (nodes[link.B.Node].Kind == LabNodeKind.Bridge)
            throw LabErrors.Invalid(link.B.Location, $"The parent of the macvlan of link {number} is on the bridge node '{link.B.Node}', whose interfaces are bridge ports; a parent is an interface of a linux or host node.");
        if (link.B.Bridge is not null)
        {
            // A parent that names a bridge of its node is that bridge, not a new port of it.
            link.B.Interface = link.B.Bridge;
            link.B.Bridge = null;
        }
        if (link.B.Addresses.Count > 0)
            throw LabErrors.Invalid(link.B.Addresses[0].Where, $"The parent {link.B.Node}:{link.B.Interface} of the macvlan of link {number} gets its addresses from its own link; give the macvlan's addresses on the first end.");
        if (map.Find("Pool") is { } pool)
            throw LabErrors.Invalid(pool.KeyLocation, $"Link {number} is a macvlan, which takes no Pool; give the macvlan end an Address.");
        link.B.Impairment = null; // the parent's shaping is its own link's business
    }

    /// <summary>A macvlan's parent is an interface its node has without it: a bridge of the node, or a veth end that is not a bridge port.</summary>
    private static void CheckMacvlanParents(List<LinkDraft> links, Dictionary<string, NodeDraft> nodes)
    {
        foreach (var link in links.Where(l => l.Kind == LabLinkKind.Macvlan))
        {
            var parent = link.B;
            if (nodes[parent.Node].Bridges.ContainsKey(parent.Interface!)) continue;
            var made = links.Where(l => l.Kind == LabLinkKind.Veth).SelectMany(l => new[] { l.A, l.B })
                .FirstOrDefault(e => e.Node == parent.Node && e.Interface == parent.Interface);
            if (made is null)
                throw LabErrors.Invalid(parent.Location, $"The macvlan parent {parent.Node}:{parent.Interface} is no interface of the node '{parent.Node}' (a parent is one of its bridges or the end of another link; a lab never uses the machine's own interfaces).");
            if (made.Bridge is not null)
                throw LabErrors.Invalid(parent.Location, $"The macvlan parent {parent.Node}:{parent.Interface} is a port of the bridge '{made.Bridge}', which the kernel refuses as a parent; name the bridge '{made.Bridge}' instead.");
        }
    }

    private static EndDraft ReadEnd(LabValue value, Dictionary<string, NodeDraft> nodes, LinkImpairmentText? shared)
    {
        EndDraft end;
        LabValue nodeValue;
        if (value is LabMap m)
        {
            OnlyKeys(m, "a link end", EndpointKeys);
            var n = m.Find("Node") ?? throw LabErrors.Invalid(m.Location, "A link end needs Node.");
            nodeValue = n.Value;
            end = new EndDraft { Node = Text(n.Value, "Node"), Interface = m.Find("Interface") is { } i ? Text(i.Value, "Interface") : null, Location = m.Location };
            foreach (var key in new[] { "Address", "Addresses" })
                if (m.Find(key) is { } a) end.Addresses.AddRange(ReadAddresses(a.Value, $"The address of {end.Node}:{end.Interface}"));
            if (m.Find("Mac") is { } mac)
            {
                try { end.Mac = Links.MacAddressText.Format(Links.MacAddressText.Parse(Text(mac.Value, "Mac"))); }
                catch (Errors.NetOperationException e) { throw LabErrors.Invalid(mac.Value.Location, e.Message); }
            }
            var own = ReadImpairment(m, $"the link end {end.Node}:{end.Interface}");
            end.Impairment = own is null ? shared : own.Over(shared);
        }
        else
        {
            nodeValue = value;
            string text = Text(value, "A link end");
            int colon = text.IndexOf(':');
            end = new EndDraft { Node = colon < 0 ? text : text[..colon], Interface = colon < 0 ? null : text[(colon + 1)..], Location = value.Location, Impairment = shared };
            if (end.Interface is { Length: 0 }) end.Interface = null;
        }
        if (!nodes.TryGetValue(end.Node, out var node))
            throw LabErrors.Invalid(nodeValue.Location, $"The link end '{end.Node}{(end.Interface is null ? "" : ":" + end.Interface)}' names the node '{end.Node}', which is not among the Nodes ({string.Join(", ", nodes.Keys)}).");
        if (end.Interface is not null) CheckInterfaceName(end.Interface, value.Location);
        if (end.Interface == "lo") throw LabErrors.Invalid(value.Location, "A link cannot end on lo.");
        if (value is LabMap withBridge && withBridge.Find("Bridge") is { } bridgeEntry)
        {
            // A port of one of the node's bridges with a name of its own (containerlab's "BRIDGE|NODE:IF").
            string bridge = Text(bridgeEntry.Value, "Bridge");
            if (node.Kind == LabNodeKind.Bridge || !node.Bridges.ContainsKey(bridge))
                throw LabErrors.Invalid(bridgeEntry.Value.Location, $"The link end on '{end.Node}' is a port of the bridge '{bridge}', which is not among the node's Bridges.");
            end.Bridge = bridge;
        }
        else if (node.Kind == LabNodeKind.Bridge) end.Bridge = SwitchBridge;
        else if (end.Interface is not null && node.Bridges.ContainsKey(end.Interface))
        {
            end.Bridge = end.Interface;
            end.Interface = null; // a port of that bridge, named later
        }
        else if (end.Interface is null)
            throw LabErrors.Invalid(value.Location, $"The link end '{end.Node}' must say which interface of the node it is ('{end.Node}:eth1'), or name one of its bridges.");
        if (end.Interface == SwitchBridge && node.Kind == LabNodeKind.Bridge)
            throw LabErrors.Invalid(value.Location, $"'{SwitchBridge}' is the bridge of the bridge node '{end.Node}'; name its port ('{end.Node}:eth1') or just '{end.Node}'.");
        if (end.Impairment is { } shaping && LinkImpairmentText.ToSpec(shaping).Problem() is { } problem)
            throw LabErrors.Invalid(value.Location, $"The shaping of {end.Node}:{end.Interface ?? end.Bridge} ({shaping}) cannot work: {problem}");
        if (end.Bridge is not null && end.Addresses.Count > 0)
            throw LabErrors.Invalid(end.Addresses[0].Where, $"The end {end.Node}:{end.Interface ?? end.Bridge} is a bridge port, which carries no address; give the bridge the address instead.");
        return end;
    }

    private static LinkImpairmentText? ReadImpairment(LabMap map, string what)
    {
        LinkImpairmentText result = new();
        foreach (var key in LinkImpairmentText.Keys)
        {
            if (map.Find(key) is not { } entry) continue;
            string text = Text(entry.Value, key);
            if (LinkImpairmentText.Problem(key, text, ref result) is { } problem) throw LabErrors.Invalid(entry.Value.Location, $"{key} '{text}': {problem}");
        }
        return result.IsEmpty ? null : result;
    }

    /// <summary>Bridge ports without a given name are named after the node at the other end (short and readable in `ip link`), or pN.</summary>
    private static void NameBridgePorts(List<LinkDraft> links, Dictionary<string, NodeDraft> nodes)
    {
        var used = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        HashSet<string> Used(string node) => used.TryGetValue(node, out var set) ? set : used[node] = new HashSet<string>(StringComparer.Ordinal) { "lo" };
        foreach (var node in nodes.Values)
            foreach (var bridge in node.Bridges.Keys) Used(node.Name).Add(bridge);
        foreach (var link in links)
            foreach (var end in NewEnds(link))
                if (end.Interface is not null && !Used(end.Node).Add(end.Interface))
                    throw LabErrors.Invalid(end.Location, $"The interface {end.Node}:{end.Interface} is already the end of another link (duplicate interface).");
        foreach (var link in links)
            foreach (var (end, other) in new[] { (link.A, link.B), (link.B, link.A) })
            {
                if (end.Interface is not null) continue;
                string candidate = other.Node;
                if (!LinkName.IsValid(candidate, out _) || Used(end.Node).Contains(candidate))
                {
                    int n = 1;
                    while (Used(end.Node).Contains($"p{n}")) n++;
                    candidate = $"p{n}";
                }
                end.Interface = candidate;
                Used(end.Node).Add(candidate);
            }
    }

    /// <summary>The ends a link makes: both of a veth pair; of a macvlan, the macvlan alone (its parent exists already).</summary>
    private static EndDraft[] NewEnds(LinkDraft link) => link.Kind is LabLinkKind.Macvlan or LabLinkKind.Vxlan ? [link.A] : [link.A, link.B];

    /// <summary>Every interface named under a node's Interfaces is made by a link, is one of its bridges, or is lo.</summary>
    private static void CheckInterfaces(Dictionary<string, NodeDraft> nodes, List<LinkDraft> links)
    {
        var ends = links.SelectMany(NewEnds).ToDictionary(e => (e.Node, e.Interface!));
        foreach (var node in nodes.Values)
            foreach (var (name, (where, addresses)) in node.Interfaces)
            {
                if (name == "lo" || node.Bridges.ContainsKey(name)) continue;
                if (!ends.TryGetValue((node.Name, name), out var end))
                    throw LabErrors.Invalid(where, $"The interface {node.Name}:{name} is not the end of any link; interfaces are made by Links (add a link with the end '{node.Name}:{name}').");
                if (end.Bridge is not null && addresses.Count > 0)
                    throw LabErrors.Invalid(where, $"The interface {node.Name}:{name} is a bridge port, which carries no address; give the bridge the address instead.");
                if (end.Addresses.Count > 0 && addresses.Count > 0)
                    throw LabErrors.Invalid(where, $"The interface {node.Name}:{name} gets addresses both in the link and under Interfaces; give them in one place.");
                end.Addresses.AddRange(addresses);
            }
    }

    /// <summary>
    /// Segments (a plain link, or a bridge with everything plugged into it) hand out their pool's addresses to the
    /// ends that have none of its family, in the order the ends appear; given addresses of that family must lie inside
    /// the pool, and all must be unique.
    /// </summary>
    private static void AssignAddresses(Dictionary<string, NodeDraft> nodes, List<LinkDraft> links)
    {
        RefuseOverlappingPools(nodes, links);
        foreach (var node in nodes.Values)
            foreach (var (name, (_, addresses)) in node.Interfaces)
                if (name == "lo" || node.Bridges.ContainsKey(name))
                    node.Addresses.AddRange(addresses.Select(a => (new LabAddress(name, a.Prefix), a.Where)));

        foreach (var link in links.Where(l => l.A.Bridge is null && l.B.Bridge is null && l.Kind == LabLinkKind.Veth))
            Segment(link.Pool, link.PoolWhere, [link.A, link.B], [], $"link {link.A.Node}:{link.A.Interface} -- {link.B.Node}:{link.B.Interface}");

        foreach (var node in nodes.Values)
            foreach (var (bridge, (where, pool, poolWhere)) in node.Bridges)
            {
                var members = new List<EndDraft>();
                foreach (var link in links)
                {
                    if (link.A.Node == node.Name && link.A.Bridge == bridge && link.B.Bridge is null) members.Add(link.B);
                    if (link.B.Node == node.Name && link.B.Bridge == bridge && link.A.Bridge is null) members.Add(link.A);
                }
                var own = node.Addresses.Where(a => a.Address.Interface == bridge).Select(a => (a.Address.Prefix, a.Where)).ToList();
                Segment(pool, poolWhere, members, own, $"bridge {node.Name}:{bridge}");
            }

        foreach (var link in links)
            foreach (var end in new[] { link.A, link.B })
                nodes[end.Node].Addresses.AddRange(end.Addresses.Select(a => (new LabAddress(end.Interface!, a.Prefix), a.Where)));

        foreach (var node in nodes.Values)
        {
            var twice = node.Addresses.GroupBy(a => a.Address.Prefix.Address).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null)
                throw LabErrors.Invalid(twice.Skip(1).First().Where, $"The address {twice.Key} is given twice in node '{node.Name}'.");
        }
    }

    /// <summary>
    /// Two pools that share addresses (a /31 inside a /30, a link's pool inside a bridge's) would hand one address to
    /// two nodes: refused at the later pool, naming the earlier one.
    /// </summary>
    private static void RefuseOverlappingPools(Dictionary<string, NodeDraft> nodes, List<LinkDraft> links)
    {
        var pools = new List<(IPPrefix Pool, SourceLocation Where, string What)>();
        foreach (var link in links.Where(l => l.Pool is not null && l.A.Bridge is null && l.B.Bridge is null))
            pools.Add((link.Pool!.Value, link.PoolWhere!, $"link {link.A.Node}:{link.A.Interface} -- {link.B.Node}:{link.B.Interface}"));
        foreach (var node in nodes.Values)
            foreach (var (bridge, (where, pool, poolWhere)) in node.Bridges)
                if (pool is { } p) pools.Add((p, poolWhere ?? where, $"bridge {node.Name}:{bridge}"));
        for (int i = 1; i < pools.Count; i++)
            for (int j = 0; j < i; j++)
                if (pools[i].Pool.Family == pools[j].Pool.Family && pools[i].Pool.Overlaps(pools[j].Pool))
                    throw LabErrors.Invalid(pools[i].Where,
                        $"The pool {pools[i].Pool} of {pools[i].What} overlaps the pool {pools[j].Pool} of {pools[j].What} ({pools[j].Where}); two nodes would get the same address. Give each link and bridge a pool of its own.");
    }

    private static void Segment(IPPrefix? pool, SourceLocation? poolWhere, List<EndDraft> members, List<(IPPrefix Prefix, SourceLocation Where)> own, string what)
    {
        var given = own.Concat(members.SelectMany(m => m.Addresses)).ToList();
        var taken = new HashSet<IPAddress>();
        foreach (var (prefix, where) in given)
        {
            // A pool speaks for its own family: an IPv6 address beside an IPv4 pool (containerlab's mgmt ipv6-subnet) is the end's own.
            if (pool is { } p && prefix.Family == p.Family && (!p.Contains(prefix.Address) || prefix.PrefixLength != p.PrefixLength))
                throw LabErrors.Invalid(where, $"The address {prefix} is outside the pool {p} of {what}.");
            if (!taken.Add(prefix.Address)) throw LabErrors.Invalid(where, $"The address {prefix.Address} is given twice on {what}.");
        }
        if (pool is not { } network) return;
        using var hosts = network.Hosts().GetEnumerator();
        foreach (var member in members.Where(m => !m.Addresses.Any(a => a.Prefix.Family == network.Family)))
        {
            IPAddress address;
            do
            {
                if (!hosts.MoveNext())
                    throw LabErrors.Invalid(poolWhere!, $"The pool {network} of {what} has no address left for {member.Node}:{member.Interface} ({network.HostCount} addresses, {members.Count + own.Count} wanted).");
                address = hosts.Current;
            }
            while (taken.Contains(address));
            taken.Add(address);
            member.Addresses.Add((new IPPrefix(address, network.PrefixLength), poolWhere!));
        }
    }

    // ---- routes, NAT, the result ----

    private static LabNodeDefinition Finish(NodeDraft node, List<LinkDraft> links)
    {
        var interfaces = new HashSet<string>(node.Bridges.Keys, StringComparer.Ordinal) { "lo" };
        foreach (var end in links.SelectMany(l => new[] { l.A, l.B }).Where(e => e.Node == node.Name)) interfaces.Add(end.Interface!);
        var prefixes = node.Addresses.Select(a => a.Address).ToList();

        var routes = new List<LabRouteDefinition>();
        if (node.DefaultRoute is { } gw)
            routes.Add(CheckRoute(node, interfaces, prefixes, new IPPrefix(IPAddress.Any, 0), Gateway(gw, "DefaultRoute"), null, gw.Location));
        foreach (var (dest, via, dev, where) in node.Routes)
        {
            var destination = Network(dest, "The route destination", allowDefault: true);
            var gateway = via is null ? null : Gateway(via, "The route gateway");
            if (gateway is not null && gateway.AddressFamily != destination.Family)
                destination = destination.IsDefault ? new IPPrefix(IPAddress.IPv6Any, 0)
                    : throw LabErrors.Invalid(where, $"The route to {destination} has a gateway of the other address family ({gateway}).");
            routes.Add(CheckRoute(node, interfaces, prefixes, destination, gateway, dev is null ? null : Text(dev, "The route interface"), where));
        }
        var dup = routes.GroupBy(r => r.Destination).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw LabErrors.Invalid(dup.Skip(1).First().Location, $"The node '{node.Name}' has two routes to {dup.Key}.");

        var nat = new List<LabNatDefinition>();
        foreach (var (outValue, source, where) in node.Masquerade)
        {
            string outInterface = Text(outValue, "Masquerade Out");
            if (!interfaces.Contains(outInterface) || outInterface == "lo")
                throw LabErrors.Invalid(outValue.Location, $"Masquerade out of '{outInterface}': the node '{node.Name}' has no such interface ({string.Join(", ", interfaces.Where(i => i != "lo"))}).");
            if (source is not null)
                nat.Add(new LabNatDefinition(outInterface, Network(source, "Masquerade Source"), where));
            else
            {
                var inside = prefixes.Where(p => p.Interface != outInterface && p.Interface != "lo" && p.Prefix.Family == System.Net.Sockets.AddressFamily.InterNetwork)
                    .Select(p => p.Prefix.Network).Distinct().ToList();
                if (inside.Count == 0)
                    throw LabErrors.Invalid(where, $"Masquerade out of '{outInterface}' on node '{node.Name}': the node has no IPv4 subnet on another interface to masquerade; give Source.");
                nat.AddRange(inside.Select(s => new LabNatDefinition(outInterface, s, where)));
            }
        }

        return new LabNodeDefinition
        {
            Name = node.Name, Kind = node.Kind, Location = node.Location, Host = node.Host,
            Bridges = node.Bridges.Select(b => new LabBridgeDefinition(b.Key, b.Value.Where)).ToList(),
            Routes = routes, Forwarding = node.Forwarding, Masquerade = nat,
            Addresses = prefixes, Exec = node.Exec,
        };
    }

    private static LabRouteDefinition CheckRoute(NodeDraft node, HashSet<string> interfaces, List<LabAddress> prefixes,
        IPPrefix destination, IPAddress? gateway, string? device, SourceLocation where)
    {
        if (device is not null && !interfaces.Contains(device))
            throw LabErrors.Invalid(where, $"The route to {destination} goes out of '{device}', which the node '{node.Name}' does not have ({string.Join(", ", interfaces)}).");
        if (gateway is not null)
        {
            var onLink = prefixes.Where(p => p.Prefix.Contains(gateway) && (device is null || p.Interface == device)).ToList();
            if (onLink.Count == 0)
                throw LabErrors.Invalid(where, $"The gateway {gateway} of node '{node.Name}' is on none of its subnets ({string.Join(", ", prefixes.Select(p => p.Prefix.Network).Distinct())}); the kernel could not reach it.");
            if (onLink.Any(p => p.Prefix.Address.Equals(gateway)))
                throw LabErrors.Invalid(where, $"The gateway {gateway} is an address of node '{node.Name}' itself.");
        }
        return new LabRouteDefinition(destination, gateway, device, where);
    }
}
