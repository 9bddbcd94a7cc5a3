#Requires -Modules Pester
# examples/05-docker-network-modes.ps1: none, host, bridge, custom bridge and container-shared as namespace patterns.

Describe 'Docker network modes as namespace patterns (walkthrough 002)' -Tag 'Example', 'Lab' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $hostNs = "$prefix-host"
        $null = New-NetNamespace -Name $hostNs
        Set-NetLink -Name lo -Up -Namespace $hostNs

        function New-Container([string] $Name, [string] $Bridge, [string] $Address, [string] $Gateway, [string] $HostEnd) {
            $ns = (New-NetNamespace -Name "$prefix-$Name").Namespace
            Set-NetLink -Name lo -Up -Namespace $ns
            $null = New-VethPair -Name $HostEnd -PeerName eth0 -Namespace $hostNs -PeerNamespace $ns -Master $Bridge -Up
            $null = Add-NetAddress -Address $Address -Interface eth0 -Namespace $ns
            $null = Add-NetRoute -Destination default -Gateway $Gateway -Namespace $ns
            $ns
        }
    }

    AfterAll {
        if ($prefix) { Remove-Lab $prefix }
    }

    Context '--net=none' {
        It 'a new namespace has only lo, down until brought up' {
            $none = (New-NetNamespace -Name "$prefix-none").Namespace
            $links = @(Get-NetLink -Namespace $none)
            $links | Should -HaveCount 1
            $links[0].Name | Should -Be 'lo'
            $links[0].IsUp | Should -BeFalse
            Set-NetLink -Name lo -Up -Namespace $none
            Test-NetPing $none 127.0.0.1 | Should -BeTrue
        }
    }

    Context '--net=host' {
        It 'a process in the host namespace sees exactly the host''s links' {
            $seen = Invoke-NetNamespace -Namespace $hostNs { [System.Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces().Name }
            $seen | Sort-Object | Should -Be ((Get-NetLink -Namespace $hostNs).Name | Sort-Object)
        }
    }

    Context '--net=bridge' {
        BeforeAll {
            $null = New-NetBridge -Name docker0 -Up -Namespace $hostNs | Add-NetAddress -Address 172.17.0.1/16
            $c1 = New-Container -Name c1 -Bridge docker0 -Address 172.17.0.2/16 -Gateway 172.17.0.1 -HostEnd veth8a812a3
        }

        It 'the container has lo and eth0 with its address' {
            (Get-NetLink -Namespace $c1).Name | Sort-Object | Should -Be @('eth0', 'lo')
            (Get-NetAddress -Interface eth0 -Namespace $c1 -Family IPv4).Cidr | Should -Be '172.17.0.2/16'
        }

        It 'the host end is a port of docker0' {
            (Get-NetLink -Name veth8a812a3 -Namespace $hostNs).Master | Should -Be 'docker0'
            (Get-BridgePort -Bridge docker0 -Namespace $hostNs).Name | Should -Be 'veth8a812a3'
        }

        It 'the container reaches its gateway' {
            Test-NetPing $c1 172.17.0.1 | Should -BeTrue
        }

        It 'masquerade for the bridge network is a rule in the host namespace' {
            Enable-IPForwarding -Namespace $hostNs
            $null = Enable-Masquerade -Source 172.17.0.0/16 -ExcludeOutInterface docker0 -Namespace $hostNs -PassThru
            @(Get-NatRule -Kind Masquerade -Namespace $hostNs) | Should -HaveCount 1
        }
    }

    Context '--network=foo (custom bridge)' {
        BeforeAll {
            $null = New-NetBridge -Name br-2b25342b1d8 -Up -Namespace $hostNs | Add-NetAddress -Address 172.18.0.1/16
            $c2 = New-Container -Name c2 -Bridge br-2b25342b1d8 -Address 172.18.0.2/16 -Gateway 172.18.0.1 -HostEnd veth86ca323
            $c3 = New-Container -Name c3 -Bridge br-2b25342b1d8 -Address 172.18.0.3/16 -Gateway 172.18.0.1 -HostEnd vethdf5e755
        }

        It 'Get-NetBridge lists both ports (brctl show)' {
            (Get-NetBridge -Name br-2b25342b1d8 -Namespace $hostNs).Ports | Sort-Object | Should -Be @('veth86ca323', 'vethdf5e755')
        }

        It 'containers on the same bridge reach each other' {
            Test-NetPing $c2 172.18.0.3 | Should -BeTrue
            Test-NetPing $c3 172.18.0.2 | Should -BeTrue
        }

        It 'Get-BridgePort | Remove-BridgePort detaches a container, and it is cut off' {
            Get-BridgePort -Bridge br-2b25342b1d8 -Namespace $hostNs | Where-Object Name -eq 'vethdf5e755' | Remove-BridgePort -Confirm:$false
            (Get-IpJson $hostNs link show vethdf5e755).master | Should -BeNullOrEmpty
            Test-NetPing $c2 172.18.0.3 | Should -BeFalse
            $null = Add-BridgePort -Bridge br-2b25342b1d8 -Name vethdf5e755 -Namespace $hostNs
            Test-NetPing $c2 172.18.0.3 | Should -BeTrue
        }
    }

    Context '--net=container:c2' {
        It 'a second process in c2''s namespace sees c2''s address' {
            $seen = Get-NetNamespace -Name "$prefix-c2" | Invoke-NetNamespace {
                [System.Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces() |
                    ForEach-Object { $_.GetIPProperties().UnicastAddresses.Address.IPAddressToString }
            }
            $seen | Should -Contain '172.18.0.2'
        }
    }

    It 'the example script runs end to end and leaves nothing behind' {
        Assert-ExampleRunsClean '05-docker-network-modes.ps1'
    }
}
