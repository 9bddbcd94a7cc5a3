#Requires -Modules Pester
# Test-NetLab in waves (issue 24): the kernel's neighbour tables are one for all namespaces (gc_thresh3), so a big lab
# is probed in waves that fit a budget, and the lab's dynamic entries are deleted between them. A small budget
# (LINUXNETPS_LAB_NEIGHBOR_BUDGET) makes a 12-host star take several waves. `ip -j neigh` in the nodes is the oracle.

Describe 'Test-NetLab in waves' -Tag 'Lab', 'NetLab' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $nodes = [ordered]@{ sw = @{ Bridges = @{ br0 = @{ Address = '10.62.0.1/24'; Pool = '10.62.0.0/24' } } } }
        $links = foreach ($i in 1..12) { $nodes["h$i"] = @{}; @{ Endpoints = "h${i}:eth0", 'sw:br0' } }
        $lab = New-NetLab -Name "$prefix-wv" -Prefix "$prefix-wv-" -Definition @{ Nodes = $nodes; Links = @($links) }
        $h1 = "$prefix-wv-h1"
        # Static entries the waves must leave alone: a permanent and a noarp one (`ip neigh` shows NOARP only with 'nud all').
        New-NetNeighbor 10.62.0.250 -Interface eth0 -LinkLayerAddress 02:00:00:00:00:fa -State Permanent -Namespace $h1 | Out-Null
        New-NetNeighbor 10.62.0.251 -Interface eth0 -LinkLayerAddress 02:00:00:00:00:fb -State NoArp -Namespace $h1 | Out-Null
        function Get-Neighbors([string] $Namespace) { @(& ip -j -n $Namespace neigh show nud all | ConvertFrom-Json) }
    }
    AfterAll {
        $env:LINUXNETPS_LAB_NEIGHBOR_BUDGET = $null
        Get-NetLab -Name "$prefix*" -ErrorAction SilentlyContinue | Remove-NetLab -ErrorAction SilentlyContinue
        Remove-Lab -Prefix $prefix
    }

    It 'passes every pair of 13 nodes with a budget of 40 entries (several waves), and leaves no dynamic entry behind' {
        $env:LINUXNETPS_LAB_NEIGHBOR_BUDGET = '40'
        try { $output = @($lab | Test-NetLab -Verbose 4>&1) }
        finally { $env:LINUXNETPS_LAB_NEIGHBOR_BUDGET = $null }
        $results = @($output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        # 156 probes, 20 a wave (two entries each): 8 waves.
        "$($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })" | Should -Match '156 probes in 8 waves of at most 40'
        $results.Count | Should -Be (13 * 12)
        @($results | Where-Object { -not $_.Passed }) | Should -BeNullOrEmpty
        ($results | Select-Object Source, Target -Unique).Count | Should -Be (13 * 12)
        # Each wave's dynamic entries were deleted after it, the last one's too: what is left is static.
        foreach ($node in $lab.Nodes.Namespace) {
            @(Get-Neighbors $node | Where-Object { $_.state -notcontains 'PERMANENT' -and $_.state -notcontains 'NOARP' }) | Should -BeNullOrEmpty -Because $node
        }
        $static = Get-Neighbors $h1
        ($static | Where-Object dst -eq '10.62.0.250').state | Should -Be 'PERMANENT'
        ($static | Where-Object dst -eq '10.62.0.251').state | Should -Be 'NOARP'
        ($static | Where-Object dst -eq '10.62.0.250').lladdr | Should -Be '02:00:00:00:00:fa'
    }

    It 'probes a lab that fits in one wave, as before, and deletes nothing' {
        $results = @($lab | Test-NetLab)
        @($results | Where-Object { -not $_.Passed }) | Should -BeNullOrEmpty
        # One wave: the entries it made are still there (no cleanup pass ran).
        @(Get-Neighbors $h1 | Where-Object { $_.state -notcontains 'PERMANENT' -and $_.state -notcontains 'NOARP' }).Count | Should -BeGreaterThan 0
        @(Get-Neighbors $h1 | Where-Object dst -in '10.62.0.250', '10.62.0.251').Count | Should -Be 2
    }

    It 'reports the budget it runs with in -Verbose' {
        $env:LINUXNETPS_LAB_NEIGHBOR_BUDGET = '40'
        try { $verbose = $lab | Test-NetLab -Pair 'h1->h2', 'h2->h1', 'h3->h4' -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } }
        finally { $env:LINUXNETPS_LAB_NEIGHBOR_BUDGET = $null }
        "$verbose" | Should -Match '3 probes in 1 wave .*40 neighbour entries'
    }

    It 'tries a probe that timed out once more after the waves, and a cut link stays unanswered (Sent 2)' {
        Set-NetLabLink $lab.Lab -Endpoint 'h12:eth0' -State Down | Out-Null
        try { $output = @($lab | Test-NetLab -Pair 'h1->h12', 'h1->h2' -Verbose 4>&1) }
        finally { Set-NetLabLink $lab.Lab -Endpoint 'h12:eth0' -State Up | Out-Null }
        $results = @($output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $cut = $results | Where-Object Target -eq 'h12'
        $cut.Reachable | Should -BeFalse
        $cut.Sent | Should -Be 2
        $cut.Received | Should -Be 0
        ($results | Where-Object Target -eq 'h2').Sent | Should -Be 1
        "$($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })" | Should -Match '1 unanswered in time tried once more, 0 of them answered'
    }
}
