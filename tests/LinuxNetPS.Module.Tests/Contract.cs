namespace LinuxNetPS.Module.Tests;

/// <summary>
/// The reviewed parts of the cmdlet contract (CMDLETS.md) that the tests compare the assembly with.
/// Changing a line here is a design decision: say why in the commit.
/// </summary>
internal static class Contract
{
    /// <summary>The cmdlets the contract promises. The assembly may not silently drop one.</summary>
    public static readonly string[] Cmdlets =
    [
        "New-NetNamespace", "Get-NetNamespace", "Remove-NetNamespace", "Invoke-NetNamespace",
        "New-NetNamespaceSession", "Enter-NetNamespace", "Start-NetNamespaceProcess",
        "Get-NetLink", "New-NetLink", "New-VethPair", "New-NetVxlan", "Set-NetLink", "Move-NetLink", "Remove-NetLink",
        "Set-NetLinkImpairment", "Get-NetLinkImpairment", "Remove-NetLinkImpairment",
        "New-NetBridge", "Get-NetBridge", "Add-BridgePort", "Remove-BridgePort", "Get-BridgePort",
        "Add-NetAddress", "Get-NetAddress", "Remove-NetAddress",
        "Get-NetRoute", "Add-NetRoute", "Set-NetRoute", "Remove-NetRoute",
        "Get-NetRoutingRule", "Add-NetRoutingRule", "Remove-NetRoutingRule",
        "Enable-Masquerade", "Disable-Masquerade", "Add-PortForward", "Remove-PortForward",
        "Add-SourceNat", "Remove-SourceNat", "Get-NatRule", "Remove-NatRule",
        "Get-IPForwarding", "Enable-IPForwarding", "Disable-IPForwarding",
        "Get-NetLinkStatistic", "Watch-NetEvent", "Wait-NetLink", "Wait-NetAddress", "Test-NetConnection", "Get-NetSocket", "Get-NetPacket",
        "New-ContainerNetwork", "Get-ContainerNetwork", "Remove-ContainerNetwork",
        "Connect-ContainerNetwork", "Disconnect-ContainerNetwork", "Get-ContainerEndpoint",
        "New-NetLab", "Get-NetLab", "Remove-NetLab", "Test-NetLab", "Show-NetLab", "Invoke-NetLab", "Set-NetLabLink", "Measure-NetLabLink",
        "Get-NetNeighbor", "New-NetNeighbor", "Set-NetNeighbor", "Remove-NetNeighbor",
        "Get-BridgeFdb", "Add-BridgeFdb", "Remove-BridgeFdb", "Get-BridgeVlan", "Add-BridgeVlan", "Remove-BridgeVlan",
        // Windows' shapes (issue 25, about_LinuxNetPS_Windows): thin cmdlets over the same core calls.
        "Get-NetIPAddress", "New-NetIPAddress", "Set-NetIPAddress", "Remove-NetIPAddress", "New-NetRoute",
        "Get-NetTCPConnection", "Get-NetUDPEndpoint", "Get-NetAdapter", "Enable-NetAdapter", "Disable-NetAdapter", "Rename-NetAdapter",
        "Get-NetIPInterface", "Set-NetIPInterface", "Get-NetIPConfiguration",
        "New-NetNat", "Get-NetNat", "Remove-NetNat", "Add-NetNatStaticMapping", "Get-NetNatStaticMapping", "Remove-NetNatStaticMapping",
        "New-NetFirewallRule", "Get-NetFirewallRule", "Set-NetFirewallRule", "Remove-NetFirewallRule", "Enable-NetFirewallRule", "Disable-NetFirewallRule",
        "Get-NetFirewallDefault", "Set-NetFirewallDefault", "New-NetFirewallAddressSet", "Get-NetFirewallAddressSet", "Remove-NetFirewallAddressSet",
        "Add-NetFirewallAddressSetMember", "Remove-NetFirewallAddressSetMember",
        "Get-NetConnectionTracking", "Remove-NetConnectionTracking", "Clear-NetConnectionTracking",
    ];

    /// <summary>Cmdlets whose target is a namespace, so they have no -Namespace.</summary>
    /// A lab spans many namespaces (one per node, named by its prefix), so the lab cmdlets take the lab, never a -Namespace.
    public static readonly string[] WithoutNamespaceParameter =
        ["New-NetNamespace", "Get-NetNamespace", "Remove-NetNamespace", "New-NetLab", "Get-NetLab", "Remove-NetLab", "Test-NetLab", "Show-NetLab", "Invoke-NetLab",
         "Set-NetLabLink", "Measure-NetLabLink"];

    /// <summary>
    /// Cmdlets that run code in a namespace and take it as their first positional argument
    /// (`Invoke-NetNamespace red { ... }`, `Start-NetNamespaceProcess red python3`), so -Namespace is
    /// not pipeline-bound: a script block or program name after a pipeline-bound positional string
    /// parameter would be bound to it (as a delay-bind script block: the block's output would name the
    /// namespace). Invoke-NetNamespace takes piped NetNamespace objects by -InputObject instead.
    /// </summary>
    public static readonly string[] NamespaceNotFromPipeline = ["Invoke-NetNamespace", "Start-NetNamespaceProcess", "Enter-NetNamespace"];

    /// <summary>
    /// Verbs that change the system and so need SupportsShouldProcess (-WhatIf/-Confirm).
    /// Invoke is not here: Invoke-NetNamespace runs the caller's own script block or program,
    /// which does its own confirming (like Invoke-Command, which has no -WhatIf either).
    /// </summary>
    public static readonly string[] StateChangingVerbs =
        ["New", "Set", "Add", "Remove", "Move", "Enable", "Disable", "Rename", "Clear", "Reset", "Register", "Unregister", "Start", "Stop", "Restart", "Update", "Install", "Uninstall"];

    /// <summary>Verbs that only read; they must not declare ShouldProcess (it would put a pointless -WhatIf on Get-*).</summary>
    public static readonly string[] ReadOnlyVerbs = ["Get", "Test", "Find", "Search", "Show", "Measure", "Compare"];

    /// <summary>
    /// THE -PassThru rule, as PowerShell's own cmdlets have it (Add-Content, Set-Item, Move-Item ...): New-* write
    /// what they created and have no -PassThru; every other state-changing verb writes nothing unless asked,
    /// and offers -PassThru exactly when it has an object to write ([OutputType] other than void).
    /// </summary>
    public static readonly string[] PassThruVerbs = ["Add", "Set", "Move", "Enable", "Disable", "Remove"];

    /// <summary>Verbs that always write what they made, so -PassThru would be meaningless.</summary>
    public static readonly string[] AlwaysEmitVerbs = ["New"];

    /// <summary>
    /// Remove-* cmdlets whose damage is wide (a namespace takes every link, address and route in it along):
    /// ConfirmImpact High, so PowerShell asks by default, and -Force to skip the question. Other Remove-* are Medium.
    /// </summary>
    /// Clear-NetConnectionTracking flushes a namespace's whole conntrack table (established connections lose their state).
    public static readonly string[] HighImpact = ["Remove-NetNamespace", "Clear-NetConnectionTracking"];

    /// <summary>
    /// The spellings Windows' NetTCPIP cmdlets use, as aliases of ours, so scripts and habits carry over:
    /// (our parameter, Windows alias, which cmdlets). Destination is only a prefix for routes (for NAT it is
    /// an address to match), so only the route cmdlets get DestinationPrefix.
    /// </summary>
    public static readonly (string Parameter, string Alias, Func<string, bool> AppliesTo)[] WindowsAliases =
    [
        ("Interface", "InterfaceAlias", c => c.EndsWith("-NetAddress") || c.EndsWith("-NetRoute") || c.EndsWith("-NetNeighbor")),
        ("Address", "IPAddress", c => c.EndsWith("-NetAddress") || c.EndsWith("-NetNeighbor")),
        ("LinkLayerAddress", "MacAddress", c => c.EndsWith("-NetNeighbor")),
        ("Destination", "DestinationPrefix", c => c.EndsWith("-NetRoute")),
        ("Gateway", "NextHop", c => c.EndsWith("-NetRoute")),
        ("Metric", "RouteMetric", c => c.EndsWith("-NetRoute")),
        ("Family", "AddressFamily", _ => true),
    ];

