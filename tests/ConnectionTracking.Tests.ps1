#Requires -Modules Pester
# Connection tracking (issue 22) as a user works with it: a namespace "gw" with a UDP port forward (5353 to its own port
# 53) tracks the traffic a namespace "cli" sends it; `conntrack -L` in gw is the oracle. Everything happens in the two
# namespaces the suite creates.

Describe 'Get-, Remove- and Clear-NetConnectionTracking' -Tag 'Lab', 'ConnectionTracking' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $gw = "$prefix-gw"
        $cli = "$prefix-cli"
        $null = New-NetNamespace -Name $gw, $cli
        $null = New-VethPair -Name g0 -PeerName c0 -Namespace $gw -PeerNamespace $cli -Up
        $null = Add-NetAddress -Address 10.213.0.1/24 -Interface g0 -Namespace $gw
        $null = Add-NetAddress -Address 10.213.0.2/24 -Interface c0 -Namespace $cli
        # The port forward makes gw track connections (NAT needs conntrack).
        Add-PortForward -Protocol udp -Port 5353 -ToAddress 10.213.0.1 -ToPort 53 -Namespace $gw -InformationAction Ignore -WarningAction Ignore

        # Traffic from cli: one ping, and a UDP datagram from port 40001 and one from 40002 to the forwarded port.
        function Send-Traffic {
            $null = Test-NetPing -Namespace $cli -Address 10.213.0.1
            $send = "import socket`nfor p in (40001,40002):`n u=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);u.bind(('10.213.0.2',p));u.sendto(b'q',('10.213.0.1',5353))"
            & ip netns exec $cli python3 -c $send
        }
        # conntrack's own view of gw: one line per entry.
        function Get-Oracle {
            param([string[]] $Filter = @())
            @(& ip netns exec $gw conntrack -L @Filter 2>$null | Where-Object { $_ -match '\S' })
        }
        Send-Traffic
    }

    AfterAll {
        if ($prefix) { Get-NetNamespace -Name "$prefix-*" | Remove-NetNamespace -Force -Confirm:$false }
    }

    It 'lists what conntrack -L lists, with the forwarded target as ReplyEndPoint' {
        $entries = @(Get-NetConnectionTracking -Namespace $gw)
        $oracle = Get-Oracle
        $entries.Count | Should -Be $oracle.Count
        $entries.Count | Should -BeGreaterOrEqual 3
        $udp = $entries | Where-Object { $_.Protocol -eq 'udp' -and $_.SourcePort -eq 40001 }
        $udp.DestinationEndPoint | Should -Be '10.213.0.1:5353'
        $udp.ReplyEndPoint | Should -Be '10.213.0.1:53'
        $udp.Status.HasFlag([LinuxNetPS.Model.ConnectionTrackingStatus]::DestinationNat) | Should -BeTrue
        $udp.Namespace | Should -Be $gw
        $oracle | Where-Object { $_ -match 'sport=40001 dport=5353 .*src=10\.213\.0\.1 dst=10\.213\.0\.2 sport=53 dport=40001' } | Should -Not -BeNullOrEmpty
        $icmp = $entries | Where-Object Protocol -eq 'icmp'
        $icmp.IcmpType | Should -Be 8
        $icmp.SourceAddress | Should -Be '10.213.0.2'
    }

    It 'filters as conntrack does: protocol, ports, address prefix' {
        @(Get-NetConnectionTracking udp -Namespace $gw).Count | Should -Be (Get-Oracle -Filter '-p', 'udp').Count
        $one = @(Get-NetConnectionTracking -Protocol udp -SourcePort 40002 -Namespace $gw)
        $one.Count | Should -Be 1
        $one[0].SourceEndPoint | Should -Be '10.213.0.2:40002'
        @(Get-NetConnectionTracking -SourceAddress 10.213.0.0/24 -DestinationPort 5353 -Namespace $gw).Count | Should -Be 2
        Get-NetConnectionTracking -SourceAddress 192.0.2.0/24 -Namespace $gw | Should -BeNullOrEmpty
        Get-NetConnectionTracking -State Established -Namespace $gw | Should -BeNullOrEmpty   # no TCP here
    }

    It 'shows a table that fits 80 columns, also after Export-Clixml' {
        $entries = Get-NetConnectionTracking -Namespace $gw
        $path = Join-Path ([IO.Path]::GetTempPath()) "$prefix-ct.xml"
        try {
            $entries | Export-Clixml $path
            foreach ($objects in @($entries), @(Import-Clixml $path)) {
                $lines = @(($objects | Out-String -Width 80) -split "`n" | ForEach-Object { $_.TrimEnd() })
                $lines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
                $lines | Where-Object { $_ -match '^Proto\s+State\s+Timeout\s+Source\s+Destination\s+Reply$' } | Should -Not -BeNullOrEmpty
                $lines | Where-Object { $_ -match '^udp\s+Unreplied\s+\d+\s+10\.213\.0\.2:40001\s+10\.213\.0\.1:5353\s+10\.213\.0\.1:53$' } | Should -Not -BeNullOrEmpty
            }
        }
        finally { Remove-Item $path -ErrorAction SilentlyContinue }
    }

    It 'Remove takes entries from the pipeline, -WhatIf deletes nothing' {
        $before = (Get-Oracle).Count
        Get-NetConnectionTracking -Protocol udp -Namespace $gw | Remove-NetConnectionTracking -WhatIf
        (Get-Oracle).Count | Should -Be $before
        Get-NetConnectionTracking -Protocol udp -SourcePort 40001 -Namespace $gw | Remove-NetConnectionTracking
        Get-Oracle -Filter '-p', 'udp', '--sport', '40001' | Should -BeNullOrEmpty
        (Get-Oracle -Filter '-p', 'udp', '--sport', '40002').Count | Should -Be 1
        Remove-NetConnectionTracking -Protocol udp -DestinationPort 5353 -Namespace $gw -Confirm:$false
        Get-Oracle -Filter '-p', 'udp' | Should -BeNullOrEmpty
        (Get-Oracle).Count | Should -Be ($before - 2)
    }

    It 'Clear flushes only with -Force or a confirmation, filtered or whole' {
        Send-Traffic
        $before = (Get-Oracle).Count
        $before | Should -BeGreaterOrEqual 3
        Clear-NetConnectionTracking -Namespace $gw -WhatIf
        (Get-Oracle).Count | Should -Be $before
        Clear-NetConnectionTracking -Protocol icmp -Namespace $gw -Force
        Get-Oracle -Filter '-p', 'icmp' | Should -BeNullOrEmpty
        Get-Oracle -Filter '-p', 'udp' | Should -Not -BeNullOrEmpty
        Get-NetNamespace -Name $gw | Clear-NetConnectionTracking -Force
        Get-Oracle | Should -BeNullOrEmpty
        Get-NetConnectionTracking -Namespace $gw | Should -BeNullOrEmpty
    }

    Context 'bad input: a clear error with its id and category, nothing deleted' {
        BeforeAll { Send-Traffic }

        It '<Name>' -ForEach @(
            @{ Name = 'Get: an address that is not one'; Id = 'InvalidAddress'; Category = 'InvalidArgument'; Script = { Get-NetConnectionTracking -SourceAddress 10.213.0.300 -Namespace $gw -ErrorAction Stop } }
            @{ Name = 'Remove: a destination that is not an address'; Id = 'InvalidAddress'; Category = 'InvalidArgument'; Script = { Remove-NetConnectionTracking -DestinationAddress 'gw.example' -Namespace $gw -Confirm:$false -ErrorAction Stop } }
            @{ Name = 'Clear: a prefix length too long'; Id = 'InvalidAddress'; Category = 'InvalidArgument'; Script = { Clear-NetConnectionTracking -SourceAddress 10.213.0.0/33 -Namespace $gw -Force -ErrorAction Stop } }
            @{ Name = 'Clear: a protocol conntrack does not know'; Id = 'InvalidProtocol'; Category = 'InvalidArgument'; Script = { Clear-NetConnectionTracking -Protocol http -Namespace $gw -Force -ErrorAction Stop } }
            @{ Name = 'Remove: no filter at all'; Id = 'ParameterConflict'; Category = 'InvalidArgument'; Script = { Remove-NetConnectionTracking -Namespace $gw -Confirm:$false -ErrorAction Stop } }
            @{ Name = 'Clear: a namespace that does not exist'; Id = 'NamespaceNotFound'; Category = 'ObjectNotFound'; Script = { Clear-NetConnectionTracking -Namespace "$prefix-nope" -Force -ErrorAction Stop } }
            @{ Name = 'Get: a port out of range'; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Script = { Get-NetConnectionTracking -DestinationPort 70000 -Namespace $gw -ErrorAction Stop } }
            @{ Name = 'Remove: a state that is not a TCP state'; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Script = { Remove-NetConnectionTracking -State Bogus -Namespace $gw -Confirm:$false -ErrorAction Stop } }
        ) {
            $before = Get-Oracle
            $before.Count | Should -BeGreaterOrEqual 3
            $err = Get-CommandError $Script
            $err.FullyQualifiedErrorId | Should -BeLike "$Id,*"
            $err.CategoryInfo.Category | Should -Be $Category
            $err.Exception.Message | Should -Not -BeNullOrEmpty
            (Get-Oracle).Count | Should -Be $before.Count
            Get-NetNamespace -Name "$prefix-nope" -ErrorAction Ignore | Should -BeNullOrEmpty
        }
    }
}

