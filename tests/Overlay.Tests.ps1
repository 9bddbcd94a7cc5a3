#Requires -Modules Pester
# Overlay container networks across hosts (New-ContainerNetwork -Driver overlay -Session), driven from a controller over
# PowerShell remoting, against three simulated hosts on this machine (tests/MultiHost/SimulatedHosts.ps1). One set of
# hosts for the whole suite: the Its build on each other, in order.

Describe 'Overlay networks across three hosts' -Tag 'Remoting', 'Lab' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        . (Join-Path $PSScriptRoot 'MultiHost' 'SimulatedHosts.ps1')
        $script:prefix = New-LabPrefix
        $started = Start-SimulatedHostSession -Prefix $prefix -Count 3
        $script:lab = $started.Lab
        $script:sessions = $started.Sessions
        Invoke-Command -Session $sessions { $null = New-NetNamespace -Name c, d }
        $script:h1, $script:h2, $script:h3 = $sessions

        # The oracle on the underlay (a namespace of the test): VXLAN and bare pings apart (echo only: a port-unreachable
        # from a host whose VXLAN device is not up yet is no container traffic), and inside the VXLAN packets the
        # inner Ethernet type (UDP header 8 + VXLAN header 8 + two MACs 12 bytes: bit 224 of the transport header), ARP or IPv4.
        $ruleset = "table bridge probe {`n chain forward {`n  type filter hook forward priority 0; policy accept;`n" +
            "  udp dport 4789 counter`n  icmp type { echo-request, echo-reply } counter`n  udp dport 4789 @th,224,16 0x0806 counter`n  udp dport 4789 @th,224,16 0x0800 counter`n }`n}`n"
        $ruleset | & ip netns exec $lab.Underlay nft -f -
        if ($LASTEXITCODE -ne 0) { throw 'nft could not add the probe counters to the underlay' }
        # The packets counted by the probe rule: Vxlan, Icmp, InnerArp, InnerIPv4.
        function Get-UnderlayCounter([ValidateSet('Vxlan', 'Icmp', 'InnerArp', 'InnerIPv4')][string] $Rule) {
            $json = & ip netns exec $lab.Underlay nft -j list table bridge probe | ConvertFrom-Json
            $rules = @($json.nftables | Where-Object { $_.rule })
            $i = [array]::IndexOf(@('Vxlan', 'Icmp', 'InnerArp', 'InnerIPv4'), $Rule)
            ($rules[$i].rule.expr | Where-Object { $_.counter }).counter.packets
        }
        # Every container network of every host, as "host network".
        function Get-AllNetworks {
            Invoke-Command -Session $sessions { Get-ContainerNetwork | Where-Object Status -ne BuiltIn | ForEach-Object Network } |
                ForEach-Object { "$($_.PSComputerName) $_" } | Sort-Object
        }
        # The VXLAN device's entries on one host, from iproute2: flooding destinations, and remote "ip mac dst".
        function Get-OverlayEntries($Session, [string] $Network) {
            Invoke-Command -Session $Session -ArgumentList $Network {
                param($network)
                $vx = (Get-ContainerNetwork -Network $network).Options['vxlan']
                $fdb = & bridge -j fdb show dev $vx | ConvertFrom-Json
                $neigh = & ip -j -4 neigh show dev $vx | ConvertFrom-Json
                [pscustomobject]@{
                    Flooding = @($fdb | Where-Object mac -eq '00:00:00:00:00:00' | ForEach-Object dst | Sort-Object)
                    Fdb = @($fdb | Where-Object { $_.mac -ne '00:00:00:00:00:00' -and $_.dst } | ForEach-Object { "$($_.mac) $($_.dst)" } | Sort-Object)
                    Neighbors = @($neigh | ForEach-Object { "$($_.dst) $($_.lladdr) $($_.state -join ',')" } | Sort-Object)
                }
            }
        }
    }

    AfterAll {
        if ($sessions) { Remove-PSSession -Session $sessions -ErrorAction Ignore }
        if ($lab) { Stop-SimulatedHost $lab }
    }

    It 'New-ContainerNetwork -Driver overlay -Session makes the network on every host: a slice of the subnet each, one VNI, MTU 50 below the underlay' {
        $made = New-ContainerNetwork -Driver overlay -Name ov -Subnet 10.200.0.0/16 -Vni 4242 -Session $sessions
        @($made).Count | Should -Be 3
        ($made.PSComputerName | Sort-Object) | Should -Be 'h1', 'h2', 'h3'
        ($made | Sort-Object PSComputerName).IPRange | Should -Be '10.200.0.0/24', '10.200.1.0/24', '10.200.2.0/24'
        $made.Mtu | Sort-Object -Unique | Should -Be 1450
        $made.Driver | Sort-Object -Unique | Should -Be 'overlay'

        # iproute2 on each host: the VXLAN device, learning off, proxy on, over eth0 from the host's own address.
        $links = Invoke-Command -Session $sessions {
            $vx = (Get-ContainerNetwork -Network ov).Options['vxlan']
            & ip -j -d link show $vx | ConvertFrom-Json
        }
        foreach ($l in $links) {
            $d = $l.linkinfo.info_data
            $d.id | Should -Be 4242
            $d.port | Should -Be 4789
            $d.learning | Should -BeFalse
            $d.proxy | Should -BeTrue
            $d.local | Should -Be ($lab.Hosts | Where-Object Name -eq $l.PSComputerName).Address
            $l.mtu | Should -Be 1450
        }
        foreach ($h in $lab.Hosts) {
            $s = $sessions | Where-Object ComputerName -eq $h.Name
            (Get-OverlayEntries $s ov).Flooding | Should -Be ($lab.Hosts | Where-Object Name -ne $h.Name | ForEach-Object Address)
        }
    }

    It 'Connect-ContainerNetwork -Session connects a container on any host; the others get its static neighbour and FDB entry' {
        # One host, then two at once.
        $endpoints = @(Connect-ContainerNetwork -Network ov -Namespace c -Session $h1) + @(Connect-ContainerNetwork -Network ov -Namespace c -Session $h2, $h3)
        @($endpoints).Count | Should -Be 3
        $script:addresses = @{}
        $script:macs = @{}
        foreach ($e in $endpoints) { $addresses[$e.PSComputerName] = [string]$e.IPAddress; $macs[$e.PSComputerName] = $e.MacAddress }
        $addresses['h1'] | Should -BeLike '10.200.0.*'
        $addresses['h2'] | Should -BeLike '10.200.1.*'
        $addresses['h3'] | Should -BeLike '10.200.2.*'

        $entries = Get-OverlayEntries $h1 ov
        $others = $endpoints | Where-Object PSComputerName -ne 'h1'
        $entries.Neighbors | Should -Be ($others | ForEach-Object { "$($_.IPAddress) $($_.MacAddress) PERMANENT" } | Sort-Object)
        $entries.Fdb | Should -Be ($others | ForEach-Object { "$($_.MacAddress) $(($lab.Hosts | Where-Object Name -eq $_.PSComputerName).Address)" } | Sort-Object)
    }

    It 'every container reaches every other, over the underlay as VXLAN only, without ARP crossing it' {
        $before = @{}
        foreach ($rule in 'Vxlan', 'Icmp', 'InnerArp', 'InnerIPv4') { $before[$rule] = Get-UnderlayCounter $rule }
        $results = Invoke-Command -Session $sessions -ArgumentList $addresses {
            param($addresses)
            $mine = [string](Get-ContainerEndpoint -Network ov).IPAddress
            foreach ($address in $addresses.Values | Where-Object { $_ -ne $mine }) {
                $null = Invoke-NetNamespace -Namespace c -FilePath ping -ArgumentList '-c', '1', '-W', '3', $address
                [pscustomobject]@{ From = $mine; To = $address; Ok = $LASTEXITCODE -eq 0 }
            }
        }
        @($results).Count | Should -Be 6
        $results | Where-Object { -not $_.Ok } | ForEach-Object { "$($_.From) -> $($_.To)" } | Should -BeNullOrEmpty
        (Get-UnderlayCounter Vxlan) - $before.Vxlan | Should -BeGreaterOrEqual 12
        (Get-UnderlayCounter InnerIPv4) - $before.InnerIPv4 | Should -BeGreaterOrEqual 12
        (Get-UnderlayCounter Icmp) - $before.Icmp | Should -Be 0
        # The containers' ARP requests were answered by their own host's VXLAN device from its static neighbours (proxy):
        # not one crossed the underlay inside the tunnel.
        (Get-UnderlayCounter InnerArp) - $before.InnerArp | Should -Be 0
    }

    It 'two controllers connecting containers at once never hand out one address twice, and every host ends up knowing every container' {
        Invoke-Command -Session $sessions { $null = New-NetNamespace -Name x1, x2, x3, y1, y2, y3 }
        # Two controllers: two runspaces of this PowerShell, each with sessions of its own to the three hosts (as two
        # machines would have; one PSSession runs one command at a time), connecting at the same time.
        $manifest = $script:LinuxNetPSManifest
        $made = 'x', 'y' | ForEach-Object -ThrottleLimit 2 -Parallel {
            Import-Module $using:manifest
            $letter = $_
            $own = @(New-PSSession -HostName h1, h2, h3 -ConnectingTimeout 120000 -ErrorAction Stop | Sort-Object ComputerName)
            try {
                1..3 | ForEach-Object { [pscustomobject]@{ Namespace = "$letter$_" } } | Connect-ContainerNetwork -Network ov -Session $own
            }
            finally {
                Remove-PSSession -Session $own
            }
        }
        @($made).Count | Should -Be 18
        $all = Invoke-Command -Session $sessions { Get-ContainerEndpoint -Network ov }
        @($all).Count | Should -Be 21
        @($all.IPAddress | ForEach-Object { "$_" } | Sort-Object -Unique).Count | Should -Be 21
        foreach ($h in $sessions) {
            $mine = @($all | Where-Object PSComputerName -eq $h.ComputerName)
            $entries = Get-OverlayEntries $h ov
            @($entries.Neighbors).Count | Should -Be (21 - $mine.Count)
            @($entries.Fdb).Count | Should -Be (21 - $mine.Count)
        }
        Invoke-Command -Session $sessions { Remove-NetNamespace -Name x1, x2, x3, y1, y2, y3 -Force }
        # Gone containers are released by the next change of each host; the next sync forgets them everywhere.
    }

    It 'a container on a second overlay (another VNI) does not reach the first one''s containers' {
        $null = New-ContainerNetwork -Driver overlay -Name ov2 -Subnet 10.201.0.0/16 -Vni 4243 -Session $sessions
        $d = Connect-ContainerNetwork -Network ov2 -Namespace d -Session $h1
        [string]$d.IPAddress | Should -BeLike '10.201.0.*'
        # d also takes an address of ov's subnet and knows c's MAC on h2 (its own VXLAN device would answer no ARP for it):
        # its frames to c cross the underlay, with the other VNI, and reach nothing.
        $target = $addresses['h2']
        $innerBefore = Get-UnderlayCounter InnerIPv4
        $reached = Invoke-Command -Session $h1 -ArgumentList $target, $macs['h2'] {
            param($target, $mac)
            Add-NetAddress -Address 10.200.250.9/16 -Interface eth0 -Namespace d
            $null = New-NetNeighbor $target -Interface eth0 -LinkLayerAddress $mac -Namespace d
            $null = Invoke-NetNamespace -Namespace d -FilePath ping -ArgumentList '-c', '2', '-W', '1', $target
            $LASTEXITCODE -eq 0
        }
        $reached | Should -BeFalse
        (Get-UnderlayCounter InnerIPv4) - $innerBefore | Should -BeGreaterOrEqual 2
        Remove-ContainerNetwork -Network ov2 -Session $sessions -Force -Confirm:$false
        Get-AllNetworks | Should -Be 'h1 ov', 'h2 ov', 'h3 ov'
    }

    It 'the fan-out over hosts writes progress (hosts done, of 3), Completed at the end, and nothing with SilentlyContinue' {
        # In a runspace of its own, whose Streams.Progress holds exactly what the cmdlet wrote (as in Progress.Tests.ps1).
        function Invoke-Capturing([string] $Script, [string] $Preference) {
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddCommand('Import-Module').AddParameter('Name', $script:LinuxNetPSManifest).AddStatement()
                $null = $ps.AddScript("`$ProgressPreference = '$Preference'").AddStatement()
                $null = $ps.AddScript($Script).AddArgument($sessions)
                $output = $ps.Invoke()
                [pscustomobject]@{ Output = @($output); Progress = @($ps.Streams.Progress); Errors = @($ps.Streams.Error) }
            }
            finally { $ps.Dispose() }
        }
        $savedInterval = $env:LINUXNETPS_PROGRESS_INTERVAL_MS
        $env:LINUXNETPS_PROGRESS_INTERVAL_MS = '0'   # every record: three hosts on this machine answer within the 200 ms throttle
        try {
            $made = Invoke-Capturing 'param($s) New-ContainerNetwork -Driver overlay -Name ov3 -Subnet 10.202.0.0/16 -Vni 4244 -Session $s' Continue
            $gone = Invoke-Capturing 'param($s) Remove-ContainerNetwork -Network ov3 -Session $s -Force -Confirm:$false' SilentlyContinue
        }
        finally { $env:LINUXNETPS_PROGRESS_INTERVAL_MS = $savedInterval }
        $made.Errors | Should -BeNullOrEmpty
        $made.Output.Count | Should -Be 3
        $records = $made.Progress
        @($records.ActivityId | Sort-Object -Unique).Count | Should -Be 1
        $records[0].Activity | Should -Be "Creating overlay network 'ov3' on 3 host(s)"
        $records.StatusDescription | Should -Contain '3 of 3 hosts answered'
        $records.StatusDescription | Should -Contain '3 of 3 hosts created their part'
        $records[-1].RecordType | Should -Be 'Completed'
        $gone.Errors | Should -BeNullOrEmpty
        $gone.Progress | Should -BeNullOrEmpty
        Get-AllNetworks | Should -Be 'h1 ov', 'h2 ov', 'h3 ov'
    }

    It 'bad input changes nothing on any host: <Case>' -ForEach @(
        @{ Case = 'VNI 0'; Vni = 0; Id = 'InvalidVni'; Category = 'InvalidArgument' }
        @{ Case = 'VNI 16777216'; Vni = 16777216; Id = 'InvalidVni'; Category = 'InvalidArgument' }
        @{ Case = 'VNI taken'; Vni = 4242; Id = 'VniInUse'; Category = 'ResourceExists' }
    ) {
        $before = Get-AllNetworks
        { New-ContainerNetwork -Driver overlay -Name bad -Subnet 10.210.0.0/16 -Vni $Vni -Session $sessions -ErrorAction Stop } |
            Should -Throw -ErrorId "$Id,LinuxNetPS.Commands.NewContainerNetworkCommand"
        $Error[0].CategoryInfo.Category | Should -Be $Category
        Get-AllNetworks | Should -Be $before
    }

    It '-Session is for overlays: another driver, or no -Subnet, is refused before any host is asked' {
        $before = Get-AllNetworks
        { New-ContainerNetwork -Driver bridge -Name bad -Subnet 10.210.0.0/16 -Session $sessions -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,LinuxNetPS.Commands.NewContainerNetworkCommand'
        { New-ContainerNetwork -Driver overlay -Name bad -Vni 78 -Session $sessions -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,LinuxNetPS.Commands.NewContainerNetworkCommand'
        { New-ContainerNetwork -Driver overlay -Name bad -Subnet 10.210.0.1/16 -Vni 78 -Session $sessions -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidSubnet,LinuxNetPS.Commands.NewContainerNetworkCommand'
        $Error[0].Exception.Message | Should -Match '10\.210\.0\.0/16'
        Get-AllNetworks | Should -Be $before
    }

    It 'a host that cannot be reached, or has no LinuxNetPS, is a clear error and nothing changes anywhere' {
        $before = Get-AllNetworks
        $gone = New-PSSession -HostName h2 -ConnectingTimeout 120000
        Remove-PSSession $gone
        { New-ContainerNetwork -Driver overlay -Name bad -Subnet 10.210.0.0/16 -Vni 77 -Session $h1, $gone, $h3 -ErrorAction Stop } |
            Should -Throw -ErrorId 'OverlayHostUnreachable,LinuxNetPS.Commands.NewContainerNetworkCommand'
        $Error[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $Error[0].Exception.Message | Should -Match 'h2'

        # A host whose PowerShell cannot find the module.
        $bare = New-PSSession -HostName h3 -ConnectingTimeout 120000
        try {
            Invoke-Command -Session $bare { $env:PSModulePath = '/nonexistent' }
            { New-ContainerNetwork -Driver overlay -Name bad -Subnet 10.210.0.0/16 -Vni 77 -Session $h1, $bare -ErrorAction Stop } |
                Should -Throw -ErrorId 'OverlayHostWithoutModule,LinuxNetPS.Commands.NewContainerNetworkCommand'
            $Error[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $Error[0].Exception.Message | Should -Match 'h3'
        }
        finally { Remove-PSSession $bare }
        Get-AllNetworks | Should -Be $before
        Invoke-Command -Session $sessions { Get-NetLink -Kind vxlan } | Where-Object { $_.Details.Id -eq 77 } | Should -BeNullOrEmpty
    }

    It '-WhatIf says what would be made and makes nothing' {
        $before = Get-AllNetworks
        New-ContainerNetwork -Driver overlay -Name wi -Subnet 10.220.0.0/16 -Vni 99 -Session $sessions -WhatIf
        Get-AllNetworks | Should -Be $before
    }

    It 'Disconnect-ContainerNetwork -Session: the other hosts forget the container' {
        $gone = Disconnect-ContainerNetwork -Network ov -Namespace c -Session $h3 -PassThru
        [string]$gone.IPAddress | Should -Be $addresses['h3']
        foreach ($s in $h1, $h2) {
            $entries = Get-OverlayEntries $s ov
            $entries.Neighbors | Where-Object { $_ -like "$($addresses['h3']) *" } | Should -BeNullOrEmpty
            $entries.Fdb | Where-Object { $_ -like "* $(($lab.Hosts | Where-Object Name -eq 'h3').Address)" } | Should -BeNullOrEmpty
            @($entries.Neighbors).Count | Should -Be 1
        }
    }

    It 'a host that leaves the overlay leaves no entry for it on the others; a host that joins gets a free slice' {
        $null = Connect-ContainerNetwork -Network ov -Namespace c -Session $h3
        Remove-ContainerNetwork -Network ov -Session $h3 -Force -Confirm:$false
        $h3Address = ($lab.Hosts | Where-Object Name -eq 'h3').Address
        foreach ($s in $h1, $h2) {
            $entries = Get-OverlayEntries $s ov
            $entries.Flooding | Should -Not -Contain $h3Address
            $entries.Fdb | Where-Object { $_ -like "* $h3Address" } | Should -BeNullOrEmpty
            @($entries.Neighbors).Count | Should -Be 1
        }
        Get-AllNetworks | Should -Be 'h1 ov', 'h2 ov'

        # h3 joins again: the same call with every host; h1 and h2 keep theirs.
        $joined = New-ContainerNetwork -Driver overlay -Name ov -Subnet 10.200.0.0/16 -Vni 4242 -Session $sessions
        $joined.PSComputerName | Should -Be 'h3'
        $joined.IPRange | Should -Be '10.200.2.0/24'
        (Get-OverlayEntries $h1 ov).Flooding | Should -Contain $h3Address
    }
}

Describe 'One host''s part of an overlay, by hand: bad input' -Tag 'Lab' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $script:prefix = New-LabPrefix
        $script:ns = "$prefix-h"
        $null = New-NetNamespace -Name $ns, "$prefix-o"
        $null = New-VethPair -Name eth0 -PeerName eth0 -Namespace $ns -PeerNamespace "$prefix-o" -Up
        Add-NetAddress -Address 10.254.9.1/24 -Interface eth0 -Namespace $ns
        function Get-State { "$(@(Get-ContainerNetwork -Namespace $ns | Where-Object Status -ne BuiltIn).Count) $(@(Get-NetLink -Namespace $ns).Count)" }
        $script:before = Get-State
    }
    AfterAll { Remove-Lab -Prefix $prefix }

    It '<Case>: <Id>, nothing made' -ForEach @(
        @{ Case = 'no -Vni'; Extra = @{ UnderlayAddress = '10.254.9.1' }; Id = 'InvalidVni'; Category = 'InvalidArgument' }
        @{ Case = '-Vni 0'; Extra = @{ Vni = 0; UnderlayAddress = '10.254.9.1' }; Id = 'InvalidVni'; Category = 'InvalidArgument' }
        @{ Case = 'no -UnderlayAddress'; Extra = @{ Vni = 7 }; Id = 'InvalidVxlanAddress'; Category = 'InvalidArgument' }
        @{ Case = '-UnderlayAddress not an address'; Extra = @{ Vni = 7; UnderlayAddress = 'eth0' }; Id = 'InvalidAddress'; Category = 'InvalidArgument' }
        @{ Case = '-UnderlayAddress not this host''s'; Extra = @{ Vni = 7; UnderlayAddress = '10.254.9.99' }; Id = 'InvalidVxlanAddress'; Category = 'InvalidArgument' }
        @{ Case = '-PeerAddress not an address'; Extra = @{ Vni = 7; UnderlayAddress = '10.254.9.1'; PeerAddress = 'h2' }; Id = 'InvalidAddress'; Category = 'InvalidArgument' }
        @{ Case = '-PeerAddress this host'; Extra = @{ Vni = 7; UnderlayAddress = '10.254.9.1'; PeerAddress = '10.254.9.1' }; Id = 'InvalidVxlanAddress'; Category = 'InvalidArgument' }
        @{ Case = '-PeerAddress of the other family'; Extra = @{ Vni = 7; UnderlayAddress = '10.254.9.1'; PeerAddress = 'fd00::2' }; Id = 'InvalidVxlanAddress'; Category = 'InvalidArgument' }
        @{ Case = '-Vni on a bridge network'; Extra = @{ Vni = 7; Driver = 'bridge' }; Id = 'InvalidArgument'; Category = 'InvalidArgument' }
    ) {
        $p = @{ Name = 'ov'; Subnet = '10.200.0.0/16'; Namespace = $ns; Driver = 'overlay' }
        foreach ($k in $Extra.Keys) { $p[$k] = $Extra[$k] }
        { New-ContainerNetwork @p -ErrorAction Stop } | Should -Throw -ErrorId "$Id,*"
        $Error[0].CategoryInfo.Category | Should -Be $Category
        Get-State | Should -Be $before
    }

    It 'the VXLAN device is made with learning off and proxy on, its MTU 50 below the underlay, and goes with the network' {
        $made = New-ContainerNetwork -Name ov -Driver overlay -Subnet 10.200.0.0/16 -Vni 7 -UnderlayAddress 10.254.9.1 -PeerAddress 10.254.9.2 -Namespace $ns
        $made.Mtu | Should -Be 1450
        $vx = Get-IpJson $ns link show $made.Options['vxlan']
        $vx.linkinfo.info_data.learning | Should -BeFalse
        $vx.linkinfo.info_data.proxy | Should -BeTrue
        (Get-NetLink -Name $made.Options['vxlan'] -Namespace $ns).Details.Proxy | Should -BeTrue
        (& bridge -n $ns -j fdb show dev $made.Options['vxlan'] | ConvertFrom-Json | Where-Object mac -eq '00:00:00:00:00:00').dst | Should -Be '10.254.9.2'
        Remove-ContainerNetwork -Network ov -Namespace $ns
        Get-State | Should -Be $before
    }
}
