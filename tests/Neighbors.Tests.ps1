#Requires -Modules Pester
# Neighbours, bridge forwarding databases and bridge VLANs (issue 20) as a user drives them: static ARP between two
# namespaces whose links have ARP off, a two-host VXLAN overlay that carries traffic only while its FDB and neighbour
# entries are there, VLAN filtering on a bridge (where the kernel has it), bad input for every parameter. `ip -j neigh`,
# `bridge -j fdb` and `bridge -j vlan` are the oracles; traffic only between the namespaces made here.

Describe 'Neighbours, FDB and VLANs between namespaces' -Tag 'Lab', 'Neighbors' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $a = "$prefix-a"
        $b = "$prefix-b"
        $null = New-NetNamespace -Name $a, $b
        $null = New-VethPair -Name na -PeerName nb -Namespace $a -PeerNamespace $b -Up
        Add-NetAddress -Namespace $a -Interface na -Address 10.61.0.1/24
        Add-NetAddress -Namespace $b -Interface nb -Address 10.61.0.2/24

        function Get-IpNeigh([string] $Namespace) {
            @(Get-IpJson $Namespace neigh show nud all | Where-Object { -not ([ipaddress]$_.dst).IsIPv6Multicast })
        }
        function Get-BridgeJson([string] $Namespace, [string[]] $Arguments) {
            $json = & bridge -n $Namespace -j @Arguments
            if ($LASTEXITCODE -ne 0) { throw "bridge -n $Namespace $Arguments failed" }
            if (-not $json) { return @() }
            @(($json -join "`n") | ConvertFrom-Json)
        }
        function Get-Fingerprint([string] $Namespace) {
            (@(Get-IpNeigh $Namespace | ForEach-Object { "$($_.dst) $($_.dev) $($_.lladdr) $($_.state)" }) +
             @(Get-BridgeJson $Namespace 'fdb', 'show' | Where-Object { $_.mac -notmatch '^(33:33|01:00:5e)' } | ForEach-Object { "$($_.mac) $($_.ifname) $($_.dst) $($_.state)" }) +
             (Get-NetState $Namespace) | Sort-Object) -join "`n"
        }
        $script:Filtering = $false
        & ip -n $a link add vfprobe type bridge vlan_filtering 1 2>$null
        if ($LASTEXITCODE -eq 0) { $script:Filtering = $true; & ip -n $a link del vfprobe }
    }

    AfterAll {
        if ($prefix) { Remove-Lab $prefix }
    }

    It 'static ARP: links with ARP off reach each other once each has the other''s Permanent entry, and not after it is removed' {
        & ip -n $a link set na arp off
        & ip -n $b link set nb arp off
        $la = Get-NetLink na -Namespace $a
        $lb = Get-NetLink nb -Namespace $b
        $na = $la | New-NetNeighbor 10.61.0.2 -LinkLayerAddress $lb.MacAddress -State Permanent
        $nb = $lb | New-NetNeighbor 10.61.0.1 -MacAddress $la.MacAddress
        $na.State | Should -Be 'Permanent'
        $nb.LinkLayerAddress | Should -Be $la.MacAddress
        (Get-IpNeigh $a | Where-Object dst -eq '10.61.0.2').state | Should -Contain 'PERMANENT'
        Test-NetPing $a 10.61.0.2 | Should -BeTrue
        Test-NetPing $b 10.61.0.1 | Should -BeTrue

        Get-NetNeighbor 10.61.0.2 -Namespace $a | Remove-NetNeighbor
        Get-IpNeigh $a | Where-Object dst -eq '10.61.0.2' | Should -BeNullOrEmpty
        Test-NetPing $a 10.61.0.2 | Should -BeFalse
        & ip -n $a link set na arp on
        & ip -n $b link set nb arp on
    }

    It 'Get-NetNeighbor reads like ip -j neigh, Set- changes an entry, Remove -State flushes, proxy entries stay apart' {
        New-NetNeighbor 10.61.0.30, 10.61.0.31 -Interface na -LinkLayerAddress 02:00:00:00:00:30 -State Stale -Namespace $a | Should -HaveCount 2
        $null = New-NetNeighbor 10.61.0.40 -Interface na -Proxy -Namespace $a
        & ip -n $a neigh add 10.61.0.32 dev na nud failed
        $ours = @(Get-NetNeighbor -Namespace $a | Where-Object { -not $_.IPAddress.IsIPv6Multicast })
        $oracle = Get-IpNeigh $a
        $ours.Count | Should -Be $oracle.Count
        foreach ($n in $oracle) {
            $o = $ours | Where-Object { [string]$_.IPAddress -eq $n.dst -and $_.Interface -eq $n.dev }
            $o.StateText | Should -Be $n.state[0]
        }
        Get-NetNeighbor -Namespace $a -State Failed | Select-Object -ExpandProperty IPAddress | Should -Be ([ipaddress]'10.61.0.32')

        Get-NetNeighbor 10.61.0.30 -Namespace $a | Set-NetNeighbor -State Permanent -LinkLayerAddress 02:00:00:00:00:3a -PassThru |
            Select-Object -ExpandProperty LinkLayerAddress | Should -Be '02:00:00:00:00:3a'
        (Get-IpNeigh $a | Where-Object dst -eq '10.61.0.30').state | Should -Contain 'PERMANENT'

        Remove-NetNeighbor -State Failed -Namespace $a
        Get-IpNeigh $a | Where-Object dst -eq '10.61.0.32' | Should -BeNullOrEmpty
        Get-IpNeigh $a | Where-Object dst -eq '10.61.0.31' | Should -Not -BeNullOrEmpty

        Get-NetNeighbor -Proxy -Namespace $a | Should -HaveCount 1
        Get-NetNeighbor -Proxy -Namespace $a | Remove-NetNeighbor
        Get-IpJson $a neigh show proxy | Should -BeNullOrEmpty
        Get-NetLink na -Namespace $a | Remove-NetNeighbor -State Stale, Permanent
        Get-IpNeigh $a | Where-Object dst -like '10.61.0.3*' | Should -BeNullOrEmpty
    }

    It 'a two-host VXLAN carries traffic only while the FDB all-zeros entry and the neighbour entry are there' {
        $h1 = "$prefix-h1"
        $h2 = "$prefix-h2"
        $null = New-NetNamespace -Name $h1, $h2
        $null = New-VethPair -Name u1 -PeerName u2 -Namespace $h1 -PeerNamespace $h2 -Up
        Add-NetAddress 192.168.61.1/24 -Interface u1 -Namespace $h1
        Add-NetAddress 192.168.61.2/24 -Interface u2 -Namespace $h2
        foreach ($h in @(@{ Ns = $h1; Local = '192.168.61.1'; Under = 'u1'; Ip = '10.42.0.1/24' }, @{ Ns = $h2; Local = '192.168.61.2'; Under = 'u2'; Ip = '10.42.0.2/24' })) {
            $null = New-NetLink vx0 -Kind vxlan -Parent $h.Under -Option @{ id = 42; local = $h.Local; port = 4789; learning = 'off' } -Namespace $h.Ns
            & ip -n $h.Ns link set vx0 arp off      # so the neighbour entry is needed as much as the FDB entry
            Set-NetLink vx0 -Up -Namespace $h.Ns
            Add-NetAddress $h.Ip -Interface vx0 -Namespace $h.Ns
        }
        $m1 = (Get-NetLink vx0 -Namespace $h1).MacAddress
        $m2 = (Get-NetLink vx0 -Namespace $h2).MacAddress
        Test-NetPing $h1 10.42.0.2 | Should -BeFalse

        # FDB alone: the frames have somewhere to go, but no MAC to go to.
        Add-BridgeFdb 00:00:00:00:00:00 -Interface vx0 -Destination 192.168.61.2 -Namespace $h1
        $fdb = Add-BridgeFdb 00:00:00:00:00:00 -Interface vx0 -Destination 192.168.61.1 -Namespace $h2 -PassThru
        $fdb.RemoteAddress | Should -Be ([ipaddress]'192.168.61.1')
        (Get-BridgeJson $h1 'fdb', 'show', 'dev', 'vx0' | Where-Object mac -eq '00:00:00:00:00:00').dst | Should -Be '192.168.61.2'
        Test-NetPing $h1 10.42.0.2 | Should -BeFalse

        # -Force: the pings above made the kernel's own entry for the address (ARP off: the link's own MAC, a dead end).
        $null = New-NetNeighbor 10.42.0.2 -Interface vx0 -LinkLayerAddress $m2 -Force -Namespace $h1
        $null = New-NetNeighbor 10.42.0.1 -Interface vx0 -LinkLayerAddress $m1 -Force -Namespace $h2
        Test-NetPing $h1 10.42.0.2 | Should -BeTrue

        # Without the FDB entry on h1 nothing leaves h1's tunnel.
        Get-BridgeFdb vx0 -Namespace $h1 | Where-Object MacAddress -eq '00:00:00:00:00:00' | Remove-BridgeFdb
        Get-BridgeJson $h1 'fdb', 'show', 'dev', 'vx0' | Where-Object mac -eq '00:00:00:00:00:00' | Should -BeNullOrEmpty
        Test-NetPing $h1 10.42.0.2 | Should -BeFalse

        # With it back but the neighbour entry gone, traffic stops too.
        Add-BridgeFdb 00:00:00:00:00:00 -Interface vx0 -Destination 192.168.61.2 -Namespace $h1
        Test-NetPing $h1 10.42.0.2 | Should -BeTrue
        Remove-NetNeighbor 10.42.0.2 -Interface vx0 -Namespace $h1
        Test-NetPing $h1 10.42.0.2 | Should -BeFalse
    }

    It 'VLAN filtering: two ports with different PVIDs cannot reach each other, the same PVID can (or a clear refusal on a kernel without it)' {
        $sw = "$prefix-sw"
        $c1 = "$prefix-c1"
        $c2 = "$prefix-c2"
        $null = New-NetNamespace -Name $sw, $c1, $c2
        if (-not $Filtering) {
            $err = Get-CommandError { New-NetBridge sw0 -VlanFiltering -Namespace $sw -ErrorAction Stop }
            $err.FullyQualifiedErrorId | Should -BeLike 'VlanFilteringNotSupported,*'
            $err.CategoryInfo.Category | Should -Be 'NotImplemented'
            Get-NetLink -Namespace $sw | Where-Object Name -eq 'sw0' | Should -BeNullOrEmpty
            $null = New-NetBridge sw1 -Up -Namespace $sw
            $null = New-VethPair -Name p1 -PeerName e1 -Namespace $sw -PeerNamespace $c1 -Master sw1
            $err = Get-CommandError { Add-BridgeVlan 10 -Interface p1 -Pvid -Untagged -Namespace $sw -ErrorAction Stop }
            $err.FullyQualifiedErrorId | Should -BeLike 'VlanFilteringNotSupported,*'
            # This kernel has no CONFIG_BRIDGE_VLAN_FILTERING: the refusals above, and nothing left behind, are what it can show.
            Write-Host "    (no bridge VLAN filtering in this kernel: checked the refusals; the PVID ping is checked where the kernel has it)"
            return
        }
        $null = New-NetBridge sw0 -VlanFiltering -Up -Namespace $sw
        $null = New-VethPair -Name p1 -PeerName e1 -Namespace $sw -PeerNamespace $c1 -Master sw0 -Up
        $null = New-VethPair -Name p2 -PeerName e2 -Namespace $sw -PeerNamespace $c2 -Master sw0 -Up
        Add-NetAddress 10.62.0.1/24 -Interface e1 -Namespace $c1
        Add-NetAddress 10.62.0.2/24 -Interface e2 -Namespace $c2
        Get-BridgeVlan -Vlan 1 -Namespace $sw | Where-Object Interface -ne 'sw0' | Remove-BridgeVlan
        Add-BridgeVlan 10 -Interface p1 -Pvid -Untagged -Namespace $sw
        Add-BridgeVlan 20 -Interface p2 -Pvid -Untagged -Namespace $sw
        (Get-BridgeJson $sw 'vlan', 'show', 'dev', 'p1').vlans.vlan | Should -Be 10
        Test-NetPing $c1 10.62.0.2 | Should -BeFalse
        Get-BridgeVlan p2 -Namespace $sw | Remove-BridgeVlan
        Add-BridgeVlan 10 -Interface p2 -Pvid -Untagged -Namespace $sw
        Test-NetPing $c1 10.62.0.2 | Should -BeTrue
    }

    It 'bad input for <Case>: one error with the right id and category, nothing changed' -ForEach @(
        @{ Case = 'MAC (New-NetNeighbor)'; Id = 'InvalidMacAddress'; Category = 'InvalidArgument'; Run = { New-NetNeighbor 10.61.0.9 -Interface na -LinkLayerAddress zz:zz -Namespace $a } }
        @{ Case = 'IP (New-NetNeighbor)'; Id = 'InvalidAddress'; Category = 'InvalidArgument'; Run = { New-NetNeighbor 10.61.0 -Interface na -LinkLayerAddress 02:00:00:00:00:09 -Namespace $a } }
        @{ Case = 'state (New-NetNeighbor)'; Id = 'InvalidNeighborState'; Category = 'InvalidArgument'; Run = { New-NetNeighbor 10.61.0.9 -Interface na -LinkLayerAddress 02:00:00:00:00:09 -State Sleepy -Namespace $a } }
        @{ Case = 'link (New-NetNeighbor)'; Id = 'LinkNotFound'; Category = 'ObjectNotFound'; Run = { New-NetNeighbor 10.61.0.9 -Interface nolink -LinkLayerAddress 02:00:00:00:00:09 -Namespace $a } }
        @{ Case = 'namespace (Get-NetNeighbor)'; Id = 'NamespaceNotFound'; Category = 'ObjectNotFound'; Run = { Get-NetNeighbor -Namespace "$prefix-missing" } }
        @{ Case = 'missing entry (Remove-NetNeighbor)'; Id = 'NeighborNotFound'; Category = 'ObjectNotFound'; Run = { Remove-NetNeighbor 10.61.0.99 -Interface na -Namespace $a } }
        @{ Case = 'missing entry (Set-NetNeighbor)'; Id = 'NeighborNotFound'; Category = 'ObjectNotFound'; Run = { Set-NetNeighbor 10.61.0.99 -Interface na -State Reachable -Namespace $a } }
        @{ Case = 'MAC (Add-BridgeFdb)'; Id = 'InvalidMacAddress'; Category = 'InvalidArgument'; Run = { Add-BridgeFdb 02:00:00:00:00 -Interface na -Namespace $a } }
        @{ Case = 'VLAN 5000 (Add-BridgeFdb)'; Id = 'InvalidVlanId'; Category = 'InvalidArgument'; Run = { Add-BridgeFdb 02:00:00:00:00:09 -Interface na -Vlan 5000 -Namespace $a } }
        @{ Case = 'destination (Add-BridgeFdb)'; Id = 'InvalidAddress'; Category = 'InvalidArgument'; Run = { Add-BridgeFdb 00:00:00:00:00:00 -Interface na -Destination 192.168.61 -Namespace $a } }
        @{ Case = 'bridge (Get-BridgeFdb)'; Id = 'BridgeNotFound'; Category = 'ObjectNotFound'; Run = { Get-BridgeFdb -Bridge nobridge -Namespace $a } }
        @{ Case = 'link (Remove-BridgeFdb)'; Id = 'LinkNotFound'; Category = 'ObjectNotFound'; Run = { Remove-BridgeFdb 02:00:00:00:00:09 -Interface nolink -Namespace $a } }
        @{ Case = 'VLAN 0 (Add-BridgeVlan)'; Id = 'InvalidVlanId'; Category = 'InvalidArgument'; Run = { Add-BridgeVlan 0 -Interface na -Namespace $a } }
        @{ Case = 'not a port (Add-BridgeVlan)'; Id = 'NotABridgePort'; Category = 'ObjectNotFound'; Run = { Add-BridgeVlan 10 -Interface na -Namespace $a } }
        @{ Case = 'namespace (Remove-BridgeVlan)'; Id = 'NamespaceNotFound'; Category = 'ObjectNotFound'; Run = { Remove-BridgeVlan 10 -Interface na -Namespace "$prefix-missing" } }
    ) {
        $before = Get-Fingerprint $a
        $err = Get-CommandError { $ErrorActionPreference = 'Stop'; & $Run }
        $err.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        [string]$err.CategoryInfo.Category | Should -Be $Category
        Get-Fingerprint $a | Should -Be $before
    }
}