# moby #8795: a UDP client that keeps sending to a forwarded port keeps reaching the old target after the forward is moved,
# because its conntrack entry never goes idle. Add-/Remove-PortForward delete the UDP flows of the port they change.
Describe 'Moving a UDP port forward reaches the new target at once' -Tag 'Lab', 'ConnectionTracking' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        . (Join-Path $PSScriptRoot 'UdpFlowHelpers.ps1')
        $prefix = New-LabPrefix
        $gw = "$prefix-gw"; $cli = "$prefix-cli"; $a = "$prefix-a"; $b = "$prefix-b"
        $null = New-NetNamespace -Name $gw, $cli, $a, $b
        $null = New-VethPair -Name g0 -PeerName c0 -Namespace $gw -PeerNamespace $cli -Up
        $null = New-VethPair -Name ga -PeerName a0 -Namespace $gw -PeerNamespace $a -Up
        $null = New-VethPair -Name gb -PeerName b0 -Namespace $gw -PeerNamespace $b -Up
        $null = Add-NetAddress -Address 10.215.0.1/24 -Interface g0 -Namespace $gw
        $null = Add-NetAddress -Address 10.215.0.2/24 -Interface c0 -Namespace $cli
        $null = Add-NetAddress -Address 10.215.1.1/24 -Interface ga -Namespace $gw
        $null = Add-NetAddress -Address 10.215.1.2/24 -Interface a0 -Namespace $a
        $null = Add-NetAddress -Address 10.215.2.1/24 -Interface gb -Namespace $gw
        $null = Add-NetAddress -Address 10.215.2.2/24 -Interface b0 -Namespace $b
        Add-NetRoute -Destination default -Gateway 10.215.1.1 -Namespace $a
        Add-NetRoute -Destination default -Gateway 10.215.2.1 -Namespace $b
        Enable-IPForwarding -Family IPv4 -Namespace $gw
        Add-PortForward -Protocol udp -Port 5353 -ToAddress 10.215.1.2 -ToPort 53 -Namespace $gw -InformationAction Ignore -WarningAction Ignore

        $script:answers = Join-Path ([IO.Path]::GetTempPath()) "$prefix-answers.txt"
        $script:udpProcesses = Start-UdpFlow -Servers @($a, 'A'), @($b, 'B') -ClientNamespace $cli -From 10.215.0.2 -FromPort 40100 -To 10.215.0.1 -Answers $answers
    }

    AfterAll {
        Stop-UdpFlow $udpProcesses $answers
        if ($prefix) { Get-NetNamespace -Name "$prefix-*" | Remove-NetNamespace -Force -Confirm:$false }
    }

    It 'the client keeps its flow, the flow follows the forward, and Get-NetConnectionTracking shows where it goes' {
        Wait-Answer $answers 'A' 0 | Should -BeTrue -Because 'the forward to a must work before it is moved'
        $flow = Get-NetConnectionTracking -Protocol udp -DestinationPort 5353 -Namespace $gw
        $flow.SourceEndPoint | Should -Be '10.215.0.2:40100'
        $flow.ReplyEndPoint | Should -Be '10.215.1.2:53'

        Remove-PortForward -Protocol udp -Port 5353 -Namespace $gw
        Add-PortForward -Protocol udp -Port 5353 -ToAddress 10.215.2.2 -ToPort 53 -Namespace $gw -InformationAction Ignore -WarningAction Ignore
        $seen = (Get-Answers $answers).Count
        Wait-Answer $answers 'B' $seen | Should -BeTrue -Because 'the flow must reach the new target while the client keeps sending'
        # From then on every answer comes from b.
        $now = (Get-Answers $answers).Count
        $null = Wait-Answer $answers 'B' ($now + 2)
        @(Get-Answers $answers | Select-Object -Skip $now) | Should -Not -Contain 'A'
        $flow = Get-NetConnectionTracking -Protocol udp -DestinationPort 5353 -Namespace $gw
        $flow.SourceEndPoint | Should -Be '10.215.0.2:40100'
        $flow.ReplyEndPoint | Should -Be '10.215.2.2:53'
        & ip netns exec $gw conntrack -L -p udp --dport 5353 2>$null | Should -Match 'src=10\.215\.2\.2 dst=10\.215\.0\.2 sport=53 dport=40100'
    }
}

