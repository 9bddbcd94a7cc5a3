#Requires -Modules Pester
# examples/02-veth-between-two-namespaces.ps1: a cable between two namespaces, no bridge.

Describe 'A veth pair between two namespaces (walkthrough 004)' -Tag 'Example', 'Lab' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $red = "$prefix-red"
        $blue = "$prefix-blue"
        $null = New-NetNamespace -Name $red, $blue
        $cable = New-VethPair -Name veth-red -PeerName veth-blue -Namespace $red -PeerNamespace $blue -Up
        $redAddress = $cable | Add-NetAddress -Address 192.168.15.1/24 -PassThru
        $blueAddress = Add-NetAddress -Address 192.168.15.2/24 -Interface veth-blue -Namespace $blue -PassThru
    }

    AfterAll {
        if ($prefix) { Remove-Lab $prefix }
    }

    It 'creates each end directly in its namespace' {
        $cable.Namespace | Should -Be $red
        $cable.PeerNamespace | Should -Be $blue
        (Get-IpJson $red link show veth-red).linkinfo.info_kind | Should -Be 'veth'
        (Get-IpJson $blue link show veth-blue).linkinfo.info_kind | Should -Be 'veth'
    }

    It 'brings both ends up (-Up applies to both)' {
        (Get-IpJson $red link show veth-red).flags | Should -Contain 'UP'
        (Get-IpJson $blue link show veth-blue).flags | Should -Contain 'UP'
    }

    It 'each end knows its peer' {
        $redEnd = Get-NetLink -Name veth-red -Namespace $red
        $redEnd.PeerName | Should -Be 'veth-blue'
        $redEnd.PeerNamespace | Should -Be $blue
        $redEnd.PeerIndex | Should -Be (Get-IpJson $blue link show veth-blue).ifindex
    }

    It 'VethPair | Add-NetAddress binds the first end and its namespace' {
        $redAddress.Interface | Should -Be 'veth-red'
        $redAddress.Namespace | Should -Be $red
        $redAddress.Cidr | Should -Be '192.168.15.1/24'
        $blueAddress.Family | Should -Be 'IPv4'
        (Get-IpJson $red addr show veth-red).addr_info | Where-Object family -eq 'inet' |
            ForEach-Object { "$($_.local)/$($_.prefixlen)" } | Should -Be '192.168.15.1/24'
    }

    It 'Get-NetAddress | Remove-NetAddress round-trips (then the address is put back)' {
        Get-NetAddress -Interface veth-blue -Namespace $blue -Family IPv4 | Remove-NetAddress -Confirm:$false
        (Get-IpJson $blue addr show veth-blue).addr_info | Where-Object family -eq 'inet' | Should -BeNullOrEmpty
        $null = Add-NetAddress -Address 192.168.15.2/24 -Interface veth-blue -Namespace $blue
    }

    It 'red and blue reach each other' {
        Test-NetPing $red 192.168.15.2 | Should -BeTrue
        Test-NetPing $blue 192.168.15.1 | Should -BeTrue
    }

    It 'the example script runs end to end and leaves nothing behind' {
        Assert-ExampleRunsClean '02-veth-between-two-namespaces.ps1'
    }
}
