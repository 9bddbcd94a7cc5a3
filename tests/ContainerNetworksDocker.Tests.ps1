#Requires -Modules Pester
# Container networks as Docker users mean them (issue 23): every form of -p, 0.0.0.0 as every address, a gateway MAC
# that never changes, pipelines that pass the built-in networks over, names through /etc/netns/NAME/hosts. "host" plays
# the host, "out" the outside world behind a veth (host 10.200.0.1, outside 10.200.0.2); real clients (curl, python3's
# http.server, a UDP echo in python3) talk between the namespaces the suite creates, and nowhere else.

Describe 'Container networks as Docker users mean them' -Tag 'Lab', 'ContainerNetworks' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $hostNs = "$prefix-host"
        $outside = "$prefix-out"
        $null = New-NetNamespace -Name $hostNs, $outside
        foreach ($ns in $hostNs, $outside) { Set-NetLink -Name lo -Up -Namespace $ns }
        $null = New-VethPair -Name ho -PeerName oh -Namespace $hostNs -PeerNamespace $outside -Up
        $null = Add-NetAddress -Address 10.200.0.1/24 -Interface ho -Namespace $hostNs
        $null = Add-NetAddress -Address 10.200.0.2/24 -Interface oh -Namespace $outside
        $null = Add-NetAddress -Address fd00:200::1/64 -Interface ho -Namespace $hostNs -NoDad
        $null = Add-NetAddress -Address fd00:200::2/64 -Interface oh -Namespace $outside -NoDad

        $webRoot = Join-Path ([System.IO.Path]::GetTempPath()) "$prefix-www"
        $null = New-Item -ItemType Directory -Path $webRoot
        Set-Content -Path (Join-Path $webRoot 'hello.txt') -Value 'hello from the container'
        # python3's http.server in a container, bound to one address and port; Stop-Process ends it.
        function Start-WebServer([string] $Namespace, [string] $Address, [int] $Port) {
            $server = Start-Process -FilePath ip -PassThru -ArgumentList 'netns', 'exec', $Namespace, 'python3', '-m', 'http.server', $Port, '--bind', $Address, '--directory', $webRoot -RedirectStandardError "$webRoot-$Port.log"
            foreach ($i in 1..50) {
                if ((& ip netns exec $Namespace ss -Hltn "sport = :$Port") -match 'LISTEN') { break }
                Start-Sleep -Milliseconds 100
            }
            $server
        }
        function Get-Web([string] $Namespace, [string] $Url) {
            $text = & ip netns exec $Namespace curl -s -g -m 3 $Url
            if ($LASTEXITCODE -eq 0) { $text -join "`n" }
        }
        # A UDP echo in python3 (answers one datagram, then exits) and its client, as script files.
        $echoScript = Join-Path $webRoot 'echo.py'
        Set-Content -Path $echoScript -Value @(
            'import socket, sys'
            's = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET, socket.SOCK_DGRAM)'
            's.bind((sys.argv[1], int(sys.argv[2]))); s.settimeout(8); open(sys.argv[3], "w").write("ready")'
            'd, a = s.recvfrom(100); s.sendto(d, a)'
        )
        $sendScript = Join-Path $webRoot 'send.py'
        Set-Content -Path $sendScript -Value @(
            'import socket, sys'
            's = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(3)'
            's.sendto(b"ping", (sys.argv[1], int(sys.argv[2])))'
            'try:'
            '    print(s.recvfrom(100)[0].decode())'
            'except OSError:'
            '    pass'
        )
        function Start-UdpEcho([string] $Namespace, [string] $Address, [int] $Port) {
            $ready = Join-Path $webRoot "udp-$Port.ready"
            $p = Start-Process -FilePath ip -PassThru -ArgumentList 'netns', 'exec', $Namespace, 'python3', $echoScript, $Address, $Port, $ready
            foreach ($i in 1..50) { if (Test-Path $ready) { break }; Start-Sleep -Milliseconds 100 }
            $p
        }
        function Send-Udp([string] $Namespace, [string] $Address, [int] $Port) { & ip netns exec $Namespace python3 $sendScript $Address $Port }
        function Get-Ruleset([string] $Namespace) { (& ip netns exec $Namespace nft list ruleset) -join "`n" }
        $script:web = New-ContainerNetwork web -Subnet 172.21.0.0/16 -IPv6 -SubnetV6 fd00:21::/64 -Namespace $hostNs
    }

    AfterAll {
        if ($prefix) {
            try {
                Get-ContainerNetwork -Namespace $hostNs -ErrorAction SilentlyContinue | Remove-ContainerNetwork -Force -Confirm:$false -ErrorAction SilentlyContinue
            }
            finally {
                Remove-Lab $prefix
                Remove-Item -Recurse -Force -Path "/etc/netns/$prefix-*", "$webRoot*" -ErrorAction SilentlyContinue
            }
        }
    }

    Context '-Publish: every form of docker run -p' {
        BeforeAll {
            $null = New-NetNamespace "$prefix-w1", "$prefix-w2", "$prefix-w3"
            $script:w1 = Connect-ContainerNetwork -Network $web -Namespace "$prefix-w1" -Publish '0.0.0.0:8080:80', '80', '10.200.0.1:9000-9001:9000-9001', '5353:53/udp'
            $script:w1ip = $w1.IPAddress.IPAddressToString
        }

        It '0.0.0.0:8080:80 is every IPv4 address: curl from the outside gets the container''s page, and no rule matches 0.0.0.0' {
            $w1.Ports[0] | Should -Be '0.0.0.0:8080:80/tcp'
            Get-Ruleset $hostNs | Should -Not -Match 'daddr 0\.0\.0\.0'
            $server = Start-WebServer "$prefix-w1" $w1ip 80
            try { Get-Web $outside 'http://10.200.0.1:8080/hello.txt' | Should -Be 'hello from the container' }
            finally { Stop-Process -Id $server.Id -Force }
        }

        It 'a container port alone gets a free host port, reported on the endpoint and reachable' {
            $w1.Ports[1] | Should -Match '^\d+:80/tcp$'
            $chosen = [int]($w1.Ports[1] -split ':')[0]
            $chosen | Should -BeGreaterOrEqual 32768
            $chosen | Should -BeLessOrEqual 60999
            (Get-ContainerEndpoint -Network web -Namespace "$prefix-w1" -NetworkNamespace $hostNs).Ports | Should -Contain $w1.Ports[1]
            $server = Start-WebServer "$prefix-w1" $w1ip 80
            try { Get-Web $outside "http://10.200.0.1:$chosen/hello.txt" | Should -Be 'hello from the container' }
            finally { Stop-Process -Id $server.Id -Force }
        }

        It 'a range maps port by port, on the host address given' {
            $w1.Ports[2..3] | Should -Be @('10.200.0.1:9000:9000/tcp', '10.200.0.1:9001:9001/tcp')
            $server = Start-WebServer "$prefix-w1" $w1ip 9001
            try { Get-Web $outside 'http://10.200.0.1:9001/hello.txt' | Should -Be 'hello from the container' }
            finally { Stop-Process -Id $server.Id -Force }
        }

        It '5353:53/udp answers a UDP echo from the outside' {
            $echo = Start-UdpEcho "$prefix-w1" $w1ip 53
            try { Send-Udp $outside 10.200.0.1 5353 | Should -Be 'ping' }
            finally { Stop-Process -Id $echo.Id -Force -ErrorAction SilentlyContinue }
        }

        It '[::]:8081:80 is every IPv6 address, and only IPv6' {
            $w2 = Connect-ContainerNetwork -Network $web -Namespace "$prefix-w2" -Publish '[::]:8081:80'
            $w2.Ports | Should -Be @('[::]:8081:80/tcp')
            $server = Start-WebServer "$prefix-w2" '::' 80
            try {
                Get-Web $outside 'http://[fd00:200::1]:8081/hello.txt' | Should -Be 'hello from the container'
                Get-Web $outside 'http://10.200.0.1:8081/hello.txt' | Should -BeNullOrEmpty
            }
            finally { Stop-Process -Id $server.Id -Force }
        }

        It 'Add-PortForward -Destination 0.0.0.0 (and -ExternalIPAddress 0.0.0.0) forwards every address' {
            Add-PortForward -Protocol tcp -Port 8090 -Destination 0.0.0.0 -ToAddress $w1ip -ToPort 80 -Namespace $hostNs
            $rule = Add-PortForward -Protocol tcp -Port 8091 -ExternalIPAddress 0.0.0.0 -ToAddress $w1ip -ToPort 80 -Namespace $hostNs -PassThru
            $rule.Destination | Should -BeNullOrEmpty
            $server = Start-WebServer "$prefix-w1" $w1ip 80
            try {
                Get-Web $outside 'http://10.200.0.1:8090/hello.txt' | Should -Be 'hello from the container'
                Get-Web $outside 'http://10.200.0.1:8091/hello.txt' | Should -Be 'hello from the container'
            }
            finally { Stop-Process -Id $server.Id -Force }
            Remove-PortForward -Protocol tcp -Port 8090 -Destination 0.0.0.0 -Namespace $hostNs -Confirm:$false
            Remove-PortForward -Protocol tcp -Port 8091 -Namespace $hostNs -Confirm:$false
        }

        It 'Add-PortForward -Publish reads the same spelling' {
            $rules = Add-PortForward -Publish '0.0.0.0:8092-8093:80-81' -ToAddress $w1ip -Namespace $hostNs -PassThru
            $rules.Port | Should -Be @('8092', '8093')
            $rules.ToPort | Should -Be @(80, 81)
            $server = Start-WebServer "$prefix-w1" $w1ip 81
            try { Get-Web $outside 'http://10.200.0.1:8093/hello.txt' | Should -Be 'hello from the container' }
            finally { Stop-Process -Id $server.Id -Force }
            $rules | Remove-NatRule -Confirm:$false
        }

        It '<Case> is <Id>, and nothing changes' -ForEach @(
            @{ Case = 'ranges of unequal length'; Id = 'PortRangeMismatch'; Publish = '8100-8102:80-81' }
            @{ Case = 'port 0'; Id = 'InvalidPort'; Publish = '0:80' }
            @{ Case = 'port 65536'; Id = 'InvalidPort'; Publish = '8100:65536' }
            @{ Case = 'a host address not on the host'; Id = 'PublishAddressNotLocal'; Publish = '10.9.9.9:8100:80' }
            @{ Case = 'a bad protocol'; Id = 'InvalidProtocol'; Publish = '8100:80/icmp' }
            @{ Case = 'an IPv6 host address without brackets'; Id = 'InvalidPublishSpec'; Publish = 'fd00:200::1:8100:80' }
            @{ Case = 'the IPv6 loopback (no route_localnet in IPv6)'; Id = 'LoopbackIPv6NotForwardable'; Publish = '[::1]:8100:80' }
        ) {
            $before = (Get-Ruleset $hostNs) + (Get-NetState "$prefix-w3")
            $err = Get-CommandError { Connect-ContainerNetwork -Network web -Namespace "$prefix-w3" -NetworkNamespace $hostNs -Publish '8110:80', $Publish -ErrorAction Stop }
            $err.FullyQualifiedErrorId | Should -BeLike "$Id,*"
            $err.CategoryInfo.Category | Should -Be InvalidArgument
            $err = Get-CommandError { Add-PortForward -Publish $Publish -ToAddress 172.21.0.9 -Namespace $hostNs -ErrorAction Stop }
            $err.FullyQualifiedErrorId | Should -BeLike "$Id,*"
            (Get-Ruleset $hostNs) + (Get-NetState "$prefix-w3") | Should -Be $before
        }
    }

    Context '-Publish on the host''s 127.0.0.1 (route_localnet, as Docker without its proxy and CNI''s portmap)' {
        BeforeAll {
            $null = New-NetNamespace "$prefix-l1", "$prefix-l2"
            $script:l1 = Connect-ContainerNetwork -Network web -Namespace "$prefix-l1" -NetworkNamespace $hostNs -Publish '127.0.0.1:8280:80', '127.0.0.1::80'
            $script:l1ip = $l1.IPAddress.IPAddressToString
            $script:server = Start-WebServer "$prefix-l1" $l1ip 80
            # Sends what a program sends to 127.0.0.1 out of another interface instead, as a hostile neighbour can:
            # route_localnet on that interface, and a rule that looks 127.0.0.1 up in a table routing it via the host.
            function Set-LoopbackVia([string] $Namespace, [string] $Interface, [string] $Via) {
                & ip netns exec $Namespace sh -c "echo 1 > /proc/sys/net/ipv4/conf/$Interface/route_localnet"
                & ip -n $Namespace route add 127.0.0.1/32 via $Via dev $Interface table 100
                # Before the local table (whose rule has preference 0 and would answer 127.0.0.1 itself).
                & ip -n $Namespace rule del pref 0 lookup local
                & ip -n $Namespace rule add pref 100 lookup local
                & ip -n $Namespace rule add to 127.0.0.1 lookup 100 pref 10
                (Get-IpJson $Namespace route get 127.0.0.1)[0].gateway | Should -Be "$Via"
            }
        }
        AfterAll { if ($server) { Stop-Process -Id $server.Id -Force -ErrorAction SilentlyContinue } }

        It 'curl on the host''s own 127.0.0.1 gets the container''s page, on the given port and on a chosen one' {
            $l1.Ports[0] | Should -Be '127.0.0.1:8280:80/tcp'
            Get-Web $hostNs 'http://127.0.0.1:8280/hello.txt' | Should -Be 'hello from the container'
            $chosen = [int]($l1.Ports[1] -split ':')[1]
            $chosen | Should -BeGreaterOrEqual 32768
            Get-Web $hostNs "http://127.0.0.1:$chosen/hello.txt" | Should -Be 'hello from the container'
        }

        It 'the bridge has route_localnet 1, and the loopback masquerade and guard are in the table' {
            (& ip netns exec $hostNs cat "/proc/sys/net/ipv4/conf/$($web.BridgeName)/route_localnet") | Should -Be '1'
            $rules = Get-Ruleset $hostNs
            $rules | Should -Match ('ip saddr 127\.0\.0\.0/8 oifname "{0}" masquerade' -f [regex]::Escape($web.BridgeName))
            $rules | Should -Match ('iifname "{0}" ip daddr 127\.0\.0\.0/8 ct state ! established,related drop' -f [regex]::Escape($web.BridgeName))
        }

        It 'is not reachable from the outside: not on the host''s address, and not when a neighbour sends to 127.0.0.1' {
            Get-Web $outside 'http://10.200.0.1:8280/hello.txt' | Should -BeNullOrEmpty
            Get-Ruleset $hostNs | Should -Not -Match 'chain prerouting \{[^}]*127\.0\.0\.1'
            Set-LoopbackVia $outside oh 10.200.0.1
            try { Get-Web $outside 'http://127.0.0.1:8280/hello.txt' | Should -BeNullOrEmpty }
            finally { & ip -n $outside rule del to 127.0.0.1 lookup 100 pref 10; & ip -n $outside rule add pref 0 lookup local }
        }

        It 'a container cannot reach the host''s loopback services through the bridge (the guard)' {
            $own = Start-Process -FilePath ip -PassThru -ArgumentList 'netns', 'exec', $hostNs, 'python3', '-m', 'http.server', 8299, '--bind', '127.0.0.1', '--directory', $webRoot -RedirectStandardError "$webRoot-8299.log"
            try {
                foreach ($i in 1..50) { if ((& ip netns exec $hostNs ss -Hltn 'sport = :8299') -match 'LISTEN') { break }; Start-Sleep -Milliseconds 100 }
                Get-Web $hostNs 'http://127.0.0.1:8299/hello.txt' | Should -Be 'hello from the container'
                $l2 = Connect-ContainerNetwork -Network web -Namespace "$prefix-l2" -NetworkNamespace $hostNs
                Set-LoopbackVia "$prefix-l2" eth0 $web.Gateway
                Get-Web "$prefix-l2" 'http://127.0.0.1:8299/hello.txt' | Should -BeNullOrEmpty
                $l2 | Disconnect-ContainerNetwork -Confirm:$false
            }
            finally { Stop-Process -Id $own.Id -Force }
        }

        It 'Add-PortForward -Publish on 127.0.0.1 is the output rule alone' {
            $rule = Add-PortForward -Publish '127.0.0.1:8281:80' -ToAddress $l1ip -Namespace $hostNs -PassThru
            $rule.Chain | Should -Be 'output'
            $rule.OutputHandle | Should -BeNullOrEmpty
            Get-Web $hostNs 'http://127.0.0.1:8281/hello.txt' | Should -Be 'hello from the container'
            $rule | Remove-NatRule -Confirm:$false
            Get-Web $hostNs 'http://127.0.0.1:8281/hello.txt' | Should -BeNullOrEmpty
        }

        It 'Add-PortForward of 127.0.0.1 to a host outside turns the same on for the interface towards it' {
            $far = Start-WebServer $outside 10.200.0.2 8283
            try {
                Add-PortForward -Protocol tcp -Port 8282 -Destination 127.0.0.1 -ToAddress 10.200.0.2 -ToPort 8283 -Namespace $hostNs
                Get-Web $hostNs 'http://127.0.0.1:8282/hello.txt' | Should -Be 'hello from the container'
                (& ip netns exec $hostNs cat /proc/sys/net/ipv4/conf/ho/route_localnet) | Should -Be '1'
                Get-Ruleset $hostNs | Should -Match 'ip saddr 127\.0\.0\.0/8 oifname "ho" masquerade'
                Remove-PortForward -Protocol tcp -Port 8282 -Destination 127.0.0.1 -Namespace $hostNs -Confirm:$false
                Get-Web $hostNs 'http://127.0.0.1:8282/hello.txt' | Should -BeNullOrEmpty
            }
            finally { Stop-Process -Id $far.Id -Force }
        }

        It 'a forward of 127.0.0.1 to an address nothing routes is LoopbackForwardUnrouted, and nothing changes' {
            $before = (Get-Ruleset $hostNs) + (& ip netns exec $hostNs cat /proc/sys/net/ipv4/conf/ho/route_localnet)
            $err = Get-CommandError { Add-PortForward -Publish '127.0.0.1:8284:80' -ToAddress 192.0.2.9 -Namespace $hostNs -ErrorAction Stop }
            $err.FullyQualifiedErrorId | Should -BeLike 'LoopbackForwardUnrouted,*'
            $err.CategoryInfo.Category | Should -Be InvalidArgument
            (Get-Ruleset $hostNs) + (& ip netns exec $hostNs cat /proc/sys/net/ipv4/conf/ho/route_localnet) | Should -Be $before
        }

        It 'removing the network takes route_localnet, the masquerade and the guard with it' {
            $tmp = New-ContainerNetwork lotmp -Subnet 172.24.0.0/24 -Namespace $hostNs
            (& ip netns exec $hostNs cat "/proc/sys/net/ipv4/conf/$($tmp.BridgeName)/route_localnet") | Should -Be '1'
            Remove-ContainerNetwork lotmp -Namespace $hostNs -Confirm:$false
            Get-Ruleset $hostNs | Should -Not -Match ([regex]::Escape($tmp.BridgeName))
        }
    }

    Context 'hairpin: a container reaches a published port of the host, served by a container on the same bridge' {
        BeforeAll {
            $null = New-NetNamespace "$prefix-h1", "$prefix-h2"
            # Addresses no earlier container had: the host's neighbour entry of a reused address keeps the old container's
            # MAC for a few seconds (Docker avoids that by deriving the MAC from the address), which is not what this tests.
            $script:h1 = Connect-ContainerNetwork -Network web -Namespace "$prefix-h1" -NetworkNamespace $hostNs -Publish '8380:80' -IPAddress 172.21.3.80
            $script:h2 = Connect-ContainerNetwork -Network web -Namespace "$prefix-h2" -NetworkNamespace $hostNs -IPAddress 172.21.3.81
            $script:hserver = Start-WebServer "$prefix-h1" $h1.IPAddress.IPAddressToString 80
        }
        AfterAll {
            if ($hserver) { Stop-Process -Id $hserver.Id -Force -ErrorAction SilentlyContinue }
            & ip netns exec $hostNs sh -c 'echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables'
        }

        It 'with bridge-nf-call-iptables <Value>: another container and the serving container itself get the page' -ForEach @(@{ Value = 0 }, @{ Value = 1 }) {
            & ip netns exec $hostNs sh -c "echo $Value > /proc/sys/net/bridge/bridge-nf-call-iptables"
            (& ip netns exec $hostNs cat /proc/sys/net/bridge/bridge-nf-call-iptables) | Should -Be "$Value"
            Get-Web "$prefix-h2" 'http://10.200.0.1:8380/hello.txt' | Should -Be 'hello from the container'
            Get-Web "$prefix-h1" 'http://10.200.0.1:8380/hello.txt' | Should -Be 'hello from the container'
        }

        It 'the container''s bridge ports are in hairpin mode, and the hairpin masquerade is in the table' {
            foreach ($e in $h1, $h2) {
                (Get-IpJson $hostNs link show dev $e.HostInterface).linkinfo.info_slave_data.hairpin | Should -BeTrue
            }
            Get-Ruleset $hostNs | Should -Match ('ip saddr 172\.21\.0\.0/16 oifname "{0}" ct status dnat masquerade' -f [regex]::Escape($web.BridgeName))
        }
    }

    Context '-DisableIcc (enable_icc=false): the containers of a network cannot reach each other' {
        BeforeAll {
            $null = New-NetNamespace "$prefix-i1", "$prefix-i2", "$prefix-i3", "$prefix-k1", "$prefix-k2"
            $script:icc = New-ContainerNetwork noicc -Subnet 172.33.0.0/24 -IPv6 -SubnetV6 fd00:33::/64 -DisableIcc -Namespace $hostNs
            $script:i1 = Connect-ContainerNetwork -Network noicc -Namespace "$prefix-i1" -NetworkNamespace $hostNs -Publish '8390:80'
            $script:i2 = Connect-ContainerNetwork -Network noicc -Namespace "$prefix-i2" -NetworkNamespace $hostNs
            $script:iserver = Start-WebServer "$prefix-i1" $i1.IPAddress.IPAddressToString 80
            # The control: the same, without -DisableIcc.
            $null = New-ContainerNetwork icc -Subnet 172.34.0.0/24 -Namespace $hostNs
            $script:k1 = Connect-ContainerNetwork -Network icc -Namespace "$prefix-k1" -NetworkNamespace $hostNs
            $script:k2 = Connect-ContainerNetwork -Network icc -Namespace "$prefix-k2" -NetworkNamespace $hostNs
            $script:kserver = Start-WebServer "$prefix-k1" $k1.IPAddress.IPAddressToString 80
        }
        AfterAll {
            foreach ($p in $iserver, $kserver) { if ($p) { Stop-Process -Id $p.Id -Force -ErrorAction SilentlyContinue } }
            & ip netns exec $hostNs sh -c 'echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables'
        }

        It 'the network says so: Icc false, enable_icc=false in the options and in Format-List' {
            $icc.Icc | Should -BeFalse
            $icc.Options['com.docker.network.bridge.enable_icc'] | Should -Be false
            (Get-ContainerNetwork icc -Namespace $hostNs).Options['com.docker.network.bridge.enable_icc'] | Should -Be true
            Get-ContainerNetwork noicc -Namespace $hostNs | Format-List | Out-String -Width 200 | Should -Match 'com\.docker\.network\.bridge\.enable_icc=false'
        }

        It 'the containers'' bridge ports are isolated, the control network''s are not' {
            foreach ($e in $i1, $i2) { (Get-IpJson $hostNs link show dev $e.HostInterface).linkinfo.info_slave_data.isolated | Should -BeTrue }
            foreach ($e in $k1, $k2) { (Get-IpJson $hostNs link show dev $e.HostInterface).linkinfo.info_slave_data.isolated | Should -BeFalse }
        }

        It 'with bridge-nf-call-iptables <Value>: the two containers cannot ping or curl each other; the control network''s can' -ForEach @(@{ Value = 0 }, @{ Value = 1 }) {
            & ip netns exec $hostNs sh -c "echo $Value > /proc/sys/net/bridge/bridge-nf-call-iptables"
            Test-NetPing "$prefix-i2" $i1.IPAddress.IPAddressToString | Should -BeFalse
            Test-NetPing "$prefix-i1" $i2.IPAddress.IPAddressToString | Should -BeFalse
            Get-Web "$prefix-i2" "http://$($i1.IPAddress.IPAddressToString)/hello.txt" | Should -BeNullOrEmpty
            Test-NetPing "$prefix-k2" $k1.IPAddress.IPAddressToString | Should -BeTrue
            Get-Web "$prefix-k2" "http://$($k1.IPAddress.IPAddressToString)/hello.txt" | Should -Be 'hello from the container'
        }

        It 'both containers reach the gateway, and the outside' {
            foreach ($c in "$prefix-i1", "$prefix-i2") {
                Test-NetPing $c 172.33.0.1 | Should -BeTrue
                Test-NetPing $c 10.200.0.2 | Should -BeTrue
            }
        }

        It 'IPv6 too: the containers reach the gateway fd00:33::1, not each other (the isolation is below IP)' {
            Test-NetPing "$prefix-i2" fd00:33::1 | Should -BeTrue
            Test-NetPing "$prefix-i1" fd00:33::1 | Should -BeTrue
            Test-NetPing "$prefix-i2" $i1.IPv6Address.IPAddressToString | Should -BeFalse
        }

        It 'the published port is reachable from the outside namespace' {
            Get-Web $outside 'http://10.200.0.1:8390/hello.txt' | Should -Be 'hello from the container'
        }

        It 'a container connected later is isolated too' {
            $i3 = Connect-ContainerNetwork -Network noicc -Namespace "$prefix-i3" -NetworkNamespace $hostNs
            (Get-IpJson $hostNs link show dev $i3.HostInterface).linkinfo.info_slave_data.isolated | Should -BeTrue
            Test-NetPing "$prefix-i3" 172.33.0.1 | Should -BeTrue
            Test-NetPing "$prefix-i3" $i2.IPAddress.IPAddressToString | Should -BeFalse
            Get-Web "$prefix-i3" "http://$($i1.IPAddress.IPAddressToString)/hello.txt" | Should -BeNullOrEmpty
        }

        # Through the host's published port the connection is routed by the host (the gateway), not bridged between the
        # two ports: it passes, unless br_netfilter hands the DNAT'd frame back to the bridge (bridge-nf-call-iptables 1),
        # which then forwards it from one isolated port to another and drops it, as Docker's icc=false DROP does.
        It 'the hairpin through the host''s published port: passes with bridge-nf-call-iptables 0, dropped with 1' {
            & ip netns exec $hostNs sh -c 'echo 0 > /proc/sys/net/bridge/bridge-nf-call-iptables'
            Get-Web "$prefix-i2" 'http://10.200.0.1:8390/hello.txt' | Should -Be 'hello from the container'
            & ip netns exec $hostNs sh -c 'echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables'
            Get-Web "$prefix-i2" 'http://10.200.0.1:8390/hello.txt' | Should -BeNullOrEmpty
        }

        It '-DisableIcc on another driver is a clear error and creates nothing' {
            $null = New-VethPair -Name icp -PeerName icq -Namespace $hostNs -PeerNamespace $outside -Up
            $err = Get-CommandError { New-ContainerNetwork mvicc -Driver macvlan -Parent icp -Subnet 10.81.0.0/24 -DisableIcc -Namespace $hostNs -ErrorAction Stop }
            $err.FullyQualifiedErrorId | Should -Match '^InvalidNetworkOption,'
            $err.CategoryInfo.Category | Should -Be InvalidArgument
            $err.Exception.Message | Should -Match '-DisableIcc'
            (Get-ContainerNetwork -Namespace $hostNs).Network | Should -Not -Contain mvicc
        }
    }

    Context 'the gateway keeps its MAC' {
        It 'twenty connects and disconnects lose none of the pings of a container that stays' {
            $gw = New-ContainerNetwork gwmac -Subnet 172.22.0.0/24 -Namespace $hostNs
            $gw.MacAddress | Should -Match '^[0-9a-f][26ae](:[0-9a-f]{2}){5}$'
            $stay = Connect-ContainerNetwork -Network gwmac -Namespace (New-NetNamespace "$prefix-stay").Namespace -NetworkNamespace $hostNs
            $log = [System.IO.Path]::GetTempFileName()
            $ping = Start-Process -FilePath ip -PassThru -ArgumentList 'netns', 'exec', "$prefix-stay", 'ping', '-i', '0.2', '-W', '1', '-w', '30', '172.22.0.1' -RedirectStandardOutput $log
            try {
                $macs = foreach ($i in 1..20) {
                    $ns = (New-NetNamespace "$prefix-g$i").Namespace
                    $null = Connect-ContainerNetwork -Network gwmac -Namespace $ns -NetworkNamespace $hostNs
                    (Get-IpJson $hostNs link show dev $gw.BridgeName).address
                    Disconnect-ContainerNetwork -Network gwmac -Namespace $ns -NetworkNamespace $hostNs -Confirm:$false
                    (Get-IpJson $hostNs link show dev $gw.BridgeName).address
                    Remove-NetNamespace $ns -Force
                }
                Start-Sleep -Seconds 2
            }
            finally { & kill -INT $ping.Id; $null = $ping.WaitForExit(5000) }
            $macs | Sort-Object -Unique | Should -Be $gw.MacAddress
            $summary = @((Get-Content $log) -match 'packets transmitted')[0]
            $summary | Should -Match ' 0% packet loss'
            [int]($summary -replace '^(\d+) packets.*', '$1') | Should -BeGreaterThan 10
            Remove-Item $log
            $stay | Disconnect-ContainerNetwork -Confirm:$false
            Remove-ContainerNetwork gwmac -Namespace $hostNs -Confirm:$false
        }
    }

    Context 'names: /etc/netns/NAME/hosts' {
        BeforeAll {
            $null = New-NetNamespace "$prefix-n1", "$prefix-n2", "$prefix-n3"
            $script:n1 = Connect-ContainerNetwork -Network web -Namespace "$prefix-n1" -NetworkNamespace $hostNs -Dns 10.200.0.53 -DnsSearch example.test
            $script:n2 = Connect-ContainerNetwork -Network web -Namespace "$prefix-n2" -NetworkNamespace $hostNs -Alias db, postgres
        }

        It 'a container resolves another by its name and its aliases (ip netns exec getent)' {
            $n2ip = $n2.IPAddress.IPAddressToString
            foreach ($name in "$prefix-n2", 'db', 'postgres') {
                $line = & ip netns exec "$prefix-n1" getent ahostsv4 $name | Select-Object -First 1
                $line | Should -Match "^$([regex]::Escape($n2ip))\s"
            }
            $n2.Aliases | Should -Be @('db', 'postgres')
        }

        It 'Invoke-NetNamespace -FilePath getent sees the same, and the other direction works' {
            # getent hosts answers IPv6 first when there is an IPv6 line (the network has both families).
            (Invoke-NetNamespace "$prefix-n1" -FilePath getent -ArgumentList 'ahostsv4', 'db') -join ' ' | Should -Match ([regex]::Escape($n2.IPAddress.IPAddressToString))
            (Invoke-NetNamespace "$prefix-n1" -FilePath getent -ArgumentList 'hosts', 'db') -join ' ' | Should -Match ([regex]::Escape($n2.IPv6Address.IPAddressToString))
            (& ip netns exec "$prefix-n2" getent ahostsv4 "$prefix-n1" | Select-Object -First 1) | Should -Match "^$([regex]::Escape($n1.IPAddress.IPAddressToString))\s"
        }

        It 'a container that connects later is found at once, and a disconnected one is gone' {
            $n3 = Connect-ContainerNetwork -Network web -Namespace "$prefix-n3" -NetworkNamespace $hostNs -Alias cache
            & ip netns exec "$prefix-n1" getent ahostsv4 cache | Select-Object -First 1 | Should -Match ([regex]::Escape($n3.IPAddress.IPAddressToString))
            $n3 | Disconnect-ContainerNetwork -Confirm:$false
            # The hosts file only (-s files): a name it lacks would otherwise go on to this context's DNS server
            # (-Dns 10.200.0.53, which nobody answers) and wait out its timeouts.
            $null = & ip netns exec "$prefix-n1" getent -s files hosts cache
            $LASTEXITCODE | Should -Be 2
            $null = & ip netns exec "$prefix-n1" getent -s files hosts "$prefix-n3"
            $LASTEXITCODE | Should -Be 2
            Test-Path "/etc/netns/$prefix-n3/hosts" | Should -BeFalse
        }

        It 'a program already running in the container sees the change (the file is rewritten in place)' {
            $lateScript = Join-Path $webRoot 'late.py'
            Set-Content -Path $lateScript -Value 'import socket, time', 'time.sleep(2)', 'print(socket.gethostbyname("late"))'
            $out = [System.IO.Path]::GetTempFileName()
            $p = Start-Process -FilePath ip -PassThru -ArgumentList 'netns', 'exec', "$prefix-n1", 'python3', $lateScript -RedirectStandardOutput $out
            Start-Sleep -Milliseconds 500
            $late = Connect-ContainerNetwork -Network web -Namespace (New-NetNamespace "$prefix-n4").Namespace -NetworkNamespace $hostNs -Alias late
            $null = $p.WaitForExit(10000)
            (Get-Content $out) | Should -Be $late.IPAddress.IPAddressToString
            $late | Disconnect-ContainerNetwork -Confirm:$false
        }

        It '-Dns and -DnsSearch write the container''s resolv.conf, which goes with its endpoint' {
            $resolv = & ip netns exec "$prefix-n1" cat /etc/resolv.conf
            $resolv | Should -Contain 'nameserver 10.200.0.53'
            $resolv | Should -Contain 'search example.test'
            $n1.Dns | Should -Be @('10.200.0.53')
            $n1 | Disconnect-ContainerNetwork -Confirm:$false
            Test-Path "/etc/netns/$prefix-n1/resolv.conf" | Should -BeFalse
            Test-Path "/etc/netns/$prefix-n1" | Should -BeFalse
        }

        It 'lines of the user''s own in the hosts file stay' {
            $hosts = "/etc/netns/$prefix-n2/hosts"
            Add-Content -Path $hosts -Value '10.200.0.99 mine'
            $n5 = Connect-ContainerNetwork -Network web -Namespace (New-NetNamespace "$prefix-n5").Namespace -NetworkNamespace $hostNs
            Get-Content $hosts | Should -Contain '10.200.0.99 mine'
            & ip netns exec "$prefix-n2" getent ahostsv4 "$prefix-n5" | Select-Object -First 1 | Should -Match ([regex]::Escape($n5.IPAddress.IPAddressToString))
            $n5 | Disconnect-ContainerNetwork -Confirm:$false
        }

        It 'a lab node that is also on a network keeps the lab''s names and the network''s; each owner takes only its own' {
            $labFile = Join-Path $PSScriptRoot '..' 'examples' 'labs' 'walkthrough.psd1'
            $lab = New-NetLab -Path $labFile -Name "$prefix-lb" -Prefix "$prefix-lb-"
            $null = New-ContainerNetwork labweb -Subnet 172.25.0.0/24 -Namespace $hostNs # IPv4 only: lab nodes have no IPv6
            try {
                $red = Connect-ContainerNetwork -Network labweb -Namespace "$prefix-lb-red" -NetworkNamespace $hostNs -Alias labred -Interface eth9
                $peer = Connect-ContainerNetwork -Network labweb -Namespace (New-NetNamespace "$prefix-n6").Namespace -NetworkNamespace $hostNs -Alias labpeer
                (& ip netns exec "$prefix-lb-red" getent ahostsv4 green | Select-Object -First 1) | Should -Match '^10\.0\.0\.\d+\s'
                (& ip netns exec "$prefix-lb-red" getent ahostsv4 labpeer | Select-Object -First 1) | Should -Match "^$([regex]::Escape($peer.IPAddress.IPAddressToString))\s"
                (& ip netns exec "$prefix-n6" getent ahostsv4 labred | Select-Object -First 1) | Should -Match "^$([regex]::Escape($red.IPAddress.IPAddressToString))\s"
                (Get-Content "/etc/netns/$prefix-lb-red/hosts") -match '^# BEGIN LinuxNetPS' -replace ' \(.*$' | Should -Be @('# BEGIN LinuxNetPS lab', '# BEGIN LinuxNetPS container networks')
                $red | Disconnect-ContainerNetwork -Confirm:$false
                (& ip netns exec "$prefix-lb-red" getent ahostsv4 green | Select-Object -First 1) | Should -Match '^10\.0\.0\.\d+\s'
                $null = & ip netns exec "$prefix-lb-red" getent hosts labpeer
                $LASTEXITCODE | Should -Be 2
                $peer | Disconnect-ContainerNetwork -Confirm:$false
            }
            finally {
                $lab | Remove-NetLab
                Remove-ContainerNetwork labweb -Namespace $hostNs -Force -Confirm:$false
            }
            Test-Path "/etc/netns/$prefix-lb-red" | Should -BeFalse
        }

        It '-Alias on the built-in bridge network is refused (names are for user-defined networks, as in Docker)' {
            $err = Get-CommandError { Connect-ContainerNetwork -Network bridge -Namespace "$prefix-n3" -NetworkNamespace $hostNs -Alias x -ErrorAction Stop }
            $err.CategoryInfo.Category | Should -Be InvalidArgument
        }
    }

    Context 'removal in a pipeline' {
        It 'Get-ContainerNetwork | Remove-ContainerNetwork -Force passes over bridge, host and none without an error' {
            $null = New-ContainerNetwork spare -Subnet 172.23.0.0/24 -Namespace $hostNs
            Get-ContainerNetwork -Namespace $hostNs | Remove-ContainerNetwork -Force -Confirm:$false -ErrorVariable removalErrors
            $removalErrors | Should -HaveCount 0
            (Get-ContainerNetwork -Namespace $hostNs).Network | Should -Be @('bridge', 'host', 'none')
        }

        It 'a built-in network named explicitly keeps its clear error' {
            foreach ($name in 'host', 'none', 'bridge') {
                $err = Get-CommandError { Remove-ContainerNetwork $name -Namespace $hostNs -Confirm:$false -ErrorAction Stop }
                $err.FullyQualifiedErrorId | Should -BeLike 'BuiltInNetworkNotRemovable,*'
            }
        }
    }
}
