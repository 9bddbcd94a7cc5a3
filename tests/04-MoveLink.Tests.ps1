#Requires -Modules Pester
# examples/04-move-link-between-namespaces.ps1: Move-NetLink there and back, a bridge, a DNAT rule inside a namespace.

Describe 'Moving a link between namespaces (walkthrough 001)' -Tag 'Example', 'Lab' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $hostNs = "$prefix-host"
        $myNs = "$prefix-my_netns"
        $null = New-NetNamespace -Name $hostNs, $myNs
        $null = New-VethPair -Name eth1 -PeerName lan0 -Namespace $hostNs
        $null = Set-NetLink -Name eth1 -Mtu 1400 -Namespace $hostNs
    }

    AfterAll {
        if ($prefix) { Remove-Lab $prefix }
    }

    It 'Get-NetLink | Move-NetLink moves eth1 into my_netns' {
        $moved = Get-NetLink -Name eth1 -Namespace $hostNs | Move-NetLink -TargetNamespace $myNs -PassThru
        $moved.Name | Should -Be 'eth1'
        $moved.Namespace | Should -Be $myNs
        (Get-IpJson $myNs link show eth1).ifname | Should -Be 'eth1'
        Get-IpJson $hostNs link show | Where-Object ifname -eq 'eth1' | Should -BeNullOrEmpty
    }

    It 'the link keeps its settings and its peer across the move' {
        (Get-IpJson $myNs link show eth1).mtu | Should -Be 1400
        (Get-NetLink -Name eth1 -Namespace $myNs).PeerNamespace | Should -Be $hostNs
    }

    It 'Move-NetLink -NewName renames it on the way' {
        $back = Move-NetLink -Name eth1 -Namespace $myNs -TargetNamespace $hostNs -NewName eth9 -PassThru
        $back.Name | Should -Be 'eth9'
        $back.Namespace | Should -Be $hostNs
        (Get-IpJson $hostNs link show eth9).ifname | Should -Be 'eth9'
        $null = Set-NetLink -Name eth9 -NewName eth1 -Namespace $hostNs
    }

    It 'Move-NetLink -WhatIf moves nothing' {
        Invoke-WithoutHost { param($from, $to) Move-NetLink -Name eth1 -Namespace $from -TargetNamespace $to -WhatIf } -ArgumentList $hostNs, $myNs | Should -BeNullOrEmpty
        (Get-IpJson $hostNs link show eth1).ifname | Should -Be 'eth1'
    }

    It 'a veth from the docker1 bridge reaches my_netns' {
        $null = New-NetBridge -Name docker1 -Up -Namespace $hostNs | Add-NetAddress -Address 10.123.0.1/16
        $pair = New-VethPair -Name veth_br -PeerName veth_my_netns -Namespace $hostNs -PeerNamespace $myNs -Master docker1 -Up
        $pair.PeerNamespace | Should -Be $myNs
        $null = Add-NetAddress -Address 10.123.0.2/16 -Interface veth_my_netns -Namespace $myNs
        Test-NetPing $myNs 10.123.0.1 | Should -BeTrue
    }

    It 'Add-PortForward inside my_netns creates the DNAT rule there and nowhere else' {
        $rule = Add-PortForward -Protocol tcp -Port 1234 -Source 10.0.0.0/16 -ToAddress 10.123.0.4 -ToPort 1234 -Namespace $myNs -PassThru -WarningVariable forwardingWarning -WarningAction SilentlyContinue
        # my_netns does not forward, so the rule only affects its own traffic, and the cmdlet says so.
        "$forwardingWarning" | Should -Match 'forwarding is off'
        $rule.Namespace | Should -Be $myNs
        $ruleset = (& ip netns exec $myNs nft list ruleset) -join "`n"
        $ruleset | Should -Match 'ip saddr 10\.0\.0\.0/16'
        $ruleset | Should -Match 'dport 1234'
        $ruleset | Should -Match 'dnat (ip )?to 10\.123\.0\.4:1234'
        (& ip netns exec $hostNs nft list ruleset) -join "`n" | Should -Not -Match '10\.123\.0\.4'
    }

    It 'Get-NatRule | Remove-NatRule removes it' {
        Get-NatRule -Kind PortForward -Namespace $myNs | Remove-NatRule -Confirm:$false
        Get-NatRule -Kind PortForward -Namespace $myNs | Should -BeNullOrEmpty
        (& ip netns exec $myNs nft list ruleset) -join "`n" | Should -Not -Match '10\.123\.0\.4'
    }

    It 'the example script runs end to end and leaves nothing behind' {
        Assert-ExampleRunsClean '04-move-link-between-namespaces.ps1'
    }
}
