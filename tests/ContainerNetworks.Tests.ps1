#Requires -Modules Pester
# Container networks (issue 11): Docker's network model as cmdlets, proven with traffic between namespaces the
# suite creates. "host" plays the host (the networks live there), "out" plays the outside world behind a veth
# (host 10.200.0.1, outside 10.200.0.2). `ip -j`, `nft -j`, ping and python3 (server/client) are oracles.

Describe 'Container networks: drivers, IPAM, published ports, isolation' -Tag 'Lab', 'ContainerNetworks' {
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

        # A one-connection TCP server in a namespace that writes the peer address it saw to a file.
        $serverScript = Join-Path ([System.IO.Path]::GetTempPath()) "$prefix-server.py"
        Set-Content -Path $serverScript -Value @(
            'import socket, sys'
            's = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)'
            's.bind((sys.argv[1], int(sys.argv[2]))); s.listen(1); s.settimeout(8)'
            'open(sys.argv[3], "w").write("ready\n")'
            'c, a = s.accept(); open(sys.argv[3], "a").write(a[0] + "\n"); c.sendall(b"hello"); c.close()'
        )
        function Start-PeerServer([string] $Namespace, [string] $Address, [int] $Port) {
            $log = [System.IO.Path]::GetTempFileName()
            $process = Start-Process -FilePath ip -ArgumentList 'netns', 'exec', $Namespace, 'python3', $serverScript, $Address, $Port, $log -PassThru
            foreach ($i in 1..50) { if ((Get-Content $log -Raw) -match 'ready') { break }; Start-Sleep -Milliseconds 100 }
            [pscustomobject]@{ Process = $process; Log = $log }
        }
        function Get-Peer($Server) {
            $null = $Server.Process.WaitForExit(9000)
            $lines = @(Get-Content $Server.Log)
            Remove-Item $Server.Log -ErrorAction SilentlyContinue
            if ($lines.Count -ge 2) { $lines[1] }
        }
        function Test-TcpConnect([string] $Namespace, [string] $Address, [int] $Port) {
            $code = 'import socket,sys' + "`n" + 'try:' + "`n" +
                    ' s=socket.create_connection((sys.argv[1],int(sys.argv[2])),timeout=2);sys.exit(0 if s.recv(5)==b"hello" else 1)' + "`n" +
                    'except OSError:' + "`n" + ' sys.exit(1)'
            & ip netns exec $Namespace python3 -c $code $Address $Port
            $LASTEXITCODE -eq 0
        }
        function Get-OurLinks { @(Get-IpJson $hostNs link show).ifname | Sort-Object }
        function Get-Ruleset([string] $Namespace) { ((& ip netns exec $Namespace nft -j list ruleset) -join "`n" | ConvertFrom-Json).nftables }
        # Starts a pwsh that runs $Command with the fault point armed: it stops (and writes $Signal) right after the
        # kernel step named by $After, so the caller can look at the half-done state and then kill it (Stop-Halted).
        function Start-Halted([string] $After, [string] $Command, [string] $Signal) {
            $env:LINUXNETPS_FAULT_AFTER = $After
            $env:LINUXNETPS_FAULT_SIGNAL = $Signal
            try {
                $pwsh = Get-PwshCommand
                $child = Start-Process -FilePath $pwsh.Path -PassThru -ArgumentList (@($pwsh.Arguments) + '-NoProfile', '-Command',
                    "Import-Module '$LinuxNetPSManifest'; $Command")
            }
            finally {
                Remove-Item Env:LINUXNETPS_FAULT_AFTER, Env:LINUXNETPS_FAULT_SIGNAL
            }
            foreach ($i in 1..300) { if (Test-Path $Signal) { break }; Start-Sleep -Milliseconds 100 }
            Test-Path $Signal | Should -BeTrue
            $child
        }
        function Stop-Halted($Child, [string] $Signal) {
            Stop-Process -Id $Child.Id -Force   # SIGKILL
            $Child.WaitForExit()
            Remove-Item $Signal
        }
        $script:baseline = Get-OurLinks
    }

    AfterAll {
        if ($serverScript) { Remove-Item $serverScript -ErrorAction SilentlyContinue }
        if ($prefix) {
            # The namespaces go even if removing the networks fails (or the module did not load).
            try {
                Get-ContainerNetwork -Namespace $hostNs -ErrorAction SilentlyContinue | Where-Object Status -ne BuiltIn |
                    Remove-ContainerNetwork -Force -Confirm:$false -ErrorAction SilentlyContinue
            }
            finally { Remove-Lab $prefix }
        }
    }

    Context 'a bridge network' {
        BeforeAll {
            $script:foo = New-ContainerNetwork foo -Subnet 172.18.0.0/16 -Gateway 172.18.0.1 -BridgeName docker1 -Namespace $hostNs
            $script:endpoints = New-NetNamespace "$prefix-c1", "$prefix-c2" | Connect-ContainerNetwork -Network $foo
        }

        It 'New-ContainerNetwork makes the bridge with the gateway address on it, as ip sees it' {
            $foo.Driver | Should -Be bridge
            $foo.Namespace | Should -Be $hostNs
            $bridge = Get-IpJson $hostNs addr show dev docker1
            $bridge.linkinfo.info_kind | Should -Be bridge
            $bridge.addr_info.local | Should -Contain 172.18.0.1
        }

        It 'namespaces piped into Connect-ContainerNetwork get eth0, the next free addresses, a default route and lo up' {
            $endpoints.IPAddress.IPAddressToString | Should -Be @('172.18.0.2', '172.18.0.3')
            $endpoints.Namespace | Should -Be @("$prefix-c1", "$prefix-c2")
            (Get-IpJson "$prefix-c1" addr show dev eth0).addr_info.local | Should -Contain 172.18.0.2
            (Get-IpJson "$prefix-c1" route show default).gateway | Should -Be 172.18.0.1
            (Get-IpJson "$prefix-c1" link show dev lo).flags | Should -Contain UP
            (Get-IpJson $hostNs link show dev $endpoints[0].HostInterface).master | Should -Be docker1
        }

        It 'containers on foo reach each other and the gateway' {
            Test-NetPing "$prefix-c1" 172.18.0.3 | Should -BeTrue
            Test-NetPing "$prefix-c2" 172.18.0.1 | Should -BeTrue
        }

        It 'a container reaches the outside through masquerade: the outside sees the host''s address' {
            $server = Start-PeerServer $outside 10.200.0.2 7100
            Test-TcpConnect "$prefix-c1" 10.200.0.2 7100 | Should -BeTrue
            Get-Peer $server | Should -Be 10.200.0.1
        }

        It '-MacAddress gives eth0 that MAC address (--mac-address)' {
            $ep = Connect-ContainerNetwork -Network $foo -Namespace (New-NetNamespace "$prefix-mac").Namespace -MacAddress 02:42:ac:12:00:0a
            $ep.MacAddress | Should -Be '02:42:ac:12:00:0a'
            (Get-IpJson "$prefix-mac" link show dev eth0).address | Should -Be '02:42:ac:12:00:0a'
            (Get-IpJson "$prefix-mac" addr show dev eth0).addr_info.local | Should -Contain $ep.IPAddress.IPAddressToString
            $ep | Disconnect-ContainerNetwork -Confirm:$false
        }

        It 'Get-ContainerNetwork lists bridge, host and none before ours, like docker network ls' {
            $all = Get-ContainerNetwork -Namespace $hostNs
            $all.Network | Should -Be @('bridge', 'host', 'none', 'foo')
            ($all | Where-Object Network -eq foo).Endpoints | Should -Be 2
        }

        It 'network names complete with Tab, in the namespace given by -NetworkNamespace' {
            $line = "Connect-ContainerNetwork -NetworkNamespace $hostNs -Network f"
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('foo')
            $line = "Get-ContainerNetwork -Namespace $hostNs "
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'none'
        }

        It 'Get-ContainerNetwork | Get-ContainerEndpoint lists the containers of that network' {
            $listed = Get-ContainerNetwork foo -Namespace $hostNs | Get-ContainerEndpoint
            $listed.Namespace | Sort-Object | Should -Be @("$prefix-c1", "$prefix-c2")
        }
    }

    Context 'isolation, internal networks and published ports' {
        BeforeAll {
            $null = New-ContainerNetwork bar -Subnet 172.19.0.0/16 -Namespace $hostNs
            $script:onBar = Connect-ContainerNetwork -Network bar -Namespace (New-NetNamespace "$prefix-b1").Namespace -NetworkNamespace $hostNs
            $null = New-ContainerNetwork sealed -Subnet 172.20.0.0/24 -Internal -Namespace $hostNs
            $script:onSealed = Connect-ContainerNetwork -Network sealed -Namespace (New-NetNamespace "$prefix-s1").Namespace -NetworkNamespace $hostNs
            $null = New-NetNamespace "$prefix-web"
            $script:web = Connect-ContainerNetwork -Network foo -Namespace "$prefix-web" -NetworkNamespace $hostNs -Publish '8080:80'
        }

        It 'a container on foo cannot reach one on bar, and back' {
            Test-NetPing "$prefix-c1" $onBar.IPAddress | Should -BeFalse
            Test-NetPing "$prefix-b1" 172.18.0.2 | Should -BeFalse
        }

        It 'the isolation is drop rules in the forward chain of our own table' {
            $rules = @((Get-Ruleset $hostNs).rule | Where-Object { $_.table -eq 'linuxnetps' -and $_.chain -eq 'forward' })
            $rules.Count | Should -BeGreaterOrEqual 2
            $rules.comment | ForEach-Object { $_ | Should -Match '^linuxnetps:iso-' }
            @((Get-Ruleset $hostNs) | Where-Object table).table.name | Should -Be @('linuxnetps')
        }

        It 'the container on bar reaches the outside too, as the host' {
            $server = Start-PeerServer $outside 10.200.0.2 7101
            Test-TcpConnect "$prefix-b1" 10.200.0.2 7101 | Should -BeTrue
            Get-Peer $server | Should -Be 10.200.0.1
        }

        It 'an -Internal network does not reach the outside, and has no masquerade' {
            $onSealed.Gateway | Should -BeNullOrEmpty
            $null = & ip -n "$prefix-s1" route add default via 172.20.0.1
            Test-NetPing "$prefix-s1" 10.200.0.2 | Should -BeFalse
            @((Get-Ruleset $hostNs).rule | Where-Object chain -eq postrouting).expr.match.right.prefix.addr | Should -Not -Contain 172.20.0.0
        }

        It '-Publish 8080:80 reaches a server in the container from the outside namespace' {
            $web.Ports | Should -Be @('8080:80/tcp')
            $server = Start-PeerServer "$prefix-web" $web.IPAddress 80
            Test-TcpConnect $outside 10.200.0.1 8080 | Should -BeTrue
            Get-Peer $server | Should -Be 10.200.0.2
        }

        It '-Publish 8080:80 reaches it from the host namespace itself' {
            $server = Start-PeerServer "$prefix-web" $web.IPAddress 80
            Test-TcpConnect $hostNs 10.200.0.1 8080 | Should -BeTrue
            $null = Get-Peer $server
        }

        It 'Disconnect-ContainerNetwork removes the interface and the published port, and frees the address' {
            $web | Disconnect-ContainerNetwork -Confirm:$false
            (Get-IpJson "$prefix-web" link show).ifname | Should -Not -Contain eth0
            @((Get-Ruleset $hostNs).rule | Where-Object chain -eq prerouting) | Should -HaveCount 0
            (Connect-ContainerNetwork -Network foo -Namespace "$prefix-web" -NetworkNamespace $hostNs).IPAddress | Should -Be $web.IPAddress
        }
    }

    Context 'IPv6 networks (-IPv6 -SubnetV6)' {
        BeforeAll {
            # The outside world over IPv6 too: host fd00:200::1, outside fd00:200::2 (no DAD: usable at once).
            $null = Add-NetAddress -Address fd00:200::1/64 -Interface ho -Namespace $hostNs -NoDad
            $null = Add-NetAddress -Address fd00:200::2/64 -Interface oh -Namespace $outside -NoDad
            $script:six = New-ContainerNetwork six -Subnet 10.66.0.0/16 -IPv6 -SubnetV6 fd00:1::/64 -Namespace $hostNs
            $script:sixEps = New-NetNamespace "$prefix-6a", "$prefix-6b" | Connect-ContainerNetwork -Network $six
            $null = New-ContainerNetwork seven -Subnet 10.65.0.0/16 -IPv6 -SubnetV6 fd00:2::/64 -GatewayV6 fd00:2::fe -Namespace $hostNs
            $script:sevenEp = Connect-ContainerNetwork -Network seven -Namespace (New-NetNamespace "$prefix-7a").Namespace -NetworkNamespace $hostNs -IPv6Address fd00:2::42
            $null = New-ContainerNetwork sealed6 -Subnet 10.64.0.0/24 -IPv6 -SubnetV6 fd00:3::/64 -Internal -Namespace $hostNs
            $script:sealedEp = Connect-ContainerNetwork -Network sealed6 -Namespace (New-NetNamespace "$prefix-8a").Namespace -NetworkNamespace $hostNs
            $null = New-ContainerNetwork four -Subnet 10.63.0.0/24 -Namespace $hostNs
        }

        It 'the bridge has both gateways; each container both addresses (the IPv6 one not tentative) and both default routes' {
            $six.IPv6 | Should -BeTrue
            $six.SubnetV6 | Should -Be 'fd00:1::/64'
            $six.GatewayV6 | Should -Be 'fd00:1::1'
            (Get-IpJson $hostNs addr show dev $six.BridgeName).addr_info.local | Should -Contain 'fd00:1::1'
            $sixEps.IPv6Address.IPAddressToString | Should -Be @('fd00:1::2', 'fd00:1::3')
            $sixEps.IPAddress.IPAddressToString | Should -Be @('10.66.0.2', '10.66.0.3')
            $a6 = (Get-IpJson "$prefix-6a" addr show dev eth0).addr_info | Where-Object local -eq 'fd00:1::2'
            $a6.prefixlen | Should -Be 64
            $a6.tentative | Should -BeNullOrEmpty
            (Get-IpJson "$prefix-6a" -6 route show default).gateway | Should -Be 'fd00:1::1'
            (Get-IpJson "$prefix-6a" -4 route show default).gateway | Should -Be '10.66.0.1'
            $sevenEp.IPv6Address | Should -Be 'fd00:2::42'
            $sevenEp.GatewayV6 | Should -Be 'fd00:2::fe'
        }

        It 'containers reach each other and the gateway over IPv6, right after Connect' {
            Test-NetPing "$prefix-6a" fd00:1::3 | Should -BeTrue
            Test-NetPing "$prefix-6b" fd00:1::1 | Should -BeTrue
        }

        It 'a container on one IPv6 network cannot reach one on another, and back' {
            Test-NetPing "$prefix-6a" fd00:2::42 | Should -BeFalse
            Test-NetPing "$prefix-7a" fd00:1::2 | Should -BeFalse
            Test-NetPing "$prefix-7a" fd00:2::fe | Should -BeTrue   # its own gateway it does reach
        }

        It 'the outside sees the host''s IPv6 address: masquerade of the IPv6 subnet' {
            $server = Start-PeerServer $outside fd00:200::2 7102
            Test-TcpConnect "$prefix-6b" fd00:200::2 7102 | Should -BeTrue
            Get-Peer $server | Should -Be 'fd00:200::1'
            $masq = @((Get-Ruleset $hostNs).rule | Where-Object chain -eq postrouting).expr.match.right.prefix.addr
            $masq | Should -Contain 'fd00:1::'
            (& ip netns exec $hostNs cat /proc/sys/net/ipv6/conf/all/forwarding) | Should -Be 1
        }

        It 'an -Internal IPv6 network has no IPv6 default route, no IPv6 masquerade and no way out' {
            $sealedEp.GatewayV6 | Should -BeNullOrEmpty
            @(Get-IpJson "$prefix-8a" -6 route show default) | Should -HaveCount 0
            $null = & ip -n "$prefix-8a" -6 route add default via fd00:3::1
            Test-NetPing "$prefix-8a" fd00:200::2 | Should -BeFalse
            @((Get-Ruleset $hostNs).rule | Where-Object chain -eq postrouting).expr.match.right.prefix.addr | Should -Not -Contain 'fd00:3::'
        }

        It '-Publish on an IPv6 network reaches the container over IPv6 from the outside' {
            $web6 = Connect-ContainerNetwork -Network six -Namespace (New-NetNamespace "$prefix-6w").Namespace -NetworkNamespace $hostNs -Publish 8086:80
            $server = Start-PeerServer "$prefix-6w" $web6.IPv6Address 80
            Test-TcpConnect $outside fd00:200::1 8086 | Should -BeTrue
            Get-Peer $server | Should -Be 'fd00:200::2'
            $web6 | Disconnect-ContainerNetwork -Confirm:$false
            @((Get-Ruleset $hostNs).rule | Where-Object chain -eq prerouting) | Should -HaveCount 0
        }

        It '<Case> is <Category>, and nothing is made' -ForEach @(
            @{ Case = 'an overlapping IPv6 subnet'; Category = 'ResourceExists'; Says = 'fd00:1::/64'; Command = { New-ContainerNetwork ov6 -Subnet 172.26.0.0/16 -IPv6 -SubnetV6 fd00:1::/48 -Namespace $hostNs -ErrorAction Stop } }
            @{ Case = 'an IPv6 gateway outside the subnet'; Category = 'InvalidArgument'; Says = 'outside'; Command = { New-ContainerNetwork gw6 -Subnet 172.26.0.0/16 -IPv6 -SubnetV6 fd00:9::/64 -GatewayV6 fd00:8::1 -Namespace $hostNs -ErrorAction Stop } }
            @{ Case = '-SubnetV6 without -IPv6'; Category = 'InvalidArgument'; Says = '-IPv6'; Command = { New-ContainerNetwork no6 -Subnet 172.26.0.0/16 -SubnetV6 fd00:9::/64 -Namespace $hostNs -ErrorAction Stop } }
            @{ Case = 'an IPv4 subnet given as -SubnetV6'; Category = 'InvalidArgument'; Says = 'not IPv6'; Command = { New-ContainerNetwork v4as6 -Subnet 172.26.0.0/16 -IPv6 -SubnetV6 10.9.0.0/24 -Namespace $hostNs -ErrorAction Stop } }
            @{ Case = 'an IPv6 subnet given as -Subnet'; Category = 'InvalidArgument'; Says = '-SubnetV6'; Command = { New-ContainerNetwork v6as4 -Subnet fd00:9::/64 -Namespace $hostNs -ErrorAction Stop } }
            @{ Case = 'an IPv4 gateway given as -GatewayV6'; Category = 'InvalidArgument'; Says = 'not an IPv6'; Command = { New-ContainerNetwork gw46 -Subnet 172.26.0.0/16 -IPv6 -SubnetV6 fd00:9::/64 -GatewayV6 172.26.0.1 -Namespace $hostNs -ErrorAction Stop } }
            @{ Case = 'an IPv6 subnet with host bits'; Category = 'InvalidArgument'; Says = 'host bits'; Command = { New-ContainerNetwork hb6 -Subnet 172.26.0.0/16 -IPv6 -SubnetV6 fd00:9::5/64 -Namespace $hostNs -ErrorAction Stop } }
            @{ Case = 'an IPv6 address taken'; Category = 'ResourceExists'; Says = 'in use'; Command = { Connect-ContainerNetwork -Network seven -Namespace "$prefix-6a" -IPv6Address fd00:2::42 -NetworkNamespace $hostNs -ErrorAction Stop } }
            @{ Case = 'an IPv6 address outside the subnet'; Category = 'InvalidArgument'; Says = 'outside'; Command = { Connect-ContainerNetwork -Network seven -Namespace "$prefix-6a" -IPv6Address fd00:1::99 -NetworkNamespace $hostNs -ErrorAction Stop } }
            @{ Case = 'an IPv4 address as -IPv6Address'; Category = 'InvalidArgument'; Says = 'not an IPv6'; Command = { Connect-ContainerNetwork -Network seven -Namespace "$prefix-6a" -IPv6Address 10.65.0.9 -NetworkNamespace $hostNs -ErrorAction Stop } }
            @{ Case = '-IPv6Address on an IPv4-only network'; Category = 'InvalidArgument'; Says = 'no IPv6'; Command = { Connect-ContainerNetwork -Network four -Namespace "$prefix-6a" -IPv6Address fd00:1::99 -NetworkNamespace $hostNs -ErrorAction Stop } }
        ) {
            $before = (Get-ContainerNetwork -Namespace $hostNs | ForEach-Object { "$($_.Network):$($_.Endpoints)" }) -join ','
            $links = Get-OurLinks
            $err = Get-CommandError $Command
            $err.CategoryInfo.Category | Should -Be $Category
            $err.Exception.Message | Should -Match ([regex]::Escape($Says))
            (Get-ContainerNetwork -Namespace $hostNs | ForEach-Object { "$($_.Network):$($_.Endpoints)" }) -join ',' | Should -Be $before
            Get-OurLinks | Should -Be $links
        }

        It '-IPv6 without -SubnetV6 gets a unique local /64' {
            $ula = New-ContainerNetwork ula -Subnet 172.26.0.0/16 -IPv6 -Namespace $hostNs
            $ula.SubnetV6 | Should -Match '^fd[0-9a-f]{2}:[0-9a-f]{1,4}:[0-9a-f]{1,4}::/64$'
            Remove-ContainerNetwork ula -Namespace $hostNs -Confirm:$false
        }
    }

    Context 'macvlan, ipvlan and the built-in networks' {
        It 'macvlan containers on one parent reach each other and the parent''s peer' {
            $null = New-VethPair -Name mvp -PeerName mvo -Namespace $hostNs -PeerNamespace $outside -Up
            $null = Add-NetAddress -Address 10.60.0.1/24 -Interface mvo -Namespace $outside
            $lan = New-ContainerNetwork lan -Driver macvlan -Parent mvp -Subnet 10.60.0.0/24 -Gateway 10.60.0.1 -IPRange 10.60.0.128/25 -Namespace $hostNs
            $lan.Parent | Should -Be mvp
            $m = New-NetNamespace "$prefix-m1", "$prefix-m2" | Connect-ContainerNetwork -Network $lan
            $m.IPAddress.IPAddressToString | Should -Be @('10.60.0.128', '10.60.0.129')
            (Get-IpJson "$prefix-m1" link show dev eth0).linkinfo.info_kind | Should -Be macvlan
            Test-NetPing "$prefix-m1" 10.60.0.129 | Should -BeTrue
            Test-NetPing "$prefix-m2" 10.60.0.1 | Should -BeTrue
        }

        It 'ipvlan is a clear NotSupported here (the kernel lacks it), and nothing is created' {
            $before = Get-OurLinks
            $err = Get-CommandError { New-ContainerNetwork ipv -Driver ipvlan -Parent ho -Subnet 10.61.0.0/24 -Namespace $hostNs -ErrorAction Stop }
            $err.CategoryInfo.Category | Should -Be NotImplemented
            $err.Exception.Message | Should -Match 'ipvlan'
            Get-OurLinks | Should -Be $before
            (Get-ContainerNetwork -Namespace $hostNs).Network | Should -Not -Contain ipv
        }

        It 'the <Driver> driver checks -Mode <Mode> before asking the kernel: <Category>' -ForEach @(
            @{ Driver = 'ipvlan'; Mode = 'l4'; Category = 'InvalidArgument'; Says = 'l2, l3, l3s' }
            @{ Driver = 'ipvlan'; Mode = 'bridge'; Category = 'InvalidArgument'; Says = 'ipvlan_mode' }
            @{ Driver = 'ipvlan'; Mode = 'L3S'; Category = 'NotImplemented'; Says = 'ipvlan' }      # a valid mode: then the kernel says no
            @{ Driver = 'ipvlan'; Mode = 'l2'; Category = 'NotImplemented'; Says = 'ipvlan' }
            @{ Driver = 'macvlan'; Mode = 'source'; Category = 'InvalidArgument'; Says = 'bridge, private, vepa, passthru' }
            @{ Driver = 'macvlan'; Mode = 'l2'; Category = 'InvalidArgument'; Says = 'macvlan_mode' }
            @{ Driver = 'bridge'; Mode = 'vepa'; Category = 'InvalidArgument'; Says = 'macvlan and ipvlan' }
        ) {
            $before = Get-OurLinks
            $parent = if ($Driver -eq 'bridge') { @{} } else { @{ Parent = 'ho' } }
            $err = Get-CommandError { New-ContainerNetwork modes -Driver $Driver -Mode $Mode @parent -Subnet 10.62.0.0/24 -Namespace $hostNs -ErrorAction Stop }
            $err.CategoryInfo.Category | Should -Be $Category
            $err.Exception.Message | Should -Match ([regex]::Escape($Says))
            Get-OurLinks | Should -Be $before
            (Get-ContainerNetwork -Namespace $hostNs).Network | Should -Not -Contain modes
        }

        It 'macvlan networks take Docker''s macvlan modes, as the kernel shows them: <Mode>' -ForEach @(
            @{ Mode = 'private'; Index = 1 }, @{ Mode = 'vepa'; Index = 2 }, @{ Mode = 'passthru'; Index = 3 }
        ) {
            $null = New-VethPair -Name "mdp$Index" -PeerName "mdq$Index" -Namespace $hostNs -Up
            $net = New-ContainerNetwork "mv$Mode" -Driver macvlan -Mode $Mode -Parent "mdp$Index" -Subnet "10.7$Index.0.0/24" -Namespace $hostNs
            $net.Mode | Should -Be $Mode
            $null = Connect-ContainerNetwork -Network $net -Namespace (New-NetNamespace "$prefix-md$Index").Namespace
            (Get-IpJson "$prefix-md$Index" link show dev eth0).linkinfo.info_data.mode | Should -Be $Mode
            Remove-ContainerNetwork $net.Network -Force -Namespace $hostNs -Confirm:$false
            Remove-NetLink -Name "mdp$Index" -Namespace $hostNs -Confirm:$false
        }

        It '-Mode completes with the modes of the -Driver typed' {
            $line = 'New-ContainerNetwork x -Driver ipvlan -Mode '
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('l2', 'l3', 'l3s')
            $line = 'New-ContainerNetwork x -Driver macvlan -Mode p'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('passthru', 'private')
        }

        It '-Network none leaves the container only lo, up' {
            $ep = Connect-ContainerNetwork -Network none -Namespace (New-NetNamespace "$prefix-n1").Namespace -NetworkNamespace $hostNs
            $ep.IPAddress | Should -BeNullOrEmpty
            $links = Get-IpJson "$prefix-n1" link show
            $links.ifname | Should -Be @('lo')
            $links[0].flags | Should -Contain UP
        }

        It '-Network host and container:<other> say to run the process in that namespace instead' {
            $err = Get-CommandError { Connect-ContainerNetwork -Network host -Namespace "$prefix-n1" -NetworkNamespace $hostNs -ErrorAction Stop }
            $err.CategoryInfo.Category | Should -Be InvalidArgument
            $err.Exception.Message | Should -Match 'Invoke-NetNamespace'
            $err = Get-CommandError { Connect-ContainerNetwork -Network "container:$prefix-c1" -Namespace "$prefix-n1" -NetworkNamespace $hostNs -ErrorAction Stop }
            $err.Exception.Message | Should -Match "Invoke-NetNamespace -Namespace $prefix-c1"
        }

        It 'the default bridge network is made on first use: docker0, 172.17.0.0/16' {
            $ep = Connect-ContainerNetwork -Network bridge -Namespace (New-NetNamespace "$prefix-d1").Namespace -NetworkNamespace $hostNs
            $ep.IPAddress | Should -Be 172.17.0.2
            (Get-IpJson $hostNs link show dev docker0).linkinfo.info_kind | Should -Be bridge
        }
    }

    Context 'bad input: clear errors, the right category, nothing changed' {
        BeforeAll {
            $null = New-ContainerNetwork tiny -Subnet 172.30.0.0/24 -IPRange 172.30.0.4/31 -Namespace $hostNs
            $null = New-NetNamespace "$prefix-t1", "$prefix-t2", "$prefix-x1" | Connect-ContainerNetwork -Network tiny -NetworkNamespace $hostNs -ErrorAction SilentlyContinue
            $null = Connect-ContainerNetwork -Network foo -Namespace "$prefix-t1" -NetworkNamespace $hostNs -Publish 9090:90 -Interface eth1
            # Links, IPv4 addresses and routes (IPv6 link-local routes come and go by themselves), rules, networks.
            function Get-World {
                $ip = foreach ($ns in $hostNs, "$prefix-x1") {
                    (Get-IpJson $ns link show | ForEach-Object { "$($_.ifname) $($_.master)" }) -join ','
                    (& ip -n $ns -4 -o addr show) -join "`n"
                    (& ip -n $ns -4 route show table all) -join "`n"
                }
                ($ip -join "`n") + ((Get-ContainerNetwork -Namespace $hostNs | ForEach-Object { "$($_.Network):$($_.Endpoints)" }) -join ',') +
                    ((& ip netns exec $hostNs nft list ruleset) -join "`n")
            }
            $script:world = Get-World
        }

        It '<Case> is <Category>' -ForEach @(
            @{ Case = 'an overlapping subnet'; Category = 'ResourceExists'; Command = { New-ContainerNetwork ov -Subnet 172.18.5.0/24 -Namespace $hostNs -ErrorAction Stop } }
            @{ Case = 'a gateway outside the subnet'; Category = 'InvalidArgument'; Command = { New-ContainerNetwork gw -Subnet 172.22.0.0/16 -Gateway 172.23.0.1 -Namespace $hostNs -ErrorAction Stop } }
            @{ Case = 'a subnet that is no prefix'; Category = 'InvalidArgument'; Command = { New-ContainerNetwork bad -Subnet 300.1.0.0/16 -Namespace $hostNs -ErrorAction Stop } }
            @{ Case = 'a taken name'; Category = 'ResourceExists'; Command = { New-ContainerNetwork foo -Subnet 172.24.0.0/16 -Namespace $hostNs -ErrorAction Stop } }
            @{ Case = 'a bad name'; Category = 'InvalidArgument'; Command = { New-ContainerNetwork 'a b' -Subnet 172.24.0.0/16 -Namespace $hostNs -ErrorAction Stop } }
            @{ Case = 'a missing parent'; Category = 'ObjectNotFound'; Command = { New-ContainerNetwork mv -Driver macvlan -Parent nosuch0 -Subnet 10.9.0.0/24 -Namespace $hostNs -ErrorAction Stop } }
            @{ Case = 'an unknown driver'; Category = 'InvalidArgument'; Command = { New-ContainerNetwork dr -Driver overlayish -Namespace $hostNs -ErrorAction Stop } }
            @{ Case = 'a too long bridge name'; Category = 'InvalidArgument'; Command = { New-ContainerNetwork bn -BridgeName $TooLong -Subnet 172.25.0.0/16 -Namespace $hostNs -ErrorAction Stop } }
            @{ Case = 'an unknown network namespace'; Category = 'ObjectNotFound'; Command = { New-ContainerNetwork nn -Namespace "$prefix-nosuch" -ErrorAction Stop } }
            @{ Case = 'an exhausted range'; Category = 'LimitsExceeded'; Command = { Connect-ContainerNetwork -Network tiny -Namespace "$prefix-x1" -NetworkNamespace $hostNs -ErrorAction Stop } }
            @{ Case = 'an address already taken'; Category = 'ResourceExists'; Command = { Connect-ContainerNetwork -Network foo -Namespace "$prefix-x1" -IPAddress 172.18.0.2 -NetworkNamespace $hostNs -ErrorAction Stop } }
            @{ Case = 'an address outside the subnet'; Category = 'InvalidArgument'; Command = { Connect-ContainerNetwork -Network foo -Namespace "$prefix-x1" -IPAddress 10.1.1.1 -NetworkNamespace $hostNs -ErrorAction Stop } }
            @{ Case = 'a port already published'; Category = 'ResourceExists'; Command = { Connect-ContainerNetwork -Network foo -Namespace "$prefix-x1" -Publish 9090:90 -NetworkNamespace $hostNs -ErrorAction Stop } }
            @{ Case = 'a malformed port'; Category = 'InvalidArgument'; Command = { Connect-ContainerNetwork -Network foo -Namespace "$prefix-x1" -Publish '8080:' -NetworkNamespace $hostNs -ErrorAction Stop } }
            @{ Case = 'a bad MAC address'; Category = 'InvalidArgument'; Command = { Connect-ContainerNetwork -Network foo -Namespace "$prefix-x1" -MacAddress 'zz:zz' -NetworkNamespace $hostNs -ErrorAction Stop } }
            @{ Case = 'a too long interface name'; Category = 'InvalidArgument'; Command = { Connect-ContainerNetwork -Network foo -Namespace "$prefix-x1" -Interface $TooLong -NetworkNamespace $hostNs -ErrorAction Stop } }
            @{ Case = 'an unknown network'; Category = 'ObjectNotFound'; Command = { Connect-ContainerNetwork -Network nosuch -Namespace "$prefix-x1" -NetworkNamespace $hostNs -ErrorAction Stop } }
            @{ Case = 'an unknown container namespace'; Category = 'ObjectNotFound'; Command = { Connect-ContainerNetwork -Network foo -Namespace "$prefix-nosuch" -NetworkNamespace $hostNs -ErrorAction Stop } }
            @{ Case = 'the network''s own namespace as the container'; Category = 'InvalidArgument'; Command = { Get-ContainerNetwork foo -Namespace $hostNs | Connect-ContainerNetwork -Network foo -NetworkNamespace $hostNs -ErrorAction Stop } }
            @{ Case = 'removing a network with containers'; Category = 'ResourceBusy'; Command = { Remove-ContainerNetwork foo -Namespace $hostNs -Confirm:$false -ErrorAction Stop } }
            @{ Case = 'removing an unknown network'; Category = 'ObjectNotFound'; Command = { Remove-ContainerNetwork nosuch -Namespace $hostNs -Confirm:$false -ErrorAction Stop } }
            @{ Case = 'disconnecting a container that is not connected'; Category = 'ObjectNotFound'; Command = { Disconnect-ContainerNetwork -Network foo -Namespace "$prefix-x1" -NetworkNamespace $hostNs -Confirm:$false -ErrorAction Stop } }
        ) {
            $err = Get-CommandError $Command
            $err.CategoryInfo.Category | Should -Be $Category
            $err.Exception.Message | Should -Not -BeNullOrEmpty
            Get-World | Should -Be $world
        }

        It '-WhatIf changes nothing' {
            Invoke-WithoutHost {
                param($hostNs, $container)
                New-ContainerNetwork wi -Subnet 172.26.0.0/16 -Namespace $hostNs -WhatIf
                Connect-ContainerNetwork -Network foo -Namespace $container -NetworkNamespace $hostNs -WhatIf
            } -ArgumentList $hostNs, "$prefix-x1" | Should -BeNullOrEmpty
            Get-World | Should -Be $world
        }
    }

    Context 'concurrency and crashes' {
        It '4 processes connecting 10 namespaces each at once get 40 distinct addresses' {
            $null = New-ContainerNetwork many -Subnet 172.27.0.0/24 -Namespace $hostNs
            $groups = 1..4 | ForEach-Object { $g = $_; , @(1..10 | ForEach-Object { "$prefix-p$g-$_" }) }
            $null = $groups | ForEach-Object { New-NetNamespace -Name $_ }
            $jobs = foreach ($names in $groups) {
                Start-Job -ArgumentList $LinuxNetPSManifest, $hostNs, $names -ScriptBlock {
                    param($manifest, $hostNs, $names)
                    Import-Module $manifest
                    foreach ($name in $names) { (Connect-ContainerNetwork -Network many -Namespace $name -NetworkNamespace $hostNs).IPAddress.IPAddressToString }
                }
            }
            $addresses = $jobs | Receive-Job -Wait -AutoRemoveJob
            $addresses | Should -HaveCount 40
            $addresses | Sort-Object -Unique | Should -HaveCount 40
            (Get-ContainerNetwork many -Namespace $hostNs).Endpoints | Should -Be 40
            @(Get-IpJson $hostNs link show master (Get-ContainerNetwork many -Namespace $hostNs).BridgeName) | Should -HaveCount 40
        }

        It 'kill -9 in the middle of a Connect leaves no half-connected container and no leaked address' {
            $null = New-ContainerNetwork crash -Subnet 172.28.0.0/24 -Namespace $hostNs
            $victim = (New-NetNamespace "$prefix-k1").Namespace
            $signal = Join-Path ([System.IO.Path]::GetTempPath()) "$prefix-fault"
            # After the veth and the address, before the route:
            $child = Start-Halted 'add 172.28.0.2/24' "Connect-ContainerNetwork -Network crash -Namespace $victim -NetworkNamespace $hostNs" $signal
            (Get-IpJson $victim addr show dev eth0).addr_info.local | Should -Contain 172.28.0.2   # really half-way
            Stop-Halted $child $signal

            # A read reports it (no endpoint listed, the network's Problem names it) and changes nothing;
            # the next change rolls the Connect back: the stray veth goes, the address is free again.
            Get-ContainerEndpoint -Network crash -NetworkNamespace $hostNs | Should -BeNullOrEmpty
            (Get-ContainerNetwork crash -Namespace $hostNs).Problem | Should -Match 'stale endpoint'
            $bridge = (Get-ContainerNetwork crash -Namespace $hostNs).BridgeName
            @(Get-IpJson $hostNs link show master $bridge) | Should -HaveCount 1
            (Connect-ContainerNetwork -Network crash -Namespace $victim -NetworkNamespace $hostNs).IPAddress | Should -Be 172.28.0.2
            @(Get-IpJson $hostNs link show master $bridge) | Should -HaveCount 1   # the new one only
        }

        It 'a container whose namespace is deleted frees its address; a bridge deleted by hand shows the network as broken' {
            $null = New-ContainerNetwork gone -Subnet 172.29.0.0/24 -BridgeName brgone -Namespace $hostNs
            $null = Connect-ContainerNetwork -Network gone -Namespace (New-NetNamespace "$prefix-g1").Namespace -NetworkNamespace $hostNs
            & ip netns delete "$prefix-g1"
            (Get-ContainerNetwork gone -Namespace $hostNs).Endpoints | Should -Be 0
            & ip -n $hostNs link delete brgone
            $broken = Get-ContainerNetwork gone -Namespace $hostNs
            $broken.Status | Should -Be Broken
            $broken.Problem | Should -Match brgone
        }
    }

    Context 'piped containers are connected in batches, each on its own' {
        BeforeAll {
            $null = New-ContainerNetwork batch -Subnet 172.21.0.0/24 -Namespace $hostNs
            $script:taken = (New-NetNamespace "$prefix-q0").Namespace
            $null = Connect-ContainerNetwork -Network batch -Namespace $taken -NetworkNamespace $hostNs   # 172.21.0.2
            function Get-BatchLinks { @(Get-IpJson $hostNs link show master (Get-ContainerNetwork batch -Namespace $hostNs).BridgeName) }
        }

        It 'a bad container in the middle gets its own error record, in its place, and the others connect' {
            $names = "$prefix-q1", $taken, "$prefix-q2"
            $null = New-NetNamespace "$prefix-q1", "$prefix-q2"
            $stream = $names | ForEach-Object { [pscustomobject]@{ Namespace = $_ } } |
                Connect-ContainerNetwork -Network batch -NetworkNamespace $hostNs -ErrorAction Continue -ErrorVariable failed 2>&1
            $stream | Should -HaveCount 3
            $stream[0].Namespace | Should -Be "$prefix-q1"
            $stream[1] | Should -BeOfType System.Management.Automation.ErrorRecord
            $stream[1].TargetObject | Should -Be $taken
            $stream[1].CategoryInfo.Category | Should -Be ResourceExists
            $stream[2].Namespace | Should -Be "$prefix-q2"
            $stream[0].IPAddress, $stream[2].IPAddress | Should -Be @('172.21.0.3', '172.21.0.4')
            $failed | Should -HaveCount 1
            (Get-IpJson "$prefix-q2" addr show dev eth0).addr_info.local | Should -Contain 172.21.0.4
            Get-BatchLinks | Should -HaveCount 3
        }

        It '-ErrorAction Stop stops at the bad container: those before it are connected, those after it are not' {
            $null = New-NetNamespace "$prefix-q3", "$prefix-q4"
            $seen = [System.Collections.Generic.List[object]]::new()
            $err = Get-CommandError {
                "$prefix-q3", $taken, "$prefix-q4" | ForEach-Object { [pscustomobject]@{ Namespace = $_ } } |
                    Connect-ContainerNetwork -Network batch -NetworkNamespace $hostNs -ErrorAction Stop | ForEach-Object { $seen.Add($_) }
            }
            $err.CategoryInfo.Category | Should -Be ResourceExists
            $seen.Namespace | Should -Be @("$prefix-q3")
            (Get-IpJson "$prefix-q4" link show).ifname | Should -Not -Contain eth0
            (Get-ContainerEndpoint -Network batch -NetworkNamespace $hostNs).Namespace | Should -Not -Contain "$prefix-q4"
        }

        It '-WhatIf on a piped batch changes nothing, for any of the containers' {
            $before = (Get-ContainerEndpoint -Network batch -NetworkNamespace $hostNs).Namespace
            $null = New-NetNamespace "$prefix-q5", "$prefix-q6"
            Invoke-WithoutHost {
                param($hostNs, $names)
                $names | ForEach-Object { [pscustomobject]@{ Namespace = $_ } } | Connect-ContainerNetwork -Network batch -NetworkNamespace $hostNs -WhatIf
            } -ArgumentList $hostNs, @("$prefix-q5", "$prefix-q6") | Should -BeNullOrEmpty
            (Get-ContainerEndpoint -Network batch -NetworkNamespace $hostNs).Namespace | Should -Be $before
            foreach ($n in "$prefix-q5", "$prefix-q6") { (Get-IpJson $n link show).ifname | Should -Be @('lo') }
        }

        It 'kill -9 in the middle of a piped batch leaves no container of it connected and no address leaked' {
            $before = @(Get-ContainerEndpoint -Network batch -NetworkNamespace $hostNs)
            $victims = "$prefix-v1", "$prefix-v2", "$prefix-v3"
            $null = New-NetNamespace $victims
            $signal = Join-Path ([System.IO.Path]::GetTempPath()) "$prefix-batchfault"
            # In the second of the batch: the first is complete, the third not begun.
            $child = Start-Halted 'add 172.21.0.7/24' "Get-NetNamespace -Name $($victims -join ',') | Connect-ContainerNetwork -Network batch -NetworkNamespace $hostNs" $signal
            (Get-IpJson "$prefix-v1" addr show dev eth0).addr_info.local | Should -Contain 172.21.0.6   # the first was done
            (Get-IpJson "$prefix-v2" addr show dev eth0).addr_info.local | Should -Contain 172.21.0.7   # the second half-way
            Stop-Halted $child $signal

            # A read lists none of the three (and changes nothing); the next change rolls the whole batch back:
            # their veths are gone, the addresses are free.
            $after = @(Get-ContainerEndpoint -Network batch -NetworkNamespace $hostNs)
            $after.Namespace | Should -Be $before.Namespace
            (Connect-ContainerNetwork -Network batch -Namespace "$prefix-v1" -NetworkNamespace $hostNs).IPAddress | Should -Be 172.21.0.6
            foreach ($v in $victims[1..2]) { (Get-IpJson $v link show).ifname | Should -Not -Contain eth0 }
            Get-BatchLinks | Should -HaveCount ($before.Count + 1)
        }
    }

    Context 'removal' {
        It 'Remove-ContainerNetwork -Force leaves nothing: no links, no rules, no table' {
            Get-ContainerNetwork -Namespace $hostNs | Where-Object Status -ne BuiltIn | Remove-ContainerNetwork -Force -Confirm:$false
            (Get-ContainerNetwork -Namespace $hostNs).Network | Should -Be @('bridge', 'host', 'none')
            Get-OurLinks | Should -Be (@($baseline) + 'mvp' | Sort-Object)
            @((Get-Ruleset $hostNs) | Where-Object table) | Should -HaveCount 0
            (Get-IpJson "$prefix-c1" link show).ifname | Should -Be @('lo')
        }
    }
}
