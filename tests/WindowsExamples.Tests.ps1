#Requires -Modules Pester
# Issue 25: what PowerShell users bring with them. Microsoft's documented examples of the NetTCPIP and NetAdapter cmdlets
# (docs.microsoft.com, Windows Server 2025 help), each line as Microsoft writes it with only interface names, interface
# indexes, addresses and process ids adapted, run in namespaces this suite makes. -Namespace is not in the lines: it
# comes from $PSDefaultParameterValues, so a line reads exactly as in Microsoft's documentation and still never touches
# the machine's own namespace. `ip -j`, `ss` and `nft -j` are the oracles.
#
# The documented lines that do not run as written are listed in about_LinuxNetPS_Windows (WHAT DOES NOT RUN AS WRITTEN),
# each with its reason; the last Describe counts both lists and holds the rate.

BeforeDiscovery {
    # Microsoft's examples, as written there (adapted names only): 'V' runs here verbatim (and is run by a test below),
    # 'X' does not, for the reason in about_LinuxNetPS_Windows.
    $script:Documented = @(
        @{ C = 'Get-NetIPAddress'; V = 6; X = 0 }
        @{ C = 'New-NetIPAddress'; V = 2; X = 0 }
        @{ C = 'Set-NetIPAddress'; V = 3; X = 0 }          # -PreferredLifetime on an IPv6 address (IPv4: needs a valid lifetime)
        @{ C = 'Remove-NetIPAddress'; V = 4; X = 0 }
        @{ C = 'Get-NetRoute'; V = 7; X = 0 }
        @{ C = 'New-NetRoute'; V = 2; X = 0 }
        @{ C = 'Set-NetRoute'; V = 1; X = 1 }              # -PreferredLifetime (a Linux route has one lifetime)
        @{ C = 'Remove-NetRoute'; V = 2; X = 0 }
        @{ C = 'Get-NetIPInterface'; V = 5; X = 1 }        # AdvertisedRouterLifetime
        @{ C = 'Set-NetIPInterface'; V = 1; X = 1 }        # LinkSpeed and -InterfaceMetric
        @{ C = 'Get-NetIPConfiguration'; V = 5; X = 0 }
        @{ C = 'Get-NetNeighbor'; V = 4; X = 0 }
        @{ C = 'Get-NetTCPConnection'; V = 3; X = 1 }      # -AppliedSetting
        @{ C = 'Get-NetUDPEndpoint'; V = 2; X = 0 }
        @{ C = 'Test-NetConnection'; V = 3; X = 3 }        # no -ComputerName (3)
        @{ C = 'Get-NetAdapter'; V = 12; X = 0 }
        @{ C = 'Enable-NetAdapter'; V = 3; X = 0 }
        @{ C = 'Disable-NetAdapter'; V = 7; X = 0 }
        @{ C = 'Rename-NetAdapter'; V = 2; X = 0 }
        @{ C = 'Get-NetAdapterStatistics'; V = 2; X = 0 }
        @{ C = 'New-NetNat'; V = 1; X = 1 }                # -InternalRoutingDomainId
        @{ C = 'Get-NetNat'; V = 1; X = 0 }
        @{ C = 'Remove-NetNat'; V = 1; X = 0 }
        @{ C = 'Add-NetNatStaticMapping'; V = 0; X = 1 }   # no -NatName and -Protocol (mandatory in Windows too), -InternalRoutingDomainId
        @{ C = 'Get-NetNatStaticMapping'; V = 1; X = 0 }
        @{ C = 'Remove-NetNatStaticMapping'; V = 1; X = 0 }
    )
}