    /// <summary>Output properties by Windows' names (types-file aliases): (type, alias, our property).</summary>
    public static readonly (string Type, string Alias, string Property)[] WindowsPropertyAliases =
    [
        ("NetAddress", "InterfaceAlias", "Interface"), ("NetAddress", "AddressFamily", "Family"),
        ("NetRoute", "InterfaceAlias", "Interface"),
        ("NetRoute", "RouteMetric", "Metric"), ("NetRoute", "AddressFamily", "Family"),
        ("NetNeighbor", "InterfaceAlias", "Interface"), ("NetNeighbor", "AddressFamily", "Family"),
        // Issue 25: NetAdapter's, Get-NetTCPConnection's, Get-NetAdapterStatistics' and NetNat's names. A route's DestinationPrefix
        // and NextHop are real properties instead (0.0.0.0/0 and 0.0.0.0 where ours say default and nothing), as is a link's Status.
        ("NetLink", "InterfaceAlias", "Name"), ("NetLink", "InterfaceIndex", "Index"), ("NetLink", "ifIndex", "Index"), ("NetLink", "MtuSize", "Mtu"),
        ("NetConnectionTestResult", "InterfaceAlias", "Interface"), ("NetSocket", "OwningProcess", "ProcessId"),
        ("LinkStatistic", "ReceivedBytes", "RxBytes"), ("LinkStatistic", "SentBytes", "TxBytes"),
        ("NatRule", "StaticMappingID", "Id"), ("NatRule", "ExternalIPAddress", "Destination"), ("NatRule", "ExternalPort", "Port"),
        ("NatRule", "InternalIPAddress", "ToAddress"), ("NatRule", "InternalPort", "ToPort"),
    ];

    /// <summary>
    /// Parameter names that mean different things in different cmdlet families, so their types may differ:
    /// -Kind is a link kind (veth, bridge ...) for links and a rule kind (Masquerade ...) for NAT;
    /// -Protocol is a route protocol (static, kernel ...) for routes and tcp/udp for port forwards and sockets.
    /// The type must still agree within a family.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Func<string, string>> FamilySpecificParameters = new Dictionary<string, Func<string, string>>(StringComparer.OrdinalIgnoreCase)
    {
        ["Kind"] = Family,
        ["Protocol"] = Family,
        // Get-NetSocket -LocalPort is one number; a firewall rule's -LocalPort and -RemotePort are lists of ports and ranges ("80", "8000-8010").
        ["LocalPort"] = Family,
        ["RemotePort"] = Family,
        // Two kinds of rule, two vocabularies: a firewall rule's -Action is Allow/Block/Reject and its -Priority orders the
        // user chain (signed, default 1000); a routing rule's -Action is ip rule's (Lookup, Blackhole, Unreachable, Prohibit)
        // and its -Priority is ip rule's preference (0..2^32-1). Follow-up: ip rule's own words (-Preference, -Type).
        ["Action"] = Family,
        ["Priority"] = Family,
        // Windows uses ConnectionState twice: a firewall rule's is conntrack's (New, Established ...), an IP interface's is
        // Connected/Disconnected (a link up with a carrier or not).
        ["ConnectionState"] = Family,
        // -InputObject is PowerShell's name for "the whole object from the pipeline": of the type each cmdlet is about.
        ["InputObject"] = cmdlet => cmdlet.EndsWith("-NetRoutingRule", StringComparison.Ordinal) ? "routing rule"
            : cmdlet.EndsWith("-NetConnectionTracking", StringComparison.Ordinal) ? "conntrack entry"
            : cmdlet.EndsWith("-NetNat", StringComparison.Ordinal) ? "NetNat" : "namespace",
    };

    public static string Family(string cmdlet) =>
        cmdlet.EndsWith("-Masquerade") || cmdlet.EndsWith("-PortForward") || cmdlet.EndsWith("-SourceNat") || cmdlet.EndsWith("-NatRule")
        // Get-NetSocket -Protocol tcp,udp is the transport protocol, as for port forwards, not a route's origin.
        || cmdlet.EndsWith("-NetSocket") || cmdlet.EndsWith("-NetConnectionTracking") || cmdlet.Contains("-NetNat") ? "nat"
        // Firewall rules: -Protocol is TCP/UDP/ICMPv4/ICMPv6 as text (the NAT family's type); a rule's -Action is Allow/Block/Reject.
        : cmdlet.Contains("-NetFirewall") ? "firewall" : "net";

