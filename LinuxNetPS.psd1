#
# Module manifest for LinuxNetPS: Linux network plumbing (namespaces, veth, bridges, addresses,
# routes, NAT) over netlink, without spawning ip, iptables, nft or sysctl.
#
@{
    RootModule           = 'LinuxNetPS.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '9b88ce75-5b67-470b-8b42-48a721c8642c'
    Author               = 'LinuxNetPS contributors'
    CompanyName          = 'LinuxNetPS contributors'
    Copyright            = '(c) LinuxNetPS contributors.'
    Description          = 'Linux network plumbing for PowerShell: network namespaces, veth pairs, bridges, addresses, routes, IP forwarding and NAT, done by talking netlink directly to the kernel. Objects pipe from one cmdlet to the next, so container-networking walkthroughs read as short pipelines.'
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.4'

    # Loads the core library the cmdlets call (lib/net10.0 or lib/net8.0, whichever suits the .NET
    # runtime: src/LinuxNetPS.NetlinkLoader says why) before the root module.
    NestedModules        = @('LinuxNetPS.NetlinkLoader.dll')
    FormatsToProcess     = @('LinuxNetPS.format.ps1xml')
    TypesToProcess       = @('LinuxNetPS.types.ps1xml')

    CmdletsToExport      = @(
        # Namespaces
        'New-NetNamespace'
        'Get-NetNamespace'
        'Remove-NetNamespace'
        'Invoke-NetNamespace', 'New-NetNamespaceSession', 'Enter-NetNamespace', 'Start-NetNamespaceProcess'
        # Firewall (filter rules, defaults, address sets)
        'New-NetFirewallRule', 'Get-NetFirewallRule', 'Set-NetFirewallRule', 'Remove-NetFirewallRule', 'Enable-NetFirewallRule', 'Disable-NetFirewallRule'
        'Get-NetFirewallDefault', 'Set-NetFirewallDefault'
        'New-NetFirewallAddressSet', 'Get-NetFirewallAddressSet', 'Remove-NetFirewallAddressSet', 'Add-NetFirewallAddressSetMember', 'Remove-NetFirewallAddressSetMember',
        'Get-NetConnectionTracking', 'Remove-NetConnectionTracking', 'Clear-NetConnectionTracking'
        # Links
        'Get-NetLink'
        'New-NetLink'
        'New-VethPair'
        'New-NetVxlan'
        'Set-NetLink'
        'Move-NetLink'
        'Remove-NetLink'
        # Link impairment (netem / tbf)
        'Set-NetLinkImpairment'
        'Get-NetLinkImpairment'
        'Remove-NetLinkImpairment'
        # Bridges
        'New-NetBridge'
        'Get-NetBridge'
        'Add-BridgePort'
        'Remove-BridgePort'
        'Get-BridgePort'
        # Addresses
        'Add-NetAddress'
        'Get-NetAddress'
        'Remove-NetAddress'
        # Routes
        'Get-NetRoute'
        'Add-NetRoute'
        'Set-NetRoute'
        'Remove-NetRoute'
        'Get-NetRoutingRule'
        'Add-NetRoutingRule'
        'Remove-NetRoutingRule'
        # NAT
        'Enable-Masquerade'
        'Disable-Masquerade'
        'Add-PortForward'
        'Remove-PortForward'
        'Add-SourceNat'
        'Remove-SourceNat'
        'Get-NatRule'
        'Remove-NatRule'
        # Forwarding
        'Get-IPForwarding'
        'Enable-IPForwarding'
        'Disable-IPForwarding'
        # Observing
        'Get-NetLinkStatistic'
        'Watch-NetEvent'
        'Wait-NetLink'
        'Wait-NetAddress'
        'Test-NetConnection'
        'Get-NetSocket'
        'Get-NetPacket'
        # Container networks
        'New-ContainerNetwork'
        'Get-ContainerNetwork'
        'Remove-ContainerNetwork'
        'Connect-ContainerNetwork'
        'Disconnect-ContainerNetwork'
        'Get-ContainerEndpoint'
        # Network labs
        'New-NetLab'
        'Get-NetLab'
        'Remove-NetLab'
        'Invoke-NetLab'
        'Test-NetLab'
        'Show-NetLab'
        'Set-NetLabLink'
        'Measure-NetLabLink'
        # Neighbours, bridge forwarding database, bridge VLANs
        'Get-NetNeighbor'
        'New-NetNeighbor'
        'Set-NetNeighbor'
        'Remove-NetNeighbor'
        'Get-BridgeFdb'
        'Add-BridgeFdb'
        'Remove-BridgeFdb'
        'Get-BridgeVlan'
        'Add-BridgeVlan'
        'Remove-BridgeVlan'
        # Windows' NetTCPIP, NetAdapter and NetNat shapes (about_LinuxNetPS_Windows)
        'Get-NetIPAddress', 'New-NetIPAddress', 'Set-NetIPAddress', 'Remove-NetIPAddress'
        'New-NetRoute'
        'Get-NetTCPConnection', 'Get-NetUDPEndpoint'
        'Get-NetAdapter', 'Enable-NetAdapter', 'Disable-NetAdapter', 'Rename-NetAdapter'
        'Get-NetIPInterface', 'Set-NetIPInterface', 'Get-NetIPConfiguration'
        'New-NetNat', 'Get-NetNat', 'Remove-NetNat', 'Add-NetNatStaticMapping', 'Get-NetNatStaticMapping', 'Remove-NetNatStaticMapping'
    )
    FunctionsToExport    = @()
    # Windows' names for cmdlets of ours whose parameters and output match (about_LinuxNetPS_Windows).
    AliasesToExport      = @('Get-NetAdapterStatistics')
    VariablesToExport    = @()

    PrivateData          = @{
        PSData = @{
            Tags         = @('PSEdition_Core', 'Linux', 'netlink', 'network', 'namespace', 'veth', 'bridge', 'nat', 'nftables', 'container', 'netem')
            ReleaseNotes = @'
0.1.0
- Network namespaces (iproute2-compatible /run/netns), veth pairs, bridges and their ports,
  addresses, routes, IP forwarding, and NAT (masquerade, port forwarding, SNAT) in its own
  nf_tables table, all over netlink: no ip, iptables, nft or sysctl processes.
- Every cmdlet takes -Namespace; state changes support -WhatIf/-Confirm; tab completion for
  namespaces, links and bridges; views that read like ip -br.
- Invoke-NetNamespace runs script blocks in a pwsh that lives in the namespace (ip netns exec
  semantics); New-NetNamespaceSession, Enter-NetNamespace, Start-NetNamespaceProcess.
- Container networks (New-, Get-, Remove-, Connect-, Disconnect-ContainerNetwork, Get-ContainerEndpoint).
- Link impairment, Mininet's TCLink: Set-, Get-, Remove-NetLinkImpairment (delay, jitter, loss,
  duplicate, corrupt, reorder with netem; rate with netem or tbf) over rtnetlink, no tc process.
- Network labs from a file (.psd1, JSON, containerlab .clab.yml): New-, Get-, Remove-, Invoke-, Test-, Show-NetLab; Set-NetLabLink (down/up, impairment, flap) and Measure-NetLabLink (TCP throughput).
- Observing: Get-NetLinkStatistic, Watch-NetEvent, Wait-NetLink, Wait-NetAddress, Test-NetConnection,
  Get-NetSocket, Get-NetPacket.
- Windows NetTCPIP parameter and property aliases; specific, documented error ids.
- Assemblies precompiled (ReadyToRun) for linux-x64, IL kept for other platforms.
'@
        }
    }
}
