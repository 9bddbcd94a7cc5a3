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
