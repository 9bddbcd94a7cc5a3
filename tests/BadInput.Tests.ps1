#Requires -Modules Pester
# Wrong names, missing namespaces, bad prefixes, names too long: every case must give the
# documented error category (CMDLETS.md: NotFound -> ObjectNotFound, InvalidArgument ->
# InvalidArgument, AlreadyExists -> ResourceExists ...), an error id starting with the kind,
# a message that names the bad value, and change nothing.

Describe 'Bad input: namespaces' -Tag 'BadInput' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $ns = "$prefix-a"
        $null = New-NetNamespace -Name $ns
        function Get-OurNamespaces { @(Get-NetNamespace -Name "$prefix-*").Namespace | Sort-Object }
    }

    AfterAll {
        if ($prefix) { Remove-Lab $prefix }
    }

    It 'New-NetNamespace rejects <Name> (<Why>) with InvalidArgument and creates nothing' -TestCases @(
        @{ Name = 'a/b'; Why = 'a slash' }
        @{ Name = '..'; Why = 'a path component' }
        @{ Name = ''; Why = 'empty' }
        @{ Name = 'with space'; Why = 'a space' }
    ) {
        $before = Get-OurNamespaces
        $err = Get-CommandError { New-NetNamespace -Name $Name -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -BeIn @('InvalidArgument', 'InvalidData')   # InvalidData when the binder rejects '' itself
        Get-OurNamespaces | Should -Be $before
    }

    It 'New-NetNamespace on an existing name is ResourceExists and leaves the namespace alone' {
        $inode = (Get-NetNamespace -Name $ns).Inode
        $err = Get-CommandError { New-NetNamespace -Name $ns -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'ResourceExists'
        $err.FullyQualifiedErrorId | Should -BeLike 'NamespaceExists,*'
        $err.Exception.Message | Should -Match ([regex]::Escape($ns))
        (Get-NetNamespace -Name $ns).Inode | Should -Be $inode
    }

    It 'Remove-NetNamespace of a missing name is ObjectNotFound' {
        $err = Get-CommandError { Remove-NetNamespace -Name "$prefix-missing" -Force -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.FullyQualifiedErrorId | Should -BeLike 'NamespaceNotFound,*'
        $err.Exception.Message | Should -Match ([regex]::Escape("$prefix-missing"))
    }

    It 'errors are per input: the good names in the same call are still processed' {
        $errors = @()
        $made = New-NetNamespace -Name "$prefix-b", 'x/y', "$prefix-c" -ErrorAction SilentlyContinue -ErrorVariable errors
        $made.Namespace | Should -Be @("$prefix-b", "$prefix-c")
        $errors | Should -HaveCount 1
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'a cmdlet given a namespace that does not exist says ObjectNotFound (<Command>)' -TestCases @(
        @{ Command = 'Get-NetLink' ; Script = { Get-NetLink -Namespace "$prefix-nope" -ErrorAction Stop } }
        @{ Command = 'New-NetBridge' ; Script = { New-NetBridge -Name br0 -Namespace "$prefix-nope" -ErrorAction Stop } }
        @{ Command = 'Add-NetAddress' ; Script = { Add-NetAddress -Address 10.0.0.1/24 -Interface lo -Namespace "$prefix-nope" -ErrorAction Stop } }
        @{ Command = 'Get-NetRoute' ; Script = { Get-NetRoute -Namespace "$prefix-nope" -ErrorAction Stop } }
        @{ Command = 'Invoke-NetNamespace' ; Script = { Invoke-NetNamespace -Namespace "$prefix-nope" { 1 } -ErrorAction Stop } }
        @{ Command = 'Get-NatRule' ; Script = { Get-NatRule -Namespace "$prefix-nope" -ErrorAction Stop } }
    ) {
        $err = Get-CommandError $Script
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.Exception.Message | Should -Match ([regex]::Escape("$prefix-nope"))
        Get-OurNamespaces | Should -Not -Contain "$prefix-nope"
    }

    It 'a namespace given as a pid that does not exist is ObjectNotFound' {
        $err = Get-CommandError { Get-NetLink -Namespace '999999999' -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Bad input: links and bridges' -Tag 'BadInput' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $ns = "$prefix-a"
        $other = "$prefix-b"
        $null = New-NetNamespace -Name $ns, $other
        $null = New-NetBridge -Name br0 -Namespace $ns
        $null = New-VethPair -Name v0 -PeerName v1 -Namespace $ns
    }

    AfterAll {
        if ($prefix) { Remove-Lab $prefix }
    }

    It '<Command> rejects a name of <Why> with InvalidArgument and creates nothing' -TestCases @(
        @{ Command = 'New-VethPair'; Why = '16 bytes'; Script = { New-VethPair -Name $TooLong -PeerName p0 -Namespace $ns -ErrorAction Stop } }
        @{ Command = 'New-VethPair'; Why = '16 bytes (peer)'; Script = { New-VethPair -Name p0 -PeerName $TooLong -Namespace $ns -ErrorAction Stop } }
        @{ Command = 'New-VethPair'; Why = '8 two-byte characters'; Script = { New-VethPair -Name $TooLongUtf8 -PeerName p0 -Namespace $ns -ErrorAction Stop } }
        @{ Command = 'New-NetBridge'; Why = 'a slash'; Script = { New-NetBridge -Name 'br/0' -Namespace $ns -ErrorAction Stop } }
        @{ Command = 'New-NetBridge'; Why = 'a space'; Script = { New-NetBridge -Name 'br 0' -Namespace $ns -ErrorAction Stop } }
        @{ Command = 'New-NetLink'; Why = '16 bytes'; Script = { New-NetLink -Name $TooLong -Kind bridge -Namespace $ns -ErrorAction Stop } }
        @{ Command = 'Set-NetLink -NewName'; Why = '16 bytes'; Script = { Set-NetLink -Name v0 -NewName $TooLong -Namespace $ns -ErrorAction Stop } }
        @{ Command = 'Move-NetLink -NewName'; Why = 'a colon'; Script = { Move-NetLink -Name v0 -TargetNamespace $other -NewName 'a:b' -Namespace $ns -ErrorAction Stop } }
    ) {
        $before = Get-NetState $ns
        $beforeOther = Get-NetState $other
        $err = Get-CommandError $Script
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.FullyQualifiedErrorId | Should -Match '^(Invalid\w+|InterfaceNameTooLong|ParameterConflict),'
        Get-NetState $ns | Should -Be $before
        Get-NetState $other | Should -Be $beforeOther
    }

    It 'a name of exactly 15 bytes is fine' {
        $name = 'b' * 15
        (New-NetBridge -Name $name -Namespace $ns).Name | Should -Be $name
        Remove-NetLink -Name $name -Namespace $ns -Confirm:$false
    }

    It '<Command> on a link that does not exist is ObjectNotFound and names it' -TestCases @(
        @{ Command = 'Set-NetLink'; Script = { Set-NetLink -Name nosuch0 -Up -Namespace $ns -ErrorAction Stop } }
        @{ Command = 'Remove-NetLink'; Script = { Remove-NetLink -Name nosuch0 -Namespace $ns -Confirm:$false -ErrorAction Stop } }
        @{ Command = 'Move-NetLink'; Script = { Move-NetLink -Name nosuch0 -TargetNamespace $other -Namespace $ns -ErrorAction Stop } }
        @{ Command = 'Add-NetAddress'; Script = { Add-NetAddress -Address 10.0.0.1/24 -Interface nosuch0 -Namespace $ns -ErrorAction Stop } }
        @{ Command = 'Add-BridgePort (port)'; Script = { Add-BridgePort -Bridge br0 -Name nosuch0 -Namespace $ns -ErrorAction Stop } }
        @{ Command = 'Add-BridgePort (bridge)'; Script = { Add-BridgePort -Bridge nosuch0 -Name v0 -Namespace $ns -ErrorAction Stop } }
        @{ Command = 'New-VethPair -Master'; Script = { New-VethPair -Name p0 -PeerName p1 -Master nosuch0 -Namespace $ns -ErrorAction Stop } }
    ) {
        $before = Get-NetState $ns
        $err = Get-CommandError $Script
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.FullyQualifiedErrorId | Should -Match '^(Link|Bridge)NotFound,'
        $err.Exception.Message | Should -Match 'nosuch0'
        Get-NetState $ns | Should -Be $before
    }

    It 'New-VethPair with a peer namespace that does not exist leaves no half pair behind' {
        $before = Get-NetState $ns
        $err = Get-CommandError { New-VethPair -Name p0 -PeerName p1 -PeerNamespace "$prefix-nope" -Namespace $ns -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Get-NetState $ns | Should -Be $before
    }

    It 'Move-NetLink to a namespace that does not exist leaves the link where it was' {
        $before = Get-NetState $ns
        $err = Get-CommandError { Move-NetLink -Name v0 -TargetNamespace "$prefix-nope" -Namespace $ns -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Get-NetState $ns | Should -Be $before
    }

    It 'New-NetBridge on an existing name is ResourceExists' {
        $err = Get-CommandError { New-NetBridge -Name br0 -Namespace $ns -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'ResourceExists'
        $err.FullyQualifiedErrorId | Should -BeLike 'LinkExists,*'
    }

    It 'New-NetLink with an unknown kind is a clear error naming the kind' {
        $before = Get-NetState $ns
        $err = Get-CommandError { New-NetLink -Name k0 -Kind nosuchkind -Namespace $ns -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -BeIn @('NotImplemented', 'InvalidArgument')
        $err.Exception.Message | Should -Match 'nosuchkind'
        Get-NetState $ns | Should -Be $before
    }

    It 'Set-NetLink -Mtu out of range is InvalidArgument and the MTU is unchanged' {
        $mtu = (Get-IpJson $ns link show v0).mtu
        $err = Get-CommandError { Set-NetLink -Name v0 -Mtu 10 -Namespace $ns -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        (Get-IpJson $ns link show v0).mtu | Should -Be $mtu
    }

    It 'Set-NetLink -MacAddress <Mac> is InvalidArgument' -TestCases @(
        @{ Mac = 'zz:00:00:00:00:01' }
        @{ Mac = '00:11:22:33:44' }
        @{ Mac = '01:00:00:00:00:01' }   # multicast bit set
    ) {
        $before = Get-NetState $ns
        $err = Get-CommandError { Set-NetLink -Name v0 -MacAddress $Mac -Namespace $ns -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-NetState $ns | Should -Be $before
    }
}

Describe 'Bad input: addresses and routes' -Tag 'BadInput' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $ns = "$prefix-a"
        $null = New-NetNamespace -Name $ns
        $null = New-VethPair -Name v0 -PeerName v1 -Namespace $ns -Up
        $null = Add-NetAddress -Address 10.1.0.1/24 -Interface v0 -Namespace $ns
    }

    AfterAll {
        if ($prefix) { Remove-Lab $prefix }
    }

    It 'Add-NetAddress rejects <Address> (<Why>) with InvalidArgument and adds nothing' -TestCases @(
        @{ Address = '10.1.0.2/33'; Why = 'prefix length over 32' }
        @{ Address = '10.1.0.300/24'; Why = 'octet over 255' }
        @{ Address = '10.1.0/24'; Why = 'three octets' }
        @{ Address = 'fe80::1/129'; Why = 'IPv6 prefix over 128' }
        @{ Address = 'ten.one.zero.two/24'; Why = 'not an address' }
        @{ Address = '10.1.0.2/-1'; Why = 'negative prefix' }
        @{ Address = '10.1.0.2/'; Why = 'empty prefix' }
    ) {
        $before = Get-NetState $ns
        $err = Get-CommandError { Add-NetAddress -Address $Address -Interface v0 -Namespace $ns -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidPrefix,*'
        $err.Exception.Message | Should -Match ([regex]::Escape($Address))
        Get-NetState $ns | Should -Be $before
    }

    It 'Add-NetAddress of an address already there is ResourceExists' {
        $err = Get-CommandError { Add-NetAddress -Address 10.1.0.1/24 -Interface v0 -Namespace $ns -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'ResourceExists'
    }

    It 'Remove-NetAddress of an address that is not there is ObjectNotFound' {
        $before = Get-NetState $ns
        $err = Get-CommandError { Remove-NetAddress -Address 10.1.0.99/24 -Interface v0 -Namespace $ns -Confirm:$false -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Get-NetState $ns | Should -Be $before
    }

    It 'Add-NetRoute rejects destination <Destination> with InvalidArgument' -TestCases @(
        @{ Destination = '10.2.0.0/40' }
        @{ Destination = 'defualt' }
        @{ Destination = '10.2.0.0/16/8' }
    ) {
        $before = Get-NetState $ns
        $err = Get-CommandError { Add-NetRoute -Destination $Destination -Gateway 10.1.0.254 -Namespace $ns -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-NetState $ns | Should -Be $before
    }

    It 'Add-NetRoute rejects gateway <Gateway> with InvalidArgument' -TestCases @(
        @{ Gateway = '10.1.0.256' }
        @{ Gateway = '10.1.0.0/24' }
    ) {
        $before = Get-NetState $ns
        $err = Get-CommandError { Add-NetRoute -Destination 10.2.0.0/16 -Gateway $Gateway -Namespace $ns -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-NetState $ns | Should -Be $before
    }

    It 'Add-NetRoute via a gateway the namespace cannot reach is an error from the kernel, and adds nothing' {
        $before = Get-NetState $ns
        $err = Get-CommandError { Add-NetRoute -Destination 10.3.0.0/16 -Gateway 10.200.0.1 -Namespace $ns -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -BeIn @('ConnectionError', 'InvalidArgument')
        $err.Exception.Message | Should -Match 'Nexthop|gateway|unreachable'
        Get-NetState $ns | Should -Be $before
    }

    It 'Remove-NetRoute of a route that is not there is ObjectNotFound' {
        $err = Get-CommandError { Remove-NetRoute -Destination 10.9.0.0/16 -Namespace $ns -Confirm:$false -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Bad input: NAT and forwarding' -Tag 'BadInput', 'Nat' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $ns = "$prefix-a"
        $null = New-NetNamespace -Name $ns
        function Get-Ruleset { (& ip netns exec $ns nft list ruleset) -join "`n" }
    }

    AfterAll {
        if ($prefix) { Remove-Lab $prefix }
    }

    It 'Enable-Masquerade -Source <Source> is InvalidArgument and adds no rule' -TestCases @(
        @{ Source = '192.168.1.0/33' }
        @{ Source = 'not-a-prefix' }
        @{ Source = '192.168.1.300/24' }
    ) {
        $before = Get-Ruleset
        $err = Get-CommandError { Enable-Masquerade -Source $Source -Namespace $ns -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-Ruleset | Should -Be $before
    }

    It 'Enable-Masquerade -OutInterface with a 16-byte name is InvalidArgument' {
        $before = Get-Ruleset
        $err = Get-CommandError { Enable-Masquerade -Source 10.0.0.0/8 -OutInterface $TooLong -Namespace $ns -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-Ruleset | Should -Be $before
    }

    It 'Add-PortForward rejects port <Port> with InvalidArgument' -TestCases @(
        @{ Port = '0' }
        @{ Port = '70000' }
        @{ Port = '8010-8000' }
        @{ Port = 'http' }
    ) {
        $before = Get-Ruleset
        $err = Get-CommandError { Add-PortForward -Protocol tcp -Port $Port -ToAddress 10.0.0.2 -Namespace $ns -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -BeIn @('InvalidArgument', 'InvalidData')
        Get-Ruleset | Should -Be $before
    }

    It 'Add-PortForward rejects -ToAddress <ToAddress> with InvalidArgument' -TestCases @(
        @{ ToAddress = '10.0.0.256' }
        @{ ToAddress = '10.0.0.0/24' }
    ) {
        $before = Get-Ruleset
        $err = Get-CommandError { Add-PortForward -Protocol tcp -Port 80 -ToAddress $ToAddress -Namespace $ns -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-Ruleset | Should -Be $before
    }

    It 'Add-PortForward -Protocol icmp is rejected' {
        { Add-PortForward -Protocol icmp -Port 80 -ToAddress 10.0.0.2 -Namespace $ns -ErrorAction Stop } | Should -Throw
    }

    It 'Remove-NatRule of an id that does not exist is ObjectNotFound' {
        $err = Get-CommandError { Remove-NatRule -Id 999999 -Namespace $ns -Confirm:$false -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'Enable-IPForwarding on a missing namespace is ObjectNotFound' {
        $err = Get-CommandError { Enable-IPForwarding -Namespace "$prefix-nope" -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Bad input: values that used to slip through' -Tag 'BadInput' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $ns = "$prefix-s"
        $null = New-NetNamespace -Name $ns
        $null = New-VethPair -Name v0 -PeerName v1 -Namespace $ns
    }

    AfterAll {
        if ($prefix) { Remove-Lab $prefix }
    }

    It '<Why> is InvalidArgument and changes nothing' -TestCases @(
        @{ Why = 'an alias of 70,000 characters'; Script = { Set-NetLink -Name v0 -Alias ('a' * 70000) -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'an alias with NUL'; Script = { Set-NetLink -Name v0 -Alias "up`0link" -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'a link name with NUL'; Script = { New-NetBridge -Name "b`0x" -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'a blank -Interface'; Script = { Add-NetRoute -Destination 10.8.0.0/24 -Interface ' ' -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'a blank -Table'; Script = { Add-NetRoute -Destination 10.8.0.0/24 -Interface v0 -Table ' ' -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'a blank -Gateway'; Script = { Add-NetRoute -Destination 10.8.0.0/24 -Gateway ' ' -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'a blank -Bridge'; Script = { Remove-BridgePort -Name v0 -Bridge ' ' -Namespace $ns -Confirm:$false -ErrorAction Stop } }
        @{ Why = 'an empty -Namespace'; Script = { New-NetBridge -Name eb0 -Namespace '' -WhatIf -ErrorAction Stop } }
        @{ Why = 'a $null -Namespace'; Script = { Set-NetLink -Name lo -Mtu 1400 -Namespace $null -WhatIf -ErrorAction Stop } }
    ) {
        $before = Get-NetState $ns
        $err = Get-CommandError $Script
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message.Length | Should -BeLessThan 600
        Get-NetState $ns | Should -Be $before
    }

    It 'Get-NetRoute -Interface of a link that does not exist is ObjectNotFound, not an empty list' {
        $err = Get-CommandError { Get-NetRoute -Interface nosuchif -Namespace $ns -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It '-WhatIf checks that the target namespace exists (<Command>)' -TestCases @(
        @{ Command = 'Move-NetLink'; Script = { Move-NetLink -Name v0 -TargetNamespace "$prefix-nope" -Namespace $ns -WhatIf -ErrorAction Stop } }
        @{ Command = 'New-VethPair'; Script = { New-VethPair -Name q0 -PeerName q1 -PeerNamespace "$prefix-nope" -Namespace $ns -WhatIf -ErrorAction Stop } }
    ) {
        $err = Get-CommandError $Script
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Bad input: container networks and the long tail (issue 27)' -Tag 'BadInput', 'ContainerNetwork' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $ns = "$prefix-n"
        $null = New-NetNamespace -Name $ns
        # A network to collide with, and a link to name as a bridge that is taken.
        $null = New-ContainerNetwork taken -Subnet 10.71.0.0/24 -Namespace $ns
        $null = New-VethPair -Name busy0 -PeerName busy1 -Namespace $ns
        # Everything the checks could have changed: links, addresses, routes, the networks and our nf_tables table.
        function Get-Everything {
            (Get-NetState $ns) + "`n" + ((Get-ContainerNetwork -Namespace $ns).Network -join ',') + "`n" +
                ((& ip netns exec $ns nft list table inet linuxnetps 2>$null) -join "`n")
        }
    }

    AfterAll {
        if ($prefix) {
            Remove-ContainerNetwork taken -Namespace "$prefix-n" -Force -Confirm:$false -ErrorAction Continue
            Remove-Lab $prefix
        }
    }

    It 'New-ContainerNetwork with <Why> is <Id> (<Category>), names the value and changes nothing' -ForEach @(
        @{ Why = 'a name with a space'; Id = 'InvalidNetworkName'; Category = 'InvalidArgument'; Says = "'a b'"; Script = { New-ContainerNetwork 'a b' -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'a name of 100,000 characters'; Id = 'InvalidNetworkName'; Category = 'InvalidArgument'; Says = '(100000 characters)'; Script = { New-ContainerNetwork ('x' * 100000) -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'a name with NUL'; Id = 'InvalidNetworkName'; Category = 'InvalidArgument'; Says = 'a\u0000b'; Script = { New-ContainerNetwork "a`0b" -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'a name taken'; Id = 'NetworkExists'; Category = 'ResourceExists'; Says = "'taken'"; Script = { New-ContainerNetwork taken -Subnet 10.72.0.0/24 -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'a built-in name'; Id = 'NetworkExists'; Category = 'ResourceExists'; Says = "'host'"; Script = { New-ContainerNetwork host -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'an unknown driver'; Id = 'InvalidNetworkDriver'; Category = 'InvalidArgument'; Says = "'bogus'"; Script = { New-ContainerNetwork n1 -Driver bogus -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'a built-in-only driver'; Id = 'InvalidNetworkDriver'; Category = 'InvalidArgument'; Says = "'none'"; Script = { New-ContainerNetwork n1 -Driver none -Namespace $ns -ErrorAction Stop } }
        @{ Why = '-Mode for a bridge'; Id = 'InvalidNetworkOption'; Category = 'InvalidArgument'; Says = '-Mode'; Script = { New-ContainerNetwork n1 -Subnet 10.72.0.0/24 -Mode vepa -Namespace $ns -ErrorAction Stop } }
        @{ Why = '-DisableIcc for a macvlan'; Id = 'InvalidNetworkOption'; Category = 'InvalidArgument'; Says = '-DisableIcc'; Script = { New-ContainerNetwork n1 -Driver macvlan -Parent busy0 -Subnet 10.72.0.0/24 -DisableIcc -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'a macvlan without -Parent'; Id = 'InvalidNetworkOption'; Category = 'InvalidArgument'; Says = '-Parent'; Script = { New-ContainerNetwork n1 -Driver macvlan -Subnet 10.72.0.0/24 -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'an MTU of 20'; Id = 'InvalidNetworkOption'; Category = 'InvalidArgument'; Says = 'MTU 20'; Script = { New-ContainerNetwork n1 -Subnet 10.72.0.0/24 -Mtu 20 -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'a subnet with host bits'; Id = 'InvalidSubnet'; Category = 'InvalidArgument'; Says = '10.72.0.1/24'; Script = { New-ContainerNetwork n1 -Subnet 10.72.0.1/24 -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'a multicast subnet'; Id = 'InvalidSubnet'; Category = 'InvalidArgument'; Says = 'multicast'; Script = { New-ContainerNetwork n1 -Subnet 224.1.0.0/24 -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'a loopback subnet'; Id = 'InvalidSubnet'; Category = 'InvalidArgument'; Says = 'loopback'; Script = { New-ContainerNetwork n1 -Subnet 127.5.0.0/24 -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'a link-local IPv4 subnet'; Id = 'InvalidSubnet'; Category = 'InvalidArgument'; Says = 'link-local'; Script = { New-ContainerNetwork n1 -Subnet 169.254.3.0/24 -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'an fe80:: subnet'; Id = 'InvalidSubnet'; Category = 'InvalidArgument'; Says = 'fe80::/64'; Script = { New-ContainerNetwork n1 -Subnet 10.72.0.0/24 -IPv6 -SubnetV6 fe80::/64 -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'an ff00:: subnet'; Id = 'InvalidSubnet'; Category = 'InvalidArgument'; Says = 'multicast'; Script = { New-ContainerNetwork n1 -Subnet 10.72.0.0/24 -IPv6 -SubnetV6 ff05::/64 -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'an IPv6 -Subnet'; Id = 'InvalidSubnet'; Category = 'InvalidArgument'; Says = 'not IPv4'; Script = { New-ContainerNetwork n1 -Subnet fd00:9::/64 -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'an overlapping subnet'; Id = 'SubnetOverlap'; Category = 'ResourceExists'; Says = "'taken'"; Script = { New-ContainerNetwork n1 -Subnet 10.71.0.128/25 -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'a gateway outside the subnet'; Id = 'InvalidGateway'; Category = 'InvalidArgument'; Says = '10.73.0.1'; Script = { New-ContainerNetwork n1 -Subnet 10.72.0.0/24 -Gateway 10.73.0.1 -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'the broadcast address as gateway'; Id = 'InvalidGateway'; Category = 'InvalidArgument'; Says = 'broadcast'; Script = { New-ContainerNetwork n1 -Subnet 10.72.0.0/24 -Gateway 10.72.0.255 -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'an ip-range with host bits'; Id = 'InvalidIPRange'; Category = 'InvalidArgument'; Says = '10.72.0.129/25'; Script = { New-ContainerNetwork n1 -Subnet 10.72.0.0/24 -IPRange 10.72.0.129/25 -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'an ip-range of only the gateway'; Id = 'InvalidIPRange'; Category = 'InvalidArgument'; Says = 'gateway 10.72.0.1'; Script = { New-ContainerNetwork n1 -Subnet 10.72.0.0/24 -IPRange 10.72.0.1/32 -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'an ip-range outside the subnet'; Id = 'InvalidIPRange'; Category = 'InvalidArgument'; Says = '10.74.0.0/25'; Script = { New-ContainerNetwork n1 -Subnet 10.72.0.0/24 -IPRange 10.74.0.0/25 -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'an auxiliary address outside the subnet'; Id = 'InvalidAuxAddress'; Category = 'InvalidArgument'; Says = 'a=10.74.0.1'; Script = { New-ContainerNetwork n1 -Subnet 10.72.0.0/24 -AuxAddress @{ a = '10.74.0.1' } -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'a bridge name the namespace has'; Id = 'BridgeInUse'; Category = 'ResourceExists'; Says = "'busy0'"; Script = { New-ContainerNetwork n1 -Subnet 10.72.0.0/24 -BridgeName busy0 -Namespace $ns -ErrorAction Stop } }
        @{ Why = 'a parent that does not exist'; Id = 'ParentLinkNotFound'; Category = 'ObjectNotFound'; Says = "'nosuch0'"; Script = { New-ContainerNetwork n1 -Driver macvlan -Parent nosuch0 -Subnet 10.72.0.0/24 -Namespace $ns -ErrorAction Stop } }
    ) {
        $before = Get-Everything
        $err = Get-CommandError $Script
        $err.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        [string]$err.CategoryInfo.Category | Should -Be $Category
        $err.Exception.Message | Should -BeLike "*$Says*"
        $err.Exception.Message.Length | Should -BeLessThan 400 -Because 'a long value is echoed shortened'
        Get-Everything | Should -Be $before
    }

    It '<Command> of a network that does not exist is NetworkNotFound, with a 100,000-character name shortened' -ForEach @(
        @{ Command = 'Get-ContainerNetwork'; Script = { Get-ContainerNetwork ('y' * 100000) -Namespace $ns -ErrorAction Stop } }
        @{ Command = 'Remove-ContainerNetwork'; Script = { Remove-ContainerNetwork ('y' * 100000) -Namespace $ns -Force -Confirm:$false -ErrorAction Stop } }
        @{ Command = 'Get-ContainerEndpoint'; Script = { Get-ContainerEndpoint -Network ('y' * 100000) -NetworkNamespace $ns -ErrorAction Stop } }
    ) {
        $before = Get-Everything
        $err = Get-CommandError $Script
        $err.FullyQualifiedErrorId | Should -BeLike 'NetworkNotFound,*'
        [string]$err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.Exception.Message | Should -BeLike '*(100000 characters)*'
        $err.Exception.Message.Length | Should -BeLessThan 400
        Get-Everything | Should -Be $before
    }

    It 'a wildcard pattern PowerShell cannot read (<Pattern>) is InvalidWildcardPattern, not an exception' -ForEach @(
        @{ Pattern = '[' }
        @{ Pattern = 'web[' }
    ) {
        $err = Get-CommandError { Get-ContainerNetwork $Pattern -Namespace $ns -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidWildcardPattern,*'
        [string]$err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match ("'" + [regex]::Escape($Pattern) + "' is not a valid wildcard pattern.*``\[")
        # An escaped bracket is a literal: not found, not a bad pattern.
        (Get-CommandError { Get-ContainerNetwork '`[' -Namespace $ns -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'NetworkNotFound,*'
        # The same for a namespace-wide -Name filter elsewhere.
        (Get-CommandError { Get-NetLink -Name $Pattern -Namespace $ns -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'InvalidWildcardPattern,*'
    }

    It 'Test-NetConnection of <Why> is InvalidHostName and sends nothing' -ForEach @(
        @{ Why = 'an address with a NUL'; Name = "10.0.0.1`0" ; Says = '10.0.0.1\u0000' }
        @{ Why = 'a 300-character name'; Name = ('h' * 300); Says = '(300 characters)' }
        @{ Why = 'a 64-character label'; Name = ('l' * 64) + '.example'; Says = '63 between dots' }
    ) {
        $err = Get-CommandError { Test-NetConnection $Name -Namespace $ns -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidHostName,*'
        [string]$err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike "*$Says*"
    }

    It 'a program argument with a NUL is InvalidProgramArgument and nothing is started (<Command>)' -ForEach @(
        @{ Command = 'Invoke-NetNamespace'; Script = { Invoke-NetNamespace -Namespace $ns -FilePath touch -ArgumentList "$marker`0x" -ErrorAction Stop } }
        @{ Command = 'Start-NetNamespaceProcess'; Script = { Start-NetNamespaceProcess $ns -FilePath touch -ArgumentList "$marker`0x" -ErrorAction Stop } }
    ) {
        $marker = Join-Path $TestDrive "nul-$Command"
        $err = Get-CommandError $Script
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidProgramArgument,*'
        [string]$err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike "*holds a NUL character (at position $($marker.Length + 1))*"
        Start-Sleep -Milliseconds 200
        Test-Path $marker | Should -BeFalse -Because 'touch would have made the file of the argument cut at the NUL'
    }

    It 'an argument list longer than the system takes is ArgumentListTooLong (LimitsExceeded), not a .NET exception' {
        $err = Get-CommandError { Invoke-NetNamespace -Namespace $ns -FilePath echo -ArgumentList ('x' * 3000000) -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'ArgumentListTooLong,*'
        [string]$err.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $err.Exception.Message.Length | Should -BeLessThan 600
    }

    It 'Get-NetPacket on an interface that is down is LinkDown (ConnectionError), not "errno 100"' {
        $null = New-VethPair -Name dn0 -PeerName dn1 -Namespace $ns
        $err = Get-CommandError { Get-NetPacket -Interface dn0 -Count 1 -Timeout 2 -Namespace $ns -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'LinkDown,*'
        [string]$err.CategoryInfo.Category | Should -Be 'ConnectionError'
        $err.Exception.Message | Should -BeLike "*'dn0'*is down*Set-NetLink dn0 -Up*"
    }

    It 'Start-NetNamespaceProcess -<Parameter> <Why> is OutFileNotWritable (<Category>) and starts nothing' -ForEach @(
        @{ Parameter = 'RedirectStandardOutput'; Why = 'in a missing folder'; Category = 'ObjectNotFound'; Path = '/nonexistent-h3/dir/out.txt' }
        @{ Parameter = 'RedirectStandardOutput'; Why = 'naming a directory'; Category = 'InvalidArgument'; Path = '/tmp' }
        @{ Parameter = 'RedirectStandardError'; Why = 'in a missing folder'; Category = 'ObjectNotFound'; Path = '/nonexistent-h3/err.txt' }
    ) {
        $marker = Join-Path $TestDrive "redirect-$Parameter-$($Category)"
        $redirect = @{ $Parameter = $Path }
        $err = Get-CommandError { Start-NetNamespaceProcess $ns -FilePath touch -ArgumentList $marker @redirect -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'OutFileNotWritable,*'
        [string]$err.CategoryInfo.Category | Should -Be $Category
        $err.Exception.Message | Should -BeLike "*-$Parameter '$Path'*not started*"
        Start-Sleep -Milliseconds 200
        Test-Path $marker | Should -BeFalse
    }

    It 'New-NetLab of a .psd1 with <Why> is InvalidLabDefinition at <Line> and builds nothing' -ForEach @(
        @{ Why = "Kind = 'router' (once built as linux)"; Line = 3; Says = "node kind 'router' is not known; the kinds are linux*bridge*host*"
           Text = "@{`n    Nodes = @{`n        r = @{ Kind = 'router' }`n    }`n}" }
        @{ Why = "Kind = 'switch'"; Line = 2; Says = "node kind 'switch' is not known*"
           Text = "@{`n    Nodes = @{ s = @{ Kind = 'switch' } }`n}" }
        @{ Why = "Forwarding = 'yes' (a text, not a boolean)"; Line = 4; Says = "Forwarding must be a boolean*not 'yes'*"
           Text = "@{`n    Nodes = @{`n        r = @{`n            Forwarding = 'yes'`n        }`n    }`n}" }
        @{ Why = "Forwarding = 'false' (a text, which PowerShell casts to true)"; Line = 2; Says = "Forwarding must be a boolean*not 'false'*"
           Text = "@{`n    Nodes = @{ r = @{ Forwarding = 'false' } }`n}" }
        @{ Why = 'IPv6 = 1'; Line = 1; Says = "IPv6 must be a boolean*"
           Text = "@{ IPv6 = 1; Nodes = @{ r = @{} } }" }
    ) {
        $path = Join-Path $TestDrive "lenient-$Line-$([math]::Abs($Why.GetHashCode())).psd1"
        Set-Content -Path $path -Value $Text
        $labsBefore = @(Get-NetLab).Count
        $err = Get-CommandError { New-NetLab -Path $path -Name "$prefix-lab" -Prefix "$prefix-l-" -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidLabDefinition,*'
        [string]$err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike "${path}:${Line}:*$Says"
        @(Get-NetNamespace -Name "$prefix-l-*") | Should -BeNullOrEmpty
        @(Get-NetLab).Count | Should -Be $labsBefore
    }

    It 'Connect-ContainerNetwork -Publish <Publish> on an address the namespace lacks is PublishAddressNotLocal; nothing changes' -ForEach @(
        @{ Publish = '10.99.99.99:8080:80' }
        @{ Publish = '[fd00:99::9]:8080:80' }
    ) {
        $c = "$prefix-pub"
        if (-not (Get-NetNamespace -Name $c -ErrorAction SilentlyContinue)) { $null = New-NetNamespace -Name $c }
        $before = (Get-Everything) + (Get-NetState $c)
        $err = Get-CommandError { Connect-ContainerNetwork -Network taken -Namespace $c -NetworkNamespace $ns -Publish $Publish -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'PublishAddressNotLocal,*'
        [string]$err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike "*'$([WildcardPattern]::Escape($Publish))'*not an address of*"
        (Get-Everything) + (Get-NetState $c) | Should -Be $before
        @(Get-ContainerEndpoint -Network taken -NetworkNamespace $ns) | Should -BeNullOrEmpty
    }

    It '<Command> given a directory is PathIsDirectory (InvalidArgument), not "does not exist", and does nothing' -ForEach @(
        @{ Command = 'New-NetLab -Path'; Says = 'is a directory; give the lab definition file in it'; Script = { New-NetLab -Path $dir -Name "$prefix-lab" -Prefix "$prefix-l-" -ErrorAction Stop } }
        @{ Command = 'New-NetLab -Path (named .psd1)'; Says = 'is a directory; give the lab definition file in it'; Script = { New-NetLab -Path "$dir/lab.psd1" -Name "$prefix-lab" -Prefix "$prefix-l-" -ErrorAction Stop } }
        @{ Command = 'Invoke-NetNamespace -FilePath'; Says = 'is a directory, not a program'; Script = { Invoke-NetNamespace -Namespace $ns -FilePath $dir -ErrorAction Stop } }
        @{ Command = 'Start-NetNamespaceProcess -FilePath'; Says = 'is a directory, not a program'; Script = { Start-NetNamespaceProcess $ns -FilePath $dir -ErrorAction Stop } }
    ) {
        $dir = Join-Path $TestDrive 'a-directory'
        $null = New-Item -ItemType Directory -Force -Path $dir, "$dir/lab.psd1"
        $before = Get-Everything
        $err = Get-CommandError $Script
        $err.FullyQualifiedErrorId | Should -BeLike 'PathIsDirectory,*'
        [string]$err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike "*$Says*"
        $err.Exception.Message | Should -Not -BeLike '*does not exist*'
        @(Get-NetNamespace -Name "$prefix-l-*") | Should -BeNullOrEmpty
        Get-Everything | Should -Be $before
    }
}