# The same with Docker's shape: a published UDP port moves from one container to another by Disconnect- and
# Connect-ContainerNetwork (the network publishes through the same port forwards, so the same flush applies).
Describe 'A published UDP port that moves to another container reaches it at once' -Tag 'Lab', 'ConnectionTracking', 'ContainerNetworks' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        . (Join-Path $PSScriptRoot 'UdpFlowHelpers.ps1')
        $prefix = New-LabPrefix
        $hostNs = "$prefix-host"; $outside = "$prefix-out"; $c1 = "$prefix-c1"; $c2 = "$prefix-c2"
        $null = New-NetNamespace -Name $hostNs, $outside, $c1, $c2
        $null = New-VethPair -Name ho -PeerName oh -Namespace $hostNs -PeerNamespace $outside -Up
        $null = Add-NetAddress -Address 10.216.0.1/24 -Interface ho -Namespace $hostNs
        $null = Add-NetAddress -Address 10.216.0.2/24 -Interface oh -Namespace $outside
        $null = New-ContainerNetwork dns -Subnet 172.31.216.0/24 -Namespace $hostNs
        $script:first = Connect-ContainerNetwork -Network dns -Namespace $c1 -NetworkNamespace $hostNs -Publish '5353:53/udp'

        $script:answers = Join-Path ([IO.Path]::GetTempPath()) "$prefix-answers.txt"
        $script:udpProcesses = Start-UdpFlow -Servers @($c1, 'A'), @($c2, 'B') -ClientNamespace $outside -From 10.216.0.2 -FromPort 40200 -To 10.216.0.1 -Answers $answers
    }

    AfterAll {
        Stop-UdpFlow $udpProcesses $answers
        if ($prefix) {
            try { Get-ContainerNetwork dns -Namespace $hostNs -ErrorAction SilentlyContinue | Remove-ContainerNetwork -Force -Confirm:$false -ErrorAction SilentlyContinue }
            finally { Remove-Lab $prefix }
        }
    }

    It 'Disconnect and Connect move the flow to the new container while the client keeps sending' {
        Wait-Answer $answers 'A' 0 | Should -BeTrue -Because 'the published port must reach the first container'
        (Get-NetConnectionTracking -Protocol udp -DestinationPort 5353 -Namespace $hostNs).ReplySourceAddress | Should -Be $first.IPAddress

        $first | Disconnect-ContainerNetwork -Confirm:$false
        # Another address than the first container's (IPAM would hand out the freed one again, and the old flow would look right).
        $second = Connect-ContainerNetwork -Network dns -Namespace $c2 -NetworkNamespace $hostNs -IPAddress 172.31.216.20 -Publish '5353:53/udp'
        $second.IPAddress | Should -Not -Be $first.IPAddress
        $seen = (Get-Answers $answers).Count
        Wait-Answer $answers 'B' $seen | Should -BeTrue -Because 'the flow must reach the new container while the client keeps sending'
        $flow = Get-NetConnectionTracking -Protocol udp -DestinationPort 5353 -Namespace $hostNs
        $flow.SourceEndPoint | Should -Be '10.216.0.2:40200'
        $flow.ReplySourceAddress | Should -Be $second.IPAddress
    }
}
