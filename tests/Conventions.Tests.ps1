#Requires -Modules Pester
# What PowerShell users expect, checked as they would type it: Windows NetTCPIP spellings, member
# enumeration, one -PassThru rule, Remove-NetNamespace asking first, stable error ids, names by value
# from the pipeline, one family enum, and tab completion.

Describe 'PowerShell conventions' -Tag 'Conventions', 'Lab' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $ns = "$prefix-a"
        $other = "$prefix-b"
        $null = New-NetNamespace -Name $ns, $other
        $null = New-NetBridge -Name br0 -Up -Namespace $ns
        $null = New-VethPair -Name v0 -PeerName v1 -Namespace $ns -Master br0
        $null = New-VethPair -Name w0 -PeerName w1 -Namespace $ns
        Set-NetLink -Name w0 -Up -Namespace $ns   # routes need their device up
    }

    AfterAll {
        if ($prefix) { Remove-Lab $prefix }
    }

    Context 'Windows NetTCPIP spellings' {
        It 'parameters take -InterfaceAlias, -IPAddress, -DestinationPrefix, -NextHop, -RouteMetric and -AddressFamily' {
            Add-NetAddress -IPAddress 10.20.0.1/24 -InterfaceAlias br0 -Namespace $ns
            Add-NetRoute -DestinationPrefix 10.21.0.0/16 -NextHop 10.20.0.254 -RouteMetric 42 -Namespace $ns
            $route = Get-IpJson $ns route show 10.21.0.0/16
            $route.gateway | Should -Be '10.20.0.254'
            $route.metric | Should -Be 42
            @(Get-NetAddress -InterfaceAlias br0 -AddressFamily IPv4 -Namespace $ns).IPAddress.IPAddressToString | Should -Be '10.20.0.1'
            Remove-NetRoute -DestinationPrefix 10.21.0.0/16 -NextHop 10.20.0.254 -AddressFamily IPv4 -Namespace $ns
            Get-IpJson $ns route show 10.21.0.0/16 | Should -BeNullOrEmpty
        }

        It 'objects answer to IPAddress, InterfaceAlias, NextHop, DestinationPrefix, RouteMetric and AddressFamily' {
            $address = Get-NetAddress -Interface br0 -Family IPv4 -Namespace $ns
            $address.InterfaceAlias | Should -Be 'br0'
            $address.AddressFamily | Should -Be 'IPv4'
            $address.PrefixLength | Should -Be 24
            Add-NetRoute -Destination 10.22.0.0/16 -Gateway 10.20.0.254 -Metric 7 -Namespace $ns
            $route = Get-NetRoute -Destination 10.22.0.0/16 -Namespace $ns
            $route.DestinationPrefix | Should -Be '10.22.0.0/16'
            $route.NextHop.ToString() | Should -Be '10.20.0.254'
            $route.RouteMetric | Should -Be 7
            $route.InterfaceAlias | Should -Be 'br0'
            $route | Remove-NetRoute   # the aliases bind what they stand for, nothing else
            Get-NetRoute -Destination 10.22.0.0/16 -Namespace $ns | Should -BeNullOrEmpty
        }

        It '(Get-NetAddress).IPAddress gives the addresses, also for several (member enumeration)' {
            Add-NetAddress -Address 10.20.1.1/24, 10.20.2.1/24 -Interface br0 -Namespace $ns
            $all = (Get-NetAddress -Interface br0 -Family IPv4 -Namespace $ns).IPAddress
            @($all).Count | Should -Be 3
            $all | ForEach-Object { $_ | Should -BeOfType [System.Net.IPAddress] }
            $all.IPAddressToString | Should -Contain '10.20.2.1'
        }
    }

    Context 'one -PassThru rule' {
        It '<Command> writes nothing without -PassThru and the object with it' -ForEach @(
            @{ Command = 'Add-NetAddress'; Silent = { Add-NetAddress -Address 10.30.0.1/24 -Interface w0 -Namespace $ns }; Loud = { Add-NetAddress -Address 10.30.0.2/24 -Interface w0 -Namespace $ns -PassThru } }
            @{ Command = 'Add-NetRoute'; Silent = { Add-NetRoute -Destination 10.31.0.0/16 -Interface w0 -Namespace $ns }; Loud = { Add-NetRoute -Destination 10.32.0.0/16 -Interface w0 -Namespace $ns -PassThru } }
            @{ Command = 'Set-NetRoute'; Silent = { Set-NetRoute -Destination 10.31.0.0/16 -Interface w0 -Metric 5 -Namespace $ns }; Loud = { Set-NetRoute -Destination 10.32.0.0/16 -Interface w0 -Metric 5 -Namespace $ns -PassThru } }
            @{ Command = 'Set-NetLink'; Silent = { Set-NetLink -Name w0 -Mtu 1400 -Namespace $ns }; Loud = { Set-NetLink -Name w0 -Mtu 1401 -Namespace $ns -PassThru } }
            @{ Command = 'Add-BridgePort'; Silent = { Add-BridgePort -Bridge br0 -Name w0 -Namespace $ns }; Loud = { Remove-BridgePort -Name w0 -Namespace $ns; Add-BridgePort -Bridge br0 -Name w0 -Namespace $ns -PassThru } }
            @{ Command = 'Add-SourceNat'; Silent = { Add-SourceNat -Source 10.40.0.0/16 -ToAddress 10.30.0.1 -Namespace $ns -WarningAction Ignore }; Loud = { Add-SourceNat -Source 10.41.0.0/16 -ToAddress 10.30.0.1 -Namespace $ns -WarningAction Ignore -PassThru } }
            @{ Command = 'Add-PortForward'; Silent = { Add-PortForward -Protocol tcp -Port 81 -ToAddress 10.30.0.9 -Namespace $ns -WarningAction Ignore }; Loud = { Add-PortForward -Protocol tcp -Port 82 -ToAddress 10.30.0.9 -Namespace $ns -WarningAction Ignore -PassThru } }
            @{ Command = 'Enable-Masquerade'; Silent = { Enable-Masquerade -Source 10.42.0.0/16 -Namespace $ns -WarningAction Ignore }; Loud = { Enable-Masquerade -Source 10.43.0.0/16 -Namespace $ns -WarningAction Ignore -PassThru } }
            @{ Command = 'Enable-IPForwarding'; Silent = { Enable-IPForwarding -Namespace $ns }; Loud = { Enable-IPForwarding -Namespace $ns -PassThru } }
        ) {
            $ErrorActionPreference = 'Stop'   # a failure is a failure, not an empty result
            @(& $Silent) | Should -HaveCount 0
            @(& $Loud) | Should -HaveCount 1
        }

        It 'New-* always write what they made and have no -PassThru' {
            foreach ($command in Get-Command -Module LinuxNetPS -Verb New) {
                $command.Parameters.ContainsKey('PassThru') | Should -BeFalse -Because "$($command.Name) writes what it made anyway"
            }
            $made = New-NetBridge -Name br9 -Namespace $ns
            $made.Name | Should -Be 'br9'
        }
    }

    Context 'Remove-NetNamespace asks first' {
        It 'has ConfirmImpact High, so PowerShell asks by default' {
            $attribute = (Get-Command Remove-NetNamespace).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
            $attribute.ConfirmImpact | Should -Be 'High'
        }

        It '-Force removes without asking; -WhatIf -Force still only describes' {
            $victim = "$prefix-victim"
            $null = New-NetNamespace -Name $victim
            # In a runspace of its own, so "What if:" goes nowhere instead of into the test output.
            $child = [powershell]::Create()
            try {
                $null = $child.AddScript("Import-Module '$LinuxNetPSManifest'; Remove-NetNamespace -Name '$victim' -Force -WhatIf").Invoke()
                $child.Streams.Error | Should -BeNullOrEmpty
            }
            finally { $child.Dispose() }
            Get-NetNamespace -Name $victim | Should -Not -BeNullOrEmpty
            Remove-NetNamespace -Name $victim -Force
            & ip netns list | Where-Object { $_ -like "$victim*" } | Should -BeNullOrEmpty
        }

        It 'without -Force, a host that cannot ask refuses instead of deleting' {
            $victim = "$prefix-kept"
            $null = New-NetNamespace -Name $victim
            $child = [powershell]::Create()
            try {
                $null = $child.AddScript("Import-Module '$LinuxNetPSManifest'; Remove-NetNamespace -Name '$victim'")
                $null = $child.Invoke()
                # InteractiveHostRequired, saying how to run it without a prompt (-Force or -Confirm:$false), as over remoting.
                $child.Streams.Error.FullyQualifiedErrorId | Should -Be 'InteractiveHostRequired,LinuxNetPS.Commands.RemoveNetNamespaceCommand'
                $child.Streams.Error.Exception.Message | Should -Match '-Force|-Confirm:\$false'
            }
            finally { $child.Dispose() }
            Get-NetNamespace -Name $victim | Should -Not -BeNullOrEmpty
            Remove-NetNamespace -Name $victim -Force
        }
    }

    Context 'error ids people can catch' {
        It '<Script> fails with <Id>' -ForEach @(
            @{ Id = 'NamespaceNotFound'; Script = { Get-NetLink -Namespace "$prefix-nope" -ErrorAction Stop } }
            @{ Id = 'LinkNotFound'; Script = { Set-NetLink -Name nolink -Up -Namespace $ns -ErrorAction Stop } }
            @{ Id = 'BridgeNotFound'; Script = { Add-BridgePort -Bridge nobr -Name w1 -Namespace $ns -ErrorAction Stop } }
            @{ Id = 'AddressExists'; Script = { Add-NetAddress -Address 10.20.0.1/24 -Interface br0 -Namespace $ns -ErrorAction Stop } }
            @{ Id = 'InvalidPrefix'; Script = { Add-NetAddress -Address 10.20.0.1/33 -Interface br0 -Namespace $ns -ErrorAction Stop } }
            @{ Id = 'InterfaceNameTooLong'; Script = { New-NetBridge -Name $TooLong -Namespace $ns -ErrorAction Stop } }
            @{ Id = 'NatRuleNotFound'; Script = { Remove-NatRule -Id masq-00000000 -Namespace $ns -ErrorAction Stop } }
        ) {
            $err = Get-CommandError $Script
            $err.FullyQualifiedErrorId | Should -BeLike "$Id,LinuxNetPS.Commands.*"
            $err.Exception.ErrorId | Should -Be $Id
        }

        It 'every id in about_LinuxNetPS is one Get-Help shows' {
            $about = Get-Help about_LinuxNetPS | Out-String
            foreach ($id in 'NamespaceNotFound', 'LinkNotFound', 'BridgeNotFound', 'AddressExists', 'InvalidPrefix', 'InterfaceNameTooLong', 'LoopbackNotRemovable') {
                $about | Should -Match "\b$id\b"
            }
        }
    }

    Context 'names by value from the pipeline' {
        It "'lo','w1' | Set-NetLink -Up acts on both" {
            'lo', 'w1' | Set-NetLink -Up -Namespace $ns
            (Get-IpJson $ns link show lo).flags | Should -Contain 'UP'
            (Get-IpJson $ns link show w1).flags | Should -Contain 'UP'
        }

        It 'names by value create and remove namespaces' {
            "$prefix-p1", "$prefix-p2" | New-NetNamespace | Should -HaveCount 2
            "$prefix-p1", "$prefix-p2" | Remove-NetNamespace -Force
            & ip netns list | Where-Object { $_ -like "$prefix-p*" } | Should -BeNullOrEmpty
        }

        It 'a NetNamespace piped into Set-NetLink never becomes a link name' {
            $before = Get-NetState $ns
            $namespace = Get-NetNamespace -Name $ns   # piping it straight is the mistake under test, which the script checks would flag
            $err = Get-CommandError { $namespace | Set-NetLink -Down -ErrorAction Stop }
            $err.Exception.Message | Should -Match 'NetNamespace'
            Get-NetState $ns | Should -Be $before
        }
    }

    Context 'one family enum' {
        It 'every -Family is [LinuxNetPS.Model.IPFamily] and objects carry it' {
            foreach ($command in Get-Command -Module LinuxNetPS | Where-Object { $_.Parameters.ContainsKey('Family') }) {
                $type = $command.Parameters['Family'].ParameterType
                $element = if ($type.IsArray) { $type.GetElementType() } else { [Nullable]::GetUnderlyingType($type) ?? $type }
                $element.FullName | Should -Be 'LinuxNetPS.Model.IPFamily' -Because "$($command.Name) -Family"
                $command.Parameters['Family'].Aliases | Should -Contain 'AddressFamily'
            }
            (Get-NetAddress -Interface lo -Namespace $ns -Family IPv4).Family | Should -BeOfType [LinuxNetPS.Model.IPFamily]
            (Get-NetRoute -Namespace $ns | Select-Object -First 1).Family | Should -BeOfType [LinuxNetPS.Model.IPFamily]
        }

        It 'a family that does not exist is refused by PowerShell before anything runs' {
            { Get-NetRoute -Family IPv5 -Namespace $ns -ErrorAction Stop } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,LinuxNetPS.Commands.GetNetRouteCommand'
        }

        It 'Enable-IPForwarding -Family IPv4, IPv6 switches both' {
            Enable-IPForwarding -Family IPv4, IPv6 -Namespace $other
            $state = Get-IPForwarding -Namespace $other
            $state.IPv4 | Should -BeTrue
            $state.IPv6 | Should -BeTrue
        }
    }

    Context 'tab completion' {
        BeforeAll {
            function Complete([string] $Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText }
        }

        It 'Remove-NatRule -Id completes the ids of the namespace''s rules' {
            $ids = (Get-NatRule -Namespace $ns).Id
            $ids | Should -Not -BeNullOrEmpty
            Complete "Remove-NatRule -Namespace $ns -Id " | Sort-Object | Should -Be ($ids | Sort-Object -Unique)
        }

        It 'Remove-BridgePort -Name completes only bridge ports' {
            $completed = Complete "Remove-BridgePort -Namespace $ns -Name "
            $completed | Should -Contain 'v0'
            $completed | Should -Not -Contain 'w1'
            $completed | Should -Not -Contain 'br0'
        }

        It 'New-NetLink -Kind completes the registered kinds, vlan, ipvlan and bond among them' {
            $completed = Complete 'New-NetLink -Name x0 -Kind '
            foreach ($kind in 'bond', 'bridge', 'ipvlan', 'macvlan', 'veth', 'vlan', 'vxlan') { $completed | Should -Contain $kind }
            Complete 'New-NetLink -Name x0 -Kind vl' | Should -Be 'vlan'
        }
    }
}
