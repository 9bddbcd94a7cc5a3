#Requires -Modules Pester
# Labs split over hosts (New-NetLab -Session / -Hosts, issue 21 §3): each host builds its nodes through its own
# LinuxNetPS over PowerShell remoting, a link between hosts is a point-to-point VXLAN tunnel over the underlay. Three
# simulated hosts on this machine (tests/MultiHost/SimulatedHosts.ps1), started once; the Its build on each other, in order.

Describe 'A lab split over three hosts' -Tag 'Remoting', 'Lab' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        . (Join-Path $PSScriptRoot 'MultiHost' 'SimulatedHosts.ps1')
        $script:prefix = New-LabPrefix
        $started = Start-SimulatedHostSession -Prefix $prefix -Count 3
        $script:lab = $started.Lab
        $script:sessions = $started.Sessions
        $script:h1, $script:h2, $script:h3 = $sessions
        $script:address = @{}
        foreach ($h in $lab.Hosts) { $address[$h.Name] = $h.Address }

        # examples/labs/split.psd1: a star over three hosts, the switch on b, one node on a, one more on b, two on c;
        # every link but b1's crosses hosts. One subnet from the switch's pool, so every node reaches every other.
        $script:file = Join-Path $PSScriptRoot '..' 'examples' 'labs' 'split.psd1'
        $script:labName = "$prefix-split"
        $script:nsPrefix = "$prefix-"

        # The oracle on the underlay: VXLAN packets, and bare ICMP echo (none may cross outside a tunnel).
        "table bridge probe {`n chain forward {`n  type filter hook forward priority 0; policy accept;`n  udp dport 4789 counter`n  icmp type { echo-request, echo-reply } counter`n }`n}`n" |
            & ip netns exec $lab.Underlay nft -f -
        if ($LASTEXITCODE -ne 0) { throw 'nft could not add the probe counters to the underlay' }
        function Get-UnderlayCounter([ValidateSet('Vxlan', 'Icmp')][string] $Rule) {
            $json = & ip netns exec $lab.Underlay nft -j list table bridge probe | ConvertFrom-Json
            $rules = @($json.nftables | Where-Object { $_.rule })
            ($rules[[array]::IndexOf(@('Vxlan', 'Icmp'), $Rule)].rule.expr | Where-Object { $_.counter }).counter.packets
        }
        # What a lab can leave on a host, per host, from iproute2 and the state directory: namespaces of the run, VXLAN
        # devices of the host, lab records.
        function Get-Leftovers {
            Invoke-Command -Session $sessions -ArgumentList $prefix {
                param($prefix)
                $ns = @(& ip -j netns list | ConvertFrom-Json | ForEach-Object name | Where-Object { $_ -like "$prefix-*" })
                $vx = @(& ip -j link show type vxlan | ConvertFrom-Json | ForEach-Object ifname)
                $records = @(Get-ChildItem /run/linuxnetps/labs -Filter "$prefix-*" -ErrorAction Ignore | ForEach-Object Name)
                @($ns; $vx; $records) | ForEach-Object { $_ }
            } | ForEach-Object { "$($_.PSComputerName) $_" } | Sort-Object
        }
    }

    AfterAll {
        if ($sessions) {
            Invoke-Command -Session $sessions -ArgumentList $prefix {
                param($prefix)
                Get-NetLab | Where-Object Lab -like "$prefix-*" | Remove-NetLab -Confirm:$false -ErrorAction Ignore
            } -ErrorAction Ignore
            Remove-PSSession -Session $sessions -ErrorAction Ignore
        }
        Get-PSSession | Remove-PSSession -ErrorAction Ignore
        if ($lab) { Stop-SimulatedHost $lab }
    }

    It '-OnHost completes the host keys of the definition typed' {
        $line = "New-NetLab -Path '$file' -OnHost "
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'a', 'b', 'c'
    }

    It 'bad input for Hosts and Host: file:line errors, nothing built' {
        $bad = Join-Path $TestDrive 'bad.psd1'
        "@{`n    Hosts = @{ a = 'h1' }`n    Nodes = @{`n        x = @{ Host = 'z' }`n    }`n}" | Set-Content $bad
        { New-NetLab -Path $bad -Name "$prefix-bad" -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidLabDefinition,LinuxNetPS.Commands.NewNetLabCommand'
        $Error[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $Error[0].Exception.Message | Should -Match 'bad\.psd1:4:.*host .z., which is not in Hosts \(a\)'

        "@{`n    Hosts = @{`n        a = @{ Name = 'h1' }`n    }`n    Nodes = @{ x = @{ Host = 'a' } }`n}" | Set-Content $bad
        { New-NetLab -Path $bad -Name "$prefix-bad" -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidLabDefinition,LinuxNetPS.Commands.NewNetLabCommand'
        $Error[0].Exception.Message | Should -Match 'bad\.psd1:3:.*Hosts\.a must name a host'

        "@{`n    Hosts = @{ a = 'h1' }`n    Nodes = @{`n        x = @{ Host = 'a' }`n        y = @{}`n    }`n}" | Set-Content $bad
        { New-NetLab -Path $bad -Name "$prefix-bad" -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidLabDefinition,LinuxNetPS.Commands.NewNetLabCommand'
        $Error[0].Exception.Message | Should -Match "bad\.psd1:5:.*node 'y' has no Host"

        { New-NetLab -Definition @{ Nodes = @{ x = @{ Host = 'a' } } } -Name "$prefix-bad" -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidLabDefinition,LinuxNetPS.Commands.NewNetLabCommand'
        $Error[0].Exception.Message | Should -Match 'the lab has no Hosts'

        { New-NetLab -Path $file -Name "$prefix-bad" -Hosts @{ a = 42 } -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidLabDefinition,LinuxNetPS.Commands.NewNetLabCommand'
        $Error[0].Exception.Message | Should -Match "-Hosts: the value for 'a' must be a PSSession"

        { New-NetLab -Path $file -Name "$prefix-bad" -OnHost z -ErrorAction Stop } | Should -Throw -ErrorId 'LabHostNotFound,LinuxNetPS.Commands.NewNetLabCommand'
        $Error[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        # -OnHost builds with the hosts' addresses; the file has names.
        { New-NetLab -Path $file -Name "$prefix-bad" -OnHost a -WhatIf -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidLabDefinition,LinuxNetPS.Commands.NewNetLabCommand'
        $Error[0].Exception.Message | Should -Match "split\.psd1:8:\d+ \(Hosts\.a\): Hosts\.a is 'h1'"
        { New-NetLab -Path $file -Name "$prefix-bad" -OnHost a -Session $h1 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterConflict,LinuxNetPS.Commands.NewNetLabCommand'

        Get-NetNamespace | Where-Object Name -like "$prefix-*" | Should -BeNullOrEmpty
        Get-Leftovers | Should -BeNullOrEmpty
    }

    It 'a host that cannot be reached, or has no LinuxNetPS, is a clear error and nothing is built anywhere' {
        { New-NetLab -Path $file -Name $labName -Prefix $nsPrefix -Hosts @{ a = $h1; b = $h2; c = 'unreachable' } -ErrorAction Stop } |
            Should -Throw -ErrorId 'LabHostUnreachable,LinuxNetPS.Commands.NewNetLabCommand'
        $Error[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $Error[0].Exception.Message | Should -Match "host 'c' \(unreachable\) cannot be reached"

        $bare = New-PSSession -HostName h3 -ConnectingTimeout 120000
        try {
            Invoke-Command -Session $bare { $env:PSModulePath = '/nonexistent' }
            { New-NetLab -Path $file -Name $labName -Prefix $nsPrefix -Hosts @{ a = $h1; b = $h2; c = $bare } -ErrorAction Stop } |
                Should -Throw -ErrorId 'LabHostWithoutModule,LinuxNetPS.Commands.NewNetLabCommand'
            $Error[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $Error[0].Exception.Message | Should -Match 'h3 has no LinuxNetPS module'
        }
        finally { Remove-PSSession $bare }
        Get-Leftovers | Should -BeNullOrEmpty
    }

    It '-WhatIf says per host what would be made and makes nothing' {
        # What -WhatIf prints goes to the host; a transcript keeps it.
        $log = Join-Path $TestDrive 'whatif.txt'
        $null = Start-Transcript -Path $log
        try { New-NetLab -Path $file -Name $labName -Prefix $nsPrefix -Session $sessions -WhatIf }
        finally { $null = Stop-Transcript }
        $said = @(Select-String -Path $log -Pattern 'What if:' | ForEach-Object Line)
        $said.Count | Should -Be 3
        $said[0] | Should -Match "network lab '$labName' on host a \(h1\): 1 node as namespaces $nsPrefix\* \(a1\), 0 links, 1 VXLAN tunnel \(a1:eth0 to b VNI \d+\)"
        $said[2] | Should -Match 'on host c \(h3\): 2 nodes .* 2 VXLAN tunnels'
        Get-Leftovers | Should -BeNullOrEmpty
    }

    It 'a host that fails while building makes the hosts that built remove their part again' {
        Invoke-Command -Session $h3 -ArgumentList "$($nsPrefix)c2" { param($ns) $null = New-NetNamespace -Name $ns }
        try {
            $made = New-NetLab -Path $file -Name $labName -Prefix $nsPrefix -Session $sessions -ErrorAction SilentlyContinue -ErrorVariable failed
            $made | Should -BeNullOrEmpty
            @($failed).Count | Should -Be 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'NamespaceExists,*'
            $failed[0].OriginInfo.PSComputerName | Should -Be 'h3'
            $failed[0].Exception.Message | Should -Match "$($nsPrefix)c2"
            Get-Leftovers | Should -Be "h3 $($nsPrefix)c2"
        }
        finally { Invoke-Command -Session $h3 -ArgumentList "$($nsPrefix)c2" { param($ns) Remove-NetNamespace -Name $ns -Force } }
        Get-Leftovers | Should -BeNullOrEmpty
    }

    It 'New-NetLab -Session builds each host''s nodes there; a link between hosts is a VXLAN tunnel to the other host, MTU 50 below the underlay' {
        $made = New-NetLab -Path $file -Name $labName -Prefix $nsPrefix -Session $sessions
        @($made).Count | Should -Be 3
        ($made.PSComputerName | Sort-Object) | Should -Be 'h1', 'h2', 'h3'
        $made.Status | Sort-Object -Unique | Should -Be 'Ready'
        ($made | Sort-Object PSComputerName | ForEach-Object { ($_.Nodes.Node | Sort-Object) -join ',' }) | Should -Be 'a1', 'b1,sw', 'c1,c2'

        # iproute2 on each host: every end of a link between hosts is a VXLAN device in its node's namespace, to the
        # other host's underlay address, port 4789; the link's two ends have one VNI, every link its own.
        $ends = Invoke-Command -Session $sessions -ArgumentList $nsPrefix {
            param($p)
            foreach ($ns in & ip -j netns list | ConvertFrom-Json | ForEach-Object name | Where-Object { $_ -like "$p*" }) {
                foreach ($l in & ip -n $ns -j -d link show type vxlan | ConvertFrom-Json) {
                    $d = $l.linkinfo.info_data
                    [pscustomobject]@{ End = "$($ns.Substring($p.Length)):$($l.ifname)"; Vni = $d.id; Remote = $d.remote; Local = $d.local; Port = $d.port; Mtu = $l.mtu }
                }
            }
        }
        ($ends | ForEach-Object { "$($_.PSComputerName) $($_.End)" } | Sort-Object) |
            Should -Be 'h1 a1:eth0', 'h2 sw:a1', 'h2 sw:c1', 'h2 sw:c2', 'h3 c1:eth0', 'h3 c2:eth0'
        foreach ($e in $ends) {
            $e.Port | Should -Be 4789
            $e.Mtu | Should -Be 1450
            $e.Local | Should -Be $address[$e.PSComputerName]
        }
        ($ends | Where-Object End -eq 'a1:eth0').Remote | Should -Be $address['h2']
        ($ends | Where-Object End -eq 'sw:a1').Remote | Should -Be $address['h1']
        ($ends | Where-Object End -eq 'c2:eth0').Remote | Should -Be $address['h2']
        ($ends | Where-Object End -eq 'a1:eth0').Vni | Should -Be ($ends | Where-Object End -eq 'sw:a1').Vni
        # The link's Rate shapes both tunnel ends, as it would a veth's (tbf: our kernel has no sch_netem).
        $qdiscs = Invoke-Command -Session $h1, $h2 -ArgumentList $nsPrefix {
            param($p)
            $ns, $dev = if ($env:SSH_CONNECTION -match '10\.254\.0\.11') { "$($p)a1", 'eth0' } else { "$($p)sw", 'a1' }
            (& tc -n $ns -j qdisc show dev $dev | ConvertFrom-Json | Where-Object { $_.kind -eq 'tbf' -and $_.root }).kind
        }
        @($qdiscs).Count | Should -Be 2
        ($ends | Where-Object End -eq 'c1:eth0').Vni | Should -Be ($ends | Where-Object End -eq 'sw:c1').Vni
        @($ends.Vni | Sort-Object -Unique).Count | Should -Be 3

        # Nodes find the nodes on other hosts by name (/etc/netns/NS/hosts of a1, on h1).
        $names = Invoke-Command -Session $h1 -ArgumentList "$($nsPrefix)a1" { param($ns) Get-Content "/etc/netns/$ns/hosts" -Raw }
        foreach ($node in 'a1', 'b1', 'c1', 'c2') { $names | Should -Match "(?m)^10\.77\.0\.\d+\t$node\r?$" }
    }

    It 'Test-NetLab -Session pings every node from every node across the hosts, inside the tunnels only' {
        $vxlan = Get-UnderlayCounter Vxlan
        $icmp = Get-UnderlayCounter Icmp
        $results = Test-NetLab -Lab $labName -Session $sessions
        @($results).Count | Should -Be 12
        ($results | ForEach-Object { "$($_.Source)->$($_.Target)" } | Sort-Object -Unique).Count | Should -Be 12
        $results | Where-Object { -not ($_.Passed -and $_.Reachable -and $_.Tested) } | ForEach-Object { "$($_.Source)->$($_.Target) $($_.Message)" } | Should -BeNullOrEmpty
        # Each host probes from its own nodes.
        $where = @{ a1 = 'h1'; b1 = 'h2'; c1 = 'h3'; c2 = 'h3' }
        $results | Where-Object { $where[$_.Source] -ne $_.PSComputerName } | Should -BeNullOrEmpty
        # Every pair crosses the underlay (the switch is on b: c1 and c2 meet there too): a request and a reply each, in VXLAN.
        (Get-UnderlayCounter Vxlan) - $vxlan | Should -BeGreaterOrEqual 20
        (Get-UnderlayCounter Icmp) - $icmp | Should -Be 0
    }

    It 'Get-NetLab -Session: one row per host, each Ready with its links up' {
        $rows = Get-NetLab -Name $labName -Session $sessions
        ($rows.PSComputerName | Sort-Object) | Should -Be 'h1', 'h2', 'h3'
        $rows.Status | Sort-Object -Unique | Should -Be 'Ready'
        ($rows | Where-Object PSComputerName -eq 'h2').Links.State | Sort-Object -Unique | Should -Be 'Up'
        @(($rows | Where-Object PSComputerName -eq 'h2').Links).Count | Should -Be 4
    }

    It 'Show-NetLab -Session draws the whole lab with its hosts as groups' {
        $mermaid = Show-NetLab -Lab $labName -Session $sessions
        $mermaid | Should -Match "subgraph n_host_a\[`"host a \($([regex]::Escape($address['h1']))\)`"\]"
        $mermaid | Should -Match "subgraph n_host_c\[`"host c \($([regex]::Escape($address['h3']))\)`"\]"
        foreach ($node in 'a1', 'b1', 'c1', 'c2', 'sw') { $mermaid | Should -Match "n_$node\b" }
        ([regex]::Matches($mermaid, '---\|')).Count | Should -Be 4
        $dot = Show-NetLab -Lab $labName -Session $sessions -Format Dot
        $dot | Should -Match 'subgraph "cluster_b" \{ label="host b'
    }

    It 'with -Session, -Node and -Endpoint complete what the hosts have' {
        $line = "Invoke-NetLab -Session `$sessions -Lab $labName -Node "
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'a1', 'b1', 'c1', 'c2', 'sw'
        $line = "Set-NetLabLink -Session `$sessions -Lab $labName -Endpoint a1"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'a1:eth0'
    }

    It 'Invoke-NetLab -Session runs the block in the node on whichever host has it, output tagged with PSComputerName' {
        # iproute2 in the node says which namespace the block ran in; the argument crossed both hops.
        foreach ($n in @{ a1 = 'h1'; b1 = 'h2'; c2 = 'h3' }.GetEnumerator()) {
            $out = @(Invoke-NetLab -Session $sessions -Node $n.Key -ArgumentList 'x y' { param($word) "$word $(ip netns identify)" })
            $out.Count | Should -Be 1
            "$($out[0])" | Should -Be "x y $nsPrefix$($n.Key)"
            $out[0].PSComputerName | Should -Be $n.Value
        }
        $in = @(Invoke-NetLab -Session $sessions -Lab $labName -Node c1 -InProcess { ip netns identify })
        "$in" | Should -Be "$($nsPrefix)c1"
        $in[0].PSComputerName | Should -Be 'h3'
        # Through the tunnels, by name; the block's errors come back as errors of that host.
        (Invoke-NetLab -Session $sessions -Node c1 { ping -c 1 -W 2 a1 }) -join ' ' | Should -Match '1 received'
        $null = Invoke-NetLab -Session $sessions -Node b1 { Write-Error 'from b1' } -ErrorAction SilentlyContinue -ErrorVariable failed
        @($failed).Count | Should -Be 1
        $failed[0].Exception.Message | Should -Match 'from b1'
        $failed[0].OriginInfo.PSComputerName | Should -Be 'h2'
        # Stopped from downstream, it ends there and leaves no job behind.
        Invoke-NetLab -Session $sessions -Node b1 { 1; 2; 3 } | Select-Object -First 1 | Should -Be 1
        Get-Job | Should -BeNullOrEmpty
        # A node piped from Get-NetLab -Session brings its lab; two piped in run one after the other.
        $nodes = (Get-NetLab -Name $labName -Session $sessions).Nodes | Where-Object Node -in a1, c2 | Sort-Object Node
        $out = @($nodes | Invoke-NetLab -Session $sessions { ip netns identify })
        "$out" | Should -Be "$($nsPrefix)a1 $($nsPrefix)c2"
        "$($out.PSComputerName)" | Should -Be 'h1 h3'
    }

    It 'Invoke-NetLab -Session: a node no host has, bad names, a closed session or a host without LinuxNetPS are clear errors' {
        { Invoke-NetLab -Session $sessions -Node ghost { 1 } -ErrorAction Stop } | Should -Throw -ErrorId 'LabNodeNotFound,LinuxNetPS.Commands.InvokeNetLabCommand'
        $Error[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $Error[0].Exception.Message | Should -Match "No lab on h1, h2, h3 has a node 'ghost'"
        # The node is on h1 only.
        { Invoke-NetLab -Session $h2, $h3 -Lab $labName -Node a1 { 1 } -ErrorAction Stop } | Should -Throw -ErrorId 'LabNodeNotFound,LinuxNetPS.Commands.InvokeNetLabCommand'
        $Error[0].Exception.Message | Should -Match "The lab '$labName' has no node 'a1' on h2, h3"
        { Invoke-NetLab -Session $sessions -Node 'a/b' { 1 } -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidArgument,LinuxNetPS.Commands.InvokeNetLabCommand'
        $Error[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        { Invoke-NetLab -Session $sessions -Lab 'no/lab' -Node a1 { 1 } -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidLabDefinition,LinuxNetPS.Commands.InvokeNetLabCommand'
        { Invoke-NetLab -Session @() -Node a1 { 1 } } | Should -Throw -ErrorId 'ParameterArgumentValidationError,LinuxNetPS.Commands.InvokeNetLabCommand'

        $bare = New-PSSession -HostName h3 -ConnectingTimeout 120000
        try {
            Invoke-Command -Session $bare { $env:PSModulePath = '/nonexistent' }
            { Invoke-NetLab -Session $h1, $bare -Node a1 { 1 } -ErrorAction Stop } | Should -Throw -ErrorId 'LabHostWithoutModule,LinuxNetPS.Commands.InvokeNetLabCommand'
            $Error[0].Exception.Message | Should -Match 'h3 has no LinuxNetPS module'
        }
        finally { Remove-PSSession $bare }
        { Invoke-NetLab -Session $h1, $bare -Node a1 { 1 } -ErrorAction Stop } | Should -Throw -ErrorId 'LabHostUnreachable,LinuxNetPS.Commands.InvokeNetLabCommand'
        $Error[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $Error[0].Exception.Message | Should -Match 'h3 is Closed'
        # Nothing ran and nothing changed: each host still has its part, ready.
        (Get-NetLab -Name $labName -Session $sessions).Status | Sort-Object -Unique | Should -Be 'Ready'
    }

    It 'Set-NetLabLink -Session changes both ends of a link between hosts (each a VXLAN device on its host), as iproute2 and tc see them' {
        # One end of a link, on its host: up (ip link), and whether a tbf shapes it (tc).
        function Get-End($session, [string] $end) {
            $node, $dev = $end -split ':'
            $state = Invoke-Command -Session $session -ArgumentList "$nsPrefix$node", $dev {
                param($ns, $dev)
                $up = (& ip -n $ns -j link show dev $dev | ConvertFrom-Json).flags -contains 'UP'
                $tbf = [bool](& tc -n $ns -j qdisc show dev $dev | ConvertFrom-Json | Where-Object { $_.kind -eq 'tbf' -and $_.root })
                "up=$up tbf=$tbf"
            }
            "$end $state"
        }
        function Get-Ends { "$(Get-End $h1 a1:eth0) $(Get-End $h2 sw:a1) $(Get-End $h3 c1:eth0) $(Get-End $h2 sw:c1)" }
        $before = Get-Ends
        $before | Should -Be 'a1:eth0 up=True tbf=True sw:a1 up=True tbf=True c1:eth0 up=True tbf=False sw:c1 up=True tbf=False'

        Set-NetLabLink -Lab $labName -Endpoint 'a1--sw' -Session $sessions -State Down -WhatIf
        Get-Ends | Should -Be $before
        $down = Set-NetLabLink -Lab $labName -Endpoint 'a1--sw' -Session $sessions -State Down -PassThru -Confirm:$false
        ($down.PSComputerName | Sort-Object) | Should -Be 'h1', 'h2'
        Get-Ends | Should -Be 'a1:eth0 up=False tbf=True sw:a1 up=False tbf=True c1:eth0 up=True tbf=False sw:c1 up=True tbf=False'
        Set-NetLabLink -Lab $labName -Endpoint 'sw:a1' -Session $sessions -State Up -Confirm:$false
        Get-Ends | Should -Be $before
        # Up again is the lab as built: a1 reaches c1 through the switch.
        (Invoke-NetLab -Session $sessions -Node a1 { ping -c 1 -W 2 c1 }) -join ' ' | Should -Match '1 received'

        # Both ends named: both hosts shape theirs; one end named: that host only.
        Set-NetLabLink -Lab $labName -Endpoint 'c1:eth0--sw:c1' -Session $sessions -Rate 5mbit -Confirm:$false
        Get-Ends | Should -Be 'a1:eth0 up=True tbf=True sw:a1 up=True tbf=True c1:eth0 up=True tbf=True sw:c1 up=True tbf=True'
        Set-NetLabLink -Lab $labName -Endpoint 'c1:eth0' -Session $sessions -NoImpairment -Confirm:$false
        Get-Ends | Should -Be 'a1:eth0 up=True tbf=True sw:a1 up=True tbf=True c1:eth0 up=True tbf=False sw:c1 up=True tbf=True'
        Set-NetLabLink -Lab $labName -Endpoint 'c1--sw' -Session $sessions -NoImpairment -Confirm:$false
        Get-Ends | Should -Be $before
        # A link within one host is changed there only.
        $b1 = Set-NetLabLink -Lab $labName -Endpoint 'b1:eth0' -Session $sessions -Rate 5mbit -PassThru -Confirm:$false
        @($b1).Count | Should -Be 1
        $b1.PSComputerName | Should -Be 'h2'
        Set-NetLabLink -Lab $labName -Endpoint 'b1:eth0' -Session $sessions -NoImpairment -Confirm:$false
    }

    It 'Set-NetLabLink -Session: a link no host has, bad link text or a closed session are clear errors, nothing changed' {
        { Set-NetLabLink -Lab $labName -Endpoint 'a1--c1' -Session $sessions -State Down -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'LabLinkNotFound,LinuxNetPS.Commands.SetNetLabLinkCommand'
        $Error[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $Error[0].Exception.Message | Should -Match "The lab '$labName' has no link 'a1--c1' on h1, h2, h3"
        { Set-NetLabLink -Lab $labName -Endpoint 'a1:' -Session $sessions -State Down -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidLabLink,LinuxNetPS.Commands.SetNetLabLinkCommand'
        $Error[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        { Set-NetLabLink -Lab 'no/lab' -Endpoint 'a1:eth0' -Session $sessions -State Down -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidLabDefinition,LinuxNetPS.Commands.SetNetLabLinkCommand'
        $closed = New-PSSession -HostName h3 -ConnectingTimeout 120000
        Remove-PSSession $closed
        { Set-NetLabLink -Lab $labName -Endpoint 'c1:eth0' -Session $h2, $closed -State Down -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'LabHostUnreachable,LinuxNetPS.Commands.SetNetLabLinkCommand'
        (Get-NetLab -Name $labName -Session $sessions).Links.State | Sort-Object -Unique | Should -Be 'Up'
    }

    It 'Measure-NetLabLink -Session measures on the host that has both nodes and refuses a stream between hosts' {
        # A link within one host goes to that host, which answers itself: the far end of every link here is a switch
        # port, with no address to stream to.
        $link = Measure-NetLabLink -Lab $labName -Endpoint 'b1:eth0' -Session $sessions -Seconds 0.2 -ErrorAction SilentlyContinue -ErrorVariable failed
        $link | Should -BeNullOrEmpty
        @($failed).Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'InvalidLabLink,*'
        $failed[0].OriginInfo.PSComputerName | Should -Be 'h2'
        $failed[0].Exception.Message | Should -Match "far end of the link, 'sw:b1', has no address"
        # c1 and c2 are both on h3 (their stream crosses the switch on h2, through the tunnels).
        $nodes = Measure-NetLabLink -Lab $labName -From c1 -To c2 -Session $sessions -Seconds 0.2
        $nodes.PSComputerName | Should -Be 'h3'
        "$($nodes.Source)->$($nodes.Target)" | Should -Be 'c1->c2'
        $nodes.Bytes | Should -BeGreaterThan 0

        { Measure-NetLabLink -Lab $labName -Endpoint 'a1:eth0' -Session $sessions -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidLabLink,LinuxNetPS.Commands.MeasureNetLabLinkCommand'
        $Error[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $Error[0].Exception.Message | Should -Match 'between hosts \(h1 and h2\)'
        { Measure-NetLabLink -Lab $labName -From a1 -To c1 -Session $sessions -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidLabLink,LinuxNetPS.Commands.MeasureNetLabLinkCommand'
        $Error[0].Exception.Message | Should -Match "'a1' \(on h1\) and 'c1' \(on h3\) are on two hosts"
        # Only one side's session given: that host refuses the link to the other host itself.
        $null = Measure-NetLabLink -Lab $labName -Endpoint 'a1:eth0' -Session $h1 -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'InvalidLabLink,*'
        $failed[0].Exception.Message | Should -Match 'goes to another host'
        { Measure-NetLabLink -Lab $labName -From ghost -To c1 -Session $sessions -ErrorAction Stop } | Should -Throw -ErrorId 'LabNodeNotFound,LinuxNetPS.Commands.MeasureNetLabLinkCommand'
        { Measure-NetLabLink -Lab $labName -From 'a/b' -To c1 -Session $sessions -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidLabLink,LinuxNetPS.Commands.MeasureNetLabLinkCommand'
        { Measure-NetLabLink -Lab $labName -Endpoint 'x9:eth0' -Session $sessions -ErrorAction Stop } | Should -Throw -ErrorId 'LabLinkNotFound,LinuxNetPS.Commands.MeasureNetLabLinkCommand'
    }

    It 'Remove-NetLab -Session removes the lab from every host and leaves nothing' {
        Remove-NetLab -Lab $labName -Session $sessions -WhatIf
        @(Get-NetLab -Name $labName -Session $sessions).Count | Should -Be 3
        $removed = Remove-NetLab -Lab $labName -Session $sessions -Confirm:$false -PassThru
        ($removed.PSComputerName | Sort-Object) | Should -Be 'h1', 'h2', 'h3'
        $removed.Status | Sort-Object -Unique | Should -Be 'Removed'
        Get-Leftovers | Should -BeNullOrEmpty
        Get-NetLab -Session $sessions | Where-Object Lab -eq $labName | Should -BeNullOrEmpty
    }

    It 'New-NetLab opens the sessions itself from the names in Hosts' {
        $before = @(Get-PSSession).Count
        $made = New-NetLab -Path $file -Name "$prefix-own" -Prefix "$prefix-o-"
        ($made.PSComputerName | Sort-Object) | Should -Be 'h1', 'h2', 'h3'
        @(Get-PSSession).Count | Should -Be ($before + 3)
        $opened = Get-PSSession | Select-Object -Last 3
        (Test-NetLab -Lab "$prefix-own" -Session $opened | Where-Object { -not $_.Passed }) | Should -BeNullOrEmpty
        Remove-NetLab -Lab "$prefix-own" -Session $opened -Confirm:$false
        Remove-PSSession $opened
        Get-Leftovers | Should -BeNullOrEmpty
    }
}
