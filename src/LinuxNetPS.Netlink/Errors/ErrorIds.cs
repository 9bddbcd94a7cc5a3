namespace LinuxNetPS.Errors;

/// <summary>
/// The specific, stable error ids a failure can carry (<see cref="NetOperationException.ErrorId"/>).
/// People catch them (`$_.FullyQualifiedErrorId -like 'LinkNotFound,*'`) and search for them, so a
/// published id never changes meaning. Every constant here is listed in about_LinuxNetPS (a
/// conformance test checks it); a failure without a specific id falls back to its kind's name.
/// </summary>
public static class ErrorIds
{
    // namespaces
    public const string NamespaceNotFound = nameof(NamespaceNotFound);
    public const string NamespaceExists = nameof(NamespaceExists);
    public const string InvalidNamespaceName = nameof(InvalidNamespaceName);
    public const string HostNamespaceNotRemovable = nameof(HostNamespaceNotRemovable);
    public const string NamespaceNotMounted = nameof(NamespaceNotMounted);
    public const string NotANamespace = nameof(NotANamespace);
    public const string InteractiveHostRequired = nameof(InteractiveHostRequired);
    public const string InvalidProgramArgument = nameof(InvalidProgramArgument);
    public const string ArgumentListTooLong = nameof(ArgumentListTooLong);

    // links
    public const string LinkNotFound = nameof(LinkNotFound);
    public const string LinkExists = nameof(LinkExists);
    public const string InterfaceNameTooLong = nameof(InterfaceNameTooLong);
    public const string InvalidInterfaceName = nameof(InvalidInterfaceName);
    public const string InvalidMacAddress = nameof(InvalidMacAddress);
    public const string LinkKindNotSupported = nameof(LinkKindNotSupported);
    public const string InvalidLinkKind = nameof(InvalidLinkKind);
    public const string InvalidLinkOption = nameof(InvalidLinkOption);
    public const string LoopbackNotRemovable = nameof(LoopbackNotRemovable);
    public const string LinkNotMovable = nameof(LinkNotMovable);
    public const string LinkDown = nameof(LinkDown);

    // bridges
    public const string BridgeNotFound = nameof(BridgeNotFound);
    public const string NotABridge = nameof(NotABridge);
    public const string NotABridgePort = nameof(NotABridgePort);

    // addresses and prefixes
    public const string AddressExists = nameof(AddressExists);
    public const string AddressNotFound = nameof(AddressNotFound);
    public const string InvalidAddress = nameof(InvalidAddress);
    public const string InvalidPrefix = nameof(InvalidPrefix);
    public const string InvalidAddressFamily = nameof(InvalidAddressFamily);

    // routes
    public const string RouteExists = nameof(RouteExists);
    public const string RouteNotFound = nameof(RouteNotFound);
    public const string InvalidRouteTable = nameof(InvalidRouteTable);
    public const string InvalidNextHop = nameof(InvalidNextHop);

    // policy routing rules
    public const string RoutingRuleExists = nameof(RoutingRuleExists);
    public const string RoutingRuleNotFound = nameof(RoutingRuleNotFound);
    public const string InvalidFirewallMark = nameof(InvalidFirewallMark);

    // NAT
    public const string NatRuleNotFound = nameof(NatRuleNotFound);
    public const string NatRuleConflict = nameof(NatRuleConflict);
    public const string InvalidPort = nameof(InvalidPort);
    public const string InvalidProtocol = nameof(InvalidProtocol);
    public const string LoopbackForwardUnrouted = nameof(LoopbackForwardUnrouted);
    public const string LoopbackIPv6NotForwardable = nameof(LoopbackIPv6NotForwardable);

    // container networks
    public const string InvalidPublishSpec = nameof(InvalidPublishSpec);
    public const string PortRangeMismatch = nameof(PortRangeMismatch);
    public const string PublishAddressNotLocal = nameof(PublishAddressNotLocal);
    public const string NoFreeHostPort = nameof(NoFreeHostPort);
    public const string BuiltInNetworkNotRemovable = nameof(BuiltInNetworkNotRemovable);
    public const string InvalidNetworkName = nameof(InvalidNetworkName);
    public const string NetworkExists = nameof(NetworkExists);
    public const string NetworkNotFound = nameof(NetworkNotFound);
    public const string InvalidNetworkDriver = nameof(InvalidNetworkDriver);
    public const string InvalidNetworkOption = nameof(InvalidNetworkOption);
    public const string InvalidSubnet = nameof(InvalidSubnet);
    public const string SubnetOverlap = nameof(SubnetOverlap);
    public const string InvalidGateway = nameof(InvalidGateway);
    public const string InvalidIPRange = nameof(InvalidIPRange);
    public const string InvalidAuxAddress = nameof(InvalidAuxAddress);
    public const string BridgeInUse = nameof(BridgeInUse);
    public const string ParentLinkNotFound = nameof(ParentLinkNotFound);
    public const string AddressPoolExhausted = nameof(AddressPoolExhausted);
    public const string InvalidWildcardPattern = nameof(InvalidWildcardPattern);
    // firewall (filter rules, address sets)
    public const string FirewallRuleExists = nameof(FirewallRuleExists);
    public const string FirewallRuleNotFound = nameof(FirewallRuleNotFound);
    public const string InvalidFirewallRule = nameof(InvalidFirewallRule);
    public const string AddressSetExists = nameof(AddressSetExists);
    public const string AddressSetNotFound = nameof(AddressSetNotFound);
    public const string AddressSetInUse = nameof(AddressSetInUse);
    public const string AddressSetMemberNotFound = nameof(AddressSetMemberNotFound);

