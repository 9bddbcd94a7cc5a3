#Requires -Modules Pester
# The default views of LinuxNetPS.format.ps1xml as a user sees them: every one rendered at 80 and at
# 200 columns (Out-String -Width), its header on one line (no label wrapped letter by letter), what
# matters visible at 80, full names when wide, and the same text for objects that went through
# Export-Clixml / Import-Clixml (Deserialized.* type names). Objects are built in namespaces made here.

BeforeDiscovery {
    $script:Widths = @(80, 200)
    # Every default table view of the format file (FormatFileTests checks each names a real type).
    $script:AllViews = 'NetLink', 'VethPair', 'NetAddress', 'NetRoute', 'NetBridge', 'BridgePort', 'NetNamespace', 'NatRule', 'IPForwarding',
        'NetRoutingRule', 'NetNeighbor', 'BridgeFdbEntry', 'BridgeVlan', 'NetLinkVxlan', 'ContainerNetwork', 'ContainerEndpoint', 'LinkStatistic',
        'LinkImpairment', 'NetConnectionTestResult', 'NetSocket', 'NetPacket', 'NetEvent', 'NetLab', 'NetLabNode', 'NetLabLink', 'NetLabTestResult',
        'NetFirewallRule', 'NetFirewallAddressSet', 'NetFirewallDefault', 'NetIPInterface', 'NetNat', 'NetNatStaticMapping'
}