Describe "Microsoft's documented examples, in namespaces" -Tag 'Lab', 'Windows' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $w = "$prefix-w"    # the "Windows machine"
        $g = "$prefix-g"    # its gateway
        $null = New-NetNamespace -Name $w, $g
        # eth2 is the first interface made in $w after lo, so its index is 2: Microsoft's -InterfaceIndex 12 becomes 2.
        $null = New-VethPair -Name eth2 -PeerName gw2 -Namespace $w -PeerNamespace $g -Up
        $null = New-VethPair -Name Ethernet -PeerName gwe -Namespace $w -PeerNamespace $g
        $null = New-VethPair -Name MyAdapter -PeerName gwm -Namespace $w -PeerNamespace $g -Up
        Set-NetLink -Name lo -Up -Namespace $w
        Add-NetAddress -Address 192.168.0.5/24 -Interface gw2 -Namespace $g
        Add-NetAddress -Address 192.168.1.5/24 -Interface gwm -Namespace $g
        Add-NetAddress -Address 192.168.1.1/24 -Interface MyAdapter -Namespace $w

        # Every LinuxNetPS cmdlet that has -Namespace works in $w unless a line says otherwise.
        $script:SavedDefaults = $PSDefaultParameterValues.Clone()
        foreach ($c in Get-Command -Module LinuxNetPS -CommandType Cmdlet) {
            if ($c.Parameters.ContainsKey('Namespace') -and $c.Name -notin 'Invoke-NetNamespace', 'Start-NetNamespaceProcess', 'Enter-NetNamespace') {
                $PSDefaultParameterValues["$($c.Name):Namespace"] = $w
            }
        }
        # Disable-NetAdapter asks first (ConfirmImpact High, as in Windows); a suite cannot answer.
        $script:SavedConfirm = $ConfirmPreference
        $ConfirmPreference = 'None'

        function Get-Addresses { @(Get-IpJson $w addr show | ForEach-Object { foreach ($a in $_.addr_info) { "$($_.ifname) $($a.local)/$($a.prefixlen)" } }) }
        function Get-Routes { @(Get-IpJson $w route show | ForEach-Object { "$($_.dst) $($_.gateway) $($_.dev)".Trim() }) }
    }

    AfterAll {
        $global:PSDefaultParameterValues = $script:SavedDefaults
        $ConfirmPreference = $script:SavedConfirm
        if ($prefix) { Remove-Lab $prefix }
    }

    It 'the interface Microsoft calls 12 has index 2 here' {
        (Get-IpJson $w link show eth2).ifindex | Should -Be 2
    }

    Context 'New-, Set-, Get-, Remove-NetIPAddress' {
        It 'New-NetIPAddress example 1: an address with a default gateway, and removing both' {
            New-NetIPAddress -InterfaceIndex 2 -IPAddress 192.168.0.1 -PrefixLength 24 -DefaultGateway 192.168.0.5
            Get-Addresses | Should -Contain 'eth2 192.168.0.1/24'
            Get-Routes | Should -Contain 'default 192.168.0.5 eth2'

            Remove-NetIPAddress -IPAddress 192.168.0.1 -DefaultGateway 192.168.0.5
            Get-Addresses | Should -Not -Contain 'eth2 192.168.0.1/24'
            Get-Routes | Should -Not -Contain 'default 192.168.0.5 eth2'
        }

        It 'Set-NetIPAddress example 1: change the prefix length' {
            New-NetIPAddress -InterfaceIndex 2 -IPAddress 192.168.0.1
            Get-Addresses | Should -Contain 'eth2 192.168.0.1/32'
            Set-NetIPAddress -InterfaceIndex 2 -IPAddress 192.168.0.1 -PrefixLength 24
            Get-Addresses | Should -Contain 'eth2 192.168.0.1/24'
            Get-Addresses | Should -Not -Contain 'eth2 192.168.0.1/32'
        }

        It 'Get-NetIPAddress examples 1 to 4' {
            $v6 = Get-NetIPAddress -AddressFamily IPv6
            $v6.AddressFamily | Sort-Object -Unique | Should -Be 'IPv6'
            $v6.Count | Should -Be (@(Get-IpJson $w -6 addr show | ForEach-Object { $_.addr_info }).Count)
            Get-NetIPAddress | Format-Table | Out-String | Should -Match '192\.168\.0\.1'
            $on2 = Get-NetIPAddress -InterfaceIndex 2
            $on2.InterfaceAlias | Sort-Object -Unique | Should -Be 'eth2'
            $sorted = Get-NetIPAddress | Sort-Object -Property InterfaceIndex
            $sorted | Format-Table | Out-String | Should -Match 'eth2'
            $sorted[0].InterfaceIndex | Should -Be 1
        }

        It 'Remove-NetIPAddress examples 1 and 2: by address alone, and from the pipeline' {
            Remove-NetIPAddress -IPAddress 192.168.0.1
            Get-Addresses | Should -Not -Contain 'eth2 192.168.0.1/24'
            New-NetIPAddress -InterfaceIndex 2 -IPAddress 192.168.0.1
            Get-NetIPAddress -IPAddress 192.168.0.1 | Remove-NetIPAddress
            Get-Addresses | Where-Object { $_ -like '* 192.168.0.1/*' } | Should -BeNullOrEmpty
        }

        It 'Set-NetIPAddress example 2 and Get-NetIPAddress example 5: lifetimes, against ip -j' {
            # Microsoft's 192.168.0.1 is an IPv6 address here: Linux holds a preferred lifetime under an infinite valid one
            # on IPv6 addresses only (the IPv4 line is refused with a reason, in the bad-input lines below).
            New-NetIPAddress -InterfaceIndex 2 -IPAddress fd00::1
            $Timesp = ( New-TimeSpan -Days 1 )
            Set-NetIPAddress -InterfaceIndex 2 -IPAddress fd00::1 -PreferredLifetime $Timesp
            $kernel = (Get-IpJson $w addr show dev eth2).addr_info | Where-Object local -eq 'fd00::1'
            $kernel.preferred_life_time | Should -BeLessOrEqual 86400
            $kernel.preferred_life_time | Should -BeGreaterThan 86000
            $kernel.valid_life_time | Should -Be ([uint32]::MaxValue)   # forever, as before
            $kernel.prefixlen | Should -Be 128
            (Get-NetIPAddress -IPAddress fd00::1).PreferredLifetime | Should -BeLessOrEqual ([TimeSpan]::FromDays(1))

            # One address that expires within the day, added with Windows' -ValidLifetime.
            New-NetIPAddress -InterfaceAlias eth2 -IPAddress 192.168.0.7 -PrefixLength 24 -ValidLifetime (New-TimeSpan -Hours 1)
            $all = @(Get-IpJson $w addr show | ForEach-Object { $_.addr_info })
            $short = Get-NetIPAddress | Where-Object -FilterScript { $_.ValidLifetime -Lt ([TimeSpan]::FromDays(1)) }
            @($short.IPAddress.IPAddressToString) | Should -Be @($all | Where-Object valid_life_time -lt 86400 | ForEach-Object local)
            @($short.IPAddress.IPAddressToString) | Should -Be @('192.168.0.7')
            $infinite = Get-NetIPAddress | Where-Object -FilterScript { $_.ValidLifetime -Eq ([TimeSpan]::MaxValue) }
            @($infinite.IPAddress.IPAddressToString | Sort-Object) | Should -Be @($all | Where-Object valid_life_time -eq ([uint32]::MaxValue) | ForEach-Object local | Sort-Object)
            $infinite.IPAddress | Should -Contain ([ipaddress]'fd00::1')

            Set-NetIPAddress -IPAddress 192.168.0.7 -ValidLifetime ([TimeSpan]::MaxValue) -WhatIf
            ((Get-IpJson $w addr show dev eth2).addr_info | Where-Object local -eq '192.168.0.7').valid_life_time | Should -BeLessOrEqual 3600
            Set-NetIPAddress -IPAddress 192.168.0.7 -ValidLifetime ([TimeSpan]::MaxValue)
            $kept = (Get-IpJson $w addr show dev eth2).addr_info | Where-Object local -eq '192.168.0.7'
            $kept.valid_life_time | Should -Be ([uint32]::MaxValue)
            $kept.prefixlen | Should -Be 24
        }

        It 'Remove-NetIPAddress example 3: every Manual address, leaving the kernel''s own (WellKnown)' {
            $origins = Get-NetIPAddress | Group-Object { "$($_.PrefixOrigin)" } -AsHashTable -AsString
            @($origins['Manual'].IPAddress.IPAddressToString | Sort-Object) | Should -Be @('192.168.0.7', '192.168.1.1', 'fd00::1')
            $origins['WellKnown'].IPAddress | Should -Contain ([ipaddress]'127.0.0.1')
            $origins['WellKnown'].IPAddress | Should -Contain ([ipaddress]'::1')

            Remove-NetIPAddress -PrefixOrigin Manual -WhatIf
            @(Get-Addresses) | Should -Contain 'MyAdapter 192.168.1.1/24'
            try {
                Remove-NetIPAddress -PrefixOrigin Manual
                # What is left is what the kernel made: loopback and link-local addresses (host and link scope).
                $left = @(Get-IpJson $w addr show | ForEach-Object { $_.addr_info })
                $left | Should -Not -BeNullOrEmpty
                $left | Where-Object scope -notin 'host', 'link' | Should -BeNullOrEmpty
                @(Get-NetIPAddress -PrefixOrigin WellKnown).Count | Should -Be $left.Count
                Remove-NetIPAddress -PrefixOrigin Manual   # nothing left of that origin: nothing to do, as in Windows
            }
            finally {
                # The later contexts use MyAdapter's address.
                if (-not (Get-Addresses | Where-Object { $_ -eq 'MyAdapter 192.168.1.1/24' })) { Add-NetAddress -Address 192.168.1.1/24 -Interface MyAdapter -Namespace $w }
            }
        }
    }

    Context 'New- and Get-NetRoute' {
        BeforeAll {
            Add-NetAddress -Address 192.168.0.2/24 -Interface eth2 -Namespace $w
        }

        It 'New-NetRoute example 1 and Get-NetRoute example 1' {
            New-NetRoute -DestinationPrefix "10.0.0.0/24" -InterfaceIndex 2 -NextHop 192.168.0.1
            Get-Routes | Should -Contain '10.0.0.0/24 192.168.0.1 eth2'
            Get-NetRoute | Format-List -Property * | Out-String | Should -Match 'DestinationPrefix\s*:\s*10\.0\.0\.0/24'
        }

        It 'Get-NetRoute examples 2 to 6' {
            New-NetRoute -DestinationPrefix 0.0.0.0/0 -InterfaceAlias eth2 -NextHop 192.168.0.5
            (Get-NetRoute -AddressFamily IPv6).AddressFamily | Sort-Object -Unique | Should -Be 'IPv6'
            (Get-NetRoute -InterfaceIndex 2).InterfaceAlias | Sort-Object -Unique | Should -Be 'eth2'
            Get-NetRoute -DestinationPrefix "0.0.0.0/0" | Select-Object -ExpandProperty "NextHop" | Should -Be '192.168.0.5'
            $remote = Get-NetRoute | Where-Object -FilterScript { $_.NextHop -Ne "::" } | Where-Object -FilterScript { $_.NextHop -Ne "0.0.0.0" } | Where-Object -FilterScript { ($_.NextHop.SubString(0,6) -Ne "fe80::") }
            @($remote.DestinationPrefix | Sort-Object) | Should -Be @('0.0.0.0/0', '10.0.0.0/24')
            $adapters = Get-NetRoute | Where-Object -FilterScript {$_.NextHop -Ne "::"} | Where-Object -FilterScript { $_.NextHop -Ne "0.0.0.0" } | Where-Object -FilterScript { ($_.NextHop.SubString(0,6) -Ne "fe80::") } | Get-NetAdapter
            $adapters.Name | Sort-Object -Unique | Should -Be 'eth2'
        }

        It "the default route says 'default' in Destination and the view, 0.0.0.0/0 in DestinationPrefix" {
            $default = Get-NetRoute | Where-Object DestinationPrefix -eq '0.0.0.0/0'
            $default.Destination | Should -Be 'default'
            Get-NetRoute | Out-String | Should -Match '(?m)^default\s+192\.168\.0\.5\s+eth2'
        }
    }

    Context 'Get-, Set-NetIPInterface and Get-NetIPConfiguration' {
        BeforeAll {
            # The namespace's own resolv.conf, as `ip netns exec` binds it: Get-NetIPConfiguration's DNSServer reads it.
            $script:EtcNetns = Join-Path '/etc/netns' $w
            $null = New-Item -ItemType Directory -Path $script:EtcNetns -Force
            Set-Content -Path (Join-Path $script:EtcNetns 'resolv.conf') -Value 'nameserver 192.168.0.53', 'search example.test'
            function Get-Netconf([string] $Interface, [string] $Family) {
                (Get-IpJson $w netconf show dev $Interface | Where-Object family -eq $Family).forwarding
            }
        }
        AfterAll {
            if ($script:EtcNetns -and (Test-Path $script:EtcNetns)) { Remove-Item -Recurse -Force $script:EtcNetns }
        }

        It 'Get-NetIPInterface examples 1 to 5, against ip -j link and ip -j netconf' {
            $rows = Get-NetIPInterface
            $links = Get-IpJson $w link show
            @($rows | Where-Object AddressFamily -eq 'IPv4').Count | Should -Be $links.Count
            ($rows | Where-Object { $_.InterfaceAlias -eq 'eth2' -and $_.AddressFamily -eq 'IPv4' }).NlMtu | Should -Be ($links | Where-Object ifname -eq 'eth2').mtu
            (Get-NetIPInterface -AddressFamily IPv6).AddressFamily | Sort-Object -Unique | Should -Be 'IPv6'
            Get-NetIPInterface | Format-Table | Out-String -Width 80 | Should -Match '(?m)^\s*2 eth2\s+IPv4\s+1500 Disabled\s+Disabled Connected'
            $on2 = Get-NetIPInterface -InterfaceIndex 2
            $on2.InterfaceAlias | Sort-Object -Unique | Should -Be 'eth2'
            @($on2.AddressFamily | Sort-Object) | Should -Be @('IPv4', 'IPv6')
            $sorted = Get-NetIPInterface | Sort-Object -Property InterfaceIndex
            $sorted | Format-Table | Out-String | Should -Match 'MyAdapter'
            $sorted[0].InterfaceIndex | Should -Be 1
            ($rows | Where-Object InterfaceAlias -eq 'Ethernet').ConnectionState | Sort-Object -Unique | Should -Be 'Disconnected'
        }

        It 'Set-NetIPInterface example 1 (-Dhcp Disabled changes nothing), forwarding per family, MTU and up/down' {
            $before = Get-NetState $w
            Set-NetIPInterface -InterfaceIndex 2 -Dhcp Disabled
            Get-NetState $w | Should -Be $before
            (Get-NetIPInterface -InterfaceIndex 2).Dhcp | Sort-Object -Unique | Should -Be 'Disabled'

            Get-NetIPInterface -InterfaceAlias eth2 -AddressFamily IPv4 | Set-NetIPInterface -Forwarding Enabled
            Get-Netconf eth2 inet | Should -BeTrue
            Get-Netconf eth2 inet6 | Should -BeFalse
            Get-Netconf MyAdapter inet | Should -BeFalse
            (Get-NetIPInterface -Forwarding Enabled).InterfaceAlias | Should -Be 'eth2'
            Set-NetIPInterface -InterfaceAlias eth2 -Forwarding Disabled
            Get-Netconf eth2 inet | Should -BeFalse

            Set-NetIPInterface -InterfaceAlias MyAdapter -NlMtuBytes 1400
            (Get-IpJson $w link show MyAdapter).mtu | Should -Be 1400
            Set-NetIPInterface -InterfaceAlias MyAdapter -NlMtuBytes 1500 -ConnectionState Disconnected
            (Get-IpJson $w link show MyAdapter).flags | Should -Not -Contain 'UP'
            Get-NetAdapter -Name MyAdapter | Set-NetIPInterface -ConnectionState Connected
            (Get-IpJson $w link show MyAdapter).flags | Should -Contain 'UP'
            (Get-IpJson $w link show MyAdapter).mtu | Should -Be 1500

            Set-NetIPInterface -Forwarding Enabled -WhatIf
            Get-Netconf eth2 inet | Should -BeFalse
        }

        It 'Get-NetIPConfiguration examples 1 to 5' {
            $config = Get-NetIPConfiguration
            @($config.InterfaceAlias | Sort-Object) | Should -Be @('eth2', 'MyAdapter' | Sort-Object)   # up with a carrier, no lo
            $eth2 = $config | Where-Object InterfaceAlias -eq 'eth2'
            $eth2.IPv4Address.IPAddress | Should -Be ([ipaddress]'192.168.0.2')
            $eth2.IPv4DefaultGateway.NextHop | Should -Be '192.168.0.5'
            $eth2.DNSServer | Should -Be '192.168.0.53'
            $config | Out-String -Width 80 | Should -Match 'IPv4DefaultGateway\s*:\s*192\.168\.0\.5'

            (Get-NetIPConfiguration -All).InterfaceAlias | Should -Contain 'lo'
            (Get-NetIPConfiguration -All).InterfaceAlias | Should -Contain 'Ethernet'
            $verbose = Get-NetIPConfiguration -Verbose 4>&1
            ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Match 'resolv\.conf'
            (Get-NetIPConfiguration -InterfaceIndex 2).InterfaceAlias | Should -Be 'eth2'
            $addresses = Get-NetIPConfiguration | Get-NetIPAddress
            $addresses.PrefixLength | Should -Contain 24
            @($addresses.InterfaceAlias | Sort-Object -Unique) | Should -Be @('eth2', 'MyAdapter' | Sort-Object)
        }
    }

    Context 'Get-NetNeighbor, Get-NetTCPConnection, Get-NetUDPEndpoint, Test-NetConnection' {
        BeforeAll {
            $null = Invoke-NetNamespace -Namespace $w -FilePath ping -ArgumentList '-c', '1', '-W', '2', '192.168.0.5'
            # A TCP server and a client connected to it, and a UDP socket on 127.0.0.1, held open in $w.
            $code = 'import socket,time;s=socket.socket();s.bind(("192.168.0.2",8080));s.listen();c=socket.create_connection(("192.168.0.2",8080));a=s.accept();u=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);u.bind(("127.0.0.1",5353));time.sleep(120)'
            $script:Server = Start-NetNamespaceProcess $w python3 -ArgumentList '-c', $code
            $deadline = (Get-Date).AddSeconds(10)
            while ((Get-Date) -lt $deadline -and -not (& ip netns exec $w ss -Htn state established)) { Start-Sleep -Milliseconds 100 }
        }
        AfterAll {
            if ($script:Server) { Stop-Process -Id $script:Server.Id -ErrorAction SilentlyContinue }
        }

        It 'Get-NetNeighbor examples 1 to 4' {
            (Get-NetNeighbor).IPAddress | Should -Contain ([ipaddress]'192.168.0.5')
            Get-NetNeighbor | Format-List -Property * | Out-String | Should -Match 'LinkLayerAddress'
            Get-NetNeighbor -AddressFamily IPv6 | Where-Object AddressFamily -ne 'IPv6' | Should -BeNullOrEmpty
            $reachable = Get-NetNeighbor -State Reachable | Get-NetAdapter
            $reachable.Name | Should -Contain 'eth2'
        }

        It 'Get-NetTCPConnection examples 1, 2 and 4, against ss' {
            $all = Get-NetTCPConnection
            $all.Count | Should -Be (@(& ip netns exec $w ss -Hta).Count)
            $established = Get-NetTCPConnection -State Established
            $established.Count | Should -Be (@(& ip netns exec $w ss -Htn state established).Count)
            $established.LocalPort | Should -Contain 8080
            $byOwner = Get-NetTcpConnection -OwningProcess $script:Server.Id
            $byOwner.OwningProcess | Sort-Object -Unique | Should -Be $script:Server.Id
            $byOwner.Count | Should -Be 3   # the listener, the client and the accepted connection
        }

        It 'Get-NetUDPEndpoint examples 1 and 2' {
            (Get-NetUDPEndpoint).LocalPort | Should -Contain 5353
            $loopback = Get-NetUDPEndpoint -LocalAddress 127.0.0.1
            $loopback.LocalPort | Should -Be 5353
            $loopback.OwningProcess | Should -Be $script:Server.Id
        }

        It 'Test-NetConnection example 4, with www.contoso.com adapted to the gateway' {
            $result = Test-NetConnection -ComputerName "192.168.0.5" -InformationLevel "Detailed"
            $result.PingSucceeded | Should -BeTrue
            $result.TcpTestSucceeded | Should -BeFalse
            $result.InterfaceAlias | Should -Be 'eth2'
        }

        It 'Test-NetConnection examples 5 and 6: route diagnostics, against ip -j route get' {
            $result = Test-NetConnection -ComputerName 10.0.0.9 -DiagnoseRouting -InformationLevel Detailed
            $kernel = Get-IpJson $w route get 10.0.0.9
            $result.RouteDiagnosticsSucceeded | Should -BeTrue
            $result.RemoteAddress | Should -Be ([ipaddress]'10.0.0.9')
            "$($result.SelectedSourceAddress)" | Should -Be $kernel.prefsrc
            $result.OutgoingInterfaceAlias | Should -Be $kernel.dev
            $result.OutgoingInterfaceIndex | Should -Be (Get-IpJson $w link show $kernel.dev).ifindex
            $result.NextHop | Should -Be ($kernel.gateway ?? '0.0.0.0')
            $result.SelectedNetRoute.DestinationPrefix | Should -Be (Get-IpJson $w route get fibmatch 10.0.0.9).dst
            $result | Format-List | Out-String | Should -Match 'SelectedNetRoute\s*:\s*10\.0\.0\.0/24 via 192\.168\.0\.1 dev eth2'

            # Microsoft's interface 5 is MyAdapter (index 4) here, with a wider route out of it that the constraint selects.
            New-NetRoute -DestinationPrefix 10.0.0.0/16 -InterfaceAlias MyAdapter -NextHop 192.168.1.5
            try {
                $constrained = Test-NetConnection -ComputerName "10.0.0.9" -ConstrainInterface 4 -DiagnoseRouting -InformationLevel "Detailed"
                $kernel = Get-IpJson $w route get 10.0.0.9 oif MyAdapter
                $constrained.ConstrainInterfaceIndex | Should -Be 4
                $constrained.OutgoingInterfaceAlias | Should -Be 'MyAdapter'
                $constrained.OutgoingInterfaceAlias | Should -Be $kernel.dev
                "$($constrained.SelectedSourceAddress)" | Should -Be $kernel.prefsrc
                $constrained.NextHop | Should -Be '192.168.1.5'
            $constrained.NextHop | Should -Be $kernel.gateway
                $constrained.SelectedNetRoute.DestinationPrefix | Should -Be (Get-IpJson $w route get fibmatch 10.0.0.9 oif MyAdapter).dst
                Test-NetConnection -ComputerName 10.0.0.9 -DiagnoseRouting -ConstrainSourceAddress 192.168.1.1 -InformationLevel Quiet | Should -BeTrue
            }
            finally {
                Remove-NetRoute -Destination 10.0.0.0/16 -Interface MyAdapter -Namespace $w
            }
        }

        It 'TcpTestSucceeded and -InformationLevel Quiet, as the issue asked' {
            (Test-NetConnection 192.168.0.2 -Port 8080).TcpTestSucceeded | Should -BeTrue
            Test-NetConnection 192.168.0.2 -Port 8081 -InformationLevel Quiet | Should -BeFalse
            Test-NetConnection 192.168.0.5 -InformationLevel Quiet | Should -BeOfType [bool]
        }
    }

    Context 'Get-, Enable-, Disable-, Rename-NetAdapter, Get-NetAdapterStatistics' {
        It 'Get-NetAdapter examples 1 to 11' {
            $visible = Get-NetAdapter -Name *
            @($visible.Name | Sort-Object) | Should -Be @('eth2', 'Ethernet', 'MyAdapter' | Sort-Object)
            (Get-NetAdapter -Name * -IncludeHidden).Name | Should -Contain 'lo'
            Get-NetAdapter -Name * -Physical | Should -BeNullOrEmpty   # veth only: nothing physical in a namespace
            (Get-NetAdapter -Name "Ethernet").Status | Should -Be 'Disabled'
            (Get-NetAdapter -Name "E*2").Name | Should -Be 'eth2'
            Get-NetAdapter -Name "MyAdapter" | Format-List -Property * | Out-String | Should -Match 'InterfaceIndex\s*:\s*\d'
            Get-NetAdapter -Name "eth2" | Format-List -Property * | Out-String | Should -Match 'Status\s*:\s*Up'
            (Get-NetAdapter -Name * -InterfaceDescription "veth*").Count | Should -Be 3
            Get-NetAdapter -Name "*" -IncludeHidden | Format-List -Property "Name", "InterfaceDescription", "InterfaceName" | Out-String | Should -Match 'InterfaceDescription : loopback'
            $driver = Get-NetAdapter -Name * | Format-Table -View Driver | Out-String -Width 80
            $driver | Should -Match '(?m)^Name\s+InterfaceDescription\s+Driver\s+ifIndex\s+Status'
            $driver | Should -Match '(?m)^eth2\s+veth\s+veth\s+2 '
            $byName = Get-NetAdapter -Name * | Format-Table -View Name | Out-String -Width 80
            $byName | Should -Match '(?m)^Name\s+ifIndex\s+Status\s+MacAddress\s+MtuSize'
            $byName | Should -Match ('(?m)^MyAdapter\s+\d+\s+\w+\s+' + [regex]::Escape((Get-IpJson $w link show MyAdapter).address))
        }

        It 'Disable-NetAdapter example 1, 3 and 4; Enable-NetAdapter example 1' {
            Disable-NetAdapter -Name "MyAdapter"
            (Get-IpJson $w link show MyAdapter).flags | Should -Not -Contain 'UP'
            Enable-NetAdapter -Name "MyAdapter"
            (Get-IpJson $w link show MyAdapter).flags | Should -Contain 'UP'
            Disable-NetAdapter "MyAdapter"
            Enable-NetAdapter "M*r"
            Disable-NetAdapter E*2
            (Get-IpJson $w link show eth2).flags | Should -Not -Contain 'UP'
            Disable-NetAdapter -Name "MyAdapter" -Confirm:$False
            Enable-NetAdapter -Name "E*2"
            Disable-NetAdapter -Name "*"
            @(Get-IpJson $w link show | Where-Object { $_.ifname -ne 'lo' -and $_.flags -contains 'UP' }) | Should -BeNullOrEmpty
            (Get-IpJson $w link show lo).flags | Should -Contain 'UP'
            Enable-NetAdapter -Name "*"
        }

        It 'Rename-NetAdapter examples 1 and 2' {
            Disable-NetAdapter -Name "Ethernet"
            Rename-NetAdapter -Name "Ethernet" -NewName "MgmtAdapter"
            (Get-IpJson $w link show MgmtAdapter).ifname | Should -Be 'MgmtAdapter'
            Rename-NetAdapter -Name "Mg*r" -NewName "Ethernet"  # matches MgmtAdapter only, not MyAdapter
            (Get-IpJson $w link show Ethernet).ifname | Should -Be 'Ethernet'
        }

        It 'Get-NetAdapterStatistics examples 1 and 2' {
            $null = Invoke-NetNamespace -Namespace $w -FilePath ping -ArgumentList '-c', '2', '-i', '0.2', '192.168.1.5'
            $stats = Get-NetAdapterStatistics -Name "MyAdapter"
            $ip = Get-IpJson $w -s link show MyAdapter
            $stats.SentBytes | Should -BeGreaterThan 0
            $stats.ReceivedBytes | Should -BeLessOrEqual $ip.stats64.rx.bytes
            Get-NetAdapterStatistics -Name "MyAdapter" | Format-List -Property "*" | Out-String | Should -Match 'ReceivedBytes\s*:\s*\d'
        }
    }

    Context 'NetNat: New-, Get-, Remove-NetNat, Add-, Get-, Remove-NetNatStaticMapping, against nft -j' {
        BeforeAll {
            # Our table's rules in nft's words: "<comment> <chain> <the rule's expressions as JSON>".
            function Get-NftRules {
                $json = & ip netns exec $w nft -j list ruleset | ConvertFrom-Json
                @($json.nftables | Where-Object { $_.rule -and $_.rule.table -eq 'linuxnetps' } | ForEach-Object {
                    "$($_.rule.comment) $($_.rule.chain) $($_.rule.expr | ConvertTo-Json -Depth 10 -Compress)" })
            }
            $script:NetNatState = { @(Get-ChildItem /run/linuxnetps/netnat -Filter 'netns-*.json' -ErrorAction SilentlyContinue | Where-Object { (Get-Content $_ -Raw) -match [regex]::Escape("/run/netns/$w") }) }
        }

        It 'a NAT with two static mappings, then Get-NetNat, Get-NetNatStaticMapping, Remove-NetNatStaticMapping and Remove-NetNat examples 1' {
            # The shape of Microsoft's Hyper-V NAT set-up (New-NetNat -Name -InternalIPInterfaceAddressPrefix, Add-NetNatStaticMapping
            # with every mandatory parameter); New-NetNat example 1 and the reference page's Add- line are in the list of those that do not run.
            $nat = New-NetNat -Name "AllTenants" -InternalIPInterfaceAddressPrefix "192.168.1.0/24" -WarningAction SilentlyContinue
            $nat.NatName | Should -Be 'AllTenants'
            Add-NetNatStaticMapping -NatName "AllTenants" -Protocol TCP -ExternalIPAddress 0.0.0.0 -InternalIPAddress 192.168.1.5 -InternalPort 80 -ExternalPort 8080 -WarningAction SilentlyContinue
            Add-NetNatStaticMapping -NatName "AllTenants" -Protocol UDP -ExternalIPAddress 192.168.0.2 -InternalIPAddress 192.168.1.5 -ExternalPort 53 -WarningAction SilentlyContinue
            $rules = Get-NftRules
            @($rules | Where-Object { $_ -like "linuxnetps:$($nat.RuleId) postrouting *" -and $_ -match '"masquerade"' -and $_ -match '192\.168\.1\.0' }).Count | Should -Be 1
            @($rules | Where-Object { $_ -like 'linuxnetps:dnat-* prerouting *' -and $_ -match '"right":8080' -and $_ -match '"addr":"192\.168\.1\.5","port":80' }).Count | Should -Be 1
            @($rules | Where-Object { $_ -like 'linuxnetps:dnat-* prerouting *' -and $_ -match '"right":53' -and $_ -match '"right":"192\.168\.0\.2"' }).Count | Should -Be 1
            & $script:NetNatState | Should -HaveCount 1

            $nats = Get-NetNat
            $nats.NatName | Should -Be 'AllTenants'
            $nats.InternalIPInterfaceAddressPrefix | Should -Be '192.168.1.0/24'
            $nats.StaticMappings | Should -Be 2
            Get-NetNat | Out-String -Width 80 | Should -Match 'AllTenants\s+192\.168\.1\.0/24\s+2 masq-'
            $mappings = Get-NetNatStaticMapping
            @($mappings | Sort-Object ExternalPort | ForEach-Object { "$($_.Protocol) $($_.ExternalIPAddress):$($_.ExternalPort) $($_.InternalIPAddress):$($_.InternalPort)" }) |
                Should -Be @('UDP 192.168.0.2:53 192.168.1.5:53', 'TCP 0.0.0.0:8080 192.168.1.5:80')
            $mappings.StaticMappingID | ForEach-Object { (Get-NatRule -Namespace $w).Id | Should -Contain $_ }

            Remove-NetNatStaticMapping
            Get-NetNatStaticMapping | Should -BeNullOrEmpty
            @(Get-NftRules | Where-Object { $_ -like 'linuxnetps:dnat-*' }) | Should -BeNullOrEmpty
            @(Get-NftRules | Where-Object { $_ -like "linuxnetps:$($nat.RuleId) *" }).Count | Should -Be 1

            Remove-NetNat
            Get-NetNat | Should -BeNullOrEmpty
            Get-NftRules | Should -BeNullOrEmpty
            & $script:NetNatState | Should -BeNullOrEmpty
        }

        It 'New-NetNat example 2: everything leaving by the interface whose address is in the external prefix' {
            New-NetNat -Name "AllTenants" -ExternalIPInterfaceAddressPrefix "192.168.0.0/24" -WarningAction SilentlyContinue
            $nat = Get-NetNat -Name AllTenants
            $nat.ExternalIPInterfaceAddressPrefix | Should -Be '192.168.0.0/24'
            $nat.InternalIPInterfaceAddressPrefix | Should -Be '0.0.0.0/0'
            # eth2 has 192.168.0.2: the masquerade is of what leaves by eth2, and only that.
            $rule = @(Get-NftRules | Where-Object { $_ -like "linuxnetps:$($nat.RuleId) postrouting *" })
            $rule.Count | Should -Be 1
            $rule[0] | Should -Match '"masquerade"'
            $rule[0] | Should -Match '"oifname"\}+,"right":"eth2"'
            $rule[0] | Should -Not -Match 'MyAdapter'
            Remove-NetNat -Name AllTenants
            Get-NftRules | Should -BeNullOrEmpty
        }

        It 'piped: a NAT to its mappings, mappings to Remove-NetNatStaticMapping, NATs to Remove-NetNat; a rule removed underneath is forgotten' {
            $null = New-NetNat -Name lab -InternalIPInterfaceAddressPrefix 10.77.0.0/16 -WarningAction SilentlyContinue
            Add-NetNatStaticMapping lab -Protocol tcp -ExternalIPAddress 0.0.0.0 -ExternalPort 2222 -InternalIPAddress 10.77.0.2 -InternalPort 22 -WarningAction SilentlyContinue
            $mapping = Get-NetNat -Name lab | Get-NetNatStaticMapping
            $mapping.InternalPort | Should -Be 22
            $mapping | Remove-NetNatStaticMapping -WhatIf
            @(Get-NftRules | Where-Object { $_ -like "linuxnetps:$($mapping.StaticMappingID) *" }).Count | Should -Be 2   # prerouting and output
            $mapping | Remove-NetNatStaticMapping
            @(Get-NftRules | Where-Object { $_ -like "linuxnetps:$($mapping.StaticMappingID) *" }) | Should -BeNullOrEmpty
            Remove-NatRule -Id (Get-NetNat -Name lab).RuleId -Namespace $w
            Get-NetNat | Should -BeNullOrEmpty
            $null = New-NetNat -Name lab -InternalIPInterfaceAddressPrefix 10.77.0.0/16 -WarningAction SilentlyContinue
            Get-NetNat | Remove-NetNat
            Get-NftRules | Should -BeNullOrEmpty
        }
    }

    Context 'Remove-NetRoute and Get-NetRoute with lifetimes' {
        BeforeAll {
            # The adapter context took the links down and up again, which took their IPv4 routes with it: these are ours.
            New-NetRoute -DestinationPrefix 10.0.0.0/24 -InterfaceAlias eth2 -NextHop 192.168.0.1
            New-NetRoute -DestinationPrefix 10.1.0.0/24 -InterfaceAlias eth2 -NextHop 192.168.0.1
            New-NetRoute -DestinationPrefix 10.2.0.0/24 -InterfaceAlias eth2 -NextHop 192.168.0.5
            # The links came up again there: the kernel adds their fe80::/64 routes when duplicate address detection ends,
            # which must be over before routes are counted and changed.
            $deadline = (Get-Date).AddSeconds(20)
            while ((Get-Date) -lt $deadline -and (Get-IpJson $w -6 addr show | ForEach-Object { $_.addr_info } | Where-Object { $_.tentative })) { Start-Sleep -Milliseconds 200 }
        }

        It 'Get-NetRoute example 7: the routes whose valid lifetime is infinite, against ip -j' {
            New-NetRoute -DestinationPrefix 2001:db8:1::/64 -InterfaceAlias eth2 -ValidLifetime (New-TimeSpan -Hours 1)
            $v6 = @(Get-IpJson $w -6 route show)
            ($v6 | Where-Object dst -eq '2001:db8:1::/64').expires | Should -BeLessOrEqual 3600
            $infinite = Get-NetRoute | Where-Object -FilterScript { $_.ValidLifetime -Eq ([TimeSpan]::MaxValue) }
            $infinite.DestinationPrefix | Should -Not -Contain '2001:db8:1::/64'
            $infinite.DestinationPrefix | Should -Contain '10.2.0.0/24'
            $kernelInfinite = @(Get-IpJson $w route show) + @($v6 | Where-Object { $null -eq $_.expires })
            @($infinite).Count | Should -Be $kernelInfinite.Count
            $expiring = Get-NetRoute -DestinationPrefix 2001:db8:1::/64
            $expiring.ValidLifetime | Should -BeLessOrEqual ([TimeSpan]::FromHours(1))
            $expiring.ValidLifetime | Should -BeGreaterThan ([TimeSpan]::FromMinutes(50))
        }

        It 'Set-NetRoute example 1: every route gets metric 257, against ip -j' {
            function Get-AllRoutes { @(Get-IpJson $w route show) + @(Get-IpJson $w -6 route show) }
            $before = Get-AllRoutes
            Set-NetRoute -RouteMetric 257 -WhatIf
            @((Get-AllRoutes).metric | Where-Object { $_ -eq 257 }) | Should -BeNullOrEmpty
            Set-NetRoute -RouteMetric 257
            $after = Get-AllRoutes
            @($after.metric | Sort-Object -Unique) | Should -Be @(257) -Because ($after | ConvertTo-Json -Compress)
            @($after | ForEach-Object { "$($_.dst) $($_.gateway) $($_.dev) $($_.protocol) $($_.prefsrc)" } | Sort-Object) |
                Should -Be @($before | ForEach-Object { "$($_.dst) $($_.gateway) $($_.dev) $($_.protocol) $($_.prefsrc)" } | Sort-Object)
            ($after | Where-Object dst -eq '2001:db8:1::/64').expires | Should -BeGreaterThan 0   # its lifetime went with it
            Set-NetRoute -RouteMetric 257   # nothing left to change
            (Get-AllRoutes).Count | Should -Be $before.Count
        }

        It 'Remove-NetRoute examples 2 and 1: by next hop, then every route' {
            Remove-NetRoute -NextHop "192.168.0.1" -WhatIf
            Get-Routes | Should -Contain '10.1.0.0/24 192.168.0.1 eth2'
            Remove-NetRoute -NextHop "192.168.0.1"
            $routes = Get-Routes
            $routes | Should -Not -Contain '10.0.0.0/24 192.168.0.1 eth2'
            $routes | Should -Not -Contain '10.1.0.0/24 192.168.0.1 eth2'
            $routes | Should -Contain '10.2.0.0/24 192.168.0.5 eth2'
            Get-IpJson $w route show 192.168.0.0/24 | Should -Not -BeNullOrEmpty   # on the link: no next hop of 192.168.0.1

            Remove-NetRoute
            Get-IpJson $w route show | Should -BeNullOrEmpty
            Get-IpJson $w -6 route show | Should -BeNullOrEmpty
            Get-IpJson $w route show table local | Should -Not -BeNullOrEmpty   # the main table only, as Get-NetRoute shows

            # A script that says -Confirm:$false needs no $ConfirmPreference of None.
            New-NetRoute -DestinationPrefix 10.3.0.0/24 -InterfaceAlias MyAdapter
            & { $ConfirmPreference = 'High'; Remove-NetRoute -InterfaceAlias MyAdapter -Confirm:$false }
            Get-IpJson $w route show | Should -BeNullOrEmpty
        }

        AfterAll {
            # The connected routes back, for the bad-input lines below.
            New-NetRoute -DestinationPrefix 192.168.0.0/24 -InterfaceAlias eth2 -ErrorAction SilentlyContinue
            New-NetRoute -DestinationPrefix 192.168.1.0/24 -InterfaceAlias MyAdapter -ErrorAction SilentlyContinue
        }
    }

    Context 'bad input in the new shapes: a clear error, nothing changed' {
        It '<Line>' -ForEach @(
            @{ Line = 'New-NetIPAddress -InterfaceIndex 99 -IPAddress 192.168.0.9'; Id = 'LinkNotFound' }
            @{ Line = 'New-NetIPAddress -InterfaceAlias eth2 -IPAddress 192.168.0.300'; Id = 'InvalidPrefix' }
            @{ Line = 'New-NetIPAddress -InterfaceAlias eth2 -IPAddress 192.168.0.9 -PrefixLength 33'; Id = 'InvalidArgument' }
            @{ Line = 'New-NetIPAddress -InterfaceAlias eth2 -IPAddress 192.168.0.9 -AddressFamily IPv6'; Id = 'InvalidAddressFamily' }
            @{ Line = 'New-NetIPAddress -InterfaceAlias eth2 -IPAddress 192.168.0.9 -PrefixLength 24 -DefaultGateway 10.9.9.9'; Id = 'Unreachable' }
            @{ Line = 'New-NetIPAddress -InterfaceAlias eth2 -InterfaceIndex 3 -IPAddress 192.168.0.9'; Id = '' }
            @{ Line = 'Remove-NetIPAddress -IPAddress 192.168.0.99'; Id = 'AddressNotFound' }
            @{ Line = 'Remove-NetIPAddress -IPAddress 192.168.0.2 -DefaultGateway 192.168.0.77'; Id = 'RouteNotFound' }
            @{ Line = 'Set-NetIPAddress -IPAddress 192.168.0.2 -PrefixLength 40'; Id = 'InvalidArgument' }
            @{ Line = 'Set-NetIPAddress -IPAddress 192.168.0.99 -PrefixLength 24'; Id = 'AddressNotFound' }
            @{ Line = 'New-NetRoute -DestinationPrefix 10.1.0.1/24 -InterfaceAlias eth2'; Id = 'InvalidArgument' }
            @{ Line = 'New-NetRoute -DestinationPrefix 10.1.0.0/24 -InterfaceIndex 99'; Id = 'LinkNotFound' }
            @{ Line = 'Get-NetAdapter -InterfaceIndex 99'; Id = 'LinkNotFound' }
            @{ Line = 'Rename-NetAdapter -Name "*" -NewName x0'; Id = 'ParameterConflict' }
            @{ Line = 'Rename-NetAdapter -Name eth2 -NewName "Ethernet 2"'; Id = 'InvalidInterfaceName' }
            @{ Line = 'Get-NetTCPConnection -LocalAddress 1.2.3'; Id = 'InvalidAddress' }
            @{ Line = 'Set-NetIPInterface -InterfaceIndex 99 -Forwarding Enabled'; Id = 'LinkNotFound' }
            @{ Line = 'Set-NetIPInterface -InterfaceAlias nope0 -Forwarding Enabled'; Id = 'LinkNotFound' }
            @{ Line = 'Set-NetIPInterface -InterfaceAlias "eth 2" -Forwarding Enabled'; Id = 'InvalidInterfaceName' }
            @{ Line = 'Set-NetIPInterface -InterfaceAlias eth2 -Dhcp Enabled'; Id = 'SettingNotSupported' }
            @{ Line = 'Set-NetIPInterface -InterfaceAlias eth2 -InterfaceMetric 5 -Forwarding Enabled'; Id = 'SettingNotSupported' }
            @{ Line = 'Set-NetIPInterface -InterfaceAlias eth2 -Forwarding Sometimes'; Id = 'CannotConvertArgumentNoMessage' }
            @{ Line = 'Set-NetIPInterface -InterfaceAlias eth2 -NlMtuBytes 20'; Id = 'ParameterArgumentValidationError' }
            @{ Line = 'Get-NetIPInterface -InterfaceIndex 99'; Id = 'LinkNotFound' }
            @{ Line = 'Get-NetIPConfiguration -InterfaceIndex 99'; Id = 'LinkNotFound' }
            @{ Line = 'Get-NetIPConfiguration -InterfaceAlias nope0'; Id = 'LinkNotFound' }
            @{ Line = 'New-NetNat -Name bad -InternalIPInterfaceAddressPrefix 192.168.300.0/24'; Id = 'InvalidPrefix' }
            @{ Line = 'New-NetNat -Name " " -InternalIPInterfaceAddressPrefix 192.168.9.0/24'; Id = 'InvalidArgument' }
            @{ Line = 'New-NetNat -Name Taken -InternalIPInterfaceAddressPrefix 192.168.9.0/24'; Id = 'NetNatExists'; Before = { New-NetNat -Name Taken -InternalIPInterfaceAddressPrefix 192.168.8.0/24 -WarningAction SilentlyContinue } }
            @{ Line = 'New-NetNat -Name Other -InternalIPInterfaceAddressPrefix 192.168.8.0/24'; Id = 'NetNatExists'; Before = { New-NetNat -Name Taken -InternalIPInterfaceAddressPrefix 192.168.8.0/24 -WarningAction SilentlyContinue } }
            @{ Line = 'Remove-NetNat -Name Nope'; Id = 'NetNatNotFound' }
            @{ Line = 'Get-NetNat -Name Nope'; Id = 'NetNatNotFound' }
            @{ Line = 'Add-NetNatStaticMapping -NatName Nope -Protocol TCP -ExternalIPAddress 0.0.0.0 -ExternalPort 80 -InternalIPAddress 192.168.1.5'; Id = 'NetNatNotFound' }
            @{ Line = 'Add-NetNatStaticMapping -NatName Taken -Protocol ICMP -ExternalIPAddress 0.0.0.0 -ExternalPort 80 -InternalIPAddress 192.168.1.5'; Id = 'InvalidProtocol'; Before = { New-NetNat -Name Taken -InternalIPInterfaceAddressPrefix 192.168.8.0/24 -WarningAction SilentlyContinue } }
            @{ Line = 'Add-NetNatStaticMapping -NatName Taken -Protocol TCP -ExternalIPAddress 1.2.3 -ExternalPort 80 -InternalIPAddress 192.168.1.5'; Id = 'InvalidAddress'; Before = { New-NetNat -Name Taken -InternalIPInterfaceAddressPrefix 192.168.8.0/24 -WarningAction SilentlyContinue } }
            @{ Line = 'Add-NetNatStaticMapping -NatName Taken -Protocol TCP -ExternalIPAddress 0.0.0.0 -ExternalPort 80 -InternalIPAddress fe80::1'; Id = 'InvalidAddressFamily'; Before = { New-NetNat -Name Taken -InternalIPInterfaceAddressPrefix 192.168.8.0/24 -WarningAction SilentlyContinue } }
            @{ Line = 'Add-NetNatStaticMapping -NatName Taken -Protocol TCP -ExternalIPAddress 0.0.0.0 -ExternalPort 0 -InternalIPAddress 192.168.1.5'; Id = 'ParameterArgumentValidationError'; Before = { New-NetNat -Name Taken -InternalIPInterfaceAddressPrefix 192.168.8.0/24 -WarningAction SilentlyContinue } }
            @{ Line = 'Remove-NetNatStaticMapping -StaticMappingID dnat-00000000'; Id = 'NetNatStaticMappingNotFound' }
            @{ Line = 'New-NetNat -Name ext -ExternalIPInterfaceAddressPrefix 203.0.113.0/24'; Id = 'AddressNotFound' }
            @{ Line = 'New-NetNat -Name ext -ExternalIPInterfaceAddressPrefix 192.168.0.0/16'; Id = 'ParameterConflict' }
            @{ Line = 'New-NetNat -Name ext -ExternalIPInterfaceAddressPrefix 192.168.300.0/24'; Id = 'InvalidPrefix' }
            @{ Line = 'New-NetNat -Name ext'; Id = 'InvalidArgument' }
            @{ Line = 'Set-NetIPAddress -IPAddress 192.168.0.2'; Id = 'InvalidArgument' }
            @{ Line = 'Set-NetIPAddress -IPAddress 192.168.0.2 -PreferredLifetime (New-TimeSpan -Days 1)'; Id = 'InvalidArgument' }
            @{ Line = 'Set-NetIPAddress -IPAddress 192.168.0.2 -ValidLifetime (New-TimeSpan -Days 1) -PreferredLifetime (New-TimeSpan -Days 2)'; Id = 'InvalidArgument' }
            @{ Line = 'Set-NetIPAddress -IPAddress 192.168.0.2 -PreferredLifetime (New-TimeSpan -Seconds -5)'; Id = 'InvalidArgument' }
            @{ Line = 'Set-NetIPAddress -IPAddress 192.168.0.99 -PreferredLifetime (New-TimeSpan -Days 1)'; Id = 'AddressNotFound' }
            @{ Line = 'Set-NetIPAddress -IPAddress 192.168.0.2 -ValidLifetime soon'; Id = 'CannotConvertArgumentNoMessage' }
            @{ Line = 'New-NetIPAddress -InterfaceAlias eth2 -IPAddress 192.168.0.9 -ValidLifetime 0'; Id = 'InvalidArgument' }
            @{ Line = 'New-NetIPAddress -InterfaceAlias eth2 -IPAddress 192.168.0.9 -ValidLifetime (New-TimeSpan -Hours 1) -PreferredLifetime (New-TimeSpan -Hours 2)'; Id = 'InvalidArgument' }
            @{ Line = 'Remove-NetIPAddress -PrefixOrigin Sometimes'; Id = 'CannotConvertArgumentNoMessage' }
            @{ Line = 'Remove-NetIPAddress -PrefixOrigin Manual -IPAddress 192.168.0.99'; Id = 'AddressNotFound' }
            @{ Line = 'Remove-NetIPAddress -PrefixOrigin Manual -InterfaceAlias nope0'; Id = 'LinkNotFound' }
            @{ Line = 'New-NetRoute -DestinationPrefix 10.5.0.0/24 -InterfaceAlias eth2 -ValidLifetime (New-TimeSpan -Hours 1)'; Id = 'InvalidArgument' }
            @{ Line = 'New-NetRoute -DestinationPrefix 2001:db8:5::/64 -InterfaceAlias eth2 -ValidLifetime (New-TimeSpan -Hours -1)'; Id = 'InvalidArgument' }
            @{ Line = 'Remove-NetRoute -NextHop 192.168.0.300'; Id = 'InvalidAddress' }
            @{ Line = 'Remove-NetRoute -NextHop 192.168.0.77'; Id = 'RouteNotFound' }
            @{ Line = 'Remove-NetRoute -InterfaceAlias "eth 2"'; Id = 'InvalidInterfaceName' }
            @{ Line = 'Remove-NetRoute -InterfaceAlias nope0'; Id = 'LinkNotFound' }
            @{ Line = 'Remove-NetRoute -Table nope'; Id = 'InvalidRouteTable' }
            @{ Line = 'Test-NetConnection -ComputerName 192.168.0.5 -DiagnoseRouting -ConstrainInterface 99'; Id = 'LinkNotFound' }
            @{ Line = 'Test-NetConnection -ComputerName 192.168.0.5 -DiagnoseRouting -ConstrainSourceAddress 10.1.2.300'; Id = 'InvalidAddress' }
            @{ Line = 'Test-NetConnection -ComputerName 192.168.0.5 -DiagnoseRouting -ConstrainSourceAddress 10.1.2.3'; Id = 'AddressNotFound' }
            @{ Line = 'Test-NetConnection -ComputerName 192.168.0.5 -DiagnoseRouting -ConstrainSourceAddress fe80::1'; Id = 'InvalidAddressFamily' }
            @{ Line = 'Test-NetConnection -ComputerName 192.168.0.5 -ConstrainInterface 2'; Id = 'ParameterConflict' }
            @{ Line = 'Set-NetRoute -NextHop 192.168.0.5'; Id = 'ParameterConflict' }
            @{ Line = 'Set-NetRoute -RouteMetric 5 -Source 192.168.0.2'; Id = 'ParameterConflict' }
            @{ Line = 'Set-NetRoute -RouteMetric 5 -NextHop 192.168.0.300'; Id = 'InvalidAddress' }
            @{ Line = 'Set-NetRoute -RouteMetric 5 -NextHop 192.168.0.77'; Id = 'RouteNotFound' }
            @{ Line = 'Set-NetRoute -RouteMetric 5 -InterfaceAlias nope0'; Id = 'LinkNotFound' }
            @{ Line = 'Set-NetRoute -RouteMetric 5 -InterfaceAlias "eth 2"'; Id = 'InvalidInterfaceName' }
            @{ Line = 'Test-NetConnection -ComputerName 192.168.0.5 -DiagnoseRouting -Port 80'; Id = 'ParameterConflict' }
        ) {
            if ($Before) { $null = & $Before }
            $before = Get-NetState $w
            $nftBefore = & ip netns exec $w nft list ruleset
            $natsBefore = @(Get-NetNat).NatName
            $failure = $null
            try {
                $ErrorActionPreference = 'Stop'
                $null = & ([scriptblock]::Create($Line))
            }
            catch {
                $failure = $_
            }
            $failure | Should -Not -BeNullOrEmpty -Because "$Line must fail"
            if ($Id) { $failure.FullyQualifiedErrorId | Should -BeLike "$Id,*" }
            Get-NetState $w | Should -Be $before
            & ip netns exec $w nft list ruleset | Should -Be $nftBefore
            @(Get-NetNat).NatName | Should -Be $natsBefore
            if ($Before) { Remove-NetNat }
        }
    }
}

