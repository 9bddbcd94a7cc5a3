#Requires -Modules Pester
# LinuxNetPS over PowerShell remoting (SSH), against three simulated hosts on this machine
# (tests/MultiHost/SimulatedHosts.ps1: each host its own network, mount and PID namespaces with a private /run,
# Debian's sshd with a key made for the run, pwsh as its powershell subsystem; the controller is this pwsh, whose
# ssh runs in a controller namespace on the underlay). Written as a user drives several machines:
# New-PSSession -HostName, Invoke-Command -Session, errors and views of what comes back.

Describe 'LinuxNetPS over remoting on three hosts' -Tag 'Remoting', 'Lab' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        . (Join-Path $PSScriptRoot 'MultiHost' 'SimulatedHosts.ps1')
        $script:prefix = New-LabPrefix
        $started = Start-SimulatedHostSession -Prefix $prefix -Count 3
        $script:lab = $started.Lab
        $script:sessions = $started.Sessions
        $script:h1, $script:h2, $script:h3 = $sessions

        # The rendered lines, without trailing blanks.
        function Show-View([object[]] $Objects, [int] $Width) {
            @(($Objects | Out-String -Width $Width) -split "`n" | ForEach-Object { $_.TrimEnd() })
        }
    }

    AfterAll {
        if ($sessions) { Remove-PSSession -Session $sessions -ErrorAction Ignore }
        if ($lab) { Stop-SimulatedHost $lab }
    }

    It 'each host is a machine of its own: its own links and addresses, its own /run/netns' {
        $addresses = Invoke-Command -Session $sessions { Get-NetAddress -Interface eth0 -Family IPv4 }
        $addresses | Sort-Object PSComputerName | ForEach-Object { "$($_.PSComputerName) $($_.Cidr)" } |
            Should -Be 'h1 10.254.0.11/24', 'h2 10.254.0.12/24', 'h3 10.254.0.13/24'

        # The same namespace name on every host: three namespaces, none of them the machine's.
        $made = Invoke-Command -Session $sessions { New-NetNamespace -Name "$using:prefix-c1" }
        @($made).Count | Should -Be 3
        @($made.Inode | Sort-Object -Unique).Count | Should -Be 3
        Test-Path "/run/netns/$prefix-c1" | Should -BeFalse
        @(Invoke-Command -Session $h2 { Get-NetNamespace }).Namespace | Should -Be "$prefix-c1"
    }

    It 'Invoke-Command runs the module on every host, each result tagged with PSComputerName' {
        $links = Invoke-Command -Session $sessions { Get-NetLink }
        ($links.PSComputerName | Sort-Object -Unique) | Should -Be 'h1', 'h2', 'h3'
        foreach ($name in 'h1', 'h2', 'h3') {
            ($links | Where-Object PSComputerName -eq $name).Name | Sort-Object | Should -Be 'eth0', 'lo'
        }
        $links[0].pstypenames[0] | Should -Be 'Deserialized.LinuxNetPS.Model.NetLink'
        # Properties users filter on survive, the types file's Windows aliases among them. An enum comes back as its
        # number that prints as its name (PowerShell's serializer): compare it as a string.
        ($links | Where-Object { $_.Kind -eq 'veth' -and $_.IsUp -and [string]$_.OperState -eq 'Up' }).Count | Should -Be 3
        (Invoke-Command -Session $h1 { Get-NetAddress -Interface eth0 -Family IPv4 }).InterfaceAlias | Should -Be 'eth0'
    }

    It 'an error on one host comes back as an ErrorRecord with its id and category while the others succeed' {
        Invoke-Command -Session $h1, $h3 { $null = New-NetBridge -Name brx }
        $found = Invoke-Command -Session $sessions { Get-NetLink -Name brx } -ErrorAction SilentlyContinue -ErrorVariable failed
        ($found.PSComputerName | Sort-Object) | Should -Be 'h1', 'h3'
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'LinkNotFound,*'
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failed[0].CategoryInfo.TargetName | Should -Be 'brx'
        $failed[0].OriginInfo.PSComputerName | Should -Be 'h2'
        $failed[0].Exception.Message | Should -Match 'brx'
    }

    It '-WhatIf changes nothing on any host' {
        # What if: lines go to the caller's host, as for any remote command.
        Invoke-Command -Session $sessions { New-NetBridge -Name brw -WhatIf; Remove-NetLink -Name eth0 -WhatIf }
        $links = Invoke-Command -Session $sessions { Get-NetLink }
        $links | Where-Object Name -eq 'brw' | Should -BeNullOrEmpty
        @($links | Where-Object Name -eq 'eth0').Count | Should -Be 3
    }

    It 'Remove-NetNamespace (ConfirmImpact High) from a non-interactive script over SSH says how to run it without a prompt, and removes nothing' {
        # A script run by cron or CI: pwsh -NonInteractive, so the remote confirmation has nobody to ask.
        # PowerShell fails such a prompt ("NonInteractive mode"); LinuxNetPS keeps that and names the way out.
        $name = "$prefix-c1"
        $script = "Invoke-Command -HostName h1 { Import-Module LinuxNetPS; Remove-NetNamespace -Name '$name' } -ErrorVariable e -ErrorAction SilentlyContinue; " +
            '$e | ForEach-Object { "ID=" + $_.FullyQualifiedErrorId; "CATEGORY=" + $_.CategoryInfo.Category; "MESSAGE=" + $_.Exception.Message }'
        $out = & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -Command $script 2>&1 | ForEach-Object { "$_" }
        $out | Should -Contain 'ID=InteractiveHostRequired,LinuxNetPS.Commands.RemoveNetNamespaceCommand'
        $out | Should -Contain 'CATEGORY=NotImplemented'
        ($out | Where-Object { $_ -like 'MESSAGE=*' }) | Should -Match '-Force or -Confirm:\$false'
        (Invoke-Command -Session $h1 { Get-NetNamespace -Name $using:name }).Namespace | Should -Be $name

        # As the message says: -Force (or -Confirm:$false) runs it.
        Invoke-Command -Session $h1 { Remove-NetNamespace -Name $using:name -Force }
        Invoke-Command -Session $h1 { Get-NetNamespace } | Should -BeNullOrEmpty
    }

    Context 'Views of deserialized objects' {
        BeforeAll {
            $script:ns = "$prefix-v"
            Invoke-Command -Session $h1 {
                $ns = $using:ns
                $null = New-NetNamespace -Name $ns
                $null = New-NetBridge -Name br0 -Up -Namespace $ns
                $null = New-VethPair -Name v0 -PeerName v1 -Namespace $ns -Master br0 -Up
                Add-NetAddress -Address 10.7.0.1/24 -Interface br0 -Namespace $ns
                Add-NetRoute -Destination 10.99.0.0/16 -Gateway 10.7.0.254 -Namespace $ns
                $null = New-NetNeighbor 10.7.0.20 -Interface br0 -LinkLayerAddress 02:00:00:00:00:20 -Namespace $ns
                Add-BridgeFdb 02:00:00:00:00:22 -Interface v0 -Namespace $ns
            }
        }

        # What the host itself prints for an object, and what the controller prints for the same object after it
        # crossed the wire (the remoting note properties taken off) are the same text.
        It '<Command> looks the same on the controller as on the host, at 80 and 200 columns' -ForEach @(
            @{ Command = 'Get-NetLink -Namespace $ns' }
            @{ Command = 'Get-NetAddress -Namespace $ns' }
            @{ Command = 'Get-NetRoute -Namespace $ns' }
            @{ Command = 'Get-NetBridge -Namespace $ns' }
            @{ Command = 'Get-BridgePort -Namespace $ns' }
            @{ Command = 'Get-NetNamespace -Name $ns' }
            @{ Command = 'Get-IPForwarding -Namespace $ns' }
            @{ Command = 'Get-NetNeighbor -Interface br0 -Namespace $ns' }
            @{ Command = 'Get-BridgeFdb -Namespace $ns -Interface v0' }
            @{ Command = 'New-VethPair -Name w0 -PeerName w1 -Namespace $ns' }
        ) {
            $back = Invoke-Command -Session $h1 -ArgumentList $Command {
                param($command)
                $ns = $using:ns
                $objects = @(& ([scriptblock]::Create($command)))
                $objects
                # Strings last, one per width, rendered by the host's own format data.
                foreach ($width in 80, 200) { "$width`n" + ($objects | Out-String -Width $width) }
            }
            $objects = @($back | Where-Object { $_ -isnot [string] })
            $objects.Count | Should -BeGreaterThan 0
            $objects[0].pstypenames[0] | Should -BeLike 'Deserialized.LinuxNetPS.Model.*'
            foreach ($o in $objects) {
                foreach ($p in 'PSComputerName', 'PSShowComputerName', 'RunspaceId') { $o.psobject.Properties.Remove($p) }
            }
            foreach ($width in 80, 200) {
                $there = ($back | Where-Object { $_ -is [string] -and $_.StartsWith("$width`n") }).Substring("$width`n".Length)
                (Show-View $objects $width) -join "`n" | Should -Be ((@($there -split "`n" | ForEach-Object { $_.TrimEnd() })) -join "`n")
            }
        }

        It 'at 80 columns, results from several hosts sit under one heading per host and namespace' {
            $links = Invoke-Command -Session $sessions { Get-NetLink } | Sort-Object PSComputerName
            $lines = Show-View $links 80
            foreach ($name in 'h1', 'h2', 'h3') {
                @($lines | Where-Object { $_ -match "^\s*Namespace: \(host\) on $name$" }).Count | Should -Be 1
            }
            $lines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
            # Local objects keep the plain heading.
            (Show-View (Get-NetLink -Namespace $lab.Controller) 80) | Where-Object { $_ -match 'Namespace:' } |
                Should -Match "^\s*Namespace: $([regex]::Escape($lab.Controller))$"
        }

        It 'at 80 columns, <View> names the host on every row' -ForEach @(
            @{ View = 'NetNamespace'; Command = { Get-NetNamespace -Name $using:ns } }
            @{ View = 'IPForwarding'; Command = { Get-IPForwarding -Namespace $using:ns } }
        ) {
            $objects = Invoke-Command -Session $h1 $Command
            $lines = Show-View $objects 80
            $lines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
            $header = $lines | Where-Object { $_ -match 'PSComputerName' }
            $header | Should -Not -BeNullOrEmpty
            @($lines | Where-Object { $_ -match '\sh1$' }).Count | Should -Be @($objects).Count
        }
    }

    Context 'A VXLAN overlay across the three hosts, built with the cmdlets' {
        BeforeAll {
            # The recipe of about_LinuxNetPS (MANY HOSTS), on every host at once: a bridge, a VXLAN device on it
            # (VNI 42, UDP 4789, over eth0), one flooding entry per other host (head-end replication), and a
            # container namespace whose veth joins the bridge with 10.200.0.<i>/24 and the overlay's MTU.
            $underlay = $lab.Hosts.Address
            Invoke-Command -Session $sessions -ArgumentList (, $underlay) {
                param([string[]] $underlay)
                $me = (Get-NetAddress -Interface eth0 -Family IPv4).IPAddress.ToString()
                $i = [int]$me.Split('.')[-1] - 10
                $null = New-NetBridge -Name ov42 -Up
                $null = New-NetLink -Name vx42 -Kind vxlan -Parent eth0 -Option @{ id = 42; dstport = 4789; local = $me } -Master ov42 -Up
                Add-BridgeFdb 00:00:00:00:00:00 -Interface vx42 -Destination ($underlay | Where-Object { $_ -ne $me })
                $null = New-NetNamespace -Name c
                $null = New-VethPair -Name c-eth -PeerName eth0 -PeerNamespace c -Master ov42 -Mtu 1450 -Up
                Add-NetAddress -Address "10.200.0.$i/24" -Interface eth0 -Namespace c
                Set-NetLink -Name lo -Up -Namespace c
            }
            # The oracle: nft counters on the underlay bridge (a namespace of the test), VXLAN and bare ICMP apart.
            $ruleset = "table bridge probe {`n chain forward {`n  type filter hook forward priority 0; policy accept;`n  udp dport 4789 counter`n  ip protocol icmp counter`n }`n}`n"
            $ruleset | & ip netns exec $lab.Underlay nft -f -
            if ($LASTEXITCODE -ne 0) { throw 'nft could not add the probe counters to the underlay' }
        }

        It 'every container reaches the containers on the other hosts' {
            $results = Invoke-Command -Session $sessions {
                $me = [int](Get-NetAddress -Interface eth0 -Family IPv4 -Namespace c).IPAddress.ToString().Split('.')[-1]
                foreach ($other in (1..3 | Where-Object { $_ -ne $me })) {
                    $null = Invoke-NetNamespace -Namespace c -FilePath ping -ArgumentList '-c', '1', '-W', '3', "10.200.0.$other"
                    [pscustomobject]@{ From = $me; To = $other; Ok = $LASTEXITCODE -eq 0 }
                }
            }
            @($results).Count | Should -Be 6
            $results | Where-Object { -not $_.Ok } | ForEach-Object { "10.200.0.$($_.From) -> 10.200.0.$($_.To)" } | Should -BeNullOrEmpty
        }

        It 'the underlay carries the overlay as VXLAN (UDP 4789), never as bare ICMP' {
            $json = & ip netns exec $lab.Underlay nft -j list table bridge probe | ConvertFrom-Json
            $counters = $json.nftables | Where-Object { $_.rule } | ForEach-Object {
                [pscustomobject]@{ Rule = ($_.rule.expr | ConvertTo-Json -Compress -Depth 8); Packets = ($_.rule.expr | Where-Object { $_.counter }).counter.packets }
            }
            ($counters | Where-Object Rule -match '4789').Packets | Should -BeGreaterThan 11
            ($counters | Where-Object Rule -match 'icmp').Packets | Should -Be 0
        }

        It 'the hosts'' VXLAN devices name each other as flooding destinations' {
            $fdb = Invoke-Command -Session $sessions {
                Get-BridgeFdb -Interface vx42 | Where-Object MacAddress -eq '00:00:00:00:00:00' | ForEach-Object { "$($_.RemoteAddress)" }
            }
            foreach ($h in $lab.Hosts) {
                $fdb | Where-Object PSComputerName -eq $h.Name | Sort-Object |
                    Should -Be ($lab.Hosts | Where-Object Name -ne $h.Name | ForEach-Object Address)
            }
        }
    }

    Context 'Fan-out' {
        It 'the same change on every host in parallel: results tagged by host, a failing host reported, the rest done' {
            # h2 already has the bridge: its New-NetBridge fails, the other two are made.
            Invoke-Command -Session $h2 { $null = New-NetBridge -Name brf }
            $made = Invoke-Command -Session $sessions { New-NetBridge -Name brf -Up } -ErrorAction SilentlyContinue -ErrorVariable failed
            ($made.PSComputerName | Sort-Object) | Should -Be 'h1', 'h3'
            $failed.Count | Should -Be 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'LinkExists,*'
            $failed[0].OriginInfo.PSComputerName | Should -Be 'h2'
        }

        It 'a host that cannot be reached is one error; the others answer' {
            $links = Invoke-Command -HostName h1, unreachable, h3 { Import-Module LinuxNetPS; Get-NetLink -Name eth0 } -ErrorAction SilentlyContinue -ErrorVariable failed
            ($links.PSComputerName | Sort-Object) | Should -Be 'h1', 'h3'
            $failed.Count | Should -Be 1
            $failed[0].TargetObject, $failed[0].OriginInfo.PSComputerName, $failed[0].Exception.Message -join ' ' | Should -Match 'unreachable'
        }
    }
}