Describe 'Default views at 80 and 200 columns' -Tag 'Views', 'Lab' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        # CNI-style names, far longer than the 24 characters the old views cut them to.
        $a = "$prefix-cni-0123456789abcdef0123456789"
        $b = "$prefix-cni-fedcba9876543210fedcba9876"
        $null = New-NetNamespace -Name $a, $b
        $null = New-NetBridge -Name br0 -Up -Namespace $a
        $script:cable = New-VethPair -Name c0 -PeerName c1 -Namespace $a -PeerNamespace $b -Master br0 -Up
        $null = New-VethPair -Name d0 -PeerName d1 -Namespace $a                  # d0: administratively down
        $null = New-VethPair -Name n0 -PeerName n1 -Namespace $a
        Set-NetLink -Name n0 -Up -Namespace $a                                  # n0: up, but its peer is down: no carrier
        Add-NetAddress -Address 10.7.0.1/24 -Interface br0 -Label 'br0:web' -Namespace $a
        Add-NetAddress -Address fd00:1234:5678:9abc:def0:1234:5678:9abc/64 -Interface br0 -NoDad -Namespace $a
        Add-NetRoute -Destination 10.99.0.0/16 -Type Blackhole -Namespace $a
        Add-NetRoute -Destination default -Gateway 10.7.0.254 -Metric 300 -Namespace $a
        Add-NetRoute -Destination 10.98.0.0/16 -Gateway 10.7.0.253, 10.7.0.254 -Weight 1, 2 -Namespace $a
        Add-NetRoutingRule -From 10.7.0.0/24 -To 192.168.100.0/24 -FirewallMark 0x10/0xff -InInterface br0 -OutInterface c0 -Table 100 -Priority 100 -Namespace $a
        $null = Enable-Masquerade -Source 10.7.0.0/24 -ExcludeOutInterface br0 -Namespace $a -InformationAction Ignore -WarningAction Ignore
        Add-PortForward -Protocol tcp -Port 8080 -ToAddress 10.7.0.10 -ToPort 80 -Namespace $a -InformationAction Ignore -WarningAction Ignore
        Add-SourceNat -Source 10.8.0.0/16 -ToAddress 10.7.0.1 -OutInterface br0 -Namespace $a -InformationAction Ignore -WarningAction Ignore
        $null = New-NetNeighbor 10.7.0.20 -Interface br0 -LinkLayerAddress 02:00:00:00:00:20 -Namespace $a
        $null = New-NetNeighbor fd00:1234:5678:9abc:def0:1234:5678:9abd -Interface br0 -LinkLayerAddress 02:00:00:00:00:21 -State Reachable -Router -Namespace $a
        Add-BridgeFdb 02:00:00:00:00:22 -Interface c0 -Namespace $a
        $null = New-NetVxlan vx0 -Vni 4242 -Remote 10.7.0.2 -Local 10.7.0.1 -Device br0 -NoLearning -Namespace $a
        # A NAT of its own in $b, so $a keeps one NAT rule of each kind.
        $null = New-NetNat -Name lab -InternalIPInterfaceAddressPrefix 10.9.0.0/24 -Namespace $b -WarningAction Ignore
        Add-NetNatStaticMapping lab -Protocol tcp -ExternalIPAddress 0.0.0.0 -ExternalPort 2222 -InternalIPAddress 10.9.0.2 -InternalPort 22 -Namespace $b -WarningAction Ignore
        # A container network in a namespace of its own (its bridge and masquerade rule stay out of $a's views),
        # with a container whose name fits the endpoint view's 20 columns.
        $h = "$prefix-h"
        $null = New-NetNamespace -Name $h, "$prefix-web1"
        $null = New-ContainerNetwork web -Subnet 10.61.0.0/24 -Namespace $h
        $null = Connect-ContainerNetwork -Network web -NetworkNamespace $h -Namespace "$prefix-web1"
        Set-NetLinkImpairment -Interface d0 -Rate 10mbit -Namespace $a        # tbf: this kernel has no netem
        $null = New-NetFirewallAddressSet "$prefix-blocked" -Member 192.0.2.1 -Namespace $a
        $null = New-NetFirewallRule -Name "$prefix-no-ssh" -Protocol TCP -LocalPort 22 -RemoteAddressSet "$prefix-blocked" -Action Block -Namespace $a
        # Kinds no quick kernel object gives here (a socket with its process, a captured packet, an event, a lab)
        # as objects, filled the way their cmdlets fill them; NetLab.Tests shows real labs at 80 columns.
        $script:socket = [LinuxNetPS.Model.NetSocket]@{ Namespace = $a; Protocol = 'tcp'; Family = 'IPv6'; State = 'Established'
            LocalAddress = [ipaddress]'fd00:1234:5678:9abc:def0:1234:5678:9abc'; LocalPort = 443
            RemoteAddress = [ipaddress]'fd00:1234:5678:9abc:def0:1234:5678:9abd'; RemotePort = 65535; ProcessId = 4194304; ProcessName = 'nginx' }
        $script:packet = [LinuxNetPS.Model.NetPacket]@{ Namespace = $a; Interface = 'br0'; Timestamp = [datetime]'2026-12-07T10:11:12.345678'
            Direction = 'Out'; WireLength = 1514; Protocol = 'tcp'; Summary = '10.7.0.1:8080 > 10.7.0.10:80 tcp [S] seq 1 win 64240 length 0' }
        $script:event = [LinuxNetPS.Model.NetEvent]@{ Namespace = $a; Timestamp = [datetime]'2026-12-07T10:11:12.345'; Kind = 'Link'
            Action = 'Changed'; Subject = 'fd00:1234:5678:9abc:def0:1234:5678:9abc/64'; Interface = 'br0'; OldState = 'UP'; NewState = 'DOWN' }
        $node = [LinuxNetPS.Model.NetLabNode]@{ Lab = "$prefix-lab"; Node = 'router1'; Kind = 'router'; Namespace = "$prefix-lab-router1"; State = 'Running'; Addresses = [string[]]('10.0.0.1/24', '10.0.1.1/24') }
        $link = [LinuxNetPS.Model.NetLabLink]@{ Lab = "$prefix-lab"; EndA = 'router1:eth1'; EndB = 'host1:eth0'; State = 'Up'; ImpairmentA = 'delay 100ms, loss 1%' }
        $script:lab = [LinuxNetPS.Model.NetLab]@{ Lab = "$prefix-lab"; Prefix = "$prefix-lab-"; Status = 'Running'; Nodes = [LinuxNetPS.Model.NetLabNode[]]@($node); Links = [LinuxNetPS.Model.NetLabLink[]]@($link); Source = '/home/user/labs/routers.json' }
        $script:labTest = [LinuxNetPS.Model.NetLabTestResult]@{ Lab = "$prefix-lab"; Source = 'router1'; Target = 'host1'; TargetAddress = [ipaddress]'10.0.1.2'; Reachable = $true; RttMs = 0.042; Sent = 1; Received = 1; Expected = $true }
        # A port VLAN as an object: this machine's kernel has no VLAN filtering to list one from.
        $script:vlan = [LinuxNetPS.Model.BridgeVlan]@{ Namespace = $a; Interface = 'c0'; InterfaceIndex = 5; Vlan = 10; Pvid = $true; Untagged = $true }

        $script:views = @{
            NetLink      = @{ Objects = { Get-NetLink -Namespace $a }; Header = 'Name', 'Kind', 'State', 'Master', 'Flags'; Wide = 'Mtu', 'MacAddress' }
            VethPair     = @{ Objects = { $cable }; Header = 'Name', 'State', 'PeerName', 'PeerState', 'PeerNamespace'; Wide = @(); Whole = $true }
            NetAddress   = @{ Objects = { Get-NetAddress -Namespace $a }; Header = 'Interface', 'Family', 'Address', 'Scope', 'Label'; Wide = @(); Whole = $true }
            NetRoute     = @{ Objects = { Get-NetRoute -Namespace $a }; Header = 'Destination', 'Gateway', 'Interface', 'Type', 'Metric', 'Scope'; Wide = 'Protocol', 'Table' }
            NetBridge    = @{ Objects = { Get-NetBridge -Namespace $a }; Header = 'bridge name', 'bridge id', 'STP enabled', 'interfaces'; Wide = @(); Whole = $true }
            BridgePort   = @{ Objects = { Get-BridgePort -Namespace $a }; Header = 'Bridge', 'Name', 'State', 'StpState'; Wide = @(); Whole = $true }
            NetNamespace = @{ Objects = { Get-NetNamespace -Name $a, $b }; Header = 'Namespace', 'Inode', 'Path'; Wide = @() }
            NetRoutingRule = @{ Objects = { Get-NetRoutingRule -Namespace $a }; Header = 'Priority', 'Family', 'Action', 'Selector'; Wide = @(); Whole = $true }
            NatRule      = @{ Objects = { Get-NatRule -Namespace $a }; Header = 'Id', 'Source', 'Port', 'Out', 'To'; Wide = 'Kind', 'Destination'; Whole = $true }
            IPForwarding = @{ Objects = { Get-IPForwarding -Namespace $a }; Header = 'IPv4', 'IPv6', 'Namespace'; Wide = @(); Whole = $true }
            NetNeighbor  = @{ Objects = { Get-NetNeighbor -Interface br0 -Namespace $a }; Header = 'IPAddress', 'Interface', 'LinkLayerAddress', 'State'; Wide = @() }
            NetIPInterface = @{ Objects = { Get-NetIPInterface -Namespace $a }; Header = 'ifIndex', 'InterfaceAlias', 'AddressFamily', 'NlMtu', 'Forwarding', 'Dhcp', 'ConnectionState'; Wide = @() }
            NetNat       = @{ Objects = { Get-NetNat -Namespace $b }; Header = 'Name', 'InternalIPInterfaceAddressPrefix', 'Mappings', 'RuleId'; Wide = @() }
            NetNatStaticMapping = @{ Objects = { Get-NetNatStaticMapping -Namespace $b }; Header = 'NatName', 'StaticMappingID', 'Proto', 'External', 'Internal'; Wide = @() }
            BridgeFdbEntry = @{ Objects = { Get-BridgeFdb -Namespace $a }; Header = 'MacAddress', 'Interface', 'Vlan', 'Bridge', 'State', 'Dst'; Wide = 'Age'; Whole = $true }
            BridgeVlan   = @{ Objects = { $vlan }; Header = 'Interface', 'Vlan', 'Flags'; Wide = @(); Whole = $true }
            ContainerNetwork = @{ Objects = { Get-ContainerNetwork web -Namespace $h }; Header = 'NETWORK ID', 'NAME', 'DRIVER', 'SUBNET', 'ENDPOINTS', 'STATUS'; Wide = 'GATEWAY', 'INTERFACE'; Whole = $true }
            ContainerEndpoint = @{ Objects = { Get-ContainerEndpoint -Network web -NetworkNamespace $h }; Header = 'Namespace', 'Network', 'Interface', 'Address', 'MacAddress'; Wide = 'HostInterface', 'Ports'; Whole = $true }
            LinkStatistic = @{ Objects = { Get-NetLinkStatistic -Namespace $a }; Header = 'Name', 'RxBytes', 'RxPkts', 'RxErr', 'RxDrop', 'TxBytes', 'TxPkts', 'TxErr', 'TxDrop'; Wide = @() }
            LinkImpairment = @{ Objects = { Get-NetLinkImpairment -Namespace $a }; Header = 'Interface', 'Kind', 'Delay', 'Jitter', 'Loss', 'Rate', 'Other'; Wide = @(); Whole = $true }
            NetConnectionTestResult = @{ Objects = { Test-NetConnection 10.7.0.1 -Count 1 -Namespace $a }; Header = 'ComputerName', 'Protocol', 'Result', 'Received', 'RttMs', 'SourceAddress'; Wide = @(); Whole = $true }
            NetSocket    = @{ Objects = { $socket }; Header = 'Proto', 'State', 'LocalEndPoint', 'RemoteEndPoint', 'Process'; Wide = @() }
            NetPacket    = @{ Objects = { $packet }; Header = 'Time', 'Direction', 'Length', 'Summary'; Wide = @() }
            NetEvent     = @{ Objects = { $event }; Header = 'Time', 'Kind', 'Action', 'Subject', 'Interface', 'State'; Wide = @() }
            NetLab       = @{ Objects = { $lab }; Header = 'Lab', 'Status', 'Nodes', 'Links', 'Prefix', 'Source'; Wide = @(); Whole = $true }
            NetLabNode   = @{ Objects = { $lab.Nodes }; Header = 'Node', 'Kind', 'Namespace', 'State', 'Addresses'; Wide = @() }
            NetLabLink   = @{ Objects = { $lab.Links }; Header = 'EndA', 'EndB', 'State', 'Impairment'; Wide = @(); Whole = $true }
            NetLabTestResult = @{ Objects = { $labTest }; Header = 'Source', 'Target', 'TargetAddress', 'Reachable', 'RttMs', 'Expected', 'Passed'; Wide = @(); Whole = $true }
            NetFirewallRule = @{ Objects = { Get-NetFirewallRule -Namespace $a }; Header = 'Name', 'On', 'Direction', 'Action', 'Prio', 'Packets', 'Summary'; Wide = @() }
            NetFirewallAddressSet = @{ Objects = { Get-NetFirewallAddressSet -Namespace $a }; Header = 'Name', 'Family', 'Members', 'UsedBy'; Wide = @(); Whole = $true }
            NetFirewallDefault = @{ Objects = { Get-NetFirewallDefault -Namespace $a }; Header = 'Direction', 'Action', 'Chain'; Wide = @(); Whole = $true }
            NetLinkVxlan = @{ Objects = { Get-NetLink -Kind vxlan -Namespace $a }; Header = 'Name', 'Vni', 'Remote/Group', 'Local', 'Device', 'DstPort'; Wide = 'Learning', 'Ttl', 'State'; Whole = $true }
        }

        # The rendered lines, without trailing blanks.
        function Show-View([object[]] $Objects, [int] $Width) {
            @(($Objects | Out-String -Width $Width) -split "`n" | ForEach-Object { $_.TrimEnd() })
        }

        # The header line: the one right above the first line of dashes. A wrapped label would leave
        # part of itself on a line between the header and the dashes, or above it.
        function Get-HeaderLine([string[]] $Lines) {
            $dashes = [array]::FindIndex($Lines, [Predicate[string]] { param($l) $l -match '^-+( +-+)*$' })
            if ($dashes -lt 1) { throw "no header in:`n$($Lines -join "`n")" }
            [pscustomobject]@{ Text = $Lines[$dashes - 1]; Above = $Lines[$dashes - 2]; Dashes = $Lines[$dashes] }
        }

        # The row whose first cell is $First.
        function Get-Row([string[]] $Lines, [string] $First) {
            $Lines | Where-Object { $_ -match ('^' + [regex]::Escape($First) + '(\s|$)') } | Select-Object -First 1
        }
    }

    AfterAll {
        Remove-NetNat -Namespace $b -ErrorAction SilentlyContinue   # its record in /run/linuxnetps/netnat goes with it
        if ($prefix) {
            Remove-ContainerNetwork web -Namespace "$prefix-h" -Force -Confirm:$false -ErrorAction Continue
            Remove-Lab $prefix
        }
    }

    It '<View> at <Width> columns: one header line with every label whole, nothing wider than the screen, no value cut where the view promises it whole' -ForEach @(
        foreach ($view in $AllViews) {
            foreach ($width in $Widths) { @{ View = $view; Width = $width } }
        }
    ) {
        $spec = $views[$View]
        $objects = @(& $spec.Objects)
        $objects.Count | Should -BeGreaterThan 0
        $lines = Show-View $objects $Width
        $lines | Where-Object { $_.Length -gt $Width } | Should -BeNullOrEmpty
        if ($spec.Whole) {
            # A value PowerShell had to cut ends in an ellipsis: too long for its column, or a column squeezed into what
            # was left of the line.
            $lines | Where-Object { $_.Contains([char]0x2026) } | Should -BeNullOrEmpty
        }
        $header = Get-HeaderLine $lines
        $header.Above | Should -BeNullOrEmpty -Because 'a header label that wraps puts part of itself on the line above'
        $labels = @($spec.Header) + @(if ($Width -ge 200) { $spec.Wide })
        $pattern = '^' + (($labels | ForEach-Object { [regex]::Escape($_) }) -join '\s+') + '(\s|$)'
        $header.Text | Should -Match $pattern
        # Every dash run is as long as its label at least: no label was cut.
        @($header.Dashes -split ' +' | Where-Object { $_ }).Count | Should -BeGreaterOrEqual $labels.Count
    }

    It 'the NetLink view tells admin-down from no-carrier at 80 columns, and shows MAC addresses when wide' {
        $links = Get-NetLink -Namespace $a
        $lines = Show-View $links 80
        $d0 = Get-Row $lines 'd0'
        $n0 = Get-Row $lines 'n0'
        $d0 | Should -Match '\sDOWN\s'
        $d0 | Should -Not -Match 'NO-CARRIER|<UP'
        $n0 | Should -Match '<NO-CARRIER,UP'
        Get-Row $lines 'c0' | Should -Match '\sbr0\s'
        $wide = Show-View $links 200
        $mac = ($links | Where-Object Name -eq 'd0').MacAddress
        Get-Row $wide 'd0' | Should -Match ([regex]::Escape($mac))
        $wide -join "`n" | Should -Match ([regex]::Escape("Namespace: $a"))
    }

    It 'the vxlan view shows VNI, remote, local, device and port at 80 columns, and the same after Import-Clixml' {
        $lines = Show-View (Get-NetLink -Kind vxlan -Namespace $a) 80
        Get-Row $lines 'vx0' | Should -Match '^vx0\s+4242\s+10\.7\.0\.2\s+10\.7\.0\.1\s+br0\s+4789$'
        Get-Row (Show-View (Get-NetLink -Kind vxlan -Namespace $a) 200) 'vx0' | Should -Match '4789\s+False\s+auto\s+DOWN$'
        Get-Row (Show-View (Get-NetLink -Namespace $a) 80) 'vx0' | Should -Match '^vx0\s+vxlan\s+DOWN\s'
        $file = Join-Path ([IO.Path]::GetTempPath()) "$prefix-vxlan.clixml"
        try {
            Get-NetLink -Kind vxlan -Namespace $a | Export-Clixml -Path $file
            $imported = @(Import-Clixml -Path $file)
            $imported[0].PSObject.TypeNames[0] | Should -Be 'Deserialized.LinuxNetPS.Model.NetLink#vxlan'
            (Show-View $imported 80) -join "`n" | Should -Be ((Show-View (Get-NetLink -Kind vxlan -Namespace $a) 80) -join "`n")
        }
        finally {
            Remove-Item -Path $file -ErrorAction Ignore
        }
    }

    It 'the ContainerNetwork view shows the endpoints and the status at 80 columns, and the whole bridge name when wide' {
        $network = Get-ContainerNetwork web -Namespace $h
        $network.BridgeName.Length | Should -Be 15 -Because 'a default bridge name is br- and 12 hex digits, as long as a link name can be'
        Get-Row (Show-View $network 80) $network.ShortId | Should -Match '^\w{12}\s+web\s+bridge\s+10\.61\.0\.0/24\s+1\s+Ready$'
        Get-Row (Show-View $network 200) $network.ShortId | Should -Match ('\sReady\s+10\.61\.0\.1\s+' + [regex]::Escape($network.BridgeName) + '$')
    }

    It 'the ContainerEndpoint view shows the whole MAC at 80 columns and the host interface when wide' {
        $endpoint = Get-ContainerEndpoint -Network web -NetworkNamespace $h
        Get-Row (Show-View $endpoint 80) "$prefix-web1" | Should -Match ('\s' + [regex]::Escape($endpoint.MacAddress) + '$')
        Get-Row (Show-View $endpoint 200) "$prefix-web1" | Should -Match ([regex]::Escape($endpoint.MacAddress) + '\s+' + [regex]::Escape($endpoint.HostInterface))
    }

    It 'the NetRoute view shows the route type at 80 columns' {
        $lines = Show-View (Get-NetRoute -Namespace $a) 80
        Get-Row $lines '10.99.0.0/16' | Should -Match '\sblackhole\s'
        Get-Row $lines 'default' | Should -Match '10\.7\.0\.254\s+br0\s+unicast\s+300\s+global'
        $wide = Show-View (Get-NetRoute -Namespace $a) 200
        Get-Row $wide '10.7.0.0/24' | Should -Match '\skernel\s+main$'
    }

    It 'the NetRoute view shows a multipath route''s paths on the lines below it, at 80 columns and after Import-Clixml' {
        $route = Get-NetRoute 10.98.0.0/16 -Namespace $a
        $file = Join-Path ([IO.Path]::GetTempPath()) "$prefix-mp.xml"
        try {
            $route | Export-Clixml $file
            foreach ($objects in $route, (Import-Clixml $file)) {
                $lines = Show-View $objects 80
                $at = [array]::FindIndex($lines, [Predicate[string]] { param($l) $l -like '10.98.0.0/16 *' })
                $lines[$at] | Should -Match '^10\.98\.0\.0/16\s+unicast\s+0\s+global$'
                $lines[$at + 1] | Should -Match '^\s+10\.7\.0\.253\s+br0\s+weight 1$'
                $lines[$at + 2] | Should -Match '^\s+10\.7\.0\.254\s+br0\s+weight 2$'
            }
        }
        finally { Remove-Item $file -ErrorAction Ignore }
    }

    It 'the NetRoutingRule view keeps a long selector whole at 80 columns, on two lines' {
        $lines = Show-View (Get-NetRoutingRule -Namespace $a -Priority 100) 80
        $at = [array]::FindIndex($lines, [Predicate[string]] { param($l) $l -match '^\s+100 IPv4' })
        $lines[$at] | Should -Match 'lookup 100\s+from 10\.7\.0\.0/24 to 192\.168\.100\.0/24$'
        $lines[$at + 1] | Should -Match '^\s+fwmark 0x10/0xff iif br0 oif c0$'
    }

    It 'the NetAddress view has room for the label and the whole IPv6 address' {
        foreach ($width in 80, 200) {
            $lines = Show-View (Get-NetAddress -Namespace $a) $width
            ($lines | Where-Object { $_ -match '10\.7\.0\.1/24' }) | Should -Match '\sglobal\s+br0:web$'
            ($lines | Where-Object { $_ -match 'fd00:1234' }) | Should -Match ([regex]::Escape('fd00:1234:5678:9abc:def0:1234:5678:9abc/64'))
        }
    }

    It 'the NatRule view shows where each rule sends traffic at 80 columns' {
        $rules = Get-NatRule -Namespace $a
        $lines = Show-View $rules 80
        $forward = ($rules | Where-Object Kind -eq PortForward).Id
        $masquerade = ($rules | Where-Object Kind -eq Masquerade).Id
        $snat = ($rules | Where-Object Kind -eq SourceNat).Id
        Get-Row $lines $forward | Should -Match 'tcp 8080\s+10\.7\.0\.10:80$'
        Get-Row $lines $masquerade | Should -Match '10\.7\.0\.0/24\s+!br0$'
        Get-Row $lines $snat | Should -Match '10\.8\.0\.0/16\s+br0\s+10\.7\.0\.1$'
        Get-Row (Show-View $rules 200) $forward | Should -Match 'PortForward'
    }

    It 'namespace names are never cut: Get-NetNamespace, Get-IPForwarding and a VethPair''s PeerNamespace' {
        foreach ($width in 80, 200) {
            (Show-View (Get-NetNamespace -Name $a, $b) $width) -join "`n" | Should -Match ([regex]::Escape($b))
            Get-Row (Show-View (Get-NetNamespace -Name $a) $width) $a | Should -Match ("^" + [regex]::Escape($a) + "\s+\d+\s+/run/netns/")
            Show-View (Get-IPForwarding -Namespace $a) $width | Where-Object { $_ -match 'off' } | Should -Match ([regex]::Escape($a) + '$')
        }
        Get-Row (Show-View $cable 200) 'c0' | Should -Match ([regex]::Escape($b) + '$')
        Get-Row (Show-View (Get-NetNamespace -Name $a) 200) $a | Should -Match ([regex]::Escape("/run/netns/$a") + "$")
        Get-Row (Show-View $cable 80) 'c0' | Should -Match '^c0\s+UP\s+c1\s+UP\s+\S'
    }

    It '<View> looks the same after Export-Clixml and Import-Clixml (<Width> columns)' -ForEach @(
        foreach ($view in 'NetLink', 'VethPair', 'NetAddress', 'NetRoute', 'NetBridge', 'BridgePort', 'NetNamespace', 'NatRule', 'IPForwarding', 'NetRoutingRule',
            'ContainerNetwork', 'ContainerEndpoint', 'LinkStatistic', 'LinkImpairment', 'NetFirewallRule', 'NetFirewallAddressSet') {
            foreach ($width in $Widths) { @{ View = $view; Width = $width } }
        }
    ) {
        $objects = @(& $views[$View].Objects)
        $file = Join-Path ([IO.Path]::GetTempPath()) "$prefix-$View.clixml"
        try {
            $objects | Export-Clixml -Path $file
            $imported = @(Import-Clixml -Path $file)
            $imported[0].PSObject.TypeNames[0] | Should -Be "Deserialized.LinuxNetPS.Model.$View"
            (Show-View $imported $Width) -join "`n" | Should -Be ((Show-View $objects $Width) -join "`n")
        }
        finally {
            Remove-Item -Path $file -ErrorAction Ignore
        }
    }
}