# -CimSession: Microsoft's remote computers are simulated hosts reached over SSH (tests/MultiHost/SimulatedHosts.ps1),
# "Server5" is h1 and "HyperVServer4" is h2; VMGuestTrafficAdapter is longer than a Linux interface name may be (15),
# so it is VMGuestTraffic. The oracle is `ip -j link` in the host's own network namespace (nsenter by its PID).
Describe "Microsoft's -CimSession examples, on simulated hosts" -Tag 'Lab', 'Windows', 'Remoting' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        . (Join-Path $PSScriptRoot 'MultiHost' 'SimulatedHosts.ps1')
        $script:lab = Start-SimulatedHost -Prefix (New-LabPrefix) -Count 2
        $script:h2 = New-PSSession -HostName h2 -ConnectingTimeout 120000 -ErrorAction Stop
        Invoke-Command -Session $h2 { Import-Module LinuxNetPS -ErrorAction Stop; $null = New-VethPair -Name VMGuestTraffic -PeerName vgt0 -Up }
        # Disable-NetAdapter asks first (ConfirmImpact High); a suite cannot answer.
        $script:SavedConfirm = $ConfirmPreference
        $ConfirmPreference = 'None'

        function Get-HostLink([string] $HostName, [string] $Name) {
            $hostPid = ($lab.Hosts | Where-Object Name -eq $HostName).Pid
            $json = & nsenter -t $hostPid -n ip -j link show @(if ($Name) { $Name })
            if ($LASTEXITCODE -ne 0) { throw "ip link show $Name on $HostName failed" }
            ($json -join "`n") | ConvertFrom-Json
        }
        function Get-HostLinkNames([string] $HostName) { (Get-HostLink $HostName).ifname | Sort-Object }
    }

    AfterAll {
        $ConfirmPreference = $script:SavedConfirm
        if ($h2) { Remove-PSSession $h2 -ErrorAction Ignore }
        if ($lab) { Stop-SimulatedHost $lab }
    }

    It 'Get-NetAdapter example 12: the adapters of a remote computer' {
        $adapters = Get-NetAdapter -Name * -CimSession "h1"
        $adapters.Name | Sort-Object | Should -Be (Get-HostLinkNames h1 | Where-Object { $_ -ne 'lo' })
        $adapters.PSComputerName | Sort-Object -Unique | Should -Be 'h1'
        # The table view groups by namespace and host, as for Invoke-Command's results.
        ($adapters | Out-String -Width 80) | Should -Match 'Namespace: \(host\) on h1'
        # No session is left open: the one opened for the command was closed after it.
        @(Get-PSSession | Where-Object { $_.ComputerName -eq 'h1' }) | Should -BeNullOrEmpty
    }

    It 'Disable-NetAdapter example 2 and Enable-NetAdapter example 2: an adapter of a remote computer' {
        Disable-NetAdapter -Name "VMGuestTraffic" -CimSession h2
        (Get-HostLink h2 VMGuestTraffic).flags | Should -Not -Contain 'UP'
        Enable-NetAdapter -Name "VMGuestTraffic" -CimSession "h2"
        (Get-HostLink h2 VMGuestTraffic).flags | Should -Contain 'UP'
    }

    It 'several hosts at once, host names and PSSessions alike, each result tagged with its host' {
        $links = Get-NetAdapter -Name eth0 -CimSession h1, $h2
        ($links.PSComputerName | Sort-Object) | Should -Be 'h1', 'h2'
        $links[0].pstypenames[0] | Should -Be 'Deserialized.LinuxNetPS.Model.NetLink'
        $changed = Enable-NetAdapter -Name VMGuestTraffic -CimSession $h2 -PassThru
        $changed.PSComputerName | Should -Be 'h2'
        $h2.State | Should -Be 'Opened'   # the caller's session stays open
    }

    It 'an error on a host comes back with its id and category' {
        $found = Get-NetAdapter -Name VMGuestTraffic -CimSession h1, h2 -ErrorAction SilentlyContinue -ErrorVariable failed
        $found.PSComputerName | Should -Be 'h2'
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'LinkNotFound,*'
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failed[0].OriginInfo.PSComputerName | Should -Be 'h1'
    }

    It '-WhatIf passes to the host, which changes nothing' {
        Disable-NetAdapter -Name VMGuestTraffic -CimSession h2 -WhatIf
        (Get-HostLink h2 VMGuestTraffic).flags | Should -Contain 'UP'
    }

    It 'a host that cannot be reached, or has no LinuxNetPS, is a clear error and nothing changes' {
        $failure = Get-CommandError { Disable-NetAdapter -Name VMGuestTraffic -CimSession unreachable -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'RemoteHostUnreachable,*'
        $failure.CategoryInfo.Category | Should -Be 'ConnectionError'
        $failure.Exception.Message | Should -Match 'unreachable'

        $bare = New-PSSession -HostName h2 -ConnectingTimeout 120000
        try {
            Invoke-Command -Session $bare { $env:PSModulePath = '/nonexistent' }
            $failure = Get-CommandError { Disable-NetAdapter -Name VMGuestTraffic -CimSession $bare -ErrorAction Stop }
            $failure.FullyQualifiedErrorId | Should -BeLike 'RemoteHostWithoutModule,*'
            $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $failure.Exception.Message | Should -Match 'h2'
        }
        finally { Remove-PSSession $bare }
        (Get-HostLink h2 VMGuestTraffic).flags | Should -Contain 'UP'
    }

    It 'a -CimSession that is no host is refused before anything runs: <Why>' -ForEach @(
        @{ Why = 'empty'; Target = '' }
        @{ Why = 'an ssh option'; Target = '-oProxyCommand=true' }
        @{ Why = 'a space'; Target = 'h 2' }
        @{ Why = 'no host after the user'; Target = 'root@' }
        @{ Why = 'a number, not a session'; Target = 42 }
    ) {
        $failure = Get-CommandError { Disable-NetAdapter -Name VMGuestTraffic -CimSession $Target -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'InvalidRemoteHost,*'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        (Get-HostLink h2 VMGuestTraffic).flags | Should -Contain 'UP'
    }
}

Describe 'How many of the documented examples run as written' -Tag 'Windows' {
    It 'the rate is reported, and the lines that do not run are listed in about_LinuxNetPS_Windows' -ForEach @(@{ Documented = $script:Documented }) {
        $verbatim = ($Documented | Measure-Object -Property V -Sum).Sum
        $total = $verbatim + ($Documented | Measure-Object -Property X -Sum).Sum
        Write-Host ("Microsoft's documented examples run verbatim: {0} of {1} ({2:P0})" -f $verbatim, $total, ($verbatim / $total))
        $about = Get-Content (Join-Path $PSScriptRoot '..' 'docs' 'help' 'about_LinuxNetPS_Windows.md') -Raw
        foreach ($d in $Documented | Where-Object X -gt 0) { $about | Should -Match ([regex]::Escape($d.C.Split(' ')[0])) }
        # The figure the help topic quotes is this one.
        $about | Should -Match ("documented lines, {0} run as written \({1:0}%\)" -f $verbatim, [math]::Floor(100 * $verbatim / $total))
    }
}