    /// <summary>
    /// THE allow-list of pipeline-bound parameters, with the meaning of each (see Meanings).
    /// Only identity parameters are here: which object to act on and where. A parameter that takes
    /// pipeline input and is not listed fails the tests; settings (-Mtu, -Master ...) must never be listed.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> PipelineParameters = Build(new()
    {
        ["Get-NetNamespace"] = [],
        ["New-NetNamespace"] = [("Name", Meanings.Namespace)],
        ["Remove-NetNamespace"] = [("InputObject", Meanings.NamespaceObject), ("Name", Meanings.Namespace)],
        ["Invoke-NetNamespace"] = [("InputObject", Meanings.NamespaceObject)],
        ["New-NetNamespaceSession"] = [("Namespace", Meanings.Namespace)],
        ["Enter-NetNamespace"] = [],
        ["Start-NetNamespaceProcess"] = [],

        ["Get-NetLink"] = [("Namespace", Meanings.Namespace), ("Name", Meanings.Link)],
        ["New-NetLink"] = [("Namespace", Meanings.Namespace)],
        ["New-NetVxlan"] = [("Namespace", Meanings.Namespace)],
        ["New-VethPair"] = [("Namespace", Meanings.Namespace)],
        ["Set-NetLink"] = [("Namespace", Meanings.Namespace), ("Name", Meanings.Link)],
        ["Move-NetLink"] = [("Namespace", Meanings.Namespace), ("Name", Meanings.Link)],
        ["Remove-NetLink"] = [("Namespace", Meanings.Namespace), ("Name", Meanings.Link)],
        // The impairment cmdlets name the link end -Interface (alias Name), so a NetLink, VethPair or BridgePort binds its
        // Name and a LinkImpairment its Interface; the impairment values are settings and never come from the pipeline.
        ["Set-NetLinkImpairment"] = [("Namespace", Meanings.Namespace), ("Interface", Meanings.Link)],
        ["Get-NetLinkImpairment"] = [("Namespace", Meanings.Namespace), ("Interface", Meanings.Link)],
        ["Remove-NetLinkImpairment"] = [("Namespace", Meanings.Namespace), ("Interface", Meanings.Link)],

        ["New-NetBridge"] = [("Namespace", Meanings.Namespace)],
        ["Get-NetBridge"] = [("Namespace", Meanings.Namespace), ("Name", Meanings.Link)],
        ["Add-BridgePort"] = [("Namespace", Meanings.Namespace), ("Name", Meanings.Link)],
        ["Remove-BridgePort"] = [("Namespace", Meanings.Namespace), ("Name", Meanings.Link), ("Bridge", Meanings.Bridge)],
        ["Get-BridgePort"] = [("Namespace", Meanings.Namespace), ("Bridge", Meanings.Bridge)],

        ["Add-NetAddress"] = [("Namespace", Meanings.Namespace), ("Interface", Meanings.Link)],
        ["Get-NetAddress"] = [("Namespace", Meanings.Namespace), ("Interface", Meanings.Link)],
        ["Remove-NetAddress"] = [("Namespace", Meanings.Namespace), ("Interface", Meanings.Link), ("Address", Meanings.Address), ("PrefixLength", Meanings.PrefixLength)],

        ["Get-NetRoute"] = [("Namespace", Meanings.Namespace), ("Interface", Meanings.Link)],
        ["Add-NetRoute"] = [("Namespace", Meanings.Namespace)],
        ["Set-NetRoute"] = [("Namespace", Meanings.Namespace)],
        // -Family is part of a route's identity (the IPv4 and the IPv6 default route are different routes).
        ["Remove-NetRoute"] = [("Namespace", Meanings.Namespace), ("Destination", Meanings.RouteDestination), ("Gateway", Meanings.Gateway),
                               ("Interface", Meanings.Link), ("Table", Meanings.Table), ("Metric", Meanings.Metric), ("Family", Meanings.Family)],
        // A rule is named by its priority (mandatory, so only objects that have one bind: a NetRoute's Table never picks a
        // rule); the selectors, table and action bind too, so a piped rule is never taken for another at that priority.
        ["Get-NetRoutingRule"] = [("Namespace", Meanings.Namespace)],
        ["Add-NetRoutingRule"] = [("Namespace", Meanings.Namespace)],
        // Remove-NetRoutingRule takes whole NetRoutingRule objects by value (a firewall rule's Priority and Action must not name one).
        ["Remove-NetRoutingRule"] = [("Namespace", Meanings.Namespace)],

        ["Enable-Masquerade"] = [("Namespace", Meanings.Namespace)],
        ["Disable-Masquerade"] = [("Namespace", Meanings.Namespace)],
        // A port forward's parameters are the rule itself, so rows (Import-Csv) or rules (Get-NatRule) piped in each add one
        // forward; the cmdlet gathers them into nf_tables transactions of up to 1000 (issue 14).
        ["Add-PortForward"] = [("Namespace", Meanings.Namespace), ("Protocol", Meanings.L4Protocol), ("Port", Meanings.Port),
                               ("ToAddress", Meanings.NatTarget), ("ToPort", Meanings.Port), ("Source", Meanings.SourcePrefix),
                               ("Destination", Meanings.NatMatchAddress)],
        ["Remove-PortForward"] = [("Namespace", Meanings.Namespace)],
        ["Add-SourceNat"] = [("Namespace", Meanings.Namespace)],
        ["Remove-SourceNat"] = [("Namespace", Meanings.Namespace)],
        ["Get-NatRule"] = [("Namespace", Meanings.Namespace)],
        ["Remove-NatRule"] = [("Namespace", Meanings.Namespace), ("Id", Meanings.NatRuleId)],

        ["Get-IPForwarding"] = [("Namespace", Meanings.Namespace)],
        ["Enable-IPForwarding"] = [("Namespace", Meanings.Namespace)],
        ["Disable-IPForwarding"] = [("Namespace", Meanings.Namespace)],

        ["Get-NetLinkStatistic"] = [("Namespace", Meanings.Namespace), ("Name", Meanings.Link)],
        ["Watch-NetEvent"] = [("Namespace", Meanings.Namespace)],
        ["Wait-NetLink"] = [("Namespace", Meanings.Namespace), ("Name", Meanings.Link)],
        ["Test-NetConnection"] = [("Namespace", Meanings.Namespace)],
        ["Get-NetSocket"] = [("Namespace", Meanings.Namespace)],
        ["Get-NetPacket"] = [("Namespace", Meanings.Namespace)],
        ["Wait-NetAddress"] = [("Namespace", Meanings.Namespace), ("Interface", Meanings.Link), ("Address", Meanings.Address)],
        // A network's -Namespace is where it lives; on the endpoint cmdlets -Namespace is the container's (where the
        // endpoint lives, so `New-NetNamespace c1 | Connect-ContainerNetwork -Network foo` connects c1) and the
        // network's namespace is -NetworkNamespace. Piping a network into Connect/Disconnect binds its namespace as the
        // container's, which the core refuses with InvalidArgument (a network's namespace is never its container).
        ["New-ContainerNetwork"] = [("Namespace", Meanings.Namespace)],
        ["Get-ContainerNetwork"] = [("Namespace", Meanings.Namespace)],
        ["Remove-ContainerNetwork"] = [("Namespace", Meanings.Namespace), ("Network", Meanings.ContainerNetwork)],
        ["Connect-ContainerNetwork"] = [("Namespace", Meanings.Namespace), ("NetworkNamespace", Meanings.NetworkNamespace)],
        ["Disconnect-ContainerNetwork"] = [("Namespace", Meanings.Namespace), ("Network", Meanings.ContainerNetwork), ("NetworkNamespace", Meanings.NetworkNamespace)],
        ["Get-ContainerEndpoint"] = [("Namespace", Meanings.Namespace), ("Network", Meanings.ContainerNetwork), ("NetworkNamespace", Meanings.NetworkNamespace)],
        // Labs bind by -Lab, from the Lab property of labs, lab nodes, links and results: every link, bridge and
        // namespace has a Name that is not a lab's, so no lab cmdlet binds a Name from the pipeline.
        ["New-NetLab"] = [],
        ["Get-NetLab"] = [],
        ["Remove-NetLab"] = [("Lab", Meanings.Lab)],
        ["Test-NetLab"] = [("Lab", Meanings.Lab)],
        ["Show-NetLab"] = [("Lab", Meanings.Lab)],
        ["Invoke-NetLab"] = [("Lab", Meanings.Lab), ("Node", Meanings.LabNode)],
        // A lab link from Get-NetLab's Links binds -Lab and, by the alias EndA, -Endpoint: `(Get-NetLab x).Links | Set-NetLabLink -State Down`.
        ["Set-NetLabLink"] = [("Lab", Meanings.Lab), ("Endpoint", Meanings.LabEnd)],
        ["Measure-NetLabLink"] = [("Lab", Meanings.Lab), ("Endpoint", Meanings.LabEnd)],

        // Neighbours (issue 20): an entry is its interface, address and table (proxy or not), so Get-NetNeighbor's objects
        // bind all three into Set- and Remove-NetNeighbor (-Proxy from IsProxy); the hardware address and state are settings.
        // Get-NetLink | Remove-NetNeighbor -State Failed flushes one link's failed entries.
        ["Get-NetNeighbor"] = [("Namespace", Meanings.Namespace), ("Interface", Meanings.Link)],
        ["New-NetNeighbor"] = [("Namespace", Meanings.Namespace), ("Interface", Meanings.Link)],
        ["Set-NetNeighbor"] = [("Namespace", Meanings.Namespace), ("Interface", Meanings.Link), ("Address", Meanings.Address)],
        ["Remove-NetNeighbor"] = [("Namespace", Meanings.Namespace), ("Interface", Meanings.Link), ("Address", Meanings.Address), ("Proxy", Meanings.NeighborProxy)],
        // FDB entries: MAC, device, VLAN and (VXLAN) remote, port and VNI name one entry, all bound from Get-BridgeFdb's objects.
        // The remote is RemoteAddress on the object (Destination is a route's and a NAT rule's), -Destination's alias.
        ["Get-BridgeFdb"] = [("Namespace", Meanings.Namespace), ("Interface", Meanings.Link)],
        ["Add-BridgeFdb"] = [("Namespace", Meanings.Namespace), ("Interface", Meanings.Link)],
        ["Remove-BridgeFdb"] = [("Namespace", Meanings.Namespace), ("Interface", Meanings.Link), ("MacAddress", Meanings.Mac), ("Vlan", Meanings.VlanId),
                                ("Destination", Meanings.TunnelRemote), ("DestinationPort", Meanings.TunnelPort), ("Vni", Meanings.Vni)],
        ["Get-BridgeVlan"] = [("Namespace", Meanings.Namespace), ("Interface", Meanings.Link)],
        ["Add-BridgeVlan"] = [("Namespace", Meanings.Namespace), ("Interface", Meanings.Link)],
        ["Remove-BridgeVlan"] = [("Namespace", Meanings.Namespace), ("Interface", Meanings.Link), ("Vlan", Meanings.VlanId)],

        // Windows' shapes: the interface comes by InterfaceAlias or InterfaceIndex (Get-NetIPConfiguration | Get-NetIPAddress,
        // Get-NetRoute | Get-NetAdapter), an address to remove by IPAddress and PrefixLength (Get-NetIPAddress | Remove-NetIPAddress).
        ["Get-NetIPAddress"] = [("Namespace", Meanings.Namespace), ("InterfaceAlias", Meanings.Link), ("InterfaceIndex", Meanings.LinkIndex)],
        ["New-NetIPAddress"] = [("Namespace", Meanings.Namespace), ("InterfaceAlias", Meanings.Link), ("InterfaceIndex", Meanings.LinkIndex)],
        ["Set-NetIPAddress"] = [("Namespace", Meanings.Namespace), ("InterfaceAlias", Meanings.Link), ("InterfaceIndex", Meanings.LinkIndex)],
        ["Remove-NetIPAddress"] = [("Namespace", Meanings.Namespace), ("IPAddress", Meanings.Address), ("InterfaceAlias", Meanings.Link),
                                   ("InterfaceIndex", Meanings.LinkIndex), ("PrefixLength", Meanings.PrefixLength)],
        ["New-NetRoute"] = [("Namespace", Meanings.Namespace), ("InterfaceAlias", Meanings.Link), ("InterfaceIndex", Meanings.LinkIndex)],
        ["Get-NetTCPConnection"] = [("Namespace", Meanings.Namespace)],
        ["Get-NetUDPEndpoint"] = [("Namespace", Meanings.Namespace)],
        ["Get-NetAdapter"] = [("Namespace", Meanings.Namespace), ("Name", Meanings.Link), ("InterfaceAlias", Meanings.Link), ("InterfaceIndex", Meanings.LinkIndex)],
        ["Enable-NetAdapter"] = [("Namespace", Meanings.Namespace), ("Name", Meanings.Link), ("InterfaceIndex", Meanings.LinkIndex)],
        ["Disable-NetAdapter"] = [("Namespace", Meanings.Namespace), ("Name", Meanings.Link), ("InterfaceIndex", Meanings.LinkIndex)],
        ["Rename-NetAdapter"] = [("Namespace", Meanings.Namespace), ("Name", Meanings.Link)],
        // A NetIPInterface row is an interface and a family: Get-NetIPInterface -AddressFamily IPv4 | Set-NetIPInterface -Forwarding
        // Enabled changes IPv4 only. Get-NetAdapter | Set-NetIPInterface binds the interface (both families).
        ["Get-NetIPInterface"] = [("Namespace", Meanings.Namespace), ("InterfaceAlias", Meanings.Link), ("InterfaceIndex", Meanings.LinkIndex)],
        ["Set-NetIPInterface"] = [("Namespace", Meanings.Namespace), ("InterfaceAlias", Meanings.Link), ("InterfaceIndex", Meanings.LinkIndex),
                                  ("AddressFamily", Meanings.Family)],
        ["Get-NetIPConfiguration"] = [("Namespace", Meanings.Namespace), ("InterfaceAlias", Meanings.Link), ("InterfaceIndex", Meanings.LinkIndex)],
        // NetNat: a NAT's name is NatName on NATs and mappings alike (Name would bind every link cmdlet's -Name), so Get-NetNat X |
        // Get-NetNatStaticMapping lists its mappings; Remove-NetNat takes NATs by value.
        ["New-NetNat"] = [("Namespace", Meanings.Namespace)],
        ["Get-NetNat"] = [("Namespace", Meanings.Namespace)],
        ["Remove-NetNat"] = [("Namespace", Meanings.Namespace)],
        ["Add-NetNatStaticMapping"] = [("Namespace", Meanings.Namespace)],
        ["Get-NetNatStaticMapping"] = [("Namespace", Meanings.Namespace), ("NatName", Meanings.NetNatName)],
        ["Remove-NetNatStaticMapping"] = [("Namespace", Meanings.Namespace), ("NatName", Meanings.NetNatName), ("StaticMappingID", Meanings.NatRuleId)],
        // A firewall rule's parameters are the rule itself (as a port forward's are), so rows (Import-Csv) or rules of another
        // namespace (Get-NetFirewallRule) piped in each make one rule; the cmdlet gathers them into transactions of up to 1000.
        ["New-NetFirewallRule"] = [("Namespace", Meanings.Namespace), ("Rule", Meanings.FirewallRule), ("DisplayName", Meanings.FirewallDisplayName),
                                   ("Direction", Meanings.FirewallDirection), ("Action", Meanings.FirewallAction), ("Priority", Meanings.FirewallPriority),
                                   ("Enabled", Meanings.Flag), ("Protocol", Meanings.L4Protocol), ("LocalPort", Meanings.Port), ("RemotePort", Meanings.Port),
                                   ("LocalAddress", Meanings.Address), ("RemoteAddress", Meanings.RemoteHost), ("LocalAddressSet", Meanings.AddressSet),
                                   ("RemoteAddressSet", Meanings.AddressSet), ("Interface", Meanings.Link), ("OutInterface", Meanings.Link),
                                   ("ConnectionState", Meanings.ConnectionState), ("IcmpType", Meanings.IcmpType)],
        ["Get-NetFirewallRule"] = [("Namespace", Meanings.Namespace)],
        ["Set-NetFirewallRule"] = [("Namespace", Meanings.Namespace), ("Rule", Meanings.FirewallRule)],
        ["Remove-NetFirewallRule"] = [("Namespace", Meanings.Namespace), ("Rule", Meanings.FirewallRule)],
        ["Enable-NetFirewallRule"] = [("Namespace", Meanings.Namespace), ("Rule", Meanings.FirewallRule)],
        ["Disable-NetFirewallRule"] = [("Namespace", Meanings.Namespace), ("Rule", Meanings.FirewallRule)],
        ["Get-NetFirewallDefault"] = [("Namespace", Meanings.Namespace)],
        ["Set-NetFirewallDefault"] = [("Namespace", Meanings.Namespace)],
        ["New-NetFirewallAddressSet"] = [("Namespace", Meanings.Namespace)],
        ["Get-NetFirewallAddressSet"] = [("Namespace", Meanings.Namespace)],
        ["Remove-NetFirewallAddressSet"] = [("Namespace", Meanings.Namespace), ("AddressSet", Meanings.AddressSet)],
        ["Add-NetFirewallAddressSetMember"] = [("Namespace", Meanings.Namespace), ("AddressSet", Meanings.AddressSet), ("Member", Meanings.AddressWithPrefix)],
        ["Remove-NetFirewallAddressSetMember"] = [("Namespace", Meanings.Namespace), ("AddressSet", Meanings.AddressSet), ("Member", Meanings.AddressWithPrefix)],
        // Connection tracking: entries are removed whole (by value, as routing rules are): their tuple and id name one entry,
        // and binding ports or addresses by name from other objects (a NetPacket's) would delete by a filter nobody typed.
        ["Get-NetConnectionTracking"] = [("Namespace", Meanings.Namespace)],
        ["Remove-NetConnectionTracking"] = [("Namespace", Meanings.Namespace)],
        ["Clear-NetConnectionTracking"] = [("Namespace", Meanings.Namespace)],
    });

    /// <summary>
    /// The identity parameters CMDLETS.md explicitly marks as pipeline-bound (VFPBPN); besides these, every
    /// -Namespace is. The allow-list above may hold more (optional filters such as Get-NetLink -Name), these must be there.
    /// </summary>
    public static readonly (string Cmdlet, string Parameter)[] RequiredPipelineParameters =
    [
        ("Set-NetLink", "Name"), ("Move-NetLink", "Name"), ("Remove-NetLink", "Name"),
        ("Add-BridgePort", "Name"), ("Remove-BridgePort", "Name"),
        ("Add-NetAddress", "Interface"), ("Get-NetAddress", "Interface"),
        ("Remove-NetAddress", "Address"), ("Remove-NetAddress", "PrefixLength"), ("Remove-NetAddress", "Interface"),
        ("Remove-NetRoute", "Destination"), ("Remove-NetRoute", "Gateway"), ("Remove-NetRoute", "Interface"), ("Remove-NetRoute", "Table"), ("Remove-NetRoute", "Metric"),
        ("Remove-NatRule", "Id"), ("Remove-NetNamespace", "InputObject"),
        ("Remove-NetRoutingRule", "InputObject"),
        ("Set-NetLinkImpairment", "Interface"), ("Remove-NetLinkImpairment", "Interface"), ("Invoke-NetNamespace", "InputObject"),
        ("Get-NetNeighbor", "Interface"), ("Set-NetNeighbor", "Address"), ("Set-NetNeighbor", "Interface"),
        ("Remove-NetNeighbor", "Address"), ("Remove-NetNeighbor", "Interface"), ("Remove-NetNeighbor", "Proxy"),
        ("Remove-BridgeFdb", "MacAddress"), ("Remove-BridgeFdb", "Interface"), ("Remove-BridgeFdb", "Vlan"), ("Remove-BridgeFdb", "Destination"),
        ("Remove-BridgeVlan", "Vlan"), ("Remove-BridgeVlan", "Interface"), ("Get-BridgeVlan", "Interface"), ("Get-BridgeFdb", "Interface"),
        ("Remove-NetFirewallRule", "Rule"), ("Enable-NetFirewallRule", "Rule"), ("Disable-NetFirewallRule", "Rule"), ("Set-NetFirewallRule", "Rule"),
        ("Remove-NetFirewallAddressSet", "AddressSet"),
    ];

    /// <summary>
    /// Bindings between different meanings that a pipeline PowerShell would really run produces, reviewed
    /// and accepted: (Type.Property, Cmdlet). Each needs a reason.
    /// </summary>
    public static readonly (string Property, string Cmdlet, string Reason)[] AcceptedCrossBindings =
    [
        // NatRule.Destination mirrors Add-PortForward -Destination (contract); Remove-NetRoute -Destination is
        // pipeline-bound (contract). "Get-NatRule | Remove-NetRoute" is nonsense nobody types; if typed it
        // asks to delete a route to a host address and fails with ObjectNotFound unless such a route exists.
        ("NatRule.Destination", "Remove-NetRoute", "both names are fixed by the contract; the pipe is meaningless"),
        // Remove-NetRoute without -Destination removes every matching route (Windows' shape), so a bridge FDB entry now binds
        // by its Table ("self", "master"): not a route table name, refused as such before any route is touched.
        ("BridgeFdbEntry.Table", "Remove-NetRoute", "the pipe is meaningless; 'self'/'master' are refused as route table names, nothing removed"),
        // New-NetFirewallRule's parameters are the rule (rows and rules bind them all, as Add-PortForward's do). "Get-NetRoute |
        // New-NetFirewallRule -Name x" and "Watch-NetEvent | New-NetFirewallRule -Name x" are nonsense nobody types; if typed, a
        // route protocol (kernel, static) is refused as InvalidProtocol and an event action does not convert to Allow/Block/Reject.
        ("NetRoute.Protocol", "New-NetFirewallRule", "-Protocol keeps Windows' name; the pipe is meaningless and fails with InvalidProtocol"),
        ("NetEvent.Action", "New-NetFirewallRule", "-Action keeps Windows' name; the pipe is meaningless and fails to bind"),
        // Routing rules and firewall rules both have a Priority and an Action (see FamilySpecificParameters). Piping one kind into
        // the other's cmdlets is nonsense, and it cannot run: neither Action enum has a member named like one of the other's
        // (Allow/Block/Reject vs Lookup/Goto/Nop/Blackhole/Unreachable/Prohibit), so the input fails to bind and nothing is made or
        // removed (Remove-NetRoutingRule takes routing rules by value only; PipelineTests.A_firewall_rule_piped_into_Remove_NetRoutingRule_removes_nothing).
        ("NetRoutingRule.Priority", "New-NetFirewallRule", "cannot run: the routing rule's Action does not bind to a firewall rule's"),
        ("NetRoutingRule.Action", "New-NetFirewallRule", "fails to bind: Lookup/Blackhole/... are not firewall actions"),
        ("NetRoutingRule.Protocol", "New-NetFirewallRule", "cannot run (Action fails to bind); a route protocol is refused as InvalidProtocol anyway"),
        // An FDB entry of a VXLAN device names its remote tunnel end; "Get-BridgeFdb | New-NetFirewallRule -Name x -Action Block"
        // makes a rule for that remote address and port, which is a sensible reading of the pipe.
        ("BridgeFdbEntry.RemoteAddress", "New-NetFirewallRule", "the remote tunnel end is a remote address"),
        ("BridgeFdbEntry.RemotePort", "New-NetFirewallRule", "the remote tunnel port is a remote port"),
        // Windows' two ConnectionStates (see FamilySpecificParameters). "Get-NetIPInterface | New-NetFirewallRule -Name x" is nonsense
        // nobody types; if typed, Connected/Disconnected is refused as an unknown connection state and no rule is made.
        ("NetIPInterface.ConnectionState", "New-NetFirewallRule", "Windows' name on both; Connected is refused as a conntrack state"),
    ];

    /// <summary>Parameters that take whole objects by value (ValueFromPipeline). Everything else binds by property name or not at all.</summary>
    /// <remarks>
    /// Names by value (`'lo','veth0' | Set-NetLink -Up`) are strings; every such parameter carries [ObjectNames], so
    /// PowerShell's last-resort conversion cannot turn another object of the module (a NetNamespace) into a name.
    /// </remarks>
    public static readonly (string Cmdlet, string Parameter)[] ByValueParameters =
    [
        ("Remove-NetNamespace", "InputObject"), ("Remove-NetNamespace", "Name"), ("New-NetNamespace", "Name"),
        ("Invoke-NetNamespace", "InputObject"), ("Remove-NetRoutingRule", "InputObject"), ("Remove-NetNat", "InputObject"),
        ("Set-NetLink", "Name"), ("Move-NetLink", "Name"), ("Remove-NetLink", "Name"),
        ("Add-BridgePort", "Name"), ("Remove-BridgePort", "Name"),
        ("Add-NetFirewallAddressSetMember", "Member"), ("Remove-NetFirewallAddressSetMember", "Member"),
        ("Remove-NetConnectionTracking", "InputObject"),
    ];

    /// <summary>
    /// What each property of each emitted type means. A property binds to a parameter of the same
    /// name or alias; the pipeline test fails when the two meanings differ or one is missing here.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> PropertyMeanings = Build(new()
    {
        ["NetNamespace"] = [("Namespace", Meanings.Namespace), ("Path", Meanings.NamespaceFile), ("Inode", Meanings.Inode), ("IsHost", Meanings.Flag)],
        ["NetLink"] =
        [
            ("Namespace", Meanings.Namespace), ("Index", Meanings.LinkIndex), ("Name", Meanings.Link), ("Kind", Meanings.LinkKind),
            ("IsUp", Meanings.State), ("OperState", Meanings.State), ("Mtu", Meanings.Mtu), ("MacAddress", Meanings.Mac),
            ("Master", Meanings.Bridge), ("MasterIndex", Meanings.BridgeIndex), ("Alias", Meanings.LinkAlias), ("Flags", Meanings.Flag),
            ("TxQueueLength", Meanings.TxQueueLength), ("PeerIndex", Meanings.PeerIndex), ("PeerName", Meanings.PeerLink),
            ("PeerNamespace", Meanings.PeerNamespace), ("LinkNetNsId", Meanings.NetNsId), ("PortKind", Meanings.LinkKind), ("FlagsText", Meanings.Flag),
            ("InterfaceAlias", Meanings.Link), ("InterfaceIndex", Meanings.LinkIndex), ("ifIndex", Meanings.LinkIndex), ("MtuSize", Meanings.Mtu),
            ("Status", Meanings.State), ("InterfaceDescription", Meanings.LinkAlias),
        ],
        ["VethPair"] =
        [
            ("Link", Meanings.LinkObject), ("Peer", Meanings.LinkObject), ("Namespace", Meanings.Namespace), ("Name", Meanings.Link),
            ("Index", Meanings.LinkIndex), ("PeerName", Meanings.PeerLink), ("PeerNamespace", Meanings.PeerNamespace), ("PeerIndex", Meanings.PeerIndex),
        ],
        ["NetBridge"] =
        [
            ("Namespace", Meanings.Namespace), ("Name", Meanings.Link), ("Index", Meanings.LinkIndex), ("BridgeId", Meanings.BridgeId),
            ("StpEnabled", Meanings.Flag), ("OperState", Meanings.State), ("Ports", Meanings.LinkList),
        ],
        ["BridgePort"] =
        [
            ("Namespace", Meanings.Namespace), ("Name", Meanings.Link), ("Index", Meanings.LinkIndex), ("Bridge", Meanings.Bridge),
            ("BridgeIndex", Meanings.BridgeIndex), ("OperState", Meanings.State), ("StpState", Meanings.State),
        ],
        ["NetAddress"] =
        [
            ("Namespace", Meanings.Namespace), ("Interface", Meanings.Link), ("InterfaceIndex", Meanings.LinkIndex), ("IPAddress", Meanings.Address),
            ("PrefixLength", Meanings.PrefixLength), ("Family", Meanings.Family), ("Scope", Meanings.Scope), ("Label", Meanings.AddressLabel),
            ("Broadcast", Meanings.Broadcast), ("Flags", Meanings.Flag), ("Cidr", Meanings.AddressWithPrefix),
            ("InterfaceAlias", Meanings.Link), ("AddressFamily", Meanings.Family), ("AddressState", Meanings.State),
        ],
        ["NetRoute"] =
        [
            ("Namespace", Meanings.Namespace), ("Family", Meanings.Family), ("Destination", Meanings.RouteDestination), ("Gateway", Meanings.Gateway),
            ("Interface", Meanings.Link), ("InterfaceIndex", Meanings.LinkIndex), ("Table", Meanings.Table), ("Metric", Meanings.Metric),
            ("Scope", Meanings.Scope), ("Protocol", Meanings.RouteProtocol), ("Type", Meanings.RouteType), ("PreferredSource", Meanings.Address),
            ("DestinationPrefix", Meanings.RouteDestination), ("NextHop", Meanings.Gateway), ("InterfaceAlias", Meanings.Link),
            ("RouteMetric", Meanings.Metric), ("AddressFamily", Meanings.Family), ("NextHops", Meanings.NextHops), ("IsMultipath", Meanings.Flag),
        ],
        // Selector and ActionText are the rule in iproute2's words, for the view; no parameter takes them.
        ["NetRoutingRule"] =
        [
            ("Namespace", Meanings.Namespace), ("Family", Meanings.Family), ("Priority", Meanings.RulePriority), ("From", Meanings.SourcePrefix),
            ("To", Meanings.RuleDestination), ("InInterface", Meanings.Link), ("OutInterface", Meanings.Link), ("FirewallMark", Meanings.FirewallMark),
            ("Table", Meanings.Table), ("Action", Meanings.RuleAction), ("Invert", Meanings.Flag), ("Protocol", Meanings.RouteProtocol),
            ("Flags", Meanings.Flag), ("Selector", Meanings.RuleText), ("ActionText", Meanings.RuleText),
        ],
        ["NatRule"] =
        [
            ("Namespace", Meanings.Namespace), ("Id", Meanings.NatRuleId), ("Kind", Meanings.NatKind), ("Family", Meanings.Family),
            ("Protocol", Meanings.L4Protocol), ("Source", Meanings.SourcePrefix), ("Destination", Meanings.NatMatchAddress), ("Port", Meanings.Port),
            ("OutInterface", Meanings.Link), ("ExcludeOutInterface", Meanings.Link), ("ToAddress", Meanings.NatTarget), ("ToPort", Meanings.Port),
            ("Chain", Meanings.NftChain), ("Handle", Meanings.NftHandle), ("OutputHandle", Meanings.NftHandle),
            ("StaticMappingID", Meanings.NatRuleId), ("ExternalIPAddress", Meanings.NatMatchAddress), ("ExternalPort", Meanings.Port),
            ("InternalIPAddress", Meanings.NatTarget), ("InternalPort", Meanings.Port),
        ],
        ["LinkImpairment"] =
        [
            ("Namespace", Meanings.Namespace), ("Interface", Meanings.Link), ("Index", Meanings.LinkIndex),
            ("Delay", Meanings.ImpairmentValue), ("Jitter", Meanings.ImpairmentValue), ("LossPercent", Meanings.ImpairmentValue),
            ("DuplicatePercent", Meanings.ImpairmentValue), ("CorruptPercent", Meanings.ImpairmentValue), ("ReorderPercent", Meanings.ImpairmentValue),
            ("Rate", Meanings.ImpairmentValue), ("Limit", Meanings.ImpairmentValue), ("BurstBytes", Meanings.ImpairmentValue),
            ("LimitBytes", Meanings.ImpairmentValue), ("Kind", Meanings.QdiscKind), ("Handle", Meanings.QdiscHandle), ("Summary", Meanings.ImpairmentValue),
        ],
        ["IPForwarding"] = [("Namespace", Meanings.Namespace), ("IPv4", Meanings.Flag), ("IPv6", Meanings.Flag)],
        ["NetFirewallRule"] =
        [
            ("Namespace", Meanings.Namespace), ("Rule", Meanings.FirewallRule), ("DisplayName", Meanings.FirewallDisplayName), ("Enabled", Meanings.Flag),
            ("Direction", Meanings.FirewallDirection), ("Action", Meanings.FirewallAction), ("Priority", Meanings.FirewallPriority),
            ("Protocol", Meanings.L4Protocol), ("LocalPort", Meanings.Port), ("RemotePort", Meanings.Port), ("LocalAddress", Meanings.Address),
            ("RemoteAddress", Meanings.RemoteHost), ("LocalAddressSet", Meanings.AddressSet), ("RemoteAddressSet", Meanings.AddressSet),
            ("Interface", Meanings.Link), ("OutInterface", Meanings.Link), ("ConnectionState", Meanings.ConnectionState), ("IcmpType", Meanings.IcmpType),
            ("Packets", Meanings.Count), ("Bytes", Meanings.Count), ("Chain", Meanings.NftChain), ("Handles", Meanings.NftHandle), ("Summary", Meanings.State),
        ],
        ["NetConnectionTrackingEntry"] =
        [
            ("Namespace", Meanings.Namespace), ("Family", Meanings.Family), ("Protocol", Meanings.L4Protocol), ("ProtocolNumber", Meanings.L4Protocol),
            ("State", Meanings.State), ("StateText", Meanings.State), ("SourceAddress", Meanings.Address), ("DestinationAddress", Meanings.RemoteHost),
            ("SourcePort", Meanings.Port), ("DestinationPort", Meanings.Port), ("ReplySourceAddress", Meanings.RemoteHost),
            ("ReplyDestinationAddress", Meanings.Address), ("ReplySourcePort", Meanings.Port), ("ReplyDestinationPort", Meanings.Port),
            ("IcmpId", Meanings.IcmpType), ("IcmpType", Meanings.IcmpType), ("IcmpCode", Meanings.IcmpType), ("Status", Meanings.Flag),
            ("Timeout", Meanings.Time), ("Mark", Meanings.FirewallMark), ("Zone", Meanings.ConntrackZone), ("EntryId", Meanings.ConntrackId),
            ("Packets", Meanings.Count), ("Bytes", Meanings.Count), ("ReplyPackets", Meanings.Count), ("ReplyBytes", Meanings.Count),
            ("SourceEndPoint", Meanings.State), ("DestinationEndPoint", Meanings.State), ("ReplyEndPoint", Meanings.State),
        ],
        ["NetFirewallDefault"] = [("Namespace", Meanings.Namespace), ("Direction", Meanings.FirewallDirection), ("Action", Meanings.FirewallAction), ("Chain", Meanings.NftChain)],
        ["NetFirewallAddressSet"] =
        [
            ("Namespace", Meanings.Namespace), ("AddressSet", Meanings.AddressSet), ("Family", Meanings.Family), ("Members", Meanings.AddressWithPrefix),
            ("MemberCount", Meanings.Count), ("UsedBy", Meanings.FirewallRule),
        ],
        ["LinkStatistic"] =
        [
            ("Namespace", Meanings.Namespace), ("Name", Meanings.Link), ("Index", Meanings.LinkIndex), ("OperState", Meanings.State),
            ("Timestamp", Meanings.Time), ("Interval", Meanings.Time),
        ],
        ["NetConnectionTestResult"] =
        [
            ("Namespace", Meanings.Namespace), ("ComputerName", Meanings.RemoteHost), ("RemoteAddress", Meanings.RemoteHost), ("RemotePort", Meanings.Port),
            ("Interface", Meanings.Link), ("SourceAddress", Meanings.Address), ("NextHop", Meanings.Gateway), ("Protocol", Meanings.L4Protocol),
            ("Succeeded", Meanings.Flag), ("TcpTestSucceeded", Meanings.Flag), ("PingSucceeded", Meanings.Flag), ("InterfaceAlias", Meanings.Link),
        ],
        ["NetSocket"] =
        [
            ("Namespace", Meanings.Namespace), ("Protocol", Meanings.L4Protocol), ("Family", Meanings.Family), ("State", Meanings.State),
            ("LocalAddress", Meanings.Address), ("LocalPort", Meanings.Port), ("RemoteAddress", Meanings.RemoteHost), ("RemotePort", Meanings.Port),
            ("BoundInterface", Meanings.Link), ("Inode", Meanings.SocketInode), ("ProcessId", Meanings.ProcessId), ("ProcessName", Meanings.ProcessName),
            ("OwningProcess", Meanings.ProcessId),
        ],
        ["NetPacket"] =
        [
            ("Namespace", Meanings.Namespace), ("Interface", Meanings.Link), ("Timestamp", Meanings.Time), ("Protocol", Meanings.L4Protocol),
            ("SourceAddress", Meanings.Address), ("DestinationAddress", Meanings.RemoteHost), ("SourcePort", Meanings.Port), ("DestinationPort", Meanings.Port),
            ("SourceMac", Meanings.Mac), ("DestinationMac", Meanings.Mac),
        ],
        // Subject is deliberately not "Name": it is a link name, an address, a route or an id depending on Kind.
        ["NetEvent"] =
        [
            ("Namespace", Meanings.Namespace), ("Interface", Meanings.Link), ("Kind", Meanings.EventKind), ("Action", Meanings.EventKind),
            ("Subject", Meanings.EventSubject), ("OldState", Meanings.State), ("NewState", Meanings.State), ("Timestamp", Meanings.Time),
        ],
        ["ContainerNetwork"] =
        [
            ("Namespace", Meanings.Namespace), ("NetworkNamespace", Meanings.NetworkNamespace), ("Network", Meanings.ContainerNetwork),
            ("NetworkId", Meanings.ContainerNetworkId), ("ShortId", Meanings.ContainerNetworkId), ("Driver", Meanings.NetworkDriver),
            ("Subnet", Meanings.SourcePrefix), ("Gateway", Meanings.Gateway), ("IPRange", Meanings.SourcePrefix), ("BridgeName", Meanings.Bridge),
            ("MacAddress", Meanings.Mac), ("Parent", Meanings.Link), ("Mode", Meanings.NetworkMode), ("Internal", Meanings.Flag), ("Mtu", Meanings.Mtu),
            ("Endpoints", Meanings.Count), ("Status", Meanings.State), ("Problem", Meanings.State), ("Created", Meanings.Time),
        ],
        ["ContainerEndpoint"] =
        [
            ("Namespace", Meanings.Namespace), ("Network", Meanings.ContainerNetwork), ("NetworkNamespace", Meanings.NetworkNamespace),
            ("Driver", Meanings.NetworkDriver), ("InterfaceName", Meanings.Link), ("IPAddress", Meanings.Address), ("PrefixLength", Meanings.PrefixLength),
            ("Gateway", Meanings.Gateway), ("MacAddress", Meanings.Mac), ("HostInterface", Meanings.PeerLink), ("Ports", Meanings.Port),
            ("Cidr", Meanings.AddressWithPrefix),
        ],
        ["NetLab"] =
        [
            ("Lab", Meanings.Lab), ("Prefix", Meanings.NamespacePrefix), ("Status", Meanings.State), ("Nodes", Meanings.LabNode),
            ("Links", Meanings.LinkList), ("Source", Meanings.DefinitionFile), ("Created", Meanings.Time), ("Problem", Meanings.State),
        ],
        // Namespace is the node's namespace, so `$lab.Nodes | Get-NetLink` lists each node's links.
        ["NetLabNode"] =
        [
            ("Lab", Meanings.Lab), ("Node", Meanings.LabNode), ("Kind", Meanings.LabNodeKind), ("Namespace", Meanings.Namespace),
            ("Addresses", Meanings.AddressWithPrefix), ("Routes", Meanings.RouteDestination), ("Forwarding", Meanings.Flag), ("State", Meanings.State),
        ],
        ["NetLabLink"] =
        [
            ("Lab", Meanings.Lab), ("EndA", Meanings.LabEnd), ("EndB", Meanings.LabEnd), ("ImpairmentA", Meanings.Impairment),
            ("ImpairmentB", Meanings.Impairment), ("State", Meanings.State),
        ],
        ["NetLabTestResult"] =
        [
            ("Lab", Meanings.Lab), ("Source", Meanings.LabNode), ("Target", Meanings.LabNode), ("TargetAddress", Meanings.RemoteHost),
            ("Reachable", Meanings.Flag), ("RttMs", Meanings.Time), ("Sent", Meanings.Count), ("Received", Meanings.Count),
            ("Expected", Meanings.Flag), ("Passed", Meanings.Flag), ("Message", Meanings.State),
        ],
        ["NetLabThroughput"] =
        [
            ("Lab", Meanings.Lab), ("Source", Meanings.LabNode), ("Target", Meanings.LabNode), ("TargetAddress", Meanings.RemoteHost),
            ("Link", Meanings.LabEnd), ("Bytes", Meanings.Count), ("Seconds", Meanings.Time), ("BitsPerSecond", Meanings.Count),
            ("Mbps", Meanings.Count), ("Throughput", Meanings.State),
        ],
        ["NetNeighbor"] =
        [
            ("Namespace", Meanings.Namespace), ("Interface", Meanings.Link), ("InterfaceIndex", Meanings.LinkIndex), ("IPAddress", Meanings.Address),
            ("LinkLayerAddress", Meanings.Mac), ("State", Meanings.State), ("StateText", Meanings.State), ("Family", Meanings.Family),
            ("IsRouter", Meanings.Flag), ("IsProxy", Meanings.NeighborProxy), ("UpdatedSecondsAgo", Meanings.Time),
            ("InterfaceAlias", Meanings.Link), ("AddressFamily", Meanings.Family),
        ],
        ["NetIPInterface"] =
        [
            ("Namespace", Meanings.Namespace), ("InterfaceIndex", Meanings.LinkIndex), ("ifIndex", Meanings.LinkIndex), ("InterfaceAlias", Meanings.Link),
            ("AddressFamily", Meanings.Family), ("NlMtu", Meanings.Mtu), ("Forwarding", Meanings.Flag), ("Dhcp", Meanings.Flag),
            ("ConnectionState", Meanings.LinkConnection),
        ],
        ["NetIPConfiguration"] =
        [
            ("Namespace", Meanings.Namespace), ("InterfaceAlias", Meanings.Link), ("InterfaceIndex", Meanings.LinkIndex), ("ifIndex", Meanings.LinkIndex),
            ("InterfaceDescription", Meanings.LinkAlias), ("Status", Meanings.State), ("IPv4Address", Meanings.AddressObjects),
            ("IPv6Address", Meanings.AddressObjects), ("IPv6LinkLocalAddress", Meanings.AddressObjects), ("IPv4DefaultGateway", Meanings.RouteObjects),
            ("IPv6DefaultGateway", Meanings.RouteObjects), ("DNSServer", Meanings.RemoteHost),
        ],
        ["NetNat"] =
        [
            ("Namespace", Meanings.Namespace), ("NatName", Meanings.NetNatName), ("InternalIPInterfaceAddressPrefix", Meanings.SourcePrefix),
            ("RuleId", Meanings.NatRuleId), ("StaticMappings", Meanings.Count),
        ],
        ["NetNatStaticMapping"] =
        [
            ("Namespace", Meanings.Namespace), ("NatName", Meanings.NetNatName), ("StaticMappingID", Meanings.NatRuleId), ("Protocol", Meanings.L4Protocol),
            ("ExternalIPAddress", Meanings.NatMatchAddress), ("ExternalPort", Meanings.Port), ("InternalIPAddress", Meanings.NatTarget),
            ("InternalPort", Meanings.Port),
        ],
        ["BridgeFdbEntry"] =
        [
            ("Namespace", Meanings.Namespace), ("MacAddress", Meanings.Mac), ("Interface", Meanings.Link), ("InterfaceIndex", Meanings.LinkIndex),
            ("Bridge", Meanings.Bridge), ("Vlan", Meanings.VlanId), ("RemoteAddress", Meanings.TunnelRemote), ("RemotePort", Meanings.TunnelPort),
            ("Vni", Meanings.Vni), ("State", Meanings.State), ("Flags", Meanings.Flag), ("Table", Meanings.Flag), ("UpdatedSecondsAgo", Meanings.Time),
        ],
        ["BridgeVlan"] =
        [
            ("Namespace", Meanings.Namespace), ("Interface", Meanings.Link), ("InterfaceIndex", Meanings.LinkIndex), ("Vlan", Meanings.VlanId),
            ("Pvid", Meanings.Flag), ("Untagged", Meanings.Flag), ("FlagsText", Meanings.Flag),
        ],
    });

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Build(Dictionary<string, (string, string)[]> source) =>
        source.ToDictionary(kv => kv.Key,
            kv => (IReadOnlyDictionary<string, string>)kv.Value.ToDictionary(p => p.Item1, p => p.Item2, StringComparer.OrdinalIgnoreCase),
            StringComparer.OrdinalIgnoreCase);

    /// <summary>The pipelines the contract promises; docs/help/about_LinuxNetPS.md must list at least these.</summary>
    public static readonly (string From, string To)[] RequiredPipelines =
    [
        ("New-NetNamespace", "New-VethPair"), ("New-NetNamespace", "New-NetBridge"), ("New-NetNamespace", "New-NetLink"),
        ("Get-NetNamespace", "Get-NetLink"), ("Get-NetNamespace", "Remove-NetNamespace"), ("Get-NetNamespace", "Invoke-NetNamespace"),
        ("New-VethPair", "Add-BridgePort"), ("New-VethPair", "Set-NetLink"), ("New-VethPair", "Add-NetAddress"),
        ("New-NetBridge", "Set-NetLink"), ("New-NetBridge", "Add-NetAddress"), ("New-NetLink", "Set-NetLink"),
        ("Get-NetLink", "Set-NetLink"), ("Get-NetLink", "Remove-NetLink"), ("Get-NetLink", "Move-NetLink"), ("Get-NetLink", "Add-NetAddress"),
        ("Get-NetLink", "Get-NetAddress"), ("Get-NetLink", "Add-BridgePort"),
        ("Get-BridgePort", "Remove-BridgePort"), ("Get-BridgePort", "Set-NetLink"),
        ("Get-NetAddress", "Remove-NetAddress"), ("Get-NetRoute", "Remove-NetRoute"), ("Get-NatRule", "Remove-NatRule"),
        ("Get-NetRoutingRule", "Remove-NetRoutingRule"),
        ("New-NetNamespace", "Connect-ContainerNetwork"), ("Get-NetNamespace", "Connect-ContainerNetwork"),
        ("Get-ContainerNetwork", "Remove-ContainerNetwork"), ("Get-ContainerNetwork", "Get-ContainerEndpoint"),
        ("Get-ContainerEndpoint", "Disconnect-ContainerNetwork"), ("Connect-ContainerNetwork", "Disconnect-ContainerNetwork"),
        ("New-NetLab", "Remove-NetLab"), ("Get-NetLab", "Remove-NetLab"), ("Get-NetLab", "Test-NetLab"), ("Get-NetLab", "Show-NetLab"),
        ("Get-NetNeighbor", "Remove-NetNeighbor"), ("Get-NetNeighbor", "Set-NetNeighbor"), ("Get-NetLink", "Get-NetNeighbor"),
        ("Get-NetLink", "Remove-NetNeighbor"), ("Get-NetLink", "New-NetNeighbor"),
        ("Get-BridgeFdb", "Remove-BridgeFdb"), ("Get-NetLink", "Get-BridgeFdb"), ("Get-BridgePort", "Add-BridgeFdb"),
        ("New-NetNamespace", "New-NetVxlan"), ("New-NetVxlan", "Add-NetAddress"), ("New-NetVxlan", "Add-BridgeFdb"),
        ("Get-NetConnectionTracking", "Remove-NetConnectionTracking"),
        ("Get-BridgeVlan", "Remove-BridgeVlan"), ("Get-BridgePort", "Add-BridgeVlan"), ("Get-BridgePort", "Get-BridgeVlan"),
    ];
}

