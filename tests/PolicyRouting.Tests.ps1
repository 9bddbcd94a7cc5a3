#Requires -Modules Pester
# Policy routing (ip rule) and multipath routes, as a user builds them: a source subnet sent through a second
# routing table and router, an ECMP route with weights, and the errors for input that cannot work.
# ip -j rule / ip -j route and ping between the suite's own namespaces are the oracles.

Describe 'Policy routing and multipath routes' -Tag 'Routing', 'Lab' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $src, $r1, $r2, $dst = 'src', 'r1', 'r2', 'dst' | ForEach-Object { "$prefix-$_" }
        # IPv4 only: nothing but our pings crosses the routers.
        $null = New-NetNamespace -Name $src, $r1, $r2, $dst -DisableIPv6

        # src --s1/r1s-- r1 --r1d/d1-- dst, and src --s2/r2s-- r2 --r2d/d2-- dst
        $cables = @(
            @{ Name = 's1'; PeerName = 'r1s'; Namespace = $src; PeerNamespace = $r1; Address = '10.0.1.2/24'; PeerAddress = '10.0.1.1/24' }
            @{ Name = 's2'; PeerName = 'r2s'; Namespace = $src; PeerNamespace = $r2; Address = '10.0.2.2/24'; PeerAddress = '10.0.2.1/24' }
            @{ Name = 'r1d'; PeerName = 'd1'; Namespace = $r1; PeerNamespace = $dst; Address = '10.0.3.1/24'; PeerAddress = '10.0.3.2/24' }
            @{ Name = 'r2d'; PeerName = 'd2'; Namespace = $r2; PeerNamespace = $dst; Address = '10.0.4.1/24'; PeerAddress = '10.0.4.2/24' }
        )
        foreach ($c in $cables) {
            $null = New-VethPair -Name $c.Name -PeerName $c.PeerName -Namespace $c.Namespace -PeerNamespace $c.PeerNamespace -Up
            Add-NetAddress $c.Address -Interface $c.Name -Namespace $c.Namespace
            Add-NetAddress $c.PeerAddress -Interface $c.PeerName -Namespace $c.PeerNamespace
        }
        Get-NetNamespace -Name "$prefix-*" | ForEach-Object { Set-NetLink -Name lo -Up -Namespace $_.Namespace }
        Add-NetAddress 10.9.1.1/32 -Interface lo -Namespace $src
        Add-NetAddress 10.9.2.1/32 -Interface lo -Namespace $src
        Add-NetAddress 10.9.9.9/32 -Interface lo -Namespace $dst
        Add-NetAddress 10.9.8.8/32 -Interface lo -Namespace $dst
        Enable-IPForwarding -Namespace $r1
        Enable-IPForwarding -Namespace $r2
        Add-NetRoute 10.9.0.0/16 10.0.1.2 -Namespace $r1
        Add-NetRoute 10.9.9.9 10.0.3.2 -Namespace $r1
        Add-NetRoute 10.9.0.0/16 10.0.2.2 -Namespace $r2
        Add-NetRoute 10.9.9.9 10.0.4.2 -Namespace $r2
        Add-NetRoute 10.9.8.8 10.0.4.2 -Namespace $r2          # only r2 knows 10.9.8.8
        Add-NetRoute 10.9.1.0/24 10.0.3.1 -Namespace $dst
        Add-NetRoute 10.9.2.0/24 10.0.4.1 -Namespace $dst

        # src: the main table goes through r1, table 100 through r2.
        Add-NetRoute default 10.0.1.1 -Namespace $src
        Add-NetRoute default 10.0.2.1 -Table 100 -Namespace $src

        function Test-PingFrom([string] $From, [string] $To) {
            $null = Invoke-NetNamespace -Namespace $src -FilePath ping -ArgumentList '-c', '1', '-W', '2', '-I', $From, $To
            $LASTEXITCODE -eq 0
        }
        function Get-RuleState([string] $Namespace) {
            ((Get-IpJson $Namespace rule show) + (Get-IpJson $Namespace -6 rule show) | ConvertTo-Json -Compress) + "`n" + (Get-NetState $Namespace)
        }
    }

    AfterAll {
        if ($prefix) { Remove-Lab $prefix }
    }

    It 'lists the default rules like ip rule' {
        $rules = Get-NetRoutingRule -Namespace $src -Family IPv4
        $rules.Priority | Should -Be 0, 32766, 32767
        $rules.ActionText | Should -Be 'lookup local', 'lookup main', 'lookup default'
        $rules.Priority | Should -Be (Get-IpJson $src rule show).priority
    }

    It 'without a rule, 10.9.2.1 reaches only what r1 routes' {
        Test-PingFrom 10.9.2.1 10.9.9.9 | Should -BeTrue
        Test-PingFrom 10.9.2.1 10.9.8.8 | Should -BeFalse
    }

    It 'a source rule sends 10.9.2.0/24 through table 100 and r2' {
        $rule = Add-NetRoutingRule -From 10.9.2.0/24 -Table 100 -Priority 100 -Namespace $src -PassThru
        $rule.Priority | Should -Be 100
        $rule.Table | Should -Be 100
        $ip = Get-IpJson $src rule show | Where-Object priority -eq 100
        "$($ip.src)/$($ip.srclen) $($ip.table)" | Should -Be '10.9.2.0/24 100'

        Test-PingFrom 10.9.2.1 10.9.8.8 | Should -BeTrue       # through r2, the only router that knows it
        Test-PingFrom 10.9.1.1 10.9.8.8 | Should -BeFalse      # still through r1
        Test-PingFrom 10.9.1.1 10.9.9.9 | Should -BeTrue
    }

    It 'Get-NetRoutingRule | Remove-NetRoutingRule takes the rule away, and the path with it' {
        Get-NetRoutingRule -Table 100 -Namespace $src | Remove-NetRoutingRule
        Get-NetRoutingRule -Priority 100 -Namespace $src | Should -BeNullOrEmpty
        Test-PingFrom 10.9.2.1 10.9.8.8 | Should -BeFalse
    }

    It 'an ECMP route with two gateways shows both next hops with their weights in ip -j route' {
        Add-NetRoute 10.50.0.0/16 -Gateway 10.0.1.1, 10.0.2.1 -Weight 1, 2 -Namespace $src
        $ip = Get-IpJson $src route show 10.50.0.0/16
        $ip.nexthops | ForEach-Object { "$($_.gateway) $($_.dev) $($_.weight)" } | Should -Be '10.0.1.1 s1 1', '10.0.2.1 s2 2'
        $route = Get-NetRoute 10.50.0.0/16 -Namespace $src
        $route.IsMultipath | Should -BeTrue
        $route.NextHops | ForEach-Object { "$($_.Gateway) $($_.Interface) $($_.Weight)" } | Should -Be '10.0.1.1 s1 1', '10.0.2.1 s2 2'
        # Both paths work: a flow to 10.9.9.9 goes one way or the other and arrives.
        Set-NetRoute 10.9.9.9 -Gateway 10.0.1.1, 10.0.2.1 -Namespace $src
        Test-PingFrom 10.9.1.1 10.9.9.9 | Should -BeTrue
        Set-NetRoute 10.9.9.9 -Gateway 10.0.1.1 -Namespace $src
        (Get-NetRoute 10.9.9.9 -Namespace $src).NextHops.Count | Should -Be 1
    }

    It 'refuses <Case> with <Id>, changing nothing' -ForEach @(
        @{ Case = 'a priority that is taken'; Id = 'RoutingRuleExists'; Category = 'ResourceExists'; Command = { Add-NetRoutingRule -From 10.9.3.0/24 -Table 100 -Priority 32766 -Namespace $src -ErrorAction Stop } }
        @{ Case = 'a table name that does not exist'; Id = 'InvalidRouteTable'; Category = 'InvalidArgument'; Command = { Add-NetRoutingRule -From 10.9.3.0/24 -Table vpn -Namespace $src -ErrorAction Stop } }
        @{ Case = 'a bad prefix'; Id = 'InvalidPrefix'; Category = 'InvalidArgument'; Command = { Add-NetRoutingRule -From 10.9.3.0/40 -Table 100 -Namespace $src -ErrorAction Stop } }
        @{ Case = 'a bad firewall mark'; Id = 'InvalidFirewallMark'; Category = 'InvalidArgument'; Command = { Add-NetRoutingRule -FirewallMark mark7 -Table 100 -Namespace $src -ErrorAction Stop } }
        @{ Case = 'a link that does not exist'; Id = 'LinkNotFound'; Category = 'ObjectNotFound'; Command = { Add-NetRoutingRule -InInterface eth9 -Table 100 -Namespace $src -ErrorAction Stop } }
        @{ Case = 'a rule that is not there'; Id = 'RoutingRuleNotFound'; Category = 'ObjectNotFound'; Command = { Remove-NetRoutingRule 4242 -Namespace $src -ErrorAction Stop } }
        @{ Case = 'a weight out of 1..256'; Id = 'InvalidNextHop'; Category = 'InvalidArgument'; Command = { Add-NetRoute 10.60.0.0/16 -Gateway 10.0.1.1, 10.0.2.1 -Weight 1, 300 -Namespace $src -ErrorAction Stop } }
        @{ Case = 'next hops of two families'; Id = 'InvalidNextHop'; Category = 'InvalidArgument'; Command = { Add-NetRoute 10.60.0.0/16 -Gateway 10.0.1.1, fd00::1 -Namespace $src -ErrorAction Stop } }
    ) {
        $before = Get-RuleState $src
        $err = Get-CommandError $Command
        $err.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        "$($err.CategoryInfo.Category)" | Should -Be $Category
        "$err" | Should -Not -BeNullOrEmpty
        Get-RuleState $src | Should -Be $before
    }

    It 'a namespace that does not exist is ObjectNotFound' {
        $err = Get-CommandError { Get-NetRoutingRule -Namespace "$prefix-nope" -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'NamespaceNotFound,*'
    }
}