    // link impairment (netem / tbf qdiscs)
    public const string InvalidImpairment = nameof(InvalidImpairment);
    public const string LinkImpairmentNotFound = nameof(LinkImpairmentNotFound);
    public const string QdiscKindNotSupported = nameof(QdiscKindNotSupported);

    // environment
    public const string ParameterConflict = nameof(ParameterConflict);

    // observing (Watch-NetEvent, Wait-*, Test-NetConnection, Get-NetPacket)
    public const string WaitTimedOut = nameof(WaitTimedOut);
    public const string InvalidEventKind = nameof(InvalidEventKind);
    public const string DuplicateAddress = nameof(DuplicateAddress);
    public const string HostNameNotResolved = nameof(HostNameNotResolved);
    public const string InvalidHostName = nameof(InvalidHostName);
    public const string InvalidPacketFilter = nameof(InvalidPacketFilter);
    public const string OutFileNotWritable = nameof(OutFileNotWritable);
    public const string InvalidPath = nameof(InvalidPath);
    public const string PathIsDirectory = nameof(PathIsDirectory);

    // network labs (New-NetLab and friends)
    public const string InvalidLabDefinition = nameof(InvalidLabDefinition);
    public const string LabNotFound = nameof(LabNotFound);
    public const string LabExists = nameof(LabExists);
    public const string LabExecFailed = nameof(LabExecFailed);
    public const string LabNodeNotFound = nameof(LabNodeNotFound);
    public const string LabLinkNotFound = nameof(LabLinkNotFound);
    public const string LabLinkAmbiguous = nameof(LabLinkAmbiguous);
    public const string InvalidLabLink = nameof(InvalidLabLink);
    public const string ThroughputFailed = nameof(ThroughputFailed);

    // state under /run/linuxnetps (container networks, labs)
    public const string UnsafeStateDirectory = nameof(UnsafeStateDirectory);
    public const string GraphvizNotInstalled = nameof(GraphvizNotInstalled);

    // neighbours, bridge forwarding database, bridge VLANs
    public const string NeighborNotFound = nameof(NeighborNotFound);
    public const string NeighborExists = nameof(NeighborExists);
    public const string InvalidNeighborState = nameof(InvalidNeighborState);
    public const string FdbEntryNotFound = nameof(FdbEntryNotFound);
    public const string FdbEntryExists = nameof(FdbEntryExists);
    public const string BridgeVlanNotFound = nameof(BridgeVlanNotFound);
    public const string InvalidVlanId = nameof(InvalidVlanId);
    public const string VlanFilteringNotSupported = nameof(VlanFilteringNotSupported);

    // vxlan (New-NetVxlan)
    public const string InvalidVni = nameof(InvalidVni);
    public const string InvalidVxlanAddress = nameof(InvalidVxlanAddress);
    public const string InvalidTtl = nameof(InvalidTtl);

    // Windows' shapes (Set-NetIPInterface, NetNat)
    public const string SettingNotSupported = nameof(SettingNotSupported);
    public const string NetNatNotFound = nameof(NetNatNotFound);
    public const string NetNatExists = nameof(NetNatExists);
    public const string NetNatStaticMappingNotFound = nameof(NetNatStaticMappingNotFound);

    // overlay networks across hosts (New-ContainerNetwork -Driver overlay -Session)
    public const string VniInUse = nameof(VniInUse);
    public const string OverlayHostUnreachable = nameof(OverlayHostUnreachable);
    public const string OverlayHostWithoutModule = nameof(OverlayHostWithoutModule);
    public const string OverlayHostNotConnected = nameof(OverlayHostNotConnected);

    // labs split over hosts (New-NetLab -Session / -Hosts / -OnHost)
    public const string LabHostNotFound = nameof(LabHostNotFound);
    public const string LabHostUnreachable = nameof(LabHostUnreachable);
    public const string LabHostWithoutModule = nameof(LabHostWithoutModule);

    // -CimSession (a command run on other hosts over PowerShell remoting)
    public const string InvalidRemoteHost = nameof(InvalidRemoteHost);
    public const string RemoteHostUnreachable = nameof(RemoteHostUnreachable);
    public const string RemoteHostWithoutModule = nameof(RemoteHostWithoutModule);
}
