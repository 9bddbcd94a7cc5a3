#Requires -Modules Pester
# examples/03-namespace-reached-from-host-with-nat.ps1: forwarding, masquerade and a port forward,
# with an "outside" namespace playing the internet. nft is the oracle for the rules.

Describe 'Masquerade and port forwarding to an outside namespace (walkthrough 003)' -Tag 'Example', 'Lab', 'Nat' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $hostNs = "$prefix-host"
        $ns1 = "$prefix-ns1"
        $outside = "$prefix-out"
        $null = New-NetNamespace -Name $hostNs, $ns1, $outside
        foreach ($ns in $hostNs, $ns1, $outside) { Set-NetLink -Name lo -Up -Namespace $ns }
        $null = New-NetBridge -Name br0 -Up -Namespace $hostNs | Add-NetAddress -Address 192.168.1.1/24
        $null = New-VethPair -Name veth0 -PeerName ceth0 -Namespace $hostNs -PeerNamespace $ns1 -Master br0 -Up
        $null = Add-NetAddress -Address 192.168.1.10/24 -Interface ceth0 -Namespace $ns1
        $null = Add-NetRoute -Destination default -Gateway 192.168.1.1 -Namespace $ns1
        $null = New-VethPair -Name eth0 -PeerName uplink -Namespace $hostNs -PeerNamespace $outside -Up
        $null = Add-NetAddress -Address 10.99.0.1/24 -Interface eth0 -Namespace $hostNs
        $null = Add-NetAddress -Address 10.99.0.2/24 -Interface uplink -Namespace $outside
    }

    AfterAll {
        if ($script:server) { Stop-Process -Id $script:server.Id -ErrorAction SilentlyContinue }
        if ($prefix) { Remove-Lab $prefix }
    }

    It 'Get-IPForwarding reports what /proc/sys/net/ipv4/ip_forward says in that namespace' {
        # A new namespace may inherit IPv4 forwarding from the machine (net.core.devconf_inherit_init_net).
        $procValue = (& ip netns exec $hostNs cat /proc/sys/net/ipv4/ip_forward) -eq '1'
        (Get-IPForwarding -Namespace $hostNs).IPv4 | Should -Be $procValue
        $script:ns1Forwarding = (& ip netns exec $ns1 cat /proc/sys/net/ipv4/ip_forward)
    }

    It 'without NAT the outside is unreachable from ns1 (it has no route back)' {
        Test-NetPing $ns1 10.99.0.2 | Should -BeFalse
    }

    It 'Enable-IPForwarding turns on net.ipv4.ip_forward in that namespace only' {
        $state = Enable-IPForwarding -Family IPv4 -Namespace $hostNs -PassThru
        $state.IPv4 | Should -BeTrue
        $state.Namespace | Should -Be $hostNs
        (& ip netns exec $hostNs cat /proc/sys/net/ipv4/ip_forward) | Should -Be '1'
        (& ip netns exec $ns1 cat /proc/sys/net/ipv4/ip_forward) | Should -Be $script:ns1Forwarding   # other namespaces untouched
    }

    It 'forwarding alone is not enough: the outside has no route back' {
        Test-NetPing $ns1 10.99.0.2 | Should -BeFalse
    }

    It 'Enable-Masquerade adds a masquerade rule that nft sees' {
        $rule = Enable-Masquerade -Source 192.168.1.0/24 -ExcludeOutInterface br0 -Namespace $hostNs -PassThru
        $rule.Namespace | Should -Be $hostNs
        $ruleset = (& ip netns exec $hostNs nft list ruleset) -join "`n"
        $ruleset | Should -Match 'ip saddr 192\.168\.1\.0/24'
        $ruleset | Should -Match 'oifname != "br0"'
        $ruleset | Should -Match 'masquerade'
        @(Get-NatRule -Kind Masquerade -Namespace $hostNs) | Should -HaveCount 1
    }

    It 'with masquerade ns1 reaches the outside' {
        Test-NetPing $ns1 10.99.0.2 | Should -BeTrue
    }

    It 'Add-PortForward returns the rule and Get-NatRule lists it' {
        $forward = Add-PortForward -Protocol tcp -Port 5000 -Destination 10.99.0.1 -ToAddress 192.168.1.10 -ToPort 5000 -Namespace $hostNs -PassThru
        $forward.Namespace | Should -Be $hostNs
        @(Get-NatRule -Kind PortForward -Namespace $hostNs) | Should -HaveCount 1
    }

    It 'the outside reaches a service in ns1 through the port forward' {
        $script:server = Start-NetNamespaceProcess $ns1 python3 -ArgumentList '-m', 'http.server', '5000', '--bind', '192.168.1.10' -RedirectStandardOutput /dev/null -RedirectStandardError /dev/null
        $status = Invoke-NetNamespace -Namespace $outside {
            $deadline = [DateTime]::UtcNow.AddSeconds(10)
            while ($true) {
                try {
                    $client = [System.Net.Sockets.TcpClient]::new([System.Net.Sockets.AddressFamily]::InterNetwork)
                    $client.Connect('10.99.0.1', 5000)
                    $stream = $client.GetStream()
                    $request = [System.Text.Encoding]::ASCII.GetBytes("GET / HTTP/1.0`r`n`r`n")
                    $stream.Write($request, 0, $request.Length)
                    $line = [System.IO.StreamReader]::new($stream).ReadLine()
                    $client.Dispose()
                    return $line
                }
                catch {
                    if ([DateTime]::UtcNow -gt $deadline) { throw }
                    Start-Sleep -Milliseconds 200
                }
            }
        }
        $status | Should -Match '^HTTP/1\.\d 200'
    }

    It 'Get-NatRule | Remove-NatRule removes the rules' {
        Get-NatRule -Namespace $hostNs | Remove-NatRule -Confirm:$false
        Get-NatRule -Namespace $hostNs | Should -BeNullOrEmpty
        Test-NetPing $ns1 10.99.0.2 | Should -BeFalse
    }

    It 'Disable-IPForwarding turns it off again' {
        Disable-IPForwarding -Namespace $hostNs
        (Get-IPForwarding -Namespace $hostNs).IPv4 | Should -BeFalse
        (& ip netns exec $hostNs cat /proc/sys/net/ipv4/ip_forward) | Should -Be '0'
    }

    It 'the example script runs end to end and leaves nothing behind' {
        Assert-ExampleRunsClean '03-namespace-reached-from-host-with-nat.ps1'
    }
}
