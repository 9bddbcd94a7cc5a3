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
