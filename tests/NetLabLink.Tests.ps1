#Requires -Modules Pester
# Run-time control of lab links (issue 24): Set-NetLabLink takes a link down and up, changes its impairment and flaps
# it. Each lab gets this run's prefix; AfterAll removes whatever carries it. `ip -j`, `tc -j` and Test-NetLab's matrix
# (itself checked against ping in NetLab.Tests.ps1) are the oracles.

Describe 'Lab links at run time (Set-NetLabLink)' -Tag 'Lab', 'NetLab' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $labs = Join-Path $PSScriptRoot '..' 'examples' 'labs'
        function Get-PrefixNamespaces { @(& ip netns list 2>$null) -replace ' .*$', '' | Where-Object { $_ -like "$prefix*" } }
        # Three hosts on one switch: a link taken down cuts exactly the pairs with its host in them.
        $star = @{
            Nodes = @{ a = @{}; b = @{}; c = @{}; sw = @{ Kind = 'bridge' } }
            Links = @(
                @{ Endpoints = @(@{ Node = 'a'; Interface = 'eth0'; Address = '10.61.0.1/24' }, 'sw:p1') }
                @{ Endpoints = @(@{ Node = 'b'; Interface = 'eth0'; Address = '10.61.0.2/24' }, 'sw:p2') }
                @{ Endpoints = @(@{ Node = 'c'; Interface = 'eth0'; Address = '10.61.0.3/24' }, 'sw:p3') }
            )
        }
        $cPairs = @{}
        foreach ($other in 'a', 'b') { $cPairs["c->$other"] = $false; $cPairs["$other->c"] = $false }
        function Get-OperState([string] $Namespace, [string] $Interface) { (Get-IpJson $Namespace link show $Interface).operstate }
    }
    AfterAll {
        Get-NetLab -Name "$prefix*" -ErrorAction SilentlyContinue | Remove-NetLab -ErrorAction SilentlyContinue
        Remove-Lab -Prefix $prefix
    }

    Context 'a star of three hosts on a switch' {
        BeforeAll { $lab = New-NetLab -Name "$prefix-st" -Prefix "$prefix-st-" -Definition $star }
        AfterAll { $lab | Remove-NetLab }

        It 'takes c''s link down: exactly the pairs with c fail (Test-NetLab), both ends are down (ip -j), Get-NetLab says Down' {
            Set-NetLabLink $lab.Lab -Endpoint 'c:eth0' -State Down
            Get-OperState "$prefix-st-c" eth0 | Should -Be 'DOWN'
            Get-OperState "$prefix-st-sw" p3 | Should -Be 'DOWN'
            $results = Test-NetLab $lab.Lab -Expect $cPairs
            $results.Count | Should -Be 6
            $results | Where-Object { -not $_.Passed } | Should -BeNullOrEmpty
            @($results | Where-Object Reachable | ForEach-Object { "$($_.Source)->$($_.Target)" } | Sort-Object) | Should -Be @('a->b', 'b->a')
            $link = (Get-NetLab -Name $lab.Lab).Links | Where-Object EndA -eq 'c:eth0'
            $link.State | Should -Be 'Down'
            (Get-NetLab -Name $lab.Lab).Status | Should -Be 'Degraded'
        }
        It 'brings it up again (named from the other end): every pair passes' {
            $link = Set-NetLabLink $lab.Lab -Endpoint 'sw:p3' -State Up -PassThru
            $link.State | Should -Be 'Up'
            Get-OperState "$prefix-st-c" eth0 | Should -Be 'UP'
            $results = Test-NetLab $lab.Lab
            $results.Count | Should -Be 6
            $results | Where-Object { -not $_.Passed } | Should -BeNullOrEmpty
            (Get-NetLab -Name $lab.Lab).Status | Should -Be 'Ready'
        }
        It 'flaps a link piped from Get-NetLab twice and leaves it up' {
            $link = (Get-NetLab -Name $lab.Lab).Links | Where-Object EndA -eq 'b:eth0' |
                Set-NetLabLink -Flap 2 -Interval 0.2 -PassThru
            $link.State | Should -Be 'Up'
            Get-OperState "$prefix-st-b" eth0 | Should -Be 'UP'
            Test-NetLab $lab.Lab -Pair 'a->b', 'b->a' | Where-Object { -not $_.Passed } | Should -BeNullOrEmpty
        }
        It 'impairs one end (tc -j: tbf on c:eth0 only), records it, and takes it off' {
            $link = Set-NetLabLink $lab.Lab -Endpoint 'c:eth0' -Rate 5mbit -PassThru
            $link.ImpairmentA | Should -Be 'rate 5mbit'
            $link.ImpairmentB | Should -BeNullOrEmpty
            $qdisc = & tc -j -n "$prefix-st-c" qdisc show dev eth0 | ConvertFrom-Json | Where-Object root
            $qdisc.kind | Should -Be 'tbf'
            $qdisc.options.rate | Should -Be 625000 # bytes per second
            (& tc -j -n "$prefix-st-sw" qdisc show dev p3 | ConvertFrom-Json | Where-Object root).kind | Should -Not -Be 'tbf'
            ((Get-NetLab -Name $lab.Lab).Links | Where-Object EndA -eq 'c:eth0').ImpairmentA | Should -Be 'rate 5mbit'
            Set-NetLabLink $lab.Lab -Endpoint 'c:eth0' -NoImpairment
            (& tc -j -n "$prefix-st-c" qdisc show dev eth0 | ConvertFrom-Json | Where-Object root).kind | Should -Not -Be 'tbf'
            ((Get-NetLab -Name $lab.Lab).Links | Where-Object EndA -eq 'c:eth0').ImpairmentA | Should -BeNullOrEmpty
        }
        It 'shapes both ends when the link is named by its two nodes' {
            $link = Set-NetLabLink $lab.Lab -Endpoint 'a--sw' -Rate 10mbit -PassThru
            $link.ImpairmentA | Should -Be 'rate 10mbit'
            $link.ImpairmentB | Should -Be 'rate 10mbit'
            (& tc -j -n "$prefix-st-a" qdisc show dev eth0 | ConvertFrom-Json | Where-Object root).kind | Should -Be 'tbf'
            (& tc -j -n "$prefix-st-sw" qdisc show dev p1 | ConvertFrom-Json | Where-Object root).kind | Should -Be 'tbf'
            Set-NetLabLink $lab.Lab -Endpoint 'a--sw' -NoImpairment
        }
        It '-WhatIf changes nothing' {
            Set-NetLabLink $lab.Lab -Endpoint 'a:eth0' -State Down -WhatIf
            Set-NetLabLink $lab.Lab -Endpoint 'a:eth0' -Flap 1 -WhatIf
            Get-OperState "$prefix-st-a" eth0 | Should -Be 'UP'
        }
        It 'completes the lab''s link ends' {
            $line = "Set-NetLabLink -Lab $prefix-st -Endpoint c:"
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'c:eth0'
            $line = "Set-NetLabLink -Lab $prefix-st -Endpoint sw:p"
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Sort-Object | Should -Be @('sw:p1', 'sw:p2', 'sw:p3')
        }
    }

    Context 'routers: a link whose routes the kernel deletes when it goes down' {
        BeforeAll { $lab = New-NetLab -Path (Join-Path $labs 'routers.json') -Name "$prefix-rt" -Prefix "$prefix-rt-" }
        AfterAll { $lab | Remove-NetLab }

        It 'cuts h1 from h2 while the transit link is down, and restores the static routes when it comes up' {
            Set-NetLabLink $lab.Lab -Endpoint 'r1--r2' -State Down
            (Get-IpJson "$prefix-rt-r1" route show 10.2.0.0/24) | Should -BeNullOrEmpty
            (Test-NetLab $lab.Lab -Pair 'h1->h2' -Expect @{ 'h1->h2' = $false }).Passed | Should -Not -Contain $false
            Set-NetLabLink $lab.Lab -Endpoint 'r1--r2' -State Up
            (Get-IpJson "$prefix-rt-r1" route show 10.2.0.0/24).gateway | Should -Be '10.255.0.2'
            (Get-IpJson "$prefix-rt-r2" route show 10.1.0.0/24).gateway | Should -Be '10.255.0.1'
            Test-NetLab $lab.Lab -Pair 'h1->h2', 'h2->h1', 'r1->r2' | Where-Object { -not $_.Passed } | Should -BeNullOrEmpty
        }
        It 'restores a default route too (h1''s own link)' {
            Set-NetLabLink $lab.Lab -Endpoint 'h1:eth0' -State Down
            Set-NetLabLink $lab.Lab -Endpoint 'h1:eth0' -State Up
            (Get-IpJson "$prefix-rt-h1" route show default).gateway | Should -Be '10.1.0.1'
            Test-NetLab $lab.Lab -Pair 'h1->h2' | Where-Object { -not $_.Passed } | Should -BeNullOrEmpty
        }
    }

    Context 'throughput (Measure-NetLabLink): sockets made in the nodes, no iperf' {
        BeforeAll {
            $lab = New-NetLab -Name "$prefix-tp" -Prefix "$prefix-tp-" -Definition @{
                Nodes = @{ a = @{}; b = @{}; c = @{} }
                Links = @(
                    @{ Endpoints = @('a:eth0', 'b:eth0'); Pool = '10.63.0.0/30' }
                    @{ Endpoints = @('a:eth1', 'c:eth0'); Pool = '10.63.1.0/30' }
                )
            }
        }
        AfterAll { $lab | Remove-NetLab }

        It 'measures a 100mbit tbf link within 80 to 105 Mbit/s, and an unshaped veth above that' {
            Set-NetLabLink $lab.Lab -Endpoint 'a:eth0' -Rate 100mbit
            $shaped = Measure-NetLabLink $lab.Lab -Endpoint 'a:eth0'
            $free = Measure-NetLabLink $lab.Lab -Endpoint 'a:eth1'
            Write-Host "    100mbit tbf link: $($shaped.Throughput) ($($shaped.Bytes) bytes in $([math]::Round($shaped.Seconds, 3)) s); unshaped veth: $($free.Throughput)"
            $shaped.TargetAddress | Should -Be '10.63.0.2'
            $shaped.Source | Should -Be 'a'
            $shaped.Target | Should -Be 'b'
            $shaped.Mbps | Should -BeGreaterOrEqual 80
            $shaped.Mbps | Should -BeLessOrEqual 105
            $shaped.Throughput | Should -Match '^\d+\.\d Mbit/s$'
            $free.BitsPerSecond | Should -BeGreaterThan 105e6
            # What crossed the wire, by the kernel's own counters on the receiving end (ip -j -s).
            $rx = (Get-IpJson "$prefix-tp-b" -s link show eth0).stats64.rx.bytes
            $rx | Should -BeGreaterThan $shaped.Bytes
        }
        It 'measures between two nodes (-From/-To) and shows a table that fits 80 columns' {
            $result = Measure-NetLabLink $lab.Lab -From c -To a -Seconds 0.3
            $result.TargetAddress.ToString() | Should -BeIn @('10.63.0.1', '10.63.1.1')
            $result.Bytes | Should -BeGreaterThan 0
            $lines = @(($result | Out-String -Width 80) -split "`n" | ForEach-Object { $_.TrimEnd() } | Where-Object { $_ })
            $lines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
            $lines[0] | Should -Match '^Source\s+Target\s+TargetAddress\s+Seconds\s+MBytes\s+Throughput$'
        }
        It 'fails with ThroughputFailed across a link that is down (no route, or no answer), and leaves no socket behind' {
            Set-NetLabLink $lab.Lab -Endpoint 'a:eth1' -State Down
            try {
                $e = Get-CommandError { Measure-NetLabLink $lab.Lab -From c -To a -Seconds 0.2 -ErrorAction Stop }
                $e.FullyQualifiedErrorId | Should -BeLike 'ThroughputFailed,*'
                $e.CategoryInfo.Category | Should -BeIn @('OperationTimeout', 'ConnectionError')
            }
            finally { Set-NetLabLink $lab.Lab -Endpoint 'a:eth1' -State Up }
            (& ss -N "$prefix-tp-a" -tan | Select-Object -Skip 1 | Where-Object { $_ -match 'LISTEN|ESTAB' }) | Should -BeNullOrEmpty
        }
        It '<Name> fails with <Id> (<Category>)' -ForEach @(
            @{ Name = 'an unknown lab'; Run = { Measure-NetLabLink "$prefix-none" -Endpoint 'a:eth0' }; Id = 'LabNotFound'; Category = 'ObjectNotFound' }
            @{ Name = 'an unknown end'; Run = { Measure-NetLabLink "$prefix-tp" -Endpoint 'b:eth7' }; Id = 'LabLinkNotFound'; Category = 'ObjectNotFound' }
            @{ Name = 'an unknown node'; Run = { Measure-NetLabLink "$prefix-tp" -From a -To ghost }; Id = 'LabNodeNotFound'; Category = 'ObjectNotFound' }
            @{ Name = 'a node name with a slash'; Run = { Measure-NetLabLink "$prefix-tp" -From 'a/b' -To a }; Id = 'InvalidLabLink'; Category = 'InvalidArgument' }
            @{ Name = 'the same node twice'; Run = { Measure-NetLabLink "$prefix-tp" -From a -To a }; Id = 'InvalidLabLink'; Category = 'InvalidArgument' }
            @{ Name = '0 seconds'; Run = { Measure-NetLabLink "$prefix-tp" -Endpoint 'a:eth0' -Seconds 0 }; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        ) {
            $e = Get-CommandError { $ErrorActionPreference = 'Stop'; & $Run }
            $e.FullyQualifiedErrorId | Should -BeLike "$Id,*"
            $e.CategoryInfo.Category | Should -Be $Category
        }
    }

    Context 'bad input' {
        BeforeAll {
            $lab = New-NetLab -Name "$prefix-bi" -Prefix "$prefix-bi-" -Definition $star
            # The switch's br0 turns from UNKNOWN to UP in its own time after the build: its operstate is left out.
            function Get-LabState { @('a', 'b', 'c', 'sw') | ForEach-Object { (Get-NetState "$prefix-bi-$_") -replace 'br0 \w+ ', 'br0 ' } }
            $before = Get-LabState
        }
        AfterAll { $lab | Remove-NetLab }
        It '<Name> fails with <Id> (<Category>) and changes nothing' -ForEach @(
            @{ Name = 'an unknown lab'; Run = { Set-NetLabLink "$prefix-none" -Endpoint 'a:eth0' -State Down }; Id = 'LabNotFound'; Category = 'ObjectNotFound' }
            @{ Name = 'a bad lab name'; Run = { Set-NetLabLink '../etc' -Endpoint 'a:eth0' -State Down }; Id = 'InvalidLabDefinition'; Category = 'InvalidArgument' }
            @{ Name = 'an unknown end'; Run = { Set-NetLabLink "$prefix-bi" -Endpoint 'a:eth9' -State Down }; Id = 'LabLinkNotFound'; Category = 'ObjectNotFound' }
            @{ Name = 'an unknown node pair'; Run = { Set-NetLabLink "$prefix-bi" -Endpoint 'a--b' -State Down }; Id = 'LabLinkNotFound'; Category = 'ObjectNotFound' }
            @{ Name = 'a node without an interface'; Run = { Set-NetLabLink "$prefix-bi" -Endpoint 'a' -State Down }; Id = 'InvalidLabLink'; Category = 'InvalidArgument' }
            @{ Name = 'an end with a slash'; Run = { Set-NetLabLink "$prefix-bi" -Endpoint 'a/b:eth0' -State Down }; Id = 'InvalidLabLink'; Category = 'InvalidArgument' }
            @{ Name = 'flap count 0'; Run = { Set-NetLabLink "$prefix-bi" -Endpoint 'a:eth0' -Flap 0 }; Id = 'InvalidLabLink'; Category = 'InvalidArgument' }
            @{ Name = 'flap count -3'; Run = { Set-NetLabLink "$prefix-bi" -Endpoint 'a:eth0' -Flap -3 }; Id = 'InvalidLabLink'; Category = 'InvalidArgument' }
            @{ Name = 'a zero interval'; Run = { Set-NetLabLink "$prefix-bi" -Endpoint 'a:eth0' -Flap 1 -Interval 0 }; Id = 'InvalidLabLink'; Category = 'InvalidArgument' }
            @{ Name = 'loss over 100%'; Run = { Set-NetLabLink "$prefix-bi" -Endpoint 'a:eth0' -Loss 150 }; Id = 'InvalidImpairment'; Category = 'InvalidArgument' }
            @{ Name = 'nothing to change'; Run = { Set-NetLabLink "$prefix-bi" -Endpoint 'a:eth0' }; Id = 'ParameterConflict'; Category = 'InvalidArgument' }
        ) {
            $e = Get-CommandError { $ErrorActionPreference = 'Stop'; & $Run }
            $e.FullyQualifiedErrorId | Should -BeLike "$Id,*"
            $e.CategoryInfo.Category | Should -Be $Category
            Get-LabState | Should -Be $before
            (Get-NetLab -Name "$prefix-bi").Status | Should -Be 'Ready'
        }
    }
}
