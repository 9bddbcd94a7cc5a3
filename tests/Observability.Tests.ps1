#Requires -Modules Pester
# Seeing what the network does (issue 13): counters, events, waits, reachability, sockets and capture,
# each in namespaces this suite creates (walkthrough 000: red and green on br0 in a namespace playing
# the host). Changes that must happen *while* a cmdlet watches are made by a separate process started
# just before it (Start-Later: a shell script that waits until the watcher has subscribed), since the
# cmdlet holds the pipeline thread. ip, ping and
# tcpdump are oracles and traffic generators here, never the product.

Describe 'Observing a lab' -Tag 'Lab', 'Observe' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $hostNs = "$prefix-host"
        $red = "$prefix-red"
        $green = "$prefix-green"
        $ev = "$prefix-ev"

        $null = New-NetNamespace -Name $hostNs, $red, $green, $ev
        foreach ($ns in $hostNs, $red, $green, $ev) { Set-NetLink -Name lo -Up -Namespace $ns }
        $null = New-NetBridge -Name br0 -Up -Namespace $hostNs
        $null = New-VethPair -Name rbveth -PeerName rveth -PeerNamespace $red -Namespace $hostNs -Master br0 -Up
        $null = New-VethPair -Name gbveth -PeerName gveth -PeerNamespace $green -Namespace $hostNs -Master br0 -Up
        $null = Add-NetAddress -Address 10.10.1.10/16 -Interface rveth -Namespace $red
        $null = Add-NetAddress -Address 10.10.1.20/16 -Interface gveth -Namespace $green
        $null = Wait-NetLink -Name rveth -Namespace $red -Timeout 10
        $null = Wait-NetLink -Name gveth -Namespace $green -Timeout 10

        # Runs a shell script in the background, for changes that must happen while a cmdlet (which holds the
        # pipeline thread) watches. With -WatchedIn it first waits until a netlink socket in each of those
        # namespaces has joined the multicast groups -Groups (the Groups column of /proc/net/netlink, as the
        # namespace sees it): the watcher is then subscribed, so no change can come too early. The wait is bounded.
        function Start-Later {
            param([Parameter(Mandatory)][string] $Script, [string[]] $WatchedIn = @(), [string] $Groups = '00000001')
            $lines = foreach ($ns in $WatchedIn) {
                "i=0; until ip netns exec $ns grep -q ' $Groups ' /proc/net/netlink || [ `$i -ge 400 ]; do sleep 0.05; i=`$((i+1)); done"
            }
            $file = Join-Path $TestDrive "later-$(Get-Random).sh"
            @($lines) + $Script | Set-Content -Path $file
            Start-Process -FilePath sh -ArgumentList $file -PassThru `
                -RedirectStandardOutput "$file.out" -RedirectStandardError "$file.err"
        }
    }

    AfterAll {
        if ($script:server) { $script:server | Stop-Process -ErrorAction SilentlyContinue }
        if ($prefix) { Remove-Lab $prefix }
    }

    Context 'Get-NetLinkStatistic' {
        It 'counters rise by at least the packets sent between two namespaces' {
            $sentBefore = Get-NetLinkStatistic -Name rveth -Namespace $red
            $receivedBefore = Get-NetLinkStatistic -Name gveth -Namespace $green
            $null = Invoke-NetNamespace -Namespace $red -FilePath ping -ArgumentList '-c', '5', '-i', '0.2', '-W', '2', '-q', '10.10.1.20'
            $LASTEXITCODE | Should -Be 0
            $sentAfter = Get-NetLinkStatistic -Name rveth -Namespace $red
            $receivedAfter = Get-NetLinkStatistic -Name gveth -Namespace $green

            $sentAfter.TxPackets - $sentBefore.TxPackets | Should -BeGreaterOrEqual 5
            $receivedAfter.RxPackets - $receivedBefore.RxPackets | Should -BeGreaterOrEqual 5
            $sentAfter.Namespace | Should -Be $red
            (Get-IpJson $red -s link show rveth).stats64.tx.packets | Should -BeGreaterOrEqual $sentAfter.TxPackets
        }

        It '-Interval gives per-second rates over the interval' {
            $rate = Get-NetLinkStatistic -Name rveth -Namespace $red -Interval 0.3
            $rate.Interval.TotalSeconds | Should -BeGreaterThan 0.2
            $rate.RxBytesPerSecond | Should -Not -BeNullOrEmpty
            $rate.TxPacketsPerSecond | Should -BeGreaterOrEqual 0
            $table = $rate | Format-Table -View LinkRate | Out-String -Width 80
            $table | Should -Match 'RxBytes/s'
            $table | Should -Match 'rveth'
        }

        It 'Get-NetLink | Get-NetLinkStatistic reads the links it is given' {
            $stats = Get-NetLink -Namespace $hostNs -Kind veth | Get-NetLinkStatistic
            $stats.Name | Sort-Object | Should -Be @('gbveth', 'rbveth')
        }
    }

    Context 'Watch-NetEvent and the Wait- cmdlets' {
        BeforeAll {
            $null = New-VethPair -Name v0 -PeerName v1 -Namespace $ev -Up
            Set-NetLink -Name v1 -Up -Namespace $ev
            $null = Wait-NetLink -Name v0 -Namespace $ev -Timeout 10
        }

        It 'a link set down produces exactly one link event with the new state' {
            $null = Start-Later "ip -n $ev link set v0 down" -WatchedIn $ev
            $events = @(Watch-NetEvent -Kind Link -Namespace $ev -Timeout 3 | Where-Object Subject -eq 'v0')
            $events | Should -HaveCount 1
            $events[0].Action | Should -Be 'Changed'
            $events[0].NewState | Should -Be 'DOWN'
            $events[0].OldState | Should -Be 'UP'
            $events[0].Changes | Should -Contain 'IsUp'
            $events[0].Object.IsUp | Should -BeFalse
            $events[0].Namespace | Should -Be $ev
        }

        It 'adding 1,000 addresses while watching loses none' {
            $batch = Join-Path $TestDrive 'addresses.batch'
            0..999 | ForEach-Object { "address add 10.88.$([math]::Floor($_ / 250)).$($_ % 250 + 1)/16 dev v1" } | Set-Content -Path $batch
            # The batch starts the moment the watcher's socket shows in /proc/net/netlink (subscribed), so addresses are
            # added while the watcher reads the current state again: those must be reported too, each once.
            $null = Start-Later "ip -n $ev -batch $batch" -WatchedIn $ev -Groups '00000111'   # link, IPv4 and IPv6 address groups
            $events = @(Watch-NetEvent -Kind Address -Namespace $ev -Count 1000 -Timeout 60)
            $events | Where-Object Kind -eq 'Gap' | Should -BeNullOrEmpty
            $added = @($events | Where-Object { $_.Action -eq 'Added' -and $_.Interface -eq 'v1' } | Select-Object -ExpandProperty Subject -Unique)
            $added | Should -HaveCount 1000
            @(Get-NetAddress -Interface v1 -Namespace $ev -Family IPv4) | Should -HaveCount 1000
        }

        It 'Get-NetNamespace | Watch-NetEvent watches several namespaces in one stream' {
            $null = Start-Later "ip -n $red link set lo mtu 60000; ip -n $green link set lo mtu 60000" -WatchedIn $red, $green
            $events = @(Get-NetNamespace -Name $red, $green | Watch-NetEvent -Kind Link -Timeout 3 | Where-Object Subject -eq 'lo')
            $events.Namespace | Sort-Object -Unique | Should -Be (@($red, $green) | Sort-Object)
            $events | ForEach-Object { $_.Changes | Should -Contain 'Mtu' }
        }

        It 'Wait-NetLink returns when the peer comes up' {
            $null = New-VethPair -Name w0 -PeerName w1 -Namespace $ev
            Set-NetLink -Name w0 -Up -Namespace $ev
            $null = Start-Later "ip -n $ev link set w1 up" -WatchedIn $ev
            $link = Wait-NetLink -Name w0 -State Up -Namespace $ev -Timeout 20
            $link.Name | Should -Be 'w0'
            $link.OperState | Should -Be 'Up'
            (Get-IpJson $ev link show w0).flags | Should -Contain 'LOWER_UP'
        }

        It 'Wait-NetLink times out cleanly when the peer stays down' {
            $null = New-VethPair -Name x0 -PeerName x1 -Namespace $ev
            Set-NetLink -Name x0 -Up -Namespace $ev
            $errors = @()
            $result = Wait-NetLink -Name x0 -Namespace $ev -Timeout 1 -ErrorAction SilentlyContinue -ErrorVariable errors
            $result | Should -BeNullOrEmpty
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimedOut,*'
            $errors[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
            $errors[0].Exception.Message | Should -Match 'x0'
        }

        It 'Wait-NetLink -State Absent and Present answer at once when already true' {
            Wait-NetLink -Name nothere -State Absent -Namespace $ev -Timeout 0 | Should -BeNullOrEmpty
            (Wait-NetLink -Name x1 -State Present -Namespace $ev -Timeout 0).Name | Should -Be 'x1'
        }

        It 'Wait-NetAddress returns once the IPv6 address has left the tentative state' {
            $address = Add-NetAddress -Address fd00:10::10/64 -Interface rveth -Namespace $red -PassThru | Wait-NetAddress -Timeout 20
            $address.Cidr | Should -Be 'fd00:10::10/64'
            $address.Flags.HasFlag([LinuxNetPS.Rtnetlink.IfaFlags]::Tentative) | Should -BeFalse
            $info = (Get-IpJson $red addr show rveth).addr_info | Where-Object local -eq 'fd00:10::10'
            $info.tentative | Should -BeNullOrEmpty
        }
    }

    Context 'Test-NetConnection' {
        It 'succeeds across the bridge with round-trip times, source address and route' {
            $result = Test-NetConnection -Namespace $red -ComputerName 10.10.1.20 -Count 3
            $result.Succeeded | Should -BeTrue
            $result.Received | Should -Be 3
            $result.RoundTripTimes | Should -HaveCount 3
            $result.SourceAddress | Should -Be '10.10.1.10'
            $result.Interface | Should -Be 'rveth'
            $result.Route.Destination | Should -Be '10.10.0.0/16'
        }

        It 'fails with the reason NoRoute when there is no route' {
            $result = Test-NetConnection -Namespace $red -ComputerName 192.0.2.1
            $result.Succeeded | Should -BeFalse
            $result.FailureReason | Should -Be 'NoRoute'
            $result.Sent | Should -Be 0
            $result.Message | Should -Match 'no route'
        }

        It 'a TCP port with nothing listening is Refused; -Quiet gives a Boolean' {
            (Test-NetConnection -Namespace $red -ComputerName 10.10.1.20 -Port 81).FailureReason | Should -Be 'Refused'
            Test-NetConnection -Namespace $red -ComputerName 10.10.1.20 -Quiet | Should -BeTrue
        }
    }

    Context 'Get-NetSocket' {
        BeforeAll {
            $script:server = Start-Process -FilePath ip -ArgumentList 'netns', 'exec', $green, 'python3', '-m', 'http.server', '8080', '--bind', '10.10.1.20' -PassThru `
                -RedirectStandardOutput (Join-Path $TestDrive 'server-out.txt') -RedirectStandardError (Join-Path $TestDrive 'server-err.txt')
            # Bounded wait for the server to listen (a retry loop, not a timing assertion).
            $script:listening = $null
            foreach ($try in 1..100) {
                $script:listening = Get-NetSocket -Namespace $green -Protocol tcp -State Listen -LocalPort 8080
                if ($script:listening) { break }
                Start-Sleep -Milliseconds 100
            }
        }

        It 'a listening server in a namespace appears with its pid' {
            $listening | Should -HaveCount 1
            $listening.ProcessId | Should -Be $server.Id
            $listening.ProcessName | Should -Be 'python3'
            $listening.LocalEndPoint | Should -Be '10.10.1.20:8080'
            $listening.Namespace | Should -Be $green
        }

        It 'and not in another namespace' {
            Get-NetSocket -Namespace $red -LocalPort 8080 | Should -BeNullOrEmpty
            Get-NetSocket -Namespace $hostNs -LocalPort 8080 | Should -BeNullOrEmpty
        }

        It 'Test-NetConnection -Port reaches it from red' {
            $result = Test-NetConnection -Namespace $red -ComputerName 10.10.1.20 -Port 8080
            $result.Succeeded | Should -BeTrue
            $result.Protocol | Should -Be 'TCP'
        }
    }

    Context 'Get-NetPacket' {
        It 'sees the four echo requests of a ping through the bridge, and tcpdump reads the pcap it writes' {
            $pcap = Join-Path $TestDrive 'bridge.pcap'
            # Waits until a packet socket is open in the host namespace (/proc/net/packet lists them), then pings.
            $wait = "i=0; until [ `$(ip netns exec $hostNs cat /proc/net/packet | wc -l) -gt 1 ] || [ `$i -ge 400 ]; do sleep 0.05; i=`$((i+1)); done"
            $null = Start-Later "$wait; ip netns exec $red ping -c 4 -i 0.2 -W 2 10.10.1.20"
            $packets = @(Get-NetPacket -Interface br0 -Namespace $hostNs -Filter 'icmp and dst host 10.10.1.20' -Count 4 -Timeout 20 -OutFile $pcap)
            $packets | Should -HaveCount 4
            $packets | ForEach-Object {
                $_.IcmpType | Should -Be 8
                $_.SourceAddress | Should -Be '10.10.1.10'
                $_.Summary | Should -BeLike 'IP 10.10.1.10 > 10.10.1.20: ICMP echo request*'
            }
            $lines = @(& tcpdump -r $pcap -n 2>$null)
            $lines | Should -HaveCount 4
            $lines | ForEach-Object { $_ | Should -Match 'IP 10\.10\.1\.10 > 10\.10\.1\.20: ICMP echo request' }
        }

        It 'is bounded in time when nothing matches' {
            Get-NetPacket -Interface br0 -Namespace $hostNs -Filter 'tcp port 9' -Count 1 -Timeout 1 | Should -BeNullOrEmpty
        }
    }

    Context 'Bad input' {
        It 'Watch-NetEvent refuses an unknown kind and a negative count' {
            (Get-CommandError { Watch-NetEvent -Kind Bogus -Namespace $ev -Timeout 1 }).FullyQualifiedErrorId | Should -BeLike 'InvalidEventKind,*'
            (Get-CommandError { Watch-NetEvent -Count -1 -Namespace $ev -Timeout 1 }).FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError,*'
        }

        It 'Get-NetPacket refuses a bad filter before capturing (<Filter>)' -TestCases @(
            @{ Filter = 'icmp andd tcp' }
            @{ Filter = 'host 10.0.0.300' }
            @{ Filter = 'port 70000' }
            @{ Filter = '(icmp' }
        ) {
            $err = Get-CommandError { Get-NetPacket -Interface br0 -Namespace $hostNs -Filter $Filter -Count 1 -Timeout 30 -ErrorAction Stop }
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.FullyQualifiedErrorId | Should -BeLike 'InvalidPacketFilter,*'
            $err.Exception.Message | Should -Match ([regex]::Escape($Filter))
            (Get-IpJson $hostNs link show br0).promiscuity | Should -Be 0
        }

        It 'an unknown interface is ObjectNotFound (<Command>)' -TestCases @(
            @{ Command = 'Get-NetPacket'; Script = { Get-NetPacket -Interface nothere -Namespace $hostNs -Count 1 -Timeout 1 -ErrorAction Stop } }
            @{ Command = 'Get-NetLinkStatistic'; Script = { Get-NetLinkStatistic -Name nothere -Namespace $hostNs -ErrorAction Stop } }
            @{ Command = 'Wait-NetAddress'; Script = { Wait-NetAddress -Interface nothere -Namespace $hostNs -Timeout 1 -ErrorAction Stop } }
        ) {
            $err = Get-CommandError $Script
            $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err.Exception.Message | Should -Match 'nothere'
        }

        It 'an unknown namespace is ObjectNotFound (<Command>)' -TestCases @(
            @{ Command = 'Watch-NetEvent'; Script = { Watch-NetEvent -Namespace "$prefix-nope" -Timeout 1 -ErrorAction Stop } }
            @{ Command = 'Test-NetConnection'; Script = { Test-NetConnection -Namespace "$prefix-nope" -ComputerName 10.10.1.20 -ErrorAction Stop } }
            @{ Command = 'Get-NetSocket'; Script = { Get-NetSocket -Namespace "$prefix-nope" -ErrorAction Stop } }
            @{ Command = 'Get-NetPacket'; Script = { Get-NetPacket -Interface lo -Namespace "$prefix-nope" -Count 1 -Timeout 1 -ErrorAction Stop } }
            @{ Command = 'Wait-NetLink'; Script = { Wait-NetLink -Name lo -Namespace "$prefix-nope" -Timeout 1 -ErrorAction Stop } }
            @{ Command = 'Get-NetLinkStatistic'; Script = { Get-NetLinkStatistic -Namespace "$prefix-nope" -ErrorAction Stop } }
        ) {
            $err = Get-CommandError $Script
            $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err.Exception.Message | Should -Match ([regex]::Escape("$prefix-nope"))
        }

        It 'Get-NetPacket -OutFile in a folder that does not exist is ObjectNotFound (OutFileNotWritable), and captures nothing' {
            $err = Get-CommandError { Get-NetPacket -Interface br0 -Namespace $hostNs -Count 1 -Timeout 5 -OutFile (Join-Path $TestDrive 'no' 'such' 'x.pcap') }
            $err.FullyQualifiedErrorId | Should -BeLike 'OutFileNotWritable,*'
            $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            (Get-IpJson $hostNs link show br0).promiscuity | Should -Be 0
        }

        It 'bad values are InvalidArgument (<Case>)' -TestCases @(
            @{ Case = 'port out of range'; Script = { Test-NetConnection -Namespace $red -ComputerName 10.10.1.20 -Port 70000 -ErrorAction Stop } }
            @{ Case = 'interface name too long'; Script = { Wait-NetLink -Name ('a' * 16) -Namespace $ev -Timeout 1 -ErrorAction Stop } }
            @{ Case = 'not an address'; Script = { Wait-NetAddress -Interface lo -Address 10.0.0.300 -Namespace $ev -Timeout 1 -ErrorAction Stop } }
        ) {
            (Get-CommandError $Script).CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'the binder refuses values out of range (<Case>)' -TestCases @(
            @{ Case = 'unknown socket protocol'; Script = { Get-NetSocket -Protocol sctp -Namespace $red } }
            @{ Case = 'unknown socket state'; Script = { Get-NetSocket -State Sleeping -Namespace $red } }
            @{ Case = 'zero interval'; Script = { Get-NetLinkStatistic -Interval 0 -Namespace $red } }
            @{ Case = 'negative packet count'; Script = { Get-NetPacket -Interface br0 -Count -4 -Namespace $hostNs } }
            @{ Case = 'unknown link state'; Script = { Wait-NetLink -Name lo -State Sideways -Namespace $red } }
        ) {
            (Get-CommandError $Script).FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError,*'
        }
    }
}
