#Requires -Modules Pester
# Every row of about_LinuxNetPS_Docker ("Docker flag -> cmdlet parameter") done as a user would do it, in namespaces
# the suite creates ("host" plays the host, "out" the outside), and the table checked to be exactly these rows.

Describe 'Docker flags and their LinuxNetPS parameters (about_LinuxNetPS_Docker)' -Tag 'Lab', 'ContainerNetworks' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $h = "$prefix-host"
        $null = New-NetNamespace -Name $h, "$prefix-out"
        Set-NetLink -Name lo -Up -Namespace $h
        $null = New-VethPair -Name ho -PeerName oh -Namespace $h -PeerNamespace "$prefix-out" -Up
        $null = Add-NetAddress -Address 10.201.0.1/24 -Interface ho -Namespace $h
        $script:n = 0
        function New-Container { $script:n++; (New-NetNamespace "$prefix-c$script:n").Namespace }
        function Get-Ruleset { (& ip netns exec $h nft list ruleset) -join "`n" }
    }

    AfterAll {
        if ($prefix) {
            try { Get-ContainerNetwork -Namespace $h -ErrorAction SilentlyContinue | Remove-ContainerNetwork -Force -Confirm:$false -ErrorAction SilentlyContinue }
            finally {
                Remove-Lab $prefix
                Remove-Item -Recurse -Force -Path "/etc/netns/$prefix-*" -ErrorAction SilentlyContinue
            }
        }
    }

    BeforeDiscovery {
        $script:rows = @(
            @{ Docker = 'docker network create foo'; Test = {
                (New-ContainerNetwork foo -Namespace $h).Driver | Should -Be bridge } }
            @{ Docker = 'docker network create --driver macvlan'; Test = {
                $null = New-VethPair -Name mvp -PeerName mvq -Namespace $h -PeerNamespace "$prefix-out" -Up
                (New-ContainerNetwork mv -Driver macvlan -Parent mvp -Subnet 10.77.0.0/24 -Namespace $h).Driver | Should -Be macvlan } }
            @{ Docker = 'docker network create --subnet'; Test = {
                (New-ContainerNetwork sub -Subnet 172.30.0.0/16 -Namespace $h).Subnet | Should -Be 172.30.0.0/16 } }
            @{ Docker = 'docker network create --gateway'; Test = {
                (New-ContainerNetwork gw -Subnet 172.31.0.0/24 -Gateway 172.31.0.254 -Namespace $h).Gateway | Should -Be 172.31.0.254 } }
            @{ Docker = 'docker network create --ip-range'; Test = {
                $null = New-ContainerNetwork rng -Subnet 172.29.0.0/16 -IPRange 172.29.5.0/24 -Namespace $h
                (Connect-ContainerNetwork -Network rng -Namespace (New-Container) -NetworkNamespace $h).IPAddress | Should -Be 172.29.5.0 } }
            @{ Docker = 'docker network create --ipv6'; Test = {
                $net = New-ContainerNetwork v6 -Subnet 172.28.0.0/24 -IPv6 -SubnetV6 fd00:28::/64 -GatewayV6 fd00:28::1 -Namespace $h
                $net.GatewayV6 | Should -Be fd00:28::1
                (Connect-ContainerNetwork -Network v6 -Namespace (New-Container) -NetworkNamespace $h).IPv6Address | Should -Be fd00:28::2 } }
            @{ Docker = 'docker network create --internal'; Test = {
                (New-ContainerNetwork int -Subnet 172.27.0.0/24 -Internal -Namespace $h).Masquerade | Should -BeFalse } }
            @{ Docker = 'docker network create --aux-address'; Test = {
                $net = New-ContainerNetwork aux -Subnet 172.26.0.0/24 -AuxAddress @{ router = '172.26.0.2' } -Namespace $h
                $net.AuxAddresses['router'] | Should -Be 172.26.0.2
                (Connect-ContainerNetwork -Network aux -Namespace (New-Container) -NetworkNamespace $h).IPAddress | Should -Be 172.26.0.3
                { Connect-ContainerNetwork -Network aux -Namespace (New-Container) -IPAddress 172.26.0.2 -NetworkNamespace $h -ErrorAction Stop } | Should -Throw } }
            @{ Docker = 'docker network create --label'; Test = {
                (New-ContainerNetwork lbl -Subnet 172.25.0.0/24 -NetworkLabel @{ env = 'test' } -Namespace $h).Labels['env'] | Should -Be test } }
            @{ Docker = '-o com.docker.network.bridge.name'; Test = {
                $null = New-ContainerNetwork bn -Subnet 172.24.0.0/24 -BridgeName docker7 -Namespace $h
                (Get-IpJson $h link show dev docker7).linkinfo.info_kind | Should -Be bridge } }
            @{ Docker = '-o com.docker.network.driver.mtu'; Test = {
                $null = New-ContainerNetwork mtu -Subnet 172.23.0.0/24 -BridgeName brmtu -Mtu 1400 -Namespace $h
                (Get-IpJson $h link show dev brmtu).mtu | Should -Be 1400 } }
            @{ Docker = '-o com.docker.network.bridge.enable_ip_masquerade=false'; Test = {
                $net = New-ContainerNetwork nomasq -Subnet 172.22.0.0/24 -DisableMasquerade -Namespace $h
                $net.Masquerade | Should -BeFalse
                $net.Options['com.docker.network.bridge.enable_ip_masquerade'] | Should -Be false
                Get-Ruleset | Should -Not -Match '172\.22\.0\.0/24.*masquerade' } }
            @{ Docker = '-o com.docker.network.bridge.enable_icc=false'; Test = {
                $net = New-ContainerNetwork noicc -Subnet 10.82.0.0/24 -DisableIcc -Namespace $h
                $net.Icc | Should -BeFalse
                $net.Options['com.docker.network.bridge.enable_icc'] | Should -Be false
                $a = Connect-ContainerNetwork -Network noicc -Namespace (New-Container) -NetworkNamespace $h
                $b = Connect-ContainerNetwork -Network noicc -Namespace (New-Container) -NetworkNamespace $h
                (Get-IpJson $h link show dev $a.HostInterface).linkinfo.info_slave_data.isolated | Should -BeTrue
                Test-NetPing $b.Namespace 10.82.0.1 | Should -BeTrue
                Test-NetPing $b.Namespace $a.IPAddress.IPAddressToString | Should -BeFalse } }
            @{ Docker = '-o com.docker.network.bridge.host_binding_ipv4'; Test = {
                $null = New-ContainerNetwork hb -Subnet 172.21.0.0/24 -HostBindingAddress 10.201.0.1 -Namespace $h
                (Connect-ContainerNetwork -Network hb -Namespace (New-Container) -NetworkNamespace $h -Publish '8400:80').Ports | Should -Be '10.201.0.1:8400:80/tcp'
                Get-Ruleset | Should -Match 'ip daddr 10\.201\.0\.1 .*dport 8400' } }
            @{ Docker = '-o com.docker.network.bridge.gateway_mode_ipv4'; Test = {
                $net = New-ContainerNetwork routed -Subnet 172.20.0.0/24 -GatewayMode routed -Namespace $h
                $net.GatewayMode | Should -Be routed
                $null = Connect-ContainerNetwork -Network routed -Namespace (New-Container) -NetworkNamespace $h -Publish '8401:80'
                Get-Ruleset | Should -Not -Match 'dport 8401'
                Get-Ruleset | Should -Not -Match '172\.20\.0\.0/24.*masquerade' } }
            @{ Docker = '-o parent= -o macvlan_mode='; Test = {
                $null = New-VethPair -Name mvp2 -PeerName mvq2 -Namespace $h -PeerNamespace "$prefix-out" -Up
                (New-ContainerNetwork mvm -Driver macvlan -Parent mvp2 -Mode private -Subnet 10.78.0.0/24 -Namespace $h).Mode | Should -Be private } }
            @{ Docker = 'docker network ls'; Test = {
                (Get-ContainerNetwork -Namespace $h).Network[0..2] | Should -Be @('bridge', 'host', 'none') } }
            @{ Docker = 'docker network inspect foo'; Test = {
                $c = New-Container
                $null = Connect-ContainerNetwork -Network foo -Namespace $c -NetworkNamespace $h -Alias insp
                $net = Get-ContainerNetwork foo -Namespace $h
                $net.Containers.Namespace | Should -Contain $c
                $text = $net | Format-List | Out-String -Width 200
                foreach ($label in 'Name', 'Id', 'Driver', 'IPAM', 'Containers', 'Options', 'Labels') { $text | Should -Match "(?m)^$label\s+:" }
                $text | Should -Match 'com\.docker\.network\.bridge\.name='
                $text | Should -Match 'aliases=insp' } }
            @{ Docker = 'docker network rm foo'; Test = {
                $null = New-ContainerNetwork gone -Subnet 172.19.0.0/24 -Namespace $h
                Remove-ContainerNetwork gone -Namespace $h -Confirm:$false
                (Get-ContainerNetwork -Namespace $h).Network | Should -Not -Contain gone } }
            @{ Docker = 'docker network prune'; Test = {
                $null = New-ContainerNetwork unused -Subnet 10.79.0.0/24 -Namespace $h
                Get-ContainerNetwork -Namespace $h | Where-Object Endpoints -eq 0 | Remove-ContainerNetwork -Confirm:$false -ErrorVariable pruneErrors
                $pruneErrors | Should -HaveCount 0
                $left = (Get-ContainerNetwork -Namespace $h).Network
                $left | Should -Not -Contain unused
                $left | Should -Contain foo } }
            @{ Docker = 'docker network connect foo c1'; Test = {
                (Connect-ContainerNetwork -Network foo -Namespace (New-Container) -NetworkNamespace $h).InterfaceName | Should -Be eth0 } }
            @{ Docker = 'docker network connect --alias'; Test = {
                $c = New-Container
                $ep = Connect-ContainerNetwork -Network foo -Namespace $c -NetworkNamespace $h -Alias conn-alias
                $peer = New-Container
                $null = Connect-ContainerNetwork -Network foo -Namespace $peer -NetworkNamespace $h
                (& ip netns exec $peer getent ahostsv4 conn-alias | Select-Object -First 1) | Should -Match "^$([regex]::Escape($ep.IPAddress.IPAddressToString))\s" } }
            @{ Docker = 'docker network disconnect foo c1'; Test = {
                $c = New-Container
                $null = Connect-ContainerNetwork -Network foo -Namespace $c -NetworkNamespace $h
                Disconnect-ContainerNetwork -Network foo -Namespace $c -NetworkNamespace $h -Confirm:$false
                (Get-IpJson $c link show).ifname | Should -Not -Contain eth0 } }
            @{ Docker = 'docker run --network foo'; Test = {
                $c = New-Container
                $ep = Connect-ContainerNetwork -Network foo -Namespace $c -NetworkNamespace $h
                (Get-IpJson $c route show default).gateway | Should -Be $ep.Gateway.IPAddressToString } }
            @{ Docker = 'docker run --network none'; Test = {
                $c = New-Container
                $null = Connect-ContainerNetwork -Network none -Namespace $c -NetworkNamespace $h
                (Get-IpJson $c link show).ifname | Should -Be @('lo') } }
            @{ Docker = 'docker run --network host'; Test = {
                $err = Get-CommandError { Connect-ContainerNetwork -Network host -Namespace (New-Container) -NetworkNamespace $h -ErrorAction Stop }
                $err.Exception.Message | Should -Match 'Invoke-NetNamespace' } }
            @{ Docker = 'docker run -p'; Test = {
                $ep = Connect-ContainerNetwork -Network foo -Namespace (New-Container) -NetworkNamespace $h -Publish '8402:80', '80', '127.0.0.1::81', '8403-8404:82-83', '5353:53/udp'
                $ep.Ports[0] | Should -Be '8402:80/tcp'
                $ep.Ports[1] | Should -Match '^\d{5}:80/tcp$'
                $ep.Ports[2] | Should -Match '^127\.0\.0\.1:\d{5}:81/tcp$'
                $ep.Ports[3..5] | Should -Be @('8403:82/tcp', '8404:83/tcp', '5353:53/udp') } }
            @{ Docker = 'docker run --ip'; Test = {
                $net = Get-ContainerNetwork foo -Namespace $h
                $want = ($net.Subnet -replace '\.0\.0/16$', '.0.200')
                (Connect-ContainerNetwork -Network foo -Namespace (New-Container) -NetworkNamespace $h -IPAddress $want).IPAddress | Should -Be $want } }
            @{ Docker = 'docker run --network-alias'; Test = {
                $ep = Connect-ContainerNetwork -Network foo -Namespace (New-Container) -NetworkNamespace $h -Alias run-alias
                $ep.Aliases | Should -Be @('run-alias')
                $other = (Get-ContainerNetwork foo -Namespace $h).Containers | Where-Object Namespace -ne $ep.Namespace | Select-Object -First 1
                (& ip netns exec $other.Namespace getent ahostsv4 run-alias | Select-Object -First 1) | Should -Match "^$([regex]::Escape($ep.IPAddress.IPAddressToString))\s" } }
            @{ Docker = 'docker run --dns'; Test = {
                $c = New-Container
                $null = Connect-ContainerNetwork -Network foo -Namespace $c -NetworkNamespace $h -Dns 10.201.0.53
                & ip netns exec $c cat /etc/resolv.conf | Should -Contain 'nameserver 10.201.0.53' } }
            @{ Docker = 'docker run --dns-search'; Test = {
                $c = New-Container
                $null = Connect-ContainerNetwork -Network foo -Namespace $c -NetworkNamespace $h -DnsSearch example.test
                & ip netns exec $c cat /etc/resolv.conf | Should -Contain 'search example.test' } }
            @{ Docker = 'docker run --mac-address'; Test = {
                $c = New-Container
                $null = Connect-ContainerNetwork -Network foo -Namespace $c -NetworkNamespace $h -MacAddress 02:42:ac:12:00:0a
                (Get-IpJson $c link show dev eth0).address | Should -Be 02:42:ac:12:00:0a } }
        )
    }

    It 'the about topic''s table has exactly the rows tested here' -ForEach @{ Tested = $rows.Docker } {
        $about = Get-Content (Join-Path $PSScriptRoot '..' 'docs' 'help' 'about_LinuxNetPS_Docker.md')
        $listed = $about | Where-Object { $_ -match '^\| `' } | ForEach-Object { ($_ -split '\|')[1].Trim().Trim('`') }
        $listed | Should -Be $Tested
        Get-Help about_LinuxNetPS_Docker | Out-String | Should -Match 'docker network create --aux-address'
    }

    It '<Docker>' -ForEach $rows {
        . $Test
    }
}
