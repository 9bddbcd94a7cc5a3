#Requires -Modules Pester
# Firewall (issue 22): rules, defaults and address sets as a user writes them, proven with TCP traffic between two
# namespaces the suite creates ("srv" serves on 10.210.0.1:8080, "cli" connects from 10.210.0.2 or .3); `nft -j list
# ruleset` is the oracle for what the kernel has and for "nothing else changed".

Describe 'Firewall rules, defaults and address sets' -Tag 'Lab', 'Firewall' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $srv = "$prefix-srv"
        $cli = "$prefix-cli"
        $null = New-NetNamespace -Name $srv, $cli
        Set-NetLink -Name lo -Up -Namespace $srv
        $null = New-VethPair -Name s0 -PeerName c0 -Namespace $srv -PeerNamespace $cli -Up
        $null = Add-NetAddress -Address 10.210.0.1/24 -Interface s0 -Namespace $srv
        $null = Add-NetAddress -Address 10.210.0.2/24 -Interface c0 -Namespace $cli
        $null = Add-NetAddress -Address 10.210.0.3/24 -Interface c0 -Namespace $cli
        $code = "import socket`ns=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1);s.bind(('0.0.0.0',8080));s.listen(16);s.settimeout(300)`nwhile True:`n c,a=s.accept();c.sendall(b'hello');c.close()"
        $server = Start-Process -FilePath ip -ArgumentList 'netns', 'exec', $srv, 'python3', '-c', "`"$code`"" -PassThru
        function Test-Web([string] $From = '10.210.0.2') {
            $client = "import socket,sys`ntry:`n s=socket.create_connection(('10.210.0.1',8080),timeout=1.5,source_address=(sys.argv[1],0));sys.exit(0 if s.recv(5)==b'hello' else 1)`nexcept OSError:`n sys.exit(1)"
            & ip netns exec $cli python3 -c $client $From
            $LASTEXITCODE -eq 0
        }
        function Get-Ruleset { (& ip netns exec $srv nft -j list ruleset) -join "`n" }
        foreach ($i in 1..50) { if (Test-Web) { break }; Start-Sleep -Milliseconds 100 }
    }

    AfterAll {
        if ($server) { Stop-Process -Id $server.Id -ErrorAction SilentlyContinue }
        if ($prefix) { Get-NetNamespace -Name "$prefix-*" | Remove-NetNamespace -Force -Confirm:$false }
    }

    It 'blocks by remote address, reopens with an Allow above it, and counts' {
        Test-Web | Should -BeTrue
        $rule = New-NetFirewallRule -Name block-cli -RemoteAddress 10.210.0.2 -Action Block -Namespace $srv
        $rule.Rule | Should -Be 'block-cli'
        $rule.Chain | Should -Be 'input'
        Test-Web | Should -BeFalse
        Test-Web -From 10.210.0.3 | Should -BeTrue
        $null = New-NetFirewallRule -Name web -Protocol TCP -LocalPort 8080 -Priority 10 -Namespace $srv
        Test-Web | Should -BeTrue
        $rules = Get-NetFirewallRule -Namespace $srv
        $rules.Rule | Should -Be 'web', 'block-cli'
        ($rules | Where-Object Rule -eq web).Packets | Should -BeGreaterThan 0
        ($rules | Where-Object Rule -eq block-cli).Packets | Should -BeGreaterThan 0
    }

    It 'Disable and Enable toggle a rule, and the pipeline carries rules' {
        Disable-NetFirewallRule web -Namespace $srv
        Test-Web | Should -BeFalse
        (Get-NetFirewallRule web -Namespace $srv).Enabled | Should -BeFalse
        Get-NetFirewallRule web -Namespace $srv | Enable-NetFirewallRule
        Test-Web | Should -BeTrue
        Get-NetFirewallRule -Namespace $srv | Set-NetFirewallRule -Action Reject -WhatIf
        (Get-NetFirewallRule block-cli -Namespace $srv).Action | Should -Be 'Block'
        Get-NetFirewallRule -Namespace $srv | Remove-NetFirewallRule -Confirm:$false
        Get-NetFirewallRule -Namespace $srv | Should -BeNullOrEmpty
        Get-Ruleset | Should -Not -Match 'linuxnetps'
    }

    It 'a default of Block drops what no rule allows, and only in our table' {
        $null = & ip netns exec $srv nft add table ip theirs
        $before = Get-Ruleset
        Set-NetFirewallDefault -Direction Inbound -Action Block -Namespace $srv
        (Get-NetFirewallDefault Inbound -Namespace $srv).Action | Should -Be 'Block'
        Test-Web | Should -BeFalse
        Set-NetFirewallDefault Inbound Allow -Namespace $srv
        Test-Web | Should -BeTrue
        Get-Ruleset | Should -Be $before
        $null = & ip netns exec $srv nft delete table ip theirs
    }

    It 'an address set of many members is one rule' {
        $members = foreach ($i in 0..999) { "10.$(100 + [int][math]::Floor($i / 250)).$($i % 250).1" }
        $set = New-NetFirewallAddressSet blocked -Member $members -Namespace $srv
        $set.MemberCount | Should -Be 1000
        '10.210.0.2' | Add-NetFirewallAddressSetMember blocked -Namespace $srv
        $null = New-NetFirewallRule -Name blocklist -RemoteAddressSet blocked -Action Block -Namespace $srv
        Test-Web | Should -BeFalse
        Test-Web -From 10.210.0.3 | Should -BeTrue
        @((Get-Ruleset | ConvertFrom-Json).nftables | Where-Object { $_.rule }).Count | Should -Be 1
        (Get-NetFirewallAddressSet blocked -Namespace $srv).UsedBy | Should -Be 'blocklist'
        Remove-NetFirewallAddressSetMember blocked 10.210.0.2 -Namespace $srv
        Test-Web | Should -BeTrue
        Remove-NetFirewallRule blocklist -Namespace $srv
        Get-NetFirewallAddressSet -Namespace $srv | Remove-NetFirewallAddressSet -Confirm:$false
        Get-Ruleset | Should -Not -Match 'linuxnetps'
    }

    It 'blocks by protocol and port beside a firewalld-style and a Docker-style table, and never alters them' {
        $theirs = @'
table inet firewalld {
    chain filter_INPUT { type filter hook input priority filter + 10; policy accept; ct state established,related accept; iifname "lo" accept; }
}
table ip filter {
    chain FORWARD { type filter hook forward priority filter; policy drop; jump DOCKER-USER; }
    chain DOCKER-USER { return; }
}
table ip nat {
    chain PREROUTING { type nat hook prerouting priority dstnat; policy accept; fib daddr type local jump DOCKER; }
    chain DOCKER { }
}
'@
        $theirs | & ip netns exec $srv nft -f -
        # Everything but our table, handles included: what the other tools would see.
        function Get-Others {
            ((& ip netns exec $srv nft -j list ruleset) | ConvertFrom-Json).nftables | Where-Object { -not $_.metainfo } |
                Where-Object { $inner = $_.PSObject.Properties.Value | Select-Object -First 1; ($inner.table ?? $inner.name) -ne 'linuxnetps' } |
                ConvertTo-Json -Depth 30 -Compress
        }
        $before = Get-Others
        try {
            Test-Web | Should -BeTrue
            # The wrong protocol leaves TCP alone; the right one with the served port blocks it.
            $null = New-NetFirewallRule -Name no-udp -Protocol UDP -LocalPort 8080 -Action Block -Namespace $srv
            Test-Web | Should -BeTrue
            $null = New-NetFirewallRule -Name no-web -Protocol TCP -LocalPort 8080 -Action Block -Namespace $srv
            Test-Web | Should -BeFalse
            Remove-NetFirewallRule no-web -Namespace $srv
            Test-Web | Should -BeTrue
            # Somebody else commits in between; then a block by remote port (the client's ephemeral source port).
            & ip netns exec $srv nft add rule inet firewalld filter_INPUT tcp dport 9 accept
            $null = New-NetFirewallRule -Name no-high-src -Protocol TCP -RemotePort 1024-65535 -Action Reject -Namespace $srv
            Test-Web | Should -BeFalse
            (Get-NetFirewallRule no-high-src -Namespace $srv).Packets | Should -BeGreaterThan 0
            Set-NetFirewallRule no-high-src -RemotePort 1-1023 -Namespace $srv
            Test-Web | Should -BeTrue
            (Get-NetFirewallRule -Namespace $srv).Rule | Should -Be 'no-udp', 'no-high-src'
            Get-NetFirewallRule -Namespace $srv | Remove-NetFirewallRule -Confirm:$false
            $handle = (((& ip netns exec $srv nft -j list chain inet firewalld filter_INPUT) | ConvertFrom-Json).nftables.rule | Select-Object -Last 1).handle
            & ip netns exec $srv nft delete rule inet firewalld filter_INPUT handle $handle
            Get-Others | Should -Be $before
            Get-Ruleset | Should -Not -Match '"linuxnetps"'
        }
        finally {
            foreach ($t in 'inet firewalld', 'ip filter', 'ip nat') { & ip netns exec $srv sh -c "nft delete table $t 2>/dev/null" }
        }
    }

    It 'a Forward rule with both interfaces blocks forwarding towards one interface only' {
        # fc reaches sb and sc through the router rt (legs ra, rb, rc); ping is the traffic.
        $rt = "$prefix-rt"; $fc = "$prefix-fc"; $sb = "$prefix-sb"; $sc = "$prefix-sc"
        $null = New-NetNamespace -Name $rt, $fc, $sb, $sc
        Enable-IPForwarding -Family IPv4 -Namespace $rt
        foreach ($leg in @(@{ Ns = $fc; Rt = 'ra'; Net = 1 }, @{ Ns = $sb; Rt = 'rb'; Net = 2 }, @{ Ns = $sc; Rt = 'rc'; Net = 3 })) {
            $null = New-VethPair -Name $leg.Rt -PeerName e0 -Namespace $rt -PeerNamespace $leg.Ns -Up
            $null = Add-NetAddress -Address "10.211.$($leg.Net).1/24" -Interface $leg.Rt -Namespace $rt
            $null = Add-NetAddress -Address "10.211.$($leg.Net).2/24" -Interface e0 -Namespace $leg.Ns
            $null = New-NetRoute -DestinationPrefix 0.0.0.0/0 -NextHop "10.211.$($leg.Net).1" -Namespace $leg.Ns
        }
        function Test-Ping([string] $To) { $null = & ip netns exec $fc ping -c 1 -W 1 $To; $LASTEXITCODE -eq 0 }
        # Both interface parameters complete the namespace's link names.
        foreach ($parameter in '-InterfaceAlias', '-OutInterface', '-OutInterfaceAlias') {
            $line = "New-NetFirewallRule x -Direction Forward -Namespace $rt $parameter r"
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Sort-Object | Should -Be 'ra', 'rb', 'rc'
        }
        Test-Ping 10.211.2.2 | Should -BeTrue
        Test-Ping 10.211.3.2 | Should -BeTrue

        $rule = New-NetFirewallRule -Name no-rb -Direction Forward -InterfaceAlias ra -OutInterface rb -Action Block -Namespace $rt
        $rule.Interface | Should -Be 'ra'
        $rule.OutInterface | Should -Be 'rb'
        $rule.Summary | Should -Be 'iifname ra oifname rb drop'
        Test-Ping 10.211.2.2 | Should -BeFalse
        Test-Ping 10.211.3.2 | Should -BeTrue
        $kernel = ((& ip netns exec $rt nft -j list ruleset) | ConvertFrom-Json).nftables.rule | Where-Object chain -eq forward
        $kernel.expr.match | Where-Object { $_.left.meta.key -eq 'oifname' } | ForEach-Object right | Should -Be 'rb'
        (Get-NetFirewallRule no-rb -Namespace $rt).Packets | Should -BeGreaterThan 0

        Set-NetFirewallRule no-rb -OutInterface rc -Namespace $rt
        (Get-NetFirewallRule no-rb -Namespace $rt).OutInterface | Should -Be 'rc'
        Test-Ping 10.211.2.2 | Should -BeTrue
        Test-Ping 10.211.3.2 | Should -BeFalse
        # Only the outgoing interface: blocked towards rc whatever the packets came in on.
        Set-NetFirewallRule no-rb -InterfaceAlias '' -Namespace $rt
        (Get-NetFirewallRule no-rb -Namespace $rt).Summary | Should -Be 'oifname rc drop'
        Test-Ping 10.211.3.2 | Should -BeFalse

        $before = (& ip netns exec $rt nft -j list ruleset) -join "`n"
        $cases = @(
            @{ Id = 'InvalidFirewallRule'; Run = { New-NetFirewallRule -Name x -Direction Inbound -OutInterface rb -Namespace $rt } }
            @{ Id = 'InvalidFirewallRule'; Run = { New-NetFirewallRule -Name x -Direction Outbound -InterfaceAlias ra -OutInterface rb -Namespace $rt } }
            @{ Id = 'InvalidFirewallRule'; Run = { Set-NetFirewallRule no-rb -Direction Inbound -Namespace $rt } }
            @{ Id = 'InvalidInterfaceName'; Run = { New-NetFirewallRule -Name x -Direction Forward -OutInterface 'r b/1' -Namespace $rt } }
            @{ Id = 'InterfaceNameTooLong'; Run = { New-NetFirewallRule -Name x -Direction Forward -OutInterfaceAlias 'a-name-of-20-chars-x' -Namespace $rt } }
        )
        foreach ($case in $cases) {
            $err = @(try { & $case.Run 2>&1 } catch { $_ }) | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }
            $err | Should -Not -BeNullOrEmpty -Because $case.Id
            $err[0].FullyQualifiedErrorId | Should -BeLike "$($case.Id),*"
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            (& ip netns exec $rt nft -j list ruleset) -join "`n" | Should -Be $before
        }
        $err = @(try { New-NetFirewallRule -Name x -Direction Forward -OutInterface nosuch0 -Namespace $rt 2>&1 } catch { $_ }) | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LinkNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        (& ip netns exec $rt nft -j list ruleset) -join "`n" | Should -Be $before

        Remove-NetFirewallRule no-rb -Namespace $rt
        Test-Ping 10.211.3.2 | Should -BeTrue
    }

    It 'refuses bad input with its error id and changes nothing' {
        $null = New-NetFirewallRule -Name taken -Protocol TCP -LocalPort 22 -Namespace $srv
        $before = Get-Ruleset
        $cases = @(
            @{ Id = 'InvalidPort'; Category = 'InvalidArgument'; Run = { New-NetFirewallRule -Name x -Protocol TCP -LocalPort 2000-1000 -Namespace $srv } }
            @{ Id = 'InvalidFirewallRule'; Category = 'InvalidArgument'; Run = { New-NetFirewallRule -Name x -LocalPort 80 -Namespace $srv } }
            @{ Id = 'InvalidFirewallRule'; Category = 'InvalidArgument'; Run = { New-NetFirewallRule -Name x -Protocol ICMPv4 -RemoteAddress fd00::1 -Namespace $srv } }
            @{ Id = 'InvalidProtocol'; Category = 'InvalidArgument'; Run = { New-NetFirewallRule -Name x -Protocol sctp -Namespace $srv } }
            @{ Id = 'InvalidPrefix'; Category = 'InvalidArgument'; Run = { New-NetFirewallRule -Name x -RemoteAddress 10.0.0.0/33 -Namespace $srv } }
            @{ Id = 'AddressSetNotFound'; Category = 'ObjectNotFound'; Run = { New-NetFirewallRule -Name x -RemoteAddressSet nosuch -Namespace $srv } }
            @{ Id = 'FirewallRuleExists'; Category = 'ResourceExists'; Run = { New-NetFirewallRule -Name taken -Protocol UDP -Namespace $srv } }
            @{ Id = 'LinkNotFound'; Category = 'ObjectNotFound'; Run = { New-NetFirewallRule -Name x -InterfaceAlias nosuch0 -Namespace $srv } }
            @{ Id = 'FirewallRuleNotFound'; Category = 'ObjectNotFound'; Run = { Remove-NetFirewallRule nosuch -Namespace $srv } }
            @{ Id = 'NamespaceNotFound'; Category = 'ObjectNotFound'; Run = { New-NetFirewallRule -Name x -Namespace "$prefix-nosuch" } }
        )
        foreach ($case in $cases) {
            $err = @(try { & $case.Run 2>&1 } catch { $_ }) | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }
            $err | Should -Not -BeNullOrEmpty -Because $case.Id
            $err[0].FullyQualifiedErrorId | Should -BeLike "$($case.Id),*"
            $err[0].CategoryInfo.Category | Should -Be $case.Category
            Get-Ruleset | Should -Be $before
        }
        Remove-NetFirewallRule taken -Namespace $srv
    }

    It 'shows rules in 80 columns' {
        $null = New-NetFirewallRule -Name ssh-from-lan -Protocol TCP -LocalPort 22 -RemoteAddress 10.0.0.0/8 -Action Block -Namespace $srv
        $lines = (Get-NetFirewallRule -Namespace $srv | Out-String -Width 80) -split "`n"
        $lines | Where-Object { $_.TrimEnd().Length -gt 80 } | Should -BeNullOrEmpty
        ($lines -match 'ssh-from-lan') | Should -Not -BeNullOrEmpty
        Remove-NetFirewallRule ssh-from-lan -Namespace $srv
    }
}
