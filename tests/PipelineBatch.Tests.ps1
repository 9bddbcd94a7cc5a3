#Requires -Modules Pester
# Cmdlets that gather pipeline input into batches (issue 14): what a script sees is what one call per object gives.

Describe 'Pipeline input in batches' -Tag 'Lab' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        # One line per record of the merged output and error streams, in the order they were written.
        function Trace {
            process {
                if ($_ -is [System.Management.Automation.ErrorRecord]) { 'error ' + $_.FullyQualifiedErrorId.Split(',')[0] }
                elseif ($_.PSObject.Properties['Port']) { 'rule ' + $_.Port }
                else { 'namespace ' + $_.Namespace }
            }
        }
    }

    AfterAll {
        if ($prefix) { Remove-Lab $prefix }
    }

    It 'New-NetNamespace of many names writes them in order with an error in place of the one that exists' {
        $null = New-NetNamespace "$prefix-b"
        $lines = New-NetNamespace "$prefix-a", "$prefix-b", "$prefix-c" 2>&1 | Trace
        $lines | Should -Be @("namespace $prefix-a", 'error NamespaceExists', "namespace $prefix-c")
        (& ip netns list) -replace ' .*$', '' | Where-Object { $_ -like "$prefix-[abc]" } | Sort-Object |
            Should -Be @("$prefix-a", "$prefix-b", "$prefix-c")
    }

    It 'New-NetNamespace -DisableIPv6 turns IPv6 off in the new namespace' {
        $null = New-NetNamespace "$prefix-v4" -DisableIPv6
        & ip netns exec "$prefix-v4" sysctl -n net.ipv6.conf.default.disable_ipv6 | Should -Be '1'
        & ip netns exec "$prefix-v4" sysctl -n net.ipv6.conf.all.disable_ipv6 | Should -Be '1'
    }

    It 'rows piped into Add-PortForward give what a loop gives, the bad rows failing in their place' {
        $null = New-NetNamespace "$prefix-nat1", "$prefix-nat2"
        Enable-IPForwarding -Namespace "$prefix-nat1"; Enable-IPForwarding -Namespace "$prefix-nat2" # no warning per forward
        $rows = foreach ($i in 0..5) { [pscustomobject]@{ Protocol = 'tcp'; Port = [string](8000 + $i); ToAddress = '10.20.0.2' } }
        $rows[2].Port = 'x'
        $batched = $rows | Add-PortForward -Namespace "$prefix-nat1" -PassThru 2>&1 | Trace
        $looped = foreach ($r in $rows) { Add-PortForward -Namespace "$prefix-nat2" -Protocol $r.Protocol -Port $r.Port -ToAddress $r.ToAddress -PassThru 2>&1 | Trace }
        $batched | Should -Be $looped
        $batched[2] | Should -Be 'error InvalidPort'
        @(Get-NatRule -Namespace "$prefix-nat1").Count | Should -Be 5
    }

    It 'Get-NetNamespace | Remove-NetNamespace -Force removes every one and writes each' {
        $before = @(Get-NetNamespace "$prefix-*").Count
        $removed = Get-NetNamespace "$prefix-*" | Remove-NetNamespace -Force -PassThru
        @($removed).Count | Should -Be $before
        @(Get-NetNamespace "$prefix-*").Count | Should -Be 0
    }
}
