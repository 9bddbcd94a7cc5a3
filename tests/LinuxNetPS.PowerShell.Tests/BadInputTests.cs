using System.Management.Automation;
using LinuxNetPS.PowerShell.Tests.Support;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// Wrong names, addresses, prefixes and namespaces through the cmdlet layer, as a user meets them:
/// one non-terminating ErrorRecord with the documented category and "Kind,Cmdlet" error id, a
/// message saying what is wrong (and naming the bad value), as TargetObject the object the cmdlet was
/// acting on (the link, address, rule or namespace of that pipeline input) — and nothing changed
/// (ip -j, nft -j and the namespace list compared before and after).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class BadInputTests(PowerShellSession ps) : IDisposable
{
    private const string TooLong = "abcdefghijklmnopq";   // 17 bytes; Linux allows 15
    private readonly Lab _lab = new();

    /// <param name="Script">Runs with $ns = a lab namespace holding br0, v0-v1 (10.5.0.1/24 on v0), $missing = a namespace that does not exist.</param>
    public sealed record Case(string Script, string Cmdlet, string Kind, ErrorCategory Category, string Target, string Message);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["namespace name with /"] = new("New-NetNamespace -Name 'a/b'", "NewNetNamespace", "InvalidNamespaceName", ErrorCategory.InvalidArgument, "a/b", "without '/'"),
        ["namespace that exists"] = new("New-NetNamespace -Name $ns", "NewNetNamespace", "NamespaceExists", ErrorCategory.ResourceExists, "$ns", "already exists"),
        ["-Namespace missing"] = new("Get-NetLink -Namespace $missing", "GetNetLink", "NamespaceNotFound", ErrorCategory.ObjectNotFound, "$missing", "does not exist"),
        ["-Namespace with /"] = new("Get-NetAddress -Namespace 'a/b'", "GetNetAddress", "InvalidNamespaceName", ErrorCategory.InvalidArgument, "a/b", "not a valid network namespace name"),
        ["-PeerNamespace missing"] = new("New-VethPair -Name q0 -PeerName q1 -PeerNamespace $missing -Namespace $ns", "NewVethPair", "NamespaceNotFound", ErrorCategory.ObjectNotFound, "q0", "does not exist"),
        ["-TargetNamespace missing"] = new("Move-NetLink -Name v0 -TargetNamespace $missing -Namespace $ns", "MoveNetLink", "NamespaceNotFound", ErrorCategory.ObjectNotFound, "v0", "does not exist"),
        ["Remove-NetNamespace missing"] = new("Remove-NetNamespace -Name $missing", "RemoveNetNamespace", "NamespaceNotFound", ErrorCategory.ObjectNotFound, "$missing", "does not exist"),
        ["Invoke-NetNamespace missing"] = new("Invoke-NetNamespace -Namespace $missing { 1 }", "InvokeNetNamespace", "NamespaceNotFound", ErrorCategory.ObjectNotFound, "$missing", "does not exist"),
        ["link name > 15 bytes"] = new($"New-NetBridge -Name {TooLong} -Namespace $ns", "NewNetBridge", "InterfaceNameTooLong", ErrorCategory.InvalidArgument, TooLong, "at most 15"),
        ["link name with /"] = new("New-NetBridge -Name 'a/b' -Namespace $ns", "NewNetBridge", "InvalidInterfaceName", ErrorCategory.InvalidArgument, "a/b", "'/'"),
        ["link that exists"] = new("New-NetBridge -Name br0 -Namespace $ns", "NewNetBridge", "LinkExists", ErrorCategory.ResourceExists, "br0", "already exists"),
        ["veth name that exists"] = new("New-VethPair -Name v0 -PeerName zz -Namespace $ns", "NewVethPair", "LinkExists", ErrorCategory.ResourceExists, "v0", "already exists"),
        ["veth peer name > 15 bytes"] = new($"New-VethPair -Name q0 -PeerName {TooLong} -Namespace $ns", "NewVethPair", "InterfaceNameTooLong", ErrorCategory.InvalidArgument, "q0", "at most 15"),
        ["unknown link (Set)"] = new("Set-NetLink -Name nolink -Up -Namespace $ns", "SetNetLink", "LinkNotFound", ErrorCategory.ObjectNotFound, "nolink", "no interface 'nolink'"),
        ["unknown link (Remove)"] = new("Remove-NetLink -Name nolink -Namespace $ns", "RemoveNetLink", "LinkNotFound", ErrorCategory.ObjectNotFound, "nolink", "no interface 'nolink'"),
        ["-NewName > 15 bytes"] = new($"Set-NetLink -Name v0 -NewName {TooLong} -Namespace $ns", "SetNetLink", "InterfaceNameTooLong", ErrorCategory.InvalidArgument, TooLong, "at most 15"),
        ["-Master unknown"] = new("Set-NetLink -Name v0 -Master nobridge -Namespace $ns", "SetNetLink", "BridgeNotFound", ErrorCategory.ObjectNotFound, "v0", "nobridge"),
        ["address prefix /33"] = new("Add-NetAddress -Address 10.0.0.1/33 -Interface v0 -Namespace $ns", "AddNetAddress", "InvalidPrefix", ErrorCategory.InvalidArgument, "10.0.0.1/33", "from 0 to 32"),
        ["address not an address"] = new("Add-NetAddress -Address bogus -Interface v0 -Namespace $ns", "AddNetAddress", "InvalidPrefix", ErrorCategory.InvalidArgument, "bogus", "not a valid IP address"),
        ["address on unknown link"] = new("Add-NetAddress -Address 10.0.0.1/24 -Interface nolink -Namespace $ns", "AddNetAddress", "LinkNotFound", ErrorCategory.ObjectNotFound, "10.0.0.1/24", "no interface 'nolink'"),
        ["address that exists"] = new("Add-NetAddress -Address 10.5.0.1/24 -Interface v0 -Namespace $ns", "AddNetAddress", "AddressExists", ErrorCategory.ResourceExists, "10.5.0.1/24", "10.5.0.1"),
        ["address not there (Remove)"] = new("Remove-NetAddress -Address 10.9.9.9/24 -Interface v0 -Namespace $ns", "RemoveNetAddress", "AddressNotFound", ErrorCategory.ObjectNotFound, "10.9.9.9/24", "does not have the address"),
        ["IPv4 gateway on an IPv6 route"] = new("Add-NetRoute -Destination fd00::/64 -Gateway 10.0.0.1 -Namespace $ns", "AddNetRoute", "InvalidArgument", ErrorCategory.InvalidArgument, "fd00::/64", "IPv6"),
        ["route prefix /99"] = new("Add-NetRoute -Destination 10.0.0.0/99 -Namespace $ns", "AddNetRoute", "InvalidPrefix", ErrorCategory.InvalidArgument, "10.0.0.0/99", "from 0 to 32"),
        ["route on unknown link"] = new("Add-NetRoute -Destination 10.8.0.0/24 -Interface nolink -Namespace $ns", "AddNetRoute", "LinkNotFound", ErrorCategory.ObjectNotFound, "10.8.0.0/24", "nolink"),
        ["route not there (Remove)"] = new("Remove-NetRoute -Destination 10.77.0.0/16 -Namespace $ns", "RemoveNetRoute", "RouteNotFound", ErrorCategory.ObjectNotFound, "10.77.0.0/16", "no such route"),
        ["bridge unknown"] = new("Add-BridgePort -Bridge nobridge -Name v0 -Namespace $ns", "AddBridgePort", "BridgeNotFound", ErrorCategory.ObjectNotFound, "v0", "no bridge 'nobridge'"),
        ["bridge that is a veth"] = new("Add-BridgePort -Bridge v1 -Name v0 -Namespace $ns", "AddBridgePort", "NotABridge", ErrorCategory.ObjectNotFound, "v0", "veth"),
        ["port 0"] = new("Add-PortForward -Protocol tcp -Port 0 -ToAddress 10.5.0.2 -Namespace $ns", "AddPortForward", "InvalidPort", ErrorCategory.InvalidArgument, "0", "1 to 65535"),
        ["port 70000"] = new("Add-PortForward -Protocol tcp -Port 70000 -ToAddress 10.5.0.2 -Namespace $ns", "AddPortForward", "InvalidPort", ErrorCategory.InvalidArgument, "70000", "1 to 65535"),
        ["unknown protocol"] = new("Add-PortForward -Protocol icmp -Port 80 -ToAddress 10.5.0.2 -Namespace $ns", "AddPortForward", "InvalidProtocol", ErrorCategory.InvalidArgument, "80", "'tcp', 'udp' and 'sctp'"),
        ["-ToAddress not an address"] = new("Add-PortForward -Protocol tcp -Port 80 -ToAddress x.y -Namespace $ns", "AddPortForward", "InvalidAddress", ErrorCategory.InvalidArgument, "80", "not a valid IP address"),
        ["masquerade prefix /40"] = new("Enable-Masquerade -Source 10.0.0.0/40 -Namespace $ns", "EnableMasquerade", "InvalidPrefix", ErrorCategory.InvalidArgument, "10.0.0.0/40", "from 0 to 32"),
        ["masquerade -OutInterface > 15 bytes"] = new($"Enable-Masquerade -Source 10.0.0.0/8 -OutInterface {TooLong} -Namespace $ns", "EnableMasquerade", "InterfaceNameTooLong", ErrorCategory.InvalidArgument, "10.0.0.0/8", "at most 15"),
        ["source NAT prefix /40"] = new("Add-SourceNat -Source 10.0.0.0/40 -ToAddress 10.5.0.1 -Namespace $ns", "AddSourceNat", "InvalidPrefix", ErrorCategory.InvalidArgument, "10.0.0.0/40", "from 0 to 32"),
        ["NAT rule id unknown"] = new("Remove-NatRule -Id nope -Namespace $ns", "RemoveNatRule", "NatRuleNotFound", ErrorCategory.ObjectNotFound, "nope", "no LinuxNetPS NAT rule"),
        ["-Parent unknown"] = new("New-NetLink -Name mv0 -Kind macvlan -Parent nolink -Namespace $ns", "NewNetLink", "LinkNotFound", ErrorCategory.ObjectNotFound, "mv0", "nolink"),
        ["-MacAddress malformed (New)"] = new("New-NetLink -Name b9 -Kind bridge -MacAddress zz:zz -Namespace $ns", "NewNetLink", "InvalidMacAddress", ErrorCategory.InvalidArgument, "b9", "zz:zz"),
        ["-MacAddress malformed (Set)"] = new("Set-NetLink -Name v0 -MacAddress 02:00:00:00:00 -Namespace $ns", "SetNetLink", "InvalidMacAddress", ErrorCategory.InvalidArgument, "v0", "02:00:00:00:00"),
        ["-Master not a bridge"] = new("Set-NetLink -Name v0 -Master v1 -Namespace $ns", "SetNetLink", "NotABridge", ErrorCategory.InvalidArgument, "v0", "v1"),
        ["Move-NetLink -NewName > 15 bytes"] = new($"Move-NetLink -Name v0 -TargetNamespace $ns -NewName {TooLong} -Namespace $ns", "MoveNetLink", "InterfaceNameTooLong", ErrorCategory.InvalidArgument, "v0", "at most 15"),
        ["Remove-NetNamespace name with /"] = new("Remove-NetNamespace -Name 'a/b'", "RemoveNetNamespace", "InvalidNamespaceName", ErrorCategory.InvalidArgument, "a/b", "'/'"),
        ["Invoke-NetNamespace name with /"] = new("Invoke-NetNamespace -Namespace 'a/b' { 1 }", "InvokeNetNamespace", "InvalidNamespaceName", ErrorCategory.InvalidArgument, "a/b", "'/'"),
        ["Enable-IPForwarding missing namespace"] = new("Enable-IPForwarding -Namespace $missing", "EnableIPForwarding", "NamespaceNotFound", ErrorCategory.ObjectNotFound, "$missing", "does not exist"),
        ["Get-NetAddress unknown link"] = new("Get-NetAddress -Interface nolink -Namespace $ns", "GetNetAddress", "LinkNotFound", ErrorCategory.ObjectNotFound, "nolink", "no interface 'nolink'"),
        ["Get-BridgePort unknown bridge"] = new("Get-BridgePort -Bridge nobridge -Namespace $ns", "GetBridgePort", "BridgeNotFound", ErrorCategory.ObjectNotFound, "nobridge", "nobridge"),
        ["Remove-BridgePort not a port"] = new("Remove-BridgePort -Name v0 -Namespace $ns", "RemoveBridgePort", "NotABridgePort", ErrorCategory.ObjectNotFound, "v0", "not a port of any bridge"),
        ["-Broadcast not an address"] = new("Add-NetAddress -Address 10.6.0.1/24 -Broadcast 10.6.0 -Interface v0 -Namespace $ns", "AddNetAddress", "InvalidAddress", ErrorCategory.InvalidArgument, "10.6.0.1/24", "10.6.0"),
        ["-Source not an address (route)"] = new("Add-NetRoute -Destination 10.8.0.0/24 -Interface v0 -Source 10.5.0 -Namespace $ns", "AddNetRoute", "InvalidAddress", ErrorCategory.InvalidArgument, "10.8.0.0/24", "10.5.0"),
        ["-Table unknown"] = new("Add-NetRoute -Destination 10.8.0.0/24 -Interface v0 -Table nosuchtable -Namespace $ns", "AddNetRoute", "InvalidRouteTable", ErrorCategory.InvalidArgument, "10.8.0.0/24", "nosuchtable"),
        ["-Gateway not an address"] = new("Add-NetRoute -Destination 10.8.0.0/24 -Gateway 10.5.0 -Namespace $ns", "AddNetRoute", "InvalidAddress", ErrorCategory.InvalidArgument, "10.8.0.0/24", "10.5.0"),
        ["-Destination garbage (route)"] = new("Add-NetRoute -Destination nowhere -Interface v0 -Namespace $ns", "AddNetRoute", "InvalidPrefix", ErrorCategory.InvalidArgument, "nowhere", "nowhere"),
        ["Disable-Masquerade prefix /40"] = new("Disable-Masquerade -Source 10.0.0.0/40 -Namespace $ns", "DisableMasquerade", "InvalidPrefix", ErrorCategory.InvalidArgument, "10.0.0.0/40", "from 0 to 32"),
        ["port forward -Destination not an address"] = new("Add-PortForward -Protocol tcp -Port 80 -ToAddress 10.5.0.2 -Destination 1.2.3 -Namespace $ns", "AddPortForward", "InvalidAddress", ErrorCategory.InvalidArgument, "80", "1.2.3"),
        ["port forward -ToPort 0"] = new("Add-PortForward -Protocol tcp -Port 80 -ToAddress 10.5.0.2 -ToPort 0 -Namespace $ns", "AddPortForward", "InvalidPort", ErrorCategory.InvalidArgument, "80", "0"),
        ["port forward reversed range"] = new("Add-PortForward -Protocol tcp -Port 8010-8000 -ToAddress 10.5.0.2 -Namespace $ns", "AddPortForward", "InvalidPort", ErrorCategory.InvalidArgument, "8010-8000", "8010-8000"),
        ["Remove-PortForward port 70000"] = new("Remove-PortForward -Protocol tcp -Port 70000 -ToAddress 10.5.0.2 -Namespace $ns", "RemovePortForward", "InvalidPort", ErrorCategory.InvalidArgument, "70000", "1 to 65535"),
        ["source NAT -ToAddress not an address"] = new("Add-SourceNat -Source 10.0.0.0/8 -ToAddress 10.5 -Namespace $ns", "AddSourceNat", "InvalidAddress", ErrorCategory.InvalidArgument, "10.0.0.0/8", "10.5"),
        ["source NAT -OutInterface with /"] = new("Add-SourceNat -Source 10.0.0.0/8 -ToAddress 10.5.0.1 -OutInterface 'a/b' -Namespace $ns", "AddSourceNat", "InvalidInterfaceName", ErrorCategory.InvalidArgument, "10.0.0.0/8", "'/'"),
        ["link kind the kernel lacks"] = new("New-NetLink -Name d0 -Kind dummy -Namespace $ns", "NewNetLink", "LinkKindNotSupported", ErrorCategory.NotImplemented, "d0", "dummy"),
        ["-Alias of 70,000 characters"] = new("Set-NetLink -Name v0 -Alias ('a' * 70000) -Namespace $ns", "SetNetLink", "InvalidArgument", ErrorCategory.InvalidArgument, "v0", "at most 255 bytes"),
        ["-Alias of 300 bytes"] = new("Set-NetLink -Name v0 -Alias ('a' * 300) -Namespace $ns", "SetNetLink", "InvalidArgument", ErrorCategory.InvalidArgument, "v0", "at most 255 bytes"),
        ["-Alias with NUL"] = new("Set-NetLink -Name v0 -Alias \"up`0link\" -Namespace $ns", "SetNetLink", "InvalidArgument", ErrorCategory.InvalidArgument, "v0", "NUL"),
        ["link name with NUL"] = new("New-NetBridge -Name \"b`0x\" -Namespace $ns", "NewNetBridge", "InvalidInterfaceName", ErrorCategory.InvalidArgument, "b\0x", "control character"),
        ["-Namespace with NUL"] = new("Get-NetLink -Namespace \"/run/netns/x`0y\"", "GetNetLink", "InvalidArgument", ErrorCategory.InvalidArgument, "/run/netns/x\0y", "NUL"),
        ["blank -Interface (route)"] = new("Add-NetRoute -Destination 10.8.0.0/24 -Interface ' ' -Namespace $ns", "AddNetRoute", "InvalidInterfaceName", ErrorCategory.InvalidArgument, "10.8.0.0/24", "space"),
        ["blank -Table (route)"] = new("Add-NetRoute -Destination 10.8.0.0/24 -Interface v0 -Table ' ' -Namespace $ns", "AddNetRoute", "InvalidArgument", ErrorCategory.InvalidArgument, "10.8.0.0/24", "blank"),
        ["blank -Gateway (route)"] = new("Add-NetRoute -Destination 10.8.0.0/24 -Gateway ' ' -Namespace $ns", "AddNetRoute", "InvalidAddress", ErrorCategory.InvalidArgument, "10.8.0.0/24", "required"),
        ["blank -Table (Get-NetRoute)"] = new("Get-NetRoute -Table ' ' -Namespace $ns", "GetNetRoute", "InvalidArgument", ErrorCategory.InvalidArgument, "$ns", "blank"),
        ["blank -Bridge (Remove-BridgePort)"] = new("Remove-BridgePort -Name v0 -Bridge ' ' -Namespace $ns", "RemoveBridgePort", "InvalidInterfaceName", ErrorCategory.InvalidArgument, "v0", "space"),
        ["Get-NetRoute -Interface unknown"] = new("Get-NetRoute -Interface nosuchif -Namespace $ns", "GetNetRoute", "LinkNotFound", ErrorCategory.ObjectNotFound, "$ns", "no interface 'nosuchif'"),
        ["-WhatIf Move-NetLink to a missing namespace"] = new("Move-NetLink -Name v0 -TargetNamespace $missing -Namespace $ns -WhatIf", "MoveNetLink", "NamespaceNotFound", ErrorCategory.ObjectNotFound, "v0", "does not exist"),
        ["-WhatIf New-VethPair into a missing namespace"] = new("New-VethPair -Name q0 -PeerName q1 -PeerNamespace $missing -Namespace $ns -WhatIf", "NewVethPair", "NamespaceNotFound", ErrorCategory.ObjectNotFound, "q0", "does not exist"),
        ["rule priority taken"] = new("Add-NetRoutingRule -From 10.1.0.0/24 -Table 100 -Priority 32766 -Namespace $ns", "AddNetRoutingRule", "RoutingRuleExists", ErrorCategory.ResourceExists, "32766", "lookup main"),
        ["rule -Table unknown"] = new("Add-NetRoutingRule -From 10.1.0.0/24 -Table nosuchtable -Priority 100 -Namespace $ns", "AddNetRoutingRule", "InvalidRouteTable", ErrorCategory.InvalidArgument, "100", "nosuchtable"),
        ["rule -Table all"] = new("Add-NetRoutingRule -From 10.1.0.0/24 -Table all -Priority 100 -Namespace $ns", "AddNetRoutingRule", "InvalidRouteTable", ErrorCategory.InvalidArgument, "100", "one table"),
        ["rule -From /33"] = new("Add-NetRoutingRule -From 10.1.0.0/33 -Table 100 -Namespace $ns", "AddNetRoutingRule", "InvalidPrefix", ErrorCategory.InvalidArgument, "$ns", "from 0 to 32"),
        ["rule -To garbage"] = new("Add-NetRoutingRule -To nowhere -Table 100 -Namespace $ns", "AddNetRoutingRule", "InvalidPrefix", ErrorCategory.InvalidArgument, "$ns", "nowhere"),
        ["rule -From with host bits"] = new("Add-NetRoutingRule -From 10.1.0.7/24 -Table 100 -Namespace $ns", "AddNetRoutingRule", "InvalidPrefix", ErrorCategory.InvalidArgument, "$ns", "10.1.0.0/24"),
        ["rule -From and -To of two families"] = new("Add-NetRoutingRule -From 10.1.0.0/24 -To fd00::/64 -Table 100 -Namespace $ns", "AddNetRoutingRule", "InvalidAddressFamily", ErrorCategory.InvalidArgument, "$ns", "IPv6"),
        ["rule -FirewallMark not a number"] = new("Add-NetRoutingRule -FirewallMark 0xzz -Table 100 -Namespace $ns", "AddNetRoutingRule", "InvalidFirewallMark", ErrorCategory.InvalidArgument, "$ns", "0xzz"),
        ["rule -FirewallMark over 32 bits"] = new("Add-NetRoutingRule -FirewallMark 4294967296 -Table 100 -Namespace $ns", "AddNetRoutingRule", "InvalidFirewallMark", ErrorCategory.InvalidArgument, "$ns", "0xffffffff"),
        ["rule -FirewallMark bad mask"] = new("Add-NetRoutingRule -FirewallMark 0x10/ -Table 100 -Namespace $ns", "AddNetRoutingRule", "InvalidFirewallMark", ErrorCategory.InvalidArgument, "$ns", "0x10/"),
        ["rule -InInterface unknown"] = new("Add-NetRoutingRule -InInterface nolink -Table 100 -Namespace $ns", "AddNetRoutingRule", "LinkNotFound", ErrorCategory.ObjectNotFound, "$ns", "nolink"),
        ["rule -OutInterface > 15 bytes"] = new($"Add-NetRoutingRule -OutInterface {TooLong} -Table 100 -Namespace $ns", "AddNetRoutingRule", "InterfaceNameTooLong", ErrorCategory.InvalidArgument, "$ns", "at most 15"),
        ["rule -Action Blackhole with -Table"] = new("Add-NetRoutingRule -From 10.1.0.0/24 -Action Blackhole -Table 100 -Namespace $ns", "AddNetRoutingRule", "ParameterConflict", ErrorCategory.InvalidArgument, "$ns", "no table"),
        ["rule without table or action"] = new("Add-NetRoutingRule -From 10.1.0.0/24 -Namespace $ns", "AddNetRoutingRule", "InvalidArgument", ErrorCategory.InvalidArgument, "$ns", "Say where"),
        ["rule -Namespace missing"] = new("Get-NetRoutingRule -Namespace $missing", "GetNetRoutingRule", "NamespaceNotFound", ErrorCategory.ObjectNotFound, "$missing", "does not exist"),
        ["rule not there (Remove)"] = new("Remove-NetRoutingRule -Priority 4242 -Namespace $ns", "RemoveNetRoutingRule", "RoutingRuleNotFound", ErrorCategory.ObjectNotFound, "4242", "no rule 4242"),
        ["rule of the other table (Remove)"] = new("Remove-NetRoutingRule -Priority 32766 -Table 100 -Namespace $ns", "RemoveNetRoutingRule", "RoutingRuleNotFound", ErrorCategory.ObjectNotFound, "32766", "lookup 100"),
        ["multipath -Weight 0"] = new("Add-NetRoute -Destination 10.8.0.0/24 -Gateway 10.5.0.2, 10.5.0.3 -Weight 0, 1 -Namespace $ns", "AddNetRoute", "InvalidNextHop", ErrorCategory.InvalidArgument, "10.8.0.0/24", "from 1 to 256"),
        ["multipath -Weight 257"] = new("Add-NetRoute -Destination 10.8.0.0/24 -Gateway 10.5.0.2, 10.5.0.3 -Weight 1, 257 -Namespace $ns", "AddNetRoute", "InvalidNextHop", ErrorCategory.InvalidArgument, "10.8.0.0/24", "from 1 to 256"),
        ["multipath of two families"] = new("Add-NetRoute -Destination 10.8.0.0/24 -Gateway 10.5.0.2, fd00::2 -Namespace $ns", "AddNetRoute", "InvalidNextHop", ErrorCategory.InvalidArgument, "10.8.0.0/24", "IPv6"),
        ["multipath weights that do not pair up"] = new("Add-NetRoute -Destination 10.8.0.0/24 -Gateway 10.5.0.2, 10.5.0.3 -Weight 1 -Namespace $ns", "AddNetRoute", "InvalidNextHop", ErrorCategory.InvalidArgument, "10.8.0.0/24", "one -Weight per next hop"),
        ["-Weight with one gateway"] = new("Add-NetRoute -Destination 10.8.0.0/24 -Gateway 10.5.0.2 -Weight 2 -Namespace $ns", "AddNetRoute", "InvalidNextHop", ErrorCategory.InvalidArgument, "10.8.0.0/24", "two or more next hops"),
        ["multipath gateway not an address"] = new("Add-NetRoute -Destination 10.8.0.0/24 -Gateway 10.5.0.2, 10.5.0 -Namespace $ns", "AddNetRoute", "InvalidAddress", ErrorCategory.InvalidArgument, "10.8.0.0/24", "10.5.0"),
        ["multipath on unknown link"] = new("Set-NetRoute -Destination 10.8.0.0/24 -Gateway 10.5.0.2, 10.5.0.3 -Interface v0, nolink -Namespace $ns", "SetNetRoute", "LinkNotFound", ErrorCategory.ObjectNotFound, "10.8.0.0/24", "nolink"),
        ["multipath blackhole"] = new("Add-NetRoute -Destination 10.8.0.0/24 -Gateway 10.5.0.2, 10.5.0.3 -Type Blackhole -Namespace $ns", "AddNetRoute", "InvalidNextHop", ErrorCategory.InvalidArgument, "10.8.0.0/24", "Only unicast"),
        ["neighbour MAC malformed"] = new("New-NetNeighbor -Address 10.5.0.9 -Interface v0 -LinkLayerAddress 02:00:zz:00:00:01 -Namespace $ns", "NewNetNeighbor", "InvalidMacAddress", ErrorCategory.InvalidArgument, "10.5.0.9", "02:00:zz:00:00:01"),
        ["neighbour address not an address"] = new("New-NetNeighbor -Address 10.5.0 -Interface v0 -LinkLayerAddress 02:00:00:00:00:01 -Namespace $ns", "NewNetNeighbor", "InvalidAddress", ErrorCategory.InvalidArgument, "10.5.0", "10.5.0"),
        ["neighbour on unknown link"] = new("New-NetNeighbor -Address 10.5.0.9 -Interface nolink -LinkLayerAddress 02:00:00:00:00:01 -Namespace $ns", "NewNetNeighbor", "LinkNotFound", ErrorCategory.ObjectNotFound, "10.5.0.9", "no interface 'nolink'"),
        ["neighbour state unknown"] = new("New-NetNeighbor -Address 10.5.0.9 -Interface v0 -LinkLayerAddress 02:00:00:00:00:01 -State Sleepy -Namespace $ns", "NewNetNeighbor", "InvalidNeighborState", ErrorCategory.InvalidArgument, "10.5.0.9", "Sleepy"),
        ["neighbour not there (Remove)"] = new("Remove-NetNeighbor -Address 10.5.0.99 -Interface v0 -Namespace $ns", "RemoveNetNeighbor", "NeighborNotFound", ErrorCategory.ObjectNotFound, "10.5.0.99", "no neighbour entry"),
        ["neighbour not there (Set)"] = new("Set-NetNeighbor -Address 10.5.0.99 -Interface v0 -State Reachable -Namespace $ns", "SetNetNeighbor", "NeighborNotFound", ErrorCategory.ObjectNotFound, "10.5.0.99", "no neighbour entry"),
        ["neighbours of a missing namespace"] = new("Get-NetNeighbor -Namespace $missing", "GetNetNeighbor", "NamespaceNotFound", ErrorCategory.ObjectNotFound, "$missing", "does not exist"),
        ["FDB MAC malformed"] = new("Add-BridgeFdb -MacAddress 02:00:00:00:01 -Interface v0 -Namespace $ns", "AddBridgeFdb", "InvalidMacAddress", ErrorCategory.InvalidArgument, "02:00:00:00:01", "02:00:00:00:01"),
        ["FDB VLAN 4095"] = new("Add-BridgeFdb -MacAddress 02:00:00:00:00:01 -Interface v0 -Vlan 4095 -Namespace $ns", "AddBridgeFdb", "InvalidVlanId", ErrorCategory.InvalidArgument, "02:00:00:00:00:01", "1 to 4094"),
        ["FDB -Destination not an address"] = new("Add-BridgeFdb -MacAddress 00:00:00:00:00:00 -Interface v0 -Destination 10.5 -Namespace $ns", "AddBridgeFdb", "InvalidAddress", ErrorCategory.InvalidArgument, "00:00:00:00:00:00", "10.5"),
        ["FDB on unknown link"] = new("Add-BridgeFdb -MacAddress 02:00:00:00:00:01 -Interface nolink -Namespace $ns", "AddBridgeFdb", "LinkNotFound", ErrorCategory.ObjectNotFound, "02:00:00:00:00:01", "no interface 'nolink'"),
        ["FDB of an unknown bridge"] = new("Get-BridgeFdb -Bridge nobridge -Namespace $ns", "GetBridgeFdb", "BridgeNotFound", ErrorCategory.ObjectNotFound, "nobridge", "nobridge"),
        ["FDB entry not there (Remove)"] = new("Remove-BridgeFdb -MacAddress 02:00:00:00:00:77 -Interface br0 -Namespace $ns", "RemoveBridgeFdb", "FdbEntryNotFound", ErrorCategory.ObjectNotFound, "02:00:00:00:00:77", "no FDB entry"),
        ["VLAN 0"] = new("Add-BridgeVlan -Vlan 0 -Interface v0 -Namespace $ns", "AddBridgeVlan", "InvalidVlanId", ErrorCategory.InvalidArgument, "v0", "1 to 4094"),
        ["VLAN range backwards"] = new("Add-BridgeVlan -Vlan 20-10 -Interface v0 -Namespace $ns", "AddBridgeVlan", "InvalidVlanId", ErrorCategory.InvalidArgument, "v0", "backwards"),
        ["VLAN on a link that is no port"] = new("Add-BridgeVlan -Vlan 10 -Interface v0 -Namespace $ns", "AddBridgeVlan", "NotABridgePort", ErrorCategory.ObjectNotFound, "v0", "neither a bridge nor a port"),
        ["VLAN not there (Remove)"] = new("Remove-BridgeVlan -Vlan 300 -Interface br0 -Namespace $ns", "RemoveBridgeVlan", "BridgeVlanNotFound", ErrorCategory.ObjectNotFound, "br0", "does not have VLAN 300"),
        ["VLANs of a missing namespace"] = new("Get-BridgeVlan -Namespace $missing", "GetBridgeVlan", "NamespaceNotFound", ErrorCategory.ObjectNotFound, "$missing", "does not exist"),
        ["vxlan -Vni 0"] = new("New-NetVxlan -Name vx9 -Namespace $ns -Vni 0", "NewNetVxlan", "InvalidVni", ErrorCategory.InvalidArgument, "vx9", "from 1 to 16777215"),
        ["vxlan -Vni 16777216"] = new("New-NetVxlan -Name vx9 -Namespace $ns -Vni 16777216", "NewNetVxlan", "InvalidVni", ErrorCategory.InvalidArgument, "vx9", "from 1 to 16777215"),
        ["vxlan -Remote not an address"] = new("New-NetVxlan -Name vx9 -Namespace $ns -Vni 42 -Remote 10.0.0", "NewNetVxlan", "InvalidAddress", ErrorCategory.InvalidArgument, "vx9", "10.0.0"),
        ["vxlan -Remote with a prefix length"] = new("New-NetVxlan -Name vx9 -Namespace $ns -Vni 42 -Remote 10.0.0.2/24", "NewNetVxlan", "InvalidAddress", ErrorCategory.InvalidArgument, "vx9", "without a prefix length"),
        ["vxlan -Remote multicast"] = new("New-NetVxlan -Name vx9 -Namespace $ns -Vni 42 -Remote 239.1.1.1", "NewNetVxlan", "InvalidVxlanAddress", ErrorCategory.InvalidArgument, "vx9", "give it as -Group"),
        ["vxlan -Group not multicast"] = new("New-NetVxlan -Name vx9 -Namespace $ns -Vni 42 -Group 10.0.0.2 -Device v0", "NewNetVxlan", "InvalidVxlanAddress", ErrorCategory.InvalidArgument, "vx9", "not a multicast address"),
        ["vxlan -Group not an address"] = new("New-NetVxlan -Name vx9 -Namespace $ns -Vni 42 -Group 239.1", "NewNetVxlan", "InvalidAddress", ErrorCategory.InvalidArgument, "vx9", "239.1"),
        ["vxlan -Remote with -Group"] = new("New-NetVxlan -Name vx9 -Namespace $ns -Vni 42 -Remote 10.0.0.2 -Group 239.1.1.1", "NewNetVxlan", "ParameterConflict", ErrorCategory.InvalidArgument, "vx9", "not both"),
        ["vxlan -Local of the other family"] = new("New-NetVxlan -Name vx9 -Namespace $ns -Vni 42 -Local fd00::1 -Remote 10.0.0.2", "NewNetVxlan", "InvalidAddressFamily", ErrorCategory.InvalidArgument, "vx9", "different families"),
        ["vxlan -Local multicast"] = new("New-NetVxlan -Name vx9 -Namespace $ns -Vni 42 -Local 224.0.0.5", "NewNetVxlan", "InvalidVxlanAddress", ErrorCategory.InvalidArgument, "vx9", "-Local 224.0.0.5"),
        ["vxlan -Local not an address"] = new("New-NetVxlan -Name vx9 -Namespace $ns -Vni 42 -Local bogus", "NewNetVxlan", "InvalidAddress", ErrorCategory.InvalidArgument, "vx9", "bogus"),
        ["vxlan -DestinationPort 0"] = new("New-NetVxlan -Name vx9 -Namespace $ns -Vni 42 -DestinationPort 0", "NewNetVxlan", "InvalidPort", ErrorCategory.InvalidArgument, "vx9", "1 to 65535"),
        ["vxlan -DestinationPort 70000"] = new("New-NetVxlan -Name vx9 -Namespace $ns -Vni 42 -DestinationPort 70000", "NewNetVxlan", "InvalidPort", ErrorCategory.InvalidArgument, "vx9", "1 to 65535"),
        ["vxlan -Ttl 0"] = new("New-NetVxlan -Name vx9 -Namespace $ns -Vni 42 -Ttl 0", "NewNetVxlan", "InvalidTtl", ErrorCategory.InvalidArgument, "vx9", "from 1 to 255"),
        ["vxlan -Ttl 256"] = new("New-NetVxlan -Name vx9 -Namespace $ns -Vni 42 -Ttl 256", "NewNetVxlan", "InvalidTtl", ErrorCategory.InvalidArgument, "vx9", "from 1 to 255"),
        ["vxlan -Device unknown"] = new("New-NetVxlan -Name vx9 -Namespace $ns -Vni 42 -Device nolink", "NewNetVxlan", "LinkNotFound", ErrorCategory.ObjectNotFound, "vx9", "nolink"),
        ["vxlan -Device > 15 bytes"] = new($"New-NetVxlan -Name vx9 -Namespace $ns -Vni 42 -Device {TooLong}", "NewNetVxlan", "InterfaceNameTooLong", ErrorCategory.InvalidArgument, "vx9", "at most 15"),
        ["vxlan -Master unknown"] = new("New-NetVxlan -Name vx9 -Namespace $ns -Vni 42 -Master nobridge", "NewNetVxlan", "BridgeNotFound", ErrorCategory.ObjectNotFound, "vx9", "nobridge"),
        ["vxlan -Master not a bridge"] = new("New-NetVxlan -Name vx9 -Namespace $ns -Vni 42 -Master v0", "NewNetVxlan", "NotABridge", ErrorCategory.InvalidArgument, "vx9", "v0"),
        ["vxlan -MacAddress malformed"] = new("New-NetVxlan -Name vx9 -Namespace $ns -Vni 42 -MacAddress 02:00:zz:00:00:01", "NewNetVxlan", "InvalidMacAddress", ErrorCategory.InvalidArgument, "vx9", "02:00:zz:00:00:01"),
        ["vxlan name that exists"] = new("New-NetVxlan -Name br0 -Vni 42 -Namespace $ns", "NewNetVxlan", "LinkExists", ErrorCategory.ResourceExists, "br0", "already exists"),
        ["vxlan name > 15 bytes"] = new($"New-NetVxlan -Name {TooLong} -Vni 42 -Namespace $ns", "NewNetVxlan", "InterfaceNameTooLong", ErrorCategory.InvalidArgument, TooLong, "at most 15"),
        ["-Namespace a plain file"] = new("Get-NetLink -Namespace /etc/hostname", "GetNetLink", "NotANamespace", ErrorCategory.InvalidArgument, "/etc/hostname", "not a network namespace"),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    private string Setup()
    {
        var ns = _lab.Create("a");
        Ip.Run($"-n {ns} link add br0 type bridge");
        Ip.Run($"-n {ns} link add v0 type veth peer name v1");
        Ip.Run($"-n {ns} addr add 10.5.0.1/24 dev v0");
        return ns;
    }

    /// <summary>The lab's namespaces and everything in the one under test, for "nothing changed".</summary>
    private string State(string ns) => string.Join(",", _lab.Existing()) + "\n" + Oracle.Snapshot(ns);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Bad_input_is_one_clear_error_and_changes_nothing(string name)
    {
        var c = Cases[name];
        var ns = Setup();
        var missing = _lab.Ns("missing");
        var before = State(ns);

        var result = ps.Run($"$ns, $missing = $args; {c.Script}", ns, missing);

        Assert.True(result.Terminating is null, $"terminating instead of non-terminating: {result.Describe()}");
        var error = Assert.Single(result.Errors);
        Assert.Equal(c.Category, error.CategoryInfo.Category);
        Assert.Equal($"{c.Kind},LinuxNetPS.Commands.{c.Cmdlet}Command", error.FullyQualifiedErrorId);
        var target = c.Target.Replace("$ns", ns).Replace("$missing", missing);
        Assert.Equal(target, error.TargetObject?.ToString());
        Assert.Contains(c.Message, error.Exception.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(result.Output);
        Assert.Equal(before, State(ns));
    }

    [Fact]
    public void Every_bad_input_case_names_a_real_cmdlet()
    {
        var cmdlets = ps.Module.ExportedCmdlets.Keys.Select(k => k.Replace("-", "")).ToHashSet();
        Assert.All(Cases.Values, c => Assert.Contains(c.Cmdlet, cmdlets));
    }

    [Fact]
    public void A_bad_name_in_a_list_fails_alone_and_the_good_ones_are_created()
    {
        var good = _lab.Ns("good");
        var result = ps.Run("New-NetNamespace -Name 'bad/one', $args[0]", good);
        Assert.Null(result.Terminating);
        Assert.Equal("bad/one", Assert.Single(result.Errors).TargetObject);
        Assert.Equal([good], _lab.Existing());
        Assert.Equal(good, Assert.Single(result.Output).Properties["Namespace"].Value);
    }

    [Fact]
    public void A_bad_pipeline_object_fails_alone_and_the_next_one_is_processed()
    {
        var ns = Setup();
        var result = ps.Run("""
            $ns = $args[0]
            [pscustomobject]@{ Name = 'nolink'; Namespace = $ns },
            [pscustomobject]@{ Name = 'v0'; Namespace = $ns },
            [pscustomobject]@{ Name = 'v1'; Namespace = $args[1] } | Set-NetLink -Mtu 1400
            """, ns, _lab.Ns("missing"));
        Assert.Null(result.Terminating);
        Assert.Equal(2, result.Errors.Count);
        Assert.Equal(ErrorCategory.ObjectNotFound, result.Errors[0].CategoryInfo.Category);
        Assert.Equal("nolink", result.Errors[0].TargetObject);
        Assert.Equal(ErrorCategory.ObjectNotFound, result.Errors[1].CategoryInfo.Category);
        Assert.Equal(1400, Oracle.Mtu(ns, "v0"));
        Assert.Equal(1500, Oracle.Mtu(ns, "v1"));
    }

    [Fact]
    public void A_bad_address_in_a_list_fails_alone()
    {
        var ns = Setup();
        var result = ps.Run("Add-NetAddress -Address 10.6.0.1/24, 10.6.0.2/33, bogus, 10.6.0.3/24 -Interface v1 -Namespace $args[0]", ns);
        Assert.Null(result.Terminating);
        Assert.Equal(["10.6.0.2/33", "bogus"], result.Errors.Select(e => e.TargetObject?.ToString()));
        Assert.Equal(["10.6.0.1/24", "10.6.0.3/24"], Oracle.Addresses(ns, "v1"));
    }

    [Fact]
    public void Errors_go_to_the_error_stream_and_stop_under_ErrorAction_Stop()
    {
        var ns = Setup();
        var result = ps.Run("Set-NetLink -Name nolink -Up -Namespace $args[0] -ErrorAction Stop; 'not reached'", ns);
        Assert.NotNull(result.Terminating);
        Assert.Equal("LinkNotFound,LinuxNetPS.Commands.SetNetLinkCommand", result.Terminating!.ErrorRecord.FullyQualifiedErrorId);
        Assert.Empty(result.Output);
    }

    /// <summary>
    /// Empty or $null -Namespace never means the host (as `ip -n ''` refuses it): every cmdlet refuses it before it
    /// does anything. -WhatIf makes sure that even a broken check could not change the host.
    /// </summary>
    [Theory]
    [InlineData("New-NetBridge -Name eb0")]
    [InlineData("New-NetLink -Name eb1 -Kind bridge")]
    [InlineData("Set-NetLink -Name lo -Mtu 1400")]
    [InlineData("Remove-NetLink -Name lo")]
    [InlineData("New-VethPair -Name ev0 -PeerName ev1")]
    [InlineData("Move-NetLink -Name lo -ToHost")]
    [InlineData("Add-NetAddress -Address 10.251.0.1/32 -Interface lo")]
    [InlineData("Remove-NetAddress -Address 10.251.0.1/32 -Interface lo")]
    [InlineData("Add-NetRoute -Destination 10.251.0.0/24 -Interface lo")]
    [InlineData("Remove-NetRoute -Destination 10.251.0.0/24")]
    [InlineData("Enable-IPForwarding")]
    [InlineData("Disable-IPForwarding")]
    [InlineData("Enable-Masquerade -Source 10.251.0.0/24")]
    [InlineData("Add-SourceNat -Source 10.251.0.0/24 -ToAddress 10.251.0.1")]
    [InlineData("Add-PortForward -Protocol tcp -Port 80 -ToAddress 10.251.0.2")]
    [InlineData("Add-BridgePort -Bridge br0 -Name lo")]
    [InlineData("Get-NetLink")]
    [InlineData("Get-NatRule")]
    public void Empty_or_null_namespace_is_refused_not_taken_for_the_host(string command)
    {
        foreach (var value in new[] { "''", "$null" })
        {
            var whatIf = command.StartsWith("Get-", StringComparison.Ordinal) ? "" : " -WhatIf";
            var result = ps.Run($"{command} -Namespace {value}{whatIf}");
            var error = result.Terminating?.ErrorRecord ?? result.Errors.FirstOrDefault();
            Assert.True(error is not null, $"{command} -Namespace {value}: no error. {result.Describe()}");
            Assert.Equal(ErrorCategory.InvalidArgument, error!.CategoryInfo.Category);
            Assert.Contains("-Namespace 1", error.Exception.Message);
            Assert.Empty(result.Output);
        }
    }

    [Fact]
    public void The_host_can_still_be_said_and_piped()
    {
        var result = ps.Run("(Get-NetLink -Name lo -Namespace 1).Name; Get-NetNamespace -HostNamespace | Get-NetLink -Name lo | ForEach-Object Name; (Get-NetNamespace -HostNamespace).Namespace");
        result.AssertClean();
        Assert.Equal(["lo", "lo", "1"], result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public async Task A_fifo_as_namespace_errors_at_once()
    {
        var dir = Directory.CreateTempSubdirectory("lps-fifo-");
        try
        {
            var fifo = Path.Combine(dir.FullName, "ns");
            Ip.Exec("mkfifo", fifo);
            // A hang fails the test (TimeoutException) instead of stopping the suite.
            var result = await Task.Run(() => ps.Run("Get-NetLink -Namespace $args[0]", fifo)).WaitAsync(TimeSpan.FromSeconds(60));
            var error = Assert.Single(result.Errors);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains("FIFO", error.Exception.Message);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void A_huge_input_is_not_repeated_whole_in_the_message()
    {
        var result = ps.Run("New-NetBridge -Name ('x' * 100000) -Namespace $args[0]", Setup());
        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.True(error.Exception.Message.Length < 500, $"a message of {error.Exception.Message.Length} characters");
    }

    [Fact]
    public void A_stale_namespace_entry_is_listed_as_not_mounted_and_removed_by_the_pipeline()
    {
        var stale = _lab.Ns("stale");
        File.WriteAllBytes(Path.Combine("/run/netns", stale), []);
        var live = _lab.Create("live");
        var listed = ps.Run("Get-NetNamespace ($args[0] + '-*') | ForEach-Object { $_.Namespace + ':' + $_.IsMounted }", _lab.Prefix);
        listed.AssertClean();
        Assert.Equal([$"{live}:True", $"{stale}:False"], listed.Output.Select(o => o.ToString()));
        ps.Run("Get-NetNamespace ($args[0] + '-*') | Remove-NetNamespace -Confirm:$false", _lab.Prefix).AssertClean();
        Assert.Empty(_lab.Existing());
    }

    public void Dispose() => _lab.Dispose();
}
