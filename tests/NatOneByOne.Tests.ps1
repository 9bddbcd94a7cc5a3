#Requires -Modules Pester
# NAT rules added one call at a time, the way scripts write loops (issue 26, target 5): each call reads only what it
# needs (the ruleset generation, our rules cached per generation), so what it reports must still be what nft lists,
# also after somebody else changed the ruleset between two calls; and a warning about the namespace is said once.

Describe 'NAT rules added one call at a time' -Tag 'Lab', 'Nat' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        function Get-OurComments([string] $Namespace) {
            $json = & ip netns exec $Namespace nft -j list table inet linuxnetps | ConvertFrom-Json
            @($json.nftables | Where-Object { $_.rule } | ForEach-Object { $_.rule.comment }) | Sort-Object
        }
    }

    AfterAll {
        if ($prefix) { Remove-Lab $prefix }
    }

    It 'the "forwarding is off" warning is written once for three calls into one namespace, and again for another namespace' {
        $null = New-NetNamespace "$prefix-w1", "$prefix-w2"
        $all = foreach ($port in 5000..5002) {
            Add-PortForward -Namespace "$prefix-w1" -Protocol tcp -Port $port -ToAddress 10.20.0.2 -WarningVariable +warned -WarningAction SilentlyContinue
        }
        @($warned).Count | Should -Be 1
        "$($warned[0])" | Should -Match "IPv4 forwarding is off in namespace '$prefix-w1'"
        Enable-Masquerade -Source 10.20.0.0/16 -Namespace "$prefix-w1" -WarningVariable masq -WarningAction SilentlyContinue
        @($masq).Count | Should -Be 0 # the same namespace: already said
        Add-PortForward -Namespace "$prefix-w2" -Protocol tcp -Port 5000 -ToAddress 10.20.0.2 -WarningVariable other -WarningAction SilentlyContinue
        "$other" | Should -Match "IPv4 forwarding is off in namespace '$prefix-w2'"
        @(Get-NatRule -Namespace "$prefix-w1").Count | Should -Be 4
    }

    It 'a rule nft deleted between two calls is seen gone and added again; a repeat adds nothing' {
        $ns = "$prefix-g"
        $null = New-NetNamespace $ns
        Enable-IPForwarding -Namespace $ns
        $a = Add-PortForward -Namespace $ns -Protocol tcp -Port 8080 -ToAddress 10.30.0.2 -ToPort 80 -PassThru
        $b = Add-PortForward -Namespace $ns -Protocol udp -Port 53 -ToAddress 10.30.0.3 -PassThru
        & ip netns exec $ns nft delete rule inet linuxnetps prerouting handle $a.Handle
        & ip netns exec $ns nft delete rule inet linuxnetps output handle $a.OutputHandle

        $again = Add-PortForward -Namespace $ns -Protocol tcp -Port 8080 -ToAddress 10.30.0.2 -ToPort 80 -PassThru -InformationVariable notes
        $notes | Should -BeNullOrEmpty # it was really added, not "already in place"
        $again.Id | Should -Be $a.Id
        $again.Handle | Should -Not -Be $a.Handle
        Get-OurComments $ns | Should -Be (@("linuxnetps:$($a.Id)", "linuxnetps:$($a.Id)", "linuxnetps:$($b.Id)", "linuxnetps:$($b.Id)") | Sort-Object)

        Add-PortForward -Namespace $ns -Protocol udp -Port 53 -ToAddress 10.30.0.3 -InformationVariable repeat
        "$repeat" | Should -Match 'already'
        @(Get-OurComments $ns).Count | Should -Be 4
    }
}
