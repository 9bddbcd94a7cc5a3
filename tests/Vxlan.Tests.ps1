#Requires -Modules Pester
# VXLAN as a first-class link (issue 20): New-NetVxlan's typed parameters between two namespaces that play two hosts
# joined by an underlay veth. The overlay of Get-Help New-NetVxlan (no -Remote: an all-zeros FDB entry per peer, static
# neighbours, -NoLearning) and a point-to-point tunnel (-Remote, learning and ARP as usual) both carry pings; `ip -j -d
# link` and `bridge -j fdb` are the oracles; bad input is refused with its id before anything is created.

Describe 'New-NetVxlan between two hosts' -Tag 'Lab', 'Vxlan' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $h1 = "$prefix-h1"
        $h2 = "$prefix-h2"
        $null = New-NetNamespace -Name $h1, $h2
        $null = New-VethPair -Name u1 -PeerName u2 -Namespace $h1 -PeerNamespace $h2 -Up
        Add-NetAddress 192.168.62.1/24 -Interface u1 -Namespace $h1
        Add-NetAddress 192.168.62.2/24 -Interface u2 -Namespace $h2
        $ends = @{ Namespace = $h1; Underlay = 'u1'; Local = '192.168.62.1'; Peer = '192.168.62.2'; Overlay = '10.43.0.1/24' },
                @{ Namespace = $h2; Underlay = 'u2'; Local = '192.168.62.2'; Peer = '192.168.62.1'; Overlay = '10.43.0.2/24' }

        function Get-LinkData([string] $Namespace, [string] $Name) { (Get-IpJson $Namespace link show $Name).linkinfo.info_data }
    }

    AfterAll {
        if ($prefix) { Remove-Lab $prefix }
    }

    It 'an overlay with an all-zeros FDB entry per peer and static neighbours carries pings' {
        foreach ($end in $ends) {
            $vx = New-NetVxlan vx0 -Vni 4200 -Local $end.Local -Device $end.Underlay -NoLearning -Ttl 16 -Up -Namespace $end.Namespace
            $vx.Details.Id | Should -Be 4200
            $vx | Add-NetAddress $end.Overlay
            $vx | Add-BridgeFdb 00:00:00:00:00:00 -Destination $end.Peer

            $ip = Get-LinkData $end.Namespace vx0
            $ip.id | Should -Be 4200
            $ip.local | Should -Be $end.Local
            $ip.link | Should -Be $end.Underlay
            $ip.port | Should -Be 4789
            $ip.learning | Should -BeFalse
            $ip.ttl | Should -Be 16
            $ip.PSObject.Properties.Name | Should -Not -Contain 'remote'
        }
        $mac1 = (Get-NetLink vx0 -Namespace $h1).MacAddress
        $mac2 = (Get-NetLink vx0 -Namespace $h2).MacAddress
        $null = New-NetNeighbor 10.43.0.2 -Interface vx0 -LinkLayerAddress $mac2 -Namespace $h1
        $null = New-NetNeighbor 10.43.0.1 -Interface vx0 -LinkLayerAddress $mac1 -Namespace $h2

        Test-NetPing $h1 10.43.0.2 | Should -BeTrue
        Test-NetPing $h2 10.43.0.1 | Should -BeTrue
        # -NoLearning: the remote's MAC was not learned from the packets that arrived.
        $fdb = @(& bridge -n $h1 -j fdb show dev vx0 | ConvertFrom-Json)
        $fdb | Where-Object mac -eq $mac2 | Should -BeNullOrEmpty
        ($fdb | Where-Object mac -eq '00:00:00:00:00:00').dst | Should -Be '192.168.62.2'

        Remove-NetLink vx0 -Namespace $h1
        Remove-NetLink vx0 -Namespace $h2
    }

    It 'a point-to-point tunnel with -Remote and a port of its own carries pings, ARP and learning as usual' {
        foreach ($end in $ends) {
            $vx = New-NetVxlan vx1 -Vni 77 -Remote $end.Peer -Local $end.Local -DestinationPort 4790 -Up -Namespace $end.Namespace
            $vx | Add-NetAddress ($end.Overlay -replace '^10\.43\.', '10.44.')
            $ip = Get-LinkData $end.Namespace vx1
            $ip.remote | Should -Be $end.Peer
            $ip.port | Should -Be 4790
            $ip.learning | Should -BeTrue
        }
        Test-NetPing $h1 10.44.0.2 | Should -BeTrue
        $mac2 = (Get-NetLink vx1 -Namespace $h2).MacAddress
        (@(& bridge -n $h1 -j fdb show dev vx1 | ConvertFrom-Json) | Where-Object mac -eq $mac2).dst | Should -Be '192.168.62.2'
    }

    It 'Get-NetLink -Kind vxlan shows each tunnel''s VNI, remote and port' {
        $text = Get-NetLink -Kind vxlan -Namespace $h1 | Out-String -Width 80
        $text | Should -Match 'Name\s+Vni\s+Remote/Group\s+Local\s+Device\s+DstPort'
        $text | Should -Match 'vx1\s+77\s+192\.168\.62\.2\s+192\.168\.62\.1\s+4790'
        Get-NetLink -Namespace $h1 | Out-String -Width 80 | Should -Match 'Name\s+Kind\s+State\s+Master\s+Flags'
    }

    It 'bad input for <Case>: one error with the right id and category, nothing created' -ForEach @(
        @{ Case = 'VNI 0'; Id = 'InvalidVni'; Run = { New-NetVxlan vx9 -Vni 0 -Namespace $h1 } }
        @{ Case = 'VNI 2^24'; Id = 'InvalidVni'; Run = { New-NetVxlan vx9 -Vni 16777216 -Namespace $h1 } }
        @{ Case = '-Remote with -Group'; Id = 'ParameterConflict'; Run = { New-NetVxlan vx9 -Vni 9 -Remote 192.168.62.2 -Group 239.1.1.9 -Device u1 -Namespace $h1 } }
        @{ Case = '-Group not multicast'; Id = 'InvalidVxlanAddress'; Run = { New-NetVxlan vx9 -Vni 9 -Group 192.168.62.2 -Device u1 -Namespace $h1 } }
        @{ Case = '-Remote multicast'; Id = 'InvalidVxlanAddress'; Run = { New-NetVxlan vx9 -Vni 9 -Remote 239.1.1.9 -Namespace $h1 } }
        @{ Case = '-Local of the other family'; Id = 'InvalidAddressFamily'; Run = { New-NetVxlan vx9 -Vni 9 -Local fd00::1 -Remote 192.168.62.2 -Namespace $h1 } }
        @{ Case = '-Remote not an address'; Id = 'InvalidAddress'; Run = { New-NetVxlan vx9 -Vni 9 -Remote 192.168.62 -Namespace $h1 } }
        @{ Case = '-DestinationPort 0'; Id = 'InvalidPort'; Run = { New-NetVxlan vx9 -Vni 9 -DestinationPort 0 -Namespace $h1 } }
        @{ Case = '-Ttl 300'; Id = 'InvalidTtl'; Run = { New-NetVxlan vx9 -Vni 9 -Ttl 300 -Namespace $h1 } }
        @{ Case = '-Device unknown'; Id = 'LinkNotFound'; Category = 'ObjectNotFound'; Run = { New-NetVxlan vx9 -Vni 9 -Device nolink -Namespace $h1 } }
    ) {
        $before = Get-NetState $h1
        $err = Get-CommandError { $ErrorActionPreference = 'Stop'; & $Run }
        $err.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        [string]$err.CategoryInfo.Category | Should -Be ($Category ?? 'InvalidArgument')
        Get-NetState $h1 | Should -Be $before
        Get-IpJson $h1 link show | Where-Object ifname -eq 'vx9' | Should -BeNullOrEmpty
    }
}
