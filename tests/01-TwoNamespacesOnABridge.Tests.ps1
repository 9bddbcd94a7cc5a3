#Requires -Modules Pester
# examples/01-two-namespaces-on-a-bridge.ps1, step by step, with iproute2 and ping as oracles.

Describe 'Two namespaces on a bridge (walkthroughs 000 and 002)' -Tag 'Example', 'Lab' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $hostNs = "$prefix-host"
        $red = "$prefix-red"
        $green = "$prefix-green"

        $created = New-NetNamespace -Name $hostNs, $red, $green
        foreach ($ns in $hostNs, $red, $green) { Set-NetLink -Name lo -Up -Namespace $ns }
        $bridge = New-NetBridge -Name br0 -Up -Namespace $hostNs
        $bridgeAddress = $bridge | Add-NetAddress -Address 10.10.1.1/16 -PassThru
        $redPair = New-VethPair -Name rbveth -PeerName rveth -PeerNamespace $red -Namespace $hostNs -Up
        $redPort = $redPair | Add-BridgePort -Bridge br0 -PassThru
        $greenPair = New-VethPair -Name gbveth -PeerName gveth -PeerNamespace $green -Namespace $hostNs -Master br0 -Up
        $redAddress = Add-NetAddress -Address 10.10.1.10/16 -Interface rveth -Namespace $red -PassThru
        $null = Add-NetAddress -Address 10.10.1.20/16 -Interface gveth -Namespace $green
        $routes = @(foreach ($ns in $red, $green) { Add-NetRoute -Destination default -Gateway 10.10.1.1 -Namespace $ns -PassThru })
    }

    AfterAll {
        if ($prefix) { Remove-Lab $prefix }
    }

    It 'New-NetNamespace returns one object per namespace, named by its Namespace property' {
        $created | Should -HaveCount 3
        $created.Namespace | Should -Be @($hostNs, $red, $green)
        foreach ($ns in $created) { $ns.Path | Should -Be "/run/netns/$($ns.Namespace)" }
        @(& ip netns list) -replace ' .*$', '' | Where-Object { $_ -like "$prefix-*" } | Sort-Object |
            Should -Be (@($hostNs, $red, $green) | Sort-Object)
    }

    It 'Get-NetNamespace finds them by wildcard' {
        (Get-NetNamespace -Name "$prefix-*").Namespace | Sort-Object | Should -Be (@($hostNs, $red, $green) | Sort-Object)
    }

    It 'brings lo up in every namespace' {
        foreach ($ns in $hostNs, $red, $green) {
            (Get-IpJson $ns link show lo).flags | Should -Contain 'UP'
        }
    }

    It 'creates br0 up in the namespace playing the host' {
        $bridge.Name | Should -Be 'br0'
        $bridge.Kind | Should -Be 'bridge'
        $bridge.Namespace | Should -Be $hostNs
        $link = Get-IpJson $hostNs link show br0
        $link.linkinfo.info_kind | Should -Be 'bridge'
        $link.flags | Should -Contain 'UP'
    }

    It 'New-NetBridge | Add-NetAddress puts the address on the bridge, in its namespace' {
        $bridgeAddress.Interface | Should -Be 'br0'
        $bridgeAddress.Namespace | Should -Be $hostNs
        $bridgeAddress.Cidr | Should -Be '10.10.1.1/16'
        (Get-IpJson $hostNs addr show br0).addr_info.local | Should -Contain '10.10.1.1'
    }

    It 'New-VethPair creates the pair with the peer already in the container namespace' {
        $redPair.Name | Should -Be 'rbveth'
        $redPair.Namespace | Should -Be $hostNs
        $redPair.PeerName | Should -Be 'rveth'
        $redPair.PeerNamespace | Should -Be $red
        (Get-IpJson $red link show rveth).linkinfo.info_kind | Should -Be 'veth'
        (Get-IpJson $red link show rveth).flags | Should -Contain 'UP'
        Get-IpJson $hostNs link show | Where-Object ifname -eq 'rveth' | Should -BeNullOrEmpty
    }

    It 'New-VethPair | Add-BridgePort enslaves the first end; -Master does the same in one step' {
        $redPort.Name | Should -Be 'rbveth'
        $redPort.Bridge | Should -Be 'br0'
        (Get-IpJson $hostNs link show rbveth).master | Should -Be 'br0'
        (Get-IpJson $hostNs link show gbveth).master | Should -Be 'br0'
        (Get-BridgePort -Bridge br0 -Namespace $hostNs).Name | Sort-Object | Should -Be @('gbveth', 'rbveth')
        (Get-NetBridge -Name br0 -Namespace $hostNs).Ports | Sort-Object | Should -Be @('gbveth', 'rbveth')
    }

    It 'adds the container addresses and default routes' {
        $redAddress.Cidr | Should -Be '10.10.1.10/16'
        $redAddress.Namespace | Should -Be $red
        (Get-IpJson $green addr show gveth).addr_info.local | Should -Contain '10.10.1.20'
        $routes.Destination | Should -Be @('default', 'default')
        $routes.Namespace | Should -Be @($red, $green)
        (Get-IpJson $red route show default).gateway | Should -Be '10.10.1.1'
    }

    It 'Get-NetRoute shows the default route as ip route does' {
        $default = Get-NetRoute -Namespace $red | Where-Object Destination -eq 'default'
        $default.Gateway.ToString() | Should -Be '10.10.1.1'
        $default.Interface | Should -Be 'rveth'
    }

    It 'red reaches green, green reaches red, both reach the bridge' {
        Test-NetPing $red 10.10.1.20 | Should -BeTrue
        Test-NetPing $green 10.10.1.10 | Should -BeTrue
        Test-NetPing $red 10.10.1.1 | Should -BeTrue
    }

    It 'a script block in red sees red''s interfaces' {
        $names = Invoke-NetNamespace -Namespace $red { [System.Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces().Name }
        $names | Sort-Object | Should -Be @('lo', 'rveth')
    }

    It 'the example script runs end to end and leaves nothing behind' {
        Assert-ExampleRunsClean '01-two-namespaces-on-a-bridge.ps1'
    }
}