/// <summary>The vocabulary of meanings. Two things with different meanings must never bind to each other.</summary>
internal static class Meanings
{
    public const string Namespace = "namespace";
    public const string FirewallRule = "firewall-rule";
    public const string FirewallDisplayName = "firewall-display-name";
    public const string FirewallDirection = "firewall-direction";
    public const string FirewallAction = "firewall-action";
    public const string FirewallPriority = "firewall-priority";
    public const string AddressSet = "address-set";
    public const string ConnectionState = "conntrack-state";
    public const string IcmpType = "icmp-type";
    public const string ConntrackZone = "conntrack-zone";
    public const string ConntrackId = "conntrack-id";
    public const string NamespaceObject = "namespace-object";
    public const string NamespaceFile = "namespace-file";
    public const string Inode = "inode";
    public const string Link = "link";
    public const string LinkObject = "link-object";
    public const string LinkList = "link-list";
    public const string LinkIndex = "link-index";
    public const string LinkKind = "link-kind";
    public const string LinkAlias = "link-alias";
    public const string Bridge = "bridge";
    public const string BridgeIndex = "bridge-index";
    public const string BridgeId = "bridge-id";
    public const string PeerLink = "peer-link";
    public const string PeerIndex = "peer-index";
    public const string PeerNamespace = "peer-namespace";
    public const string NetNsId = "netnsid";
    public const string State = "state";
    public const string Flag = "flag";
    public const string Mtu = "mtu";
    public const string Mac = "mac";
    public const string TxQueueLength = "txqueuelen";
    public const string Address = "address";
    public const string AddressWithPrefix = "address-prefix";
    public const string PrefixLength = "prefixlength";
    public const string AddressLabel = "address-label";
    public const string Broadcast = "broadcast";
    public const string Family = "family";
    public const string Scope = "scope";
    public const string RouteDestination = "route-destination";
    public const string Gateway = "gateway";
    public const string Table = "table";
    public const string Metric = "metric";
    public const string RouteProtocol = "route-protocol";
    public const string RouteType = "route-type";
    public const string NextHops = "next-hops";
    public const string RulePriority = "rule-priority";
    public const string RuleDestination = "rule-destination";
    public const string RuleAction = "rule-action";
    public const string RuleText = "rule-text";
    public const string FirewallMark = "firewall-mark";
    public const string NatRuleId = "nat-rule-id";
    public const string NatKind = "nat-kind";
    public const string NatMatchAddress = "nat-match-address";
    public const string NatTarget = "nat-target";
    public const string SourcePrefix = "source-prefix";
    public const string L4Protocol = "l4-protocol";
    public const string Port = "port";
    public const string NftChain = "nft-chain";
    public const string NftHandle = "nft-handle";
    public const string Time = "time";
    public const string RemoteHost = "remote-host";
    public const string SocketInode = "socket-inode";
    public const string ProcessId = "process-id";
    public const string ProcessName = "process-name";
    public const string EventKind = "event-kind";
    public const string EventSubject = "event-subject";
    public const string ContainerNetwork = "container-network";
    public const string ContainerNetworkId = "container-network-id";
    public const string NetworkNamespace = "network-namespace";
    public const string NetworkDriver = "network-driver";
    public const string NetworkMode = "network-mode";
    public const string Count = "count";
    public const string ImpairmentValue = "impairment-value";
    public const string QdiscKind = "qdisc-kind";
    public const string QdiscHandle = "qdisc-handle";
    public const string Lab = "lab";
    public const string LabNode = "lab-node";
    public const string LabNodeKind = "lab-node-kind";
    public const string LabEnd = "lab-link-end";
    public const string NamespacePrefix = "namespace-prefix";
    public const string DefinitionFile = "definition-file";
    public const string Impairment = "impairment";
    public const string NeighborProxy = "neighbor-proxy-table";
    public const string VlanId = "vlan-id";
    public const string TunnelRemote = "tunnel-remote";
    public const string TunnelPort = "tunnel-port";
    public const string Vni = "vni";
    public const string LinkConnection = "link-connection";
    public const string NetNatName = "netnat-name";
    public const string AddressObjects = "address-objects";
    public const string RouteObjects = "route-objects";
}
