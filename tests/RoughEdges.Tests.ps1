#Requires -Modules Pester
# The rough edges a new user hits, one test each: a master that is not a bridge, deleting lo, NAT
# messages without stand-in addresses, what -WhatIf of New-VethPair says, what -Family defaults to,
# and link kinds this kernel lacks (vlan, ipvlan, bond) or nobody knows (a typo).

Describe 'Rough edges' -Tag 'RoughEdges', 'Lab' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $ns = "$prefix-a"
        $null = New-NetNamespace -Name $ns
        $null = New-NetBridge -Name br0 -Up -Namespace $ns
        $null = New-VethPair -Name rbveth -PeerName rbpeer -Namespace $ns -Master br0
        $null = New-VethPair -Name uplink0 -PeerName uplink1 -Namespace $ns
    }

    AfterAll {
        if ($prefix) { Remove-Lab $prefix }
    }

    It 'Set-NetLink -Master with a non-bridge is refused before the kernel detaches the link from its bridge' {
        $err = Get-CommandError { Set-NetLink -Name rbveth -Master uplink0 -Namespace $ns -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'NotABridge,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match "'uplink0' is a veth link"
        (Get-IpJson $ns link show rbveth).master | Should -Be 'br0'
    }

    It 'Set-NetLink -Master with a missing bridge is BridgeNotFound and changes nothing' {
        $err = Get-CommandError { Set-NetLink -Name rbveth -Master nobr0 -Namespace $ns -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'BridgeNotFound,*'
        (Get-IpJson $ns link show rbveth).master | Should -Be 'br0'
    }

    It 'Remove-NetLink lo says that loopback cannot be deleted (not that a module is missing)' {
        $err = Get-CommandError { Remove-NetLink -Name lo -Namespace $ns -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'LoopbackNotRemovable,*'
        $err.Exception.Message | Should -Match 'cannot be deleted'
        $err.Exception.Message | Should -Not -Match 'module'
        $err.ErrorDetails.RecommendedAction | Should -BeNullOrEmpty
    }

    It 'Get-NetLink | Remove-NetLink removes everything but lo, which it skips with a verbose note' {
        $scratch = "$prefix-b"
        $null = New-NetNamespace -Name $scratch
        $null = New-VethPair -Name s0 -PeerName s1 -Namespace $scratch
        $null = New-NetBridge -Name sbr -Namespace $scratch
        $output = Get-NetLink -Namespace $scratch | Remove-NetLink -Verbose -ErrorVariable failures -ErrorAction SilentlyContinue 4>&1
        $failures | Should -BeNullOrEmpty
        @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match "Skipping 'lo'.*cannot be deleted" }) | Should -HaveCount 1
        (Get-IpJson $scratch link show).ifname | Should -Be 'lo'
    }

    It 'NAT removals that do not name the target show no stand-in address' {
        $err = Get-CommandError { Remove-SourceNat -Source 10.60.0.0/16 -Namespace $ns -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'NatRuleNotFound,*'
        $err.Exception.Message | Should -Match "ip saddr 10\.60\.0\.0/16 snat'"
        $err = Get-CommandError { Remove-PortForward -Protocol tcp -Port 5000 -Namespace $ns -ErrorAction Stop }
        $err.Exception.Message | Should -Match "tcp dport 5000 dnat'"
        foreach ($message in $err.Exception.Message, (Get-CommandError { Remove-SourceNat -Source 10.60.0.0/16 -Namespace $ns -ErrorAction Stop }).Exception.Message) {
            $message | Should -Not -Match '0\.0\.0\.0|any address|::'
        }
    }

    It '-WhatIf of New-VethPair names the master and -Up' {
        # -WhatIf and -Verbose show the same ShouldProcess text; -Verbose is the one a test can capture.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$LinuxNetPSManifest'; New-VethPair -Name w0 -PeerName w1 -Master br0 -Up -Namespace '$ns' -Verbose").Invoke()
            $said = $ps.Streams.Verbose.Message -join "`n"
        }
        finally { $ps.Dispose() }
        $said | Should -Match "Create, 'w0' attached to bridge 'br0', both ends up"
        (Get-IpJson $ns link show w0).master | Should -Be 'br0'
    }

    It 'Enable- and Disable-IPForwarding without -Family change IPv4 only, as the help says' {
        Enable-IPForwarding -Family IPv4, IPv6 -Namespace $ns
        Disable-IPForwarding -Namespace $ns
        $state = Get-IPForwarding -Namespace $ns
        $state.IPv4 | Should -BeFalse
        $state.IPv6 | Should -BeTrue
        Disable-IPForwarding -Family IPv6 -Namespace $ns
        Enable-IPForwarding -Namespace $ns
        $state = Get-IPForwarding -Namespace $ns
        $state.IPv4 | Should -BeTrue
        $state.IPv6 | Should -BeFalse
        (Get-Help Disable-IPForwarding -Examples | Out-String) | Should -Not -Match 'Turns off IPv4 and IPv6 forwarding in router'
    }

    It 'New-NetLink -Kind <Kind> with its options makes the link, or says which module the kernel lacks' -ForEach @(
        @{ Kind = 'vlan'; Option = @{ id = 42; protocol = '802.1ad' }; Module = '8021q' }
        @{ Kind = 'ipvlan'; Option = @{ mode = 'l2' }; Module = 'ipvlan' }
        @{ Kind = 'bond'; Option = @{ mode = 'active-backup'; miimon = 100 }; Module = 'bonding' }
    ) {
        $before = Get-NetState $ns
        $parent = if ($Kind -eq 'bond') { @{} } else { @{ Parent = 'uplink0' } }
        $link = New-NetLink -Name "x$Kind" -Kind $Kind -Option $Option -Namespace $ns @parent -ErrorVariable failed -ErrorAction SilentlyContinue
        if ($link) {
            (Get-IpJson $ns link show "x$Kind").linkinfo.info_kind | Should -Be $Kind
            Remove-NetLink -Name "x$Kind" -Namespace $ns
        }
        else {
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'LinkKindNotSupported,*'
            $failed[0].CategoryInfo.Category | Should -Be 'NotImplemented'
            $failed[0].Exception.Message | Should -Match "no '$Kind' link support.*'$Module'"
            Get-NetState $ns | Should -Be $before
        }
    }

    It 'a mistyped -Kind offers the known kinds instead of blaming the kernel' {
        $err = Get-CommandError { New-NetLink -Name x0 -Kind brige -Namespace $ns -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidLinkKind,*'
        $err.Exception.Message | Should -Match "Did you mean 'bridge'\?"
        $err.Exception.Message | Should -Match 'Known kinds: .*vlan'
    }
}
