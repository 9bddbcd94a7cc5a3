#Requires -Modules Pester
# Network labs (issue 12): a topology from a file becomes a running lab in one call and goes away as a unit.
# Every lab here gets a prefix of its own ($prefix-...), so its namespaces are this run's alone; AfterAll removes
# whatever carries the prefix. `ip -j`, `tc -j`, `nft -j` and the files under /run/linuxnetps/labs are the oracles.

Describe 'Network labs' -Tag 'Lab', 'NetLab' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $labs = Join-Path $PSScriptRoot '..' 'examples' 'labs'
        $records = '/run/linuxnetps/labs'
        function Get-PrefixNamespaces { @(& ip netns list 2>$null) -replace ' .*$', '' | Where-Object { $_ -like "$prefix*" } }
        function Get-PrefixRecords { @(Get-ChildItem $records -Filter "$prefix*.json" -ErrorAction SilentlyContinue) }
        # Every pair of the routers lab that must fail: lonely sits on the switch, on a subnet nobody routes.
        $lonelyPairs = @{}
        foreach ($other in 'h1', 'h2', 'r1', 'r2') { $lonelyPairs["lonely->$other"] = $false; $lonelyPairs["$other->lonely"] = $false }
    }
    AfterAll {
        Get-NetLab -Name "$prefix*" -ErrorAction SilentlyContinue | Remove-NetLab -ErrorAction SilentlyContinue
        Remove-Lab -Prefix $prefix
        Get-PrefixRecords | Remove-Item -ErrorAction SilentlyContinue
    }

    Context 'the walkthrough 000 lab (red and green on a bridge in a host node), in the Pester pattern' {
        BeforeAll { $lab = New-NetLab -Path (Join-Path $labs 'walkthrough.psd1') -Name "$prefix-wt" -Prefix "$prefix-wt-" }
        AfterAll { $lab | Remove-NetLab }

        It 'is recorded, Ready, with every node a namespace' {
            $lab.Status | Should -Be 'Ready'
            $lab.Nodes.Namespace | Sort-Object | Should -Be @("$prefix-wt-green", "$prefix-wt-host", "$prefix-wt-red")
            Test-Path (Join-Path $records "$prefix-wt.json") | Should -BeTrue
            (Get-NetLab -Name "$prefix-wt").Links.State | Should -Be @('Up', 'Up')
        }
        It 'has the addresses from the bridge pool, the ports in the bridge and the default routes (ip -j)' {
            $red = Get-IpJson "$prefix-wt-red" addr show eth0
            ($red.addr_info | Where-Object family -eq inet).local | Should -Be '10.0.0.2'
            ((Get-IpJson "$prefix-wt-green" addr show eth0).addr_info | Where-Object family -eq inet).local | Should -Be '10.0.0.3'
            (Get-IpJson "$prefix-wt-host" link show master br0).ifname | Sort-Object | Should -Be @('green', 'red')
            (Get-IpJson "$prefix-wt-red" route show default).gateway | Should -Be '10.0.0.1'
        }
        It 'reaches every pair (Test-NetLab, checked with ping)' {
            $results = $lab | Test-NetLab
            $results.Count | Should -Be 6
            $results | Where-Object { -not $_.Passed } | Should -BeNullOrEmpty
            ($results | Where-Object { $_.Source -eq 'red' -and $_.Target -eq 'green' }).RttMs | Should -BeGreaterThan 0
            Test-NetPing -Namespace "$prefix-wt-red" -Address 10.0.0.3 | Should -BeTrue
        }
        It 'runs a block in a node (Invoke-NetLab), isolated by default and in process' {
            (Invoke-NetLab -Lab $lab.Lab -Node red { ip -br addr show eth0 }) -join ' ' | Should -Match '10\.0\.0\.2/24'
            ($lab.Nodes | Where-Object Node -eq green | Invoke-NetLab -InProcess { ip -br addr show eth0 }) -join ' ' | Should -Match '10\.0\.0\.3/24'
        }
        It 'passes on what the block writes while it runs, not when it ends (Invoke-NetLab)' {
            # The block writes 'first', then waits until the command after it in this pipeline has seen 'first' (it
            # makes a file); had the output been held until the block ended, the block would give up and say so.
            $flag = Join-Path ([IO.Path]::GetTempPath()) "$prefix-live-$(Get-Random)"
            try {
                $seen = Invoke-NetLab -Lab $lab.Lab -Node red -ArgumentList $flag {
                    param($flag)
                    'first'
                    $deadline = [DateTime]::UtcNow.AddSeconds(60)
                    while (-not (Test-Path $flag) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
                    if (Test-Path $flag) { 'second' } else { 'first was not passed on while the block ran' }
                } | ForEach-Object { if ($_ -eq 'first') { $null = New-Item -ItemType File -Path $flag }; $_ }
                $seen | Should -Be 'first', 'second'
            }
            finally {
                Remove-Item $flag -ErrorAction Ignore
            }
        }
        It 'shows <Label> in a table that fits 80 columns with its labels whole' -ForEach @(
            @{ Label = 'the lab'; Objects = { Get-NetLab -Name "$prefix-wt" }; Header = 'Lab', 'Status', 'Nodes', 'Links', 'Prefix', 'Source' }
            @{ Label = 'its nodes'; Objects = { (Get-NetLab -Name "$prefix-wt").Nodes }; Header = 'Node', 'Kind', 'Namespace', 'State', 'Addresses' }
            @{ Label = 'its links'; Objects = { (Get-NetLab -Name "$prefix-wt").Links }; Header = 'EndA', 'EndB', 'State', 'Impairment' }
            @{ Label = 'the test results'; Objects = { Test-NetLab "$prefix-wt" }; Header = 'Source', 'Target', 'TargetAddress', 'Reachable', 'RttMs', 'Expected', 'Passed' }
        ) {
            $lines = @((& $Objects | Out-String -Width 80) -split "`n" | ForEach-Object { $_.TrimEnd() } | Where-Object { $_ })
            $lines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
            $lines[0] | Should -Match ('^' + (($Header | ForEach-Object { [regex]::Escape($_) }) -join '\s+') + '$')
            $lines[1] | Should -Match '^-+( +-+)*$'
        }
        It 'completes lab names and the lab''s node names' {
            $line = "Remove-NetLab $prefix-w"
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain "$prefix-wt"
            $line = "Invoke-NetLab -Lab $prefix-wt -Node g"
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'green'
        }
        It 'is drawn as Mermaid and DOT, and as SVG by dot' {
            $mermaid = $lab | Show-NetLab
            $mermaid | Should -Match 'n_red\["red<br/>eth0 10\.0\.0\.2/24"\]'
            $lab | Show-NetLab -Format Dot | Should -Match '"red" -- "host" \[taillabel="eth0", headlabel="red"\]'
            $svg = Join-Path $TestDrive 'wt.svg'
            ($lab | Show-NetLab -OutFile $svg).FullName | Should -Be $svg
            Get-Content $svg -Raw | Should -Match '<svg'
        }
    }

    Context 'two routers with a transit link and static routes (JSON), and a host nobody routes to' {
        BeforeAll { $lab = New-NetLab -Path (Join-Path $labs 'routers.json') -Name "$prefix-rt" -Prefix "$prefix-rt-" }
        AfterAll { $lab | Remove-NetLab }

        It 'has the routes and forwarding it was given (ip -j)' {
            $r1 = Get-IpJson "$prefix-rt-r1" route show 10.2.0.0/24
            $r1.gateway | Should -Be '10.255.0.2'
            Get-Content "/proc/sys/net/ipv4/ip_forward" | Should -Not -BeNullOrEmpty
            (& ip netns exec "$prefix-rt-r1" cat /proc/sys/net/ipv4/ip_forward) | Should -Be '1'
            (& ip netns exec "$prefix-rt-h1" cat /proc/sys/net/ipv4/ip_forward) | Should -Be '0'
            ((Get-IpJson "$prefix-rt-r1" addr show eth0).addr_info | Where-Object family -eq inet).local | Should -Be '10.255.0.1'
        }
        It 'gives the expected matrix: everything reachable, except the pairs that must fail' {
            $results = $lab | Test-NetLab -Expect $lonelyPairs
            $results.Count | Should -Be 28
            $results | Where-Object { -not $_.Passed } | Should -BeNullOrEmpty
            @($results | Where-Object { $_.Source -eq 'lonely' -or $_.Target -eq 'lonely' } | Where-Object Reachable) | Should -BeNullOrEmpty
            ($results | Where-Object { $_.Source -eq 'h1' -and $_.Target -eq 'h2' }).Reachable | Should -BeTrue
            Test-NetPing -Namespace "$prefix-rt-h1" -Address 10.2.0.2 | Should -BeTrue
        }
        It 'says FAIL in the matrix where a pair is not as expected' {
            $matrix = $lab | Test-NetLab -AsMatrix -Pair 'h1->lonely', 'h1->h2'
            $row = $matrix | Where-Object Source -eq 'h1'
            $row.lonely | Should -Be 'FAIL'
            $row.h2 | Should -Be 'ok'
        }
    }

    Context 'the pipeline example' {
        It 'examples/06-network-lab.ps1 builds, tests, shows and removes its lab' {
            $run = Invoke-Example -Name '06-network-lab.ps1' -Prefix "${prefix}e"
            $run.ExitCode | Should -Be 0 -Because $run.Output
            $run.Output | Should -Match '28 probes, 0 not as expected'
            $run.Output | Should -Match '10\.2\.0\.0/24 via 10\.255\.0\.2'
            $run.Output | Should -Match 'OK: h1 and h2 part while r1--r2 is down and meet again when it is up'
            $run.Output | Should -Match 'h1\s+r1\s+10\.1\.0\.1\s+[\d.]+\s+[\d.]+\s+\d+\.\d Mbit/s'
            Get-PrefixNamespaces | Where-Object { $_ -like "${prefix}e-*" } | Should -BeNullOrEmpty
        }
    }

    Context 'removal' {
        It 'leaves nothing: no namespace, no veth anywhere, no record' {
            $lab = New-NetLab -Path (Join-Path $labs 'walkthrough.psd1') -Name "$prefix-rm" -Prefix "$prefix-rm-"
            $lab | Remove-NetLab
            Get-PrefixNamespaces | Where-Object { $_ -like "$prefix-rm-*" } | Should -BeNullOrEmpty
            Test-Path (Join-Path $records "$prefix-rm.json") | Should -BeFalse
            Get-NetLab -Name "$prefix-rm" -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            # The root namespace never had any of it.
            @(& ip -j link show | ConvertFrom-Json | Where-Object { $_.ifname -in 'red', 'green' -and $_.link_netnsid -ne $null }) | Should -BeNullOrEmpty
        }
        It '-WhatIf on New-NetLab creates nothing and on Remove-NetLab removes nothing' {
            Invoke-WithoutHost { param($p, $n) New-NetLab -Path $p -Name $n -Prefix "$n-" -WhatIf } -ArgumentList (Join-Path $labs 'walkthrough.psd1'), "$prefix-wi"
            Get-PrefixNamespaces | Where-Object { $_ -like "$prefix-wi*" } | Should -BeNullOrEmpty
            $lab = New-NetLab -Path (Join-Path $labs 'walkthrough.psd1') -Name "$prefix-wi" -Prefix "$prefix-wi-"
            Invoke-WithoutHost { param($n) Remove-NetLab $n -WhatIf } -ArgumentList "$prefix-wi"
            (Get-NetLab -Name "$prefix-wi").Status | Should -Be 'Ready'
            $lab | Remove-NetLab
            Get-PrefixNamespaces | Where-Object { $_ -like "$prefix-wi*" } | Should -BeNullOrEmpty
        }
        It 'cleans up after a New-NetLab that was killed with SIGKILL half-way' {
            $signal = Join-Path $TestDrive 'fault'
            $pwsh = Get-PwshCommand
            $script = "Import-Module '$script:LinuxNetPSManifest'; New-NetLab -Path '$(Join-Path $labs 'walkthrough.psd1')' -Name '$prefix-k9' -Prefix '$prefix-k9-'"
            $start = [System.Diagnostics.ProcessStartInfo]::new($pwsh.Path)
            foreach ($a in @($pwsh.Arguments) + '-NoProfile', '-NonInteractive', '-Command', $script) { $start.ArgumentList.Add($a) }
            $start.Environment['LINUXNETPS_FAULT_AFTER'] = 'lo up and bridges'
            $start.Environment['LINUXNETPS_FAULT_SIGNAL'] = $signal
            $start.RedirectStandardOutput = $true
            $process = [System.Diagnostics.Process]::Start($start)
            try {
                foreach ($i in 1..300) { if (Test-Path $signal) { break }; Start-Sleep -Milliseconds 100 }
                Test-Path $signal | Should -BeTrue
            }
            finally { & kill -9 $process.Id; $null = $process.WaitForExit(10000) }
            # Namespaces and the bridge are there, the veths are not: the lab is Incomplete and says so.
            Get-PrefixNamespaces | Where-Object { $_ -like "$prefix-k9-*" } | Sort-Object | Should -Be @("$prefix-k9-green", "$prefix-k9-host", "$prefix-k9-red")
            $incomplete = Get-NetLab -Name "$prefix-k9"
            $incomplete.Status | Should -Be 'Incomplete'
            $incomplete.Problem | Should -Match 'Remove-NetLab'
            $incomplete | Remove-NetLab
            Get-PrefixNamespaces | Where-Object { $_ -like "$prefix-k9-*" } | Should -BeNullOrEmpty
            Test-Path (Join-Path $records "$prefix-k9.json") | Should -BeFalse
        }
        It 'never deletes a namespace of the same name that the lab did not make' {
            $lab = New-NetLab -Path (Join-Path $labs 'walkthrough.psd1') -Name "$prefix-own" -Prefix "$prefix-own-"
            # Someone replaces red behind the lab's back.
            & ip netns delete "$prefix-own-red"
            & ip netns add "$prefix-own-red"
            (Get-NetLab -Name "$prefix-own").Status | Should -Be 'Degraded'
            $lab | Remove-NetLab
            Get-PrefixNamespaces | Where-Object { $_ -like "$prefix-own-*" } | Should -Be "$prefix-own-red"
            # The lab's hosts file for that name was the lab's (it carries the marker): it goes with the lab.
            Test-Path "/etc/netns/$prefix-own-red" | Should -BeFalse
            & ip netns delete "$prefix-own-red"
        }
    }

    Context 'definitions with errors create nothing' {
        It 'names the file and line of an error in the 7th link' {
            $path = Join-Path $TestDrive 'seven.psd1'
            $links = foreach ($i in 1..8) { if ($i -eq 7) { "        @{ Endpoints = 'a:eth7', 'ghost:eth0' }" } else { "        @{ Endpoints = 'a:eth$i', 'b:eth$i' }" } }
            Set-Content -Path $path -Value (@('@{', "    Nodes = @{ a = @{}; b = @{} }", '    Links = @(') + $links + @('    )', '}'))
            $e = Get-CommandError { New-NetLab -Path $path -Name "$prefix-7" -Prefix "$prefix-7-" -ErrorAction Stop }
            $e.FullyQualifiedErrorId | Should -BeLike 'InvalidLabDefinition,*'
            $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $e.Exception.Message | Should -Match ([regex]::Escape("${path}:10:")) # line 10 holds the 7th link
            $e.Exception.Message | Should -Match "'ghost'"
            Get-PrefixNamespaces | Where-Object { $_ -like "$prefix-7*" } | Should -BeNullOrEmpty
            Test-Path (Join-Path $records "$prefix-7.json") | Should -BeFalse
        }
        It 'refuses code in a data file (it is read, never run)' {
            $path = Join-Path $TestDrive 'code.psd1'
            Set-Content -Path $path -Value "@{ Nodes = @{ a = @{ Forwarding = (Get-Date) } } }"
            $e = Get-CommandError { New-NetLab -Path $path -Name "$prefix-code" -ErrorAction Stop }
            $e.Exception.Message | Should -Match 'code\.psd1:1:.*not allowed'
        }
        It 'refuses <What> in a -Definition before creating anything' -ForEach @(
            @{ What = 'an unknown key'; Definition = @{ Nodes = @{ a = @{ Colour = 'red' } } }; Pattern = "Unknown key 'Colour'" }
            @{ What = 'a bad address'; Definition = @{ Nodes = @{ a = @{ Interfaces = @{ eth0 = '10.0.0.256/24' } }; b = @{} }; Links = @(@{ Endpoints = 'a:eth0', 'b:eth0' }) }; Pattern = 'not a valid IP' }
            @{ What = 'an address outside the pool'; Definition = @{ Nodes = @{ a = @{ Interfaces = @{ eth0 = '10.1.0.1/30' } }; b = @{} }; Links = @(@{ Endpoints = 'a:eth0', 'b:eth0'; Pool = '10.9.0.0/30' }) }; Pattern = 'outside the pool' }
            @{ What = 'a duplicate interface'; Definition = @{ Nodes = @{ a = @{}; b = @{} }; Links = @(@{ Endpoints = 'a:eth0', 'b:eth0' }, @{ Endpoints = 'a:eth0', 'b:eth1' }) }; Pattern = 'duplicate interface' }
            @{ What = 'an unknown node'; Definition = @{ Nodes = @{ a = @{} }; Links = @(@{ Endpoints = 'a:eth0', 'zz:eth0' }) }; Pattern = "'zz'" }
            @{ What = 'a bad delay'; Definition = @{ Nodes = @{ a = @{}; b = @{} }; Links = @(@{ Endpoints = 'a:eth0', 'b:eth0'; Delay = 'soon' }) }; Pattern = "Delay 'soon'" }
        ) {
            $e = Get-CommandError { New-NetLab -Definition $Definition -Name "$prefix-bad" -Prefix "$prefix-bad-" -ErrorAction Stop }
            $e.FullyQualifiedErrorId | Should -BeLike 'InvalidLabDefinition,*'
            $e.Exception.Message | Should -Match $Pattern
            $e.Exception.Message | Should -Match '^the definition \('
            Get-PrefixNamespaces | Where-Object { $_ -like "$prefix-bad*" } | Should -BeNullOrEmpty
        }
    }

    Context 'a containerlab file with two linux nodes and one link' {
        It 'deploys, warning that the images are ignored' {
            $lab = New-NetLab -Path (Join-Path $labs 'two-linux.clab.yml') -Name "$prefix-cl" -Prefix "$prefix-cl-" -WarningVariable warnings 3>$null
            try {
                @($warnings).Count | Should -Be 2
                "$($warnings[0])" | Should -Match 'two-linux\.clab\.yml:7:7.*image'
                $n1 = Get-IpJson "$prefix-cl-n1" link show eth1
                $n1.operstate | Should -Be 'UP'
                (Get-IpJson "$prefix-cl-n2" link show eth1).ifindex | Should -Be $n1.link_index
            }
            finally { $lab | Remove-NetLab }
            Get-PrefixNamespaces | Where-Object { $_ -like "$prefix-cl-*" } | Should -BeNullOrEmpty
        }
    }

    Context 'containerlab files as containerlab means them (issue 24)' {
        It 'builds <File> (addresses from exec lines or from the links) and it passes a Test-NetLab that tested something' -ForEach @(
            @{ File = 'routers-exec.clab.yml'; Pairs = 12 }
            @{ File = 'switched.clab.yml'; Pairs = 6 }
        ) {
            $name = "$prefix-" + ($File -replace '\..*$', '').Substring(0, 3)
            $lab = New-NetLab -Path (Join-Path $labs $File) -Name $name -Prefix "$name-" -WarningAction SilentlyContinue
            try {
                $lab.Status | Should -Be 'Ready'
                $results = @(Test-NetLab $name -WarningVariable warnings 3>$null)
                $warnings | Should -BeNullOrEmpty
                @($results | Group-Object Source, Target).Count | Should -Be $Pairs
                $results | Where-Object { -not $_.Tested } | Should -BeNullOrEmpty
                $results | Where-Object { -not $_.Passed } | Should -BeNullOrEmpty
            }
            finally { $lab | Remove-NetLab }
            Get-PrefixNamespaces | Where-Object { $_ -like "$name-*" } | Should -BeNullOrEmpty
        }

        It 'applies mtu (9500 by default), mac, ipv4/ipv6 lists, host:IF and the management network (ip -j)' {
            $lab = New-NetLab -Path (Join-Path $labs 'switched.clab.yml') -Name "$prefix-sw" -Prefix "$prefix-sw-" -WarningVariable warnings 3>$null
            try {
                "$warnings" | Should -Match 'switched\.clab\.yml:13:5.*image'
                $h1 = Get-IpJson "$prefix-sw-h1" addr show eth1
                $h1.mtu | Should -Be 9500
                $h1.addr_info.local | Should -Contain '10.10.0.1'
                $h1.addr_info.local | Should -Contain 'fd00:10::1'
                $h3 = Get-IpJson "$prefix-sw-h3" addr show eth1
                $h3.mtu | Should -Be 1500
                $h3.address | Should -Be '02:00:5e:10:00:03'
                ((Get-IpJson "$prefix-sw-h3" addr show eth0).addr_info | Where-Object family -eq inet).local | Should -Be '172.31.100.13'
                (Get-IpJson "$prefix-sw-host" link show master br-switched).ifname | Sort-Object | Should -Be @('h1', 'h2', 'h3')
                ($lab.Nodes | Where-Object Node -eq host).Kind | Should -Be 'Host'
                # Names: every node's /etc/hosts (its /etc/netns file) lists the others.
                (Invoke-NetLab -Lab $lab.Lab -Node h1 { getent ahostsv4 h3 }) -join ' ' | Should -Match '^10\.10\.0\.3\s'
                (Invoke-NetLab -Lab $lab.Lab -Node h2 { ping -c 1 -W 2 h1 }) -join ' ' | Should -Match '1 received'
                Test-Path "/etc/netns/$prefix-sw-h1/hosts" | Should -BeTrue
            }
            finally { $lab | Remove-NetLab }
            Test-Path "/etc/netns/$prefix-sw-h1" | Should -BeFalse
        }

        It 'reaches the lab''s host node over a host:IF link when a pair names it' {
            $file = Join-Path $TestDrive 'host.clab.yml'
            Set-Content -Path $file -Value @'
name: hostlink
topology:
  nodes:
    a: {}
  links:
    - endpoints: ["a:eth1", "host:a-eth1"]
      ipv4: ["10.9.0.2/24", "10.9.0.1/24"]
'@
            $lab = New-NetLab -Path $file -Name "$prefix-hl" -Prefix "$prefix-hl-"
            try {
                (Get-IpJson "$prefix-hl-host" link show a-eth1).mtu | Should -Be 9500
                $r = Test-NetLab $lab.Lab -Pair 'a->host', 'host->a'
                $r.Count | Should -Be 2
                $r.Passed | Should -Not -Contain $false
            }
            finally { $lab | Remove-NetLab }
        }

        It 'fails the build on a failing exec line with the node and file:line, and leaves nothing' {
            $file = Join-Path $TestDrive 'fails.clab.yml'
            Set-Content -Path $file -Value @'
topology:
  nodes:
    a:
      exec:
        - echo first
        - sh -c 'echo broken >&2; exit 3'
    b: {}
  links:
    - endpoints: [a:eth1, b:eth1]
'@
            $e = Get-CommandError { New-NetLab -Path $file -Name "$prefix-ex" -Prefix "$prefix-ex-" -ErrorAction Stop }
            $e.FullyQualifiedErrorId | Should -BeLike 'LabExecFailed,*'
            $e.Exception.Message | Should -Match 'fails\.clab\.yml:6:11'
            $e.Exception.Message | Should -Match "node 'a'"
            $e.Exception.Message | Should -Match 'exit code 3'
            $e.Exception.Message | Should -Match 'broken'
            Get-PrefixNamespaces | Where-Object { $_ -like "$prefix-ex-*" } | Should -BeNullOrEmpty
            Get-PrefixRecords | Where-Object Name -like "$prefix-ex*" | Should -BeNullOrEmpty
            Test-Path "/etc/netns/$prefix-ex-a" | Should -BeFalse
        }

        It 'keeps what the exec lines printed (Get-NetLab)' {
            $file = Join-Path $TestDrive 'prints.clab.yml'
            Set-Content -Path $file -Value "topology:`n  nodes:`n    a:`n      exec: ['echo hello from a', 'cat /proc/sys/net/ipv4/ip_forward']`n"
            $lab = New-NetLab -Path $file -Name "$prefix-pr" -Prefix "$prefix-pr-"
            try {
                $exec = (Get-NetLab -Name "$prefix-pr").Nodes.Exec
                $exec.Command | Should -Be @('echo hello from a', 'cat /proc/sys/net/ipv4/ip_forward')
                $exec[0].Output | Should -Be "hello from a`n"
                $exec.ExitCode | Should -Be @(0, 0)
            }
            finally { $lab | Remove-NetLab }
        }

        It 'refuses a containerlab feature it cannot honour at its file:line, building nothing' {
            $file = Join-Path $TestDrive 'macvlan.clab.yml'
            Set-Content -Path $file -Value "topology:`n  nodes:`n    a: {}`n  links:`n    - endpoints: [a:eth1, macvlan:enp0s3]`n"
            $e = Get-CommandError { New-NetLab -Path $file -Name "$prefix-mv" -Prefix "$prefix-mv-" -ErrorAction Stop }
            $e.FullyQualifiedErrorId | Should -BeLike 'InvalidLabDefinition,*'
            $e.Exception.Message | Should -Match 'macvlan\.clab\.yml:5:27.*macvlan'
            Get-PrefixNamespaces | Where-Object { $_ -like "$prefix-mv-*" } | Should -BeNullOrEmpty
        }
    }

    Context 'a lab with nothing to test' {
        It 'warns and returns results that say so and do not pass (Test-NetLab never passes vacuously)' {
            $lab = New-NetLab -Name "$prefix-void" -Prefix "$prefix-void-" -Definition @{ Nodes = @{ a = @{}; b = @{} }; Links = @(@{ Endpoints = 'a:eth0', 'b:eth0' }) }
            try {
                $results = @(Test-NetLab $lab.Lab -WarningVariable warnings 3>$null)
                "$warnings" | Should -Match 'Nothing was tested'
                $results.Count | Should -Be 2
                $results.Tested | Should -Not -Contain $true
                $results.Passed | Should -Not -Contain $true
                $results[0].Message | Should -Match 'no address'
                (Test-NetLab $lab.Lab -AsMatrix -WarningAction SilentlyContinue | Where-Object Source -eq 'a').b | Should -Be 'n/a'
            }
            finally { $lab | Remove-NetLab }
            $one = New-NetLab -Name "$prefix-one" -Prefix "$prefix-one-" -Definition @{ Nodes = @{ solo = @{} } }
            try {
                $result = Test-NetLab $one.Lab -WarningVariable warnings 3>$null
                "$warnings" | Should -Match 'no pair'
                $result.Tested | Should -BeFalse
                $result.Passed | Should -BeFalse
            }
            finally { $one | Remove-NetLab }
        }
    }

    Context 'NAT and link impairment' {
        It 'masquerades out of the interface it is told (nft -j in the node)' {
            $lab = New-NetLab -Name "$prefix-nat" -Prefix "$prefix-nat-" -Definition ([ordered]@{
                Nodes = [ordered]@{
                    gw  = @{ Forwarding = $true; Masquerade = 'out0'; Bridges = @{ br0 = @{ Address = '10.7.0.1/24'; Pool = '10.7.0.0/24' } } }
                    c1  = @{ DefaultRoute = '10.7.0.1' }
                    far = @{ }
                }
                Links = @(@{ Endpoints = 'c1:eth0', 'gw:br0' }, @{ Endpoints = 'gw:out0', 'far:eth0'; Pool = '192.0.2.0/30' })
            })
            try {
                $nft = & ip netns exec "$prefix-nat-gw" nft -j list ruleset | ConvertFrom-Json
                @($nft.nftables | Where-Object rule | ForEach-Object { $_.rule.expr } | Where-Object { $_.PSObject.Properties.Name -contains 'masquerade' }).Count | Should -Be 1
                # c1 reaches far only through the masquerade (far has no route back to 10.7.0.0/24).
                Test-NetPing -Namespace "$prefix-nat-c1" -Address 192.0.2.2 | Should -BeTrue
            }
            finally { $lab | Remove-NetLab }
        }
        It 'shapes a link end with a rate (tbf, tc -j) and removes it with the lab' {
            $lab = New-NetLab -Name "$prefix-tbf" -Prefix "$prefix-tbf-" -Definition @{
                Nodes = @{ a = @{}; b = @{} }
                Links = @(@{ Endpoints = @(@{ Node = 'a'; Interface = 'eth0'; Rate = '1mbit' }, 'b:eth0'); Pool = '10.51.0.0/30' })
            }
            try {
                $qdisc = & tc -j -n "$prefix-tbf-a" qdisc show dev eth0 | ConvertFrom-Json | Where-Object root
                $qdisc.kind | Should -Be 'tbf'
                $qdisc.options.rate | Should -Be 125000 # bytes per second
                (& tc -j -n "$prefix-tbf-b" qdisc show dev eth0 | ConvertFrom-Json | Where-Object root).kind | Should -Not -Be 'tbf'
                $lab.Links[0].ImpairmentA | Should -Be 'rate 1mbit'
            }
            finally { $lab | Remove-NetLab }
        }
        It 'the 100 ms / 1% loss lab: RTT within [100, 150) ms and loss within bounds, or a clean refusal where the kernel has no netem' {
            # The kernel loads sch_netem on demand where it has it; where it has not, the build must fail whole.
            $lab = $null
            try { $lab = New-NetLab -Path (Join-Path $labs 'impaired.psd1') -Name "$prefix-im" -Prefix "$prefix-im-" -ErrorAction Stop }
            catch { $e = $_ }
            if (-not $lab) {
                $e.FullyQualifiedErrorId | Should -BeLike 'QdiscKindNotSupported,*'
                $e.Exception.Message | Should -Match 'netem'
                Get-PrefixNamespaces | Where-Object { $_ -like "$prefix-im*" } | Should -BeNullOrEmpty
                Test-Path (Join-Path $records "$prefix-im.json") | Should -BeFalse
                return
            }
            try {
                $probe = $lab | Test-NetLab -Pair 'b->a' -Count 200 -Timeout 1
                $probe.Reachable | Should -BeTrue
                $probe.RttMs | Should -BeGreaterOrEqual 100
                $probe.RttMs | Should -BeLessThan 150
                # 1% loss on one direction: over 200 echoes, more than 10% lost would be a 1e-6 event.
                $probe.Received | Should -BeGreaterOrEqual 180
                $probe.Received | Should -BeLessOrEqual 200
            }
            finally { $lab | Remove-NetLab }
        }
    }

    Context 'bad input on every name, path and address parameter' {
        BeforeAll {
            $lab = New-NetLab -Path (Join-Path $labs 'walkthrough.psd1') -Name "$prefix-bi" -Prefix "$prefix-bi-"
            $before = (Get-PrefixNamespaces) -join ','
        }
        AfterAll { $lab | Remove-NetLab }
        It '<Name> fails with <Id> (<Category>) and changes nothing' -ForEach @(
            @{ Name = 'New-NetLab -Path (missing file)'; Run = { New-NetLab -Path (Join-Path $TestDrive 'nope.psd1') -Name "$prefix-x" }; Id = 'NotFound'; Category = 'ObjectNotFound' }
            @{ Name = 'New-NetLab -Path (not a lab format)'; Run = { New-NetLab -Path '/etc/hostname' -Name "$prefix-x" }; Id = 'InvalidLabDefinition'; Category = 'InvalidArgument' }
            @{ Name = 'New-NetLab -Name with a space'; Run = { New-NetLab -Path (Join-Path $labs 'walkthrough.psd1') -Name 'a b' }; Id = 'InvalidLabDefinition'; Category = 'InvalidArgument' }
            @{ Name = 'New-NetLab -Prefix with a slash'; Run = { New-NetLab -Path (Join-Path $labs 'walkthrough.psd1') -Name "$prefix-x" -Prefix 'a/' }; Id = 'InvalidNamespaceName'; Category = 'InvalidArgument' }
            @{ Name = 'New-NetLab of a recorded name'; Run = { New-NetLab -Path (Join-Path $labs 'walkthrough.psd1') -Name "$prefix-bi" -Prefix "$prefix-zz-" }; Id = 'LabExists'; Category = 'ResourceExists' }
            @{ Name = 'New-NetLab over existing namespaces'; Run = { New-NetLab -Path (Join-Path $labs 'walkthrough.psd1') -Name "$prefix-x" -Prefix "$prefix-bi-" }; Id = 'NamespaceExists'; Category = 'ResourceExists' }
            @{ Name = 'New-NetLab -Definition with a bad gateway'; Run = { New-NetLab -Name "$prefix-x" -Definition @{ Nodes = @{ a = @{ DefaultRoute = '10.0.0.1/24' } } } }; Id = 'InvalidLabDefinition'; Category = 'InvalidArgument' }
            @{ Name = 'Get-NetLab of an unknown lab'; Run = { Get-NetLab -Name "$prefix-none" }; Id = 'LabNotFound'; Category = 'ObjectNotFound' }
            @{ Name = 'Remove-NetLab of an unknown lab'; Run = { Remove-NetLab "$prefix-none" }; Id = 'LabNotFound'; Category = 'ObjectNotFound' }
            @{ Name = 'Remove-NetLab of a bad name'; Run = { Remove-NetLab '../etc' }; Id = 'InvalidLabDefinition'; Category = 'InvalidArgument' }
            @{ Name = 'Test-NetLab -Pair without an arrow'; Run = { Test-NetLab "$prefix-bi" -Pair 'red green' }; Id = 'InvalidArgument'; Category = 'InvalidArgument' }
            @{ Name = 'Test-NetLab -Pair with an unknown node'; Run = { Test-NetLab "$prefix-bi" -Pair 'red->ghost' }; Id = 'LabNodeNotFound'; Category = 'ObjectNotFound' }
            @{ Name = 'Test-NetLab -Expect with a bad value'; Run = { Test-NetLab "$prefix-bi" -Expect @{ 'red->green' = 'maybe' } }; Id = 'InvalidArgument'; Category = 'InvalidArgument' }
            @{ Name = 'Invoke-NetLab -Node unknown'; Run = { Invoke-NetLab -Lab "$prefix-bi" -Node ghost { 1 } }; Id = 'LabNodeNotFound'; Category = 'ObjectNotFound' }
            @{ Name = 'Invoke-NetLab -Node with a slash'; Run = { Invoke-NetLab -Lab "$prefix-bi" -Node 'a/b' { 1 } }; Id = 'InvalidArgument'; Category = 'InvalidArgument' }
            @{ Name = 'Show-NetLab -OutFile .txt'; Run = { Show-NetLab "$prefix-bi" -OutFile (Join-Path $TestDrive 'x.txt') }; Id = 'OutFileNotWritable'; Category = 'InvalidArgument' }
            @{ Name = 'Show-NetLab of an unknown lab'; Run = { Show-NetLab "$prefix-none" }; Id = 'LabNotFound'; Category = 'ObjectNotFound' }
        ) {
            $e = Get-CommandError { $ErrorActionPreference = 'Stop'; & $Run }
            $e.FullyQualifiedErrorId | Should -BeLike "$Id,*"
            $e.CategoryInfo.Category | Should -Be $Category
            (Get-PrefixNamespaces) -join ',' | Should -Be $before
            (Get-NetLab -Name "$prefix-bi").Status | Should -Be 'Ready'
            Get-PrefixRecords | ForEach-Object BaseName | Should -Be "$prefix-bi"
        }
    }
}
