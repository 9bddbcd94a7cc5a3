#Requires -Modules Pester
# Issue 25: work that takes more than a second writes Write-Progress records (one ProgressReporter for every cmdlet):
# records appear, the percentage does not go back, a Completed record ends the activity, and nothing at all is written
# with $ProgressPreference = 'SilentlyContinue'. Each case runs in a runspace of its own, whose Streams.Progress holds
# exactly what the cmdlet wrote (no console host draws or drops anything).

Describe 'Progress of long work' -Tag 'Lab', 'Progress' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        # Every record, not one per 200 ms: a 200-node lab builds in a quarter of a second on a quiet machine, and the
        # throttle would fold its progress into one record.
        $script:savedInterval = $env:LINUXNETPS_PROGRESS_INTERVAL_MS
        $env:LINUXNETPS_PROGRESS_INTERVAL_MS = '0'
        $script:Labs = [System.Collections.Generic.List[string]]::new()

        # Runs $Script with its arguments in a new runspace with the module and the given $ProgressPreference; returns the
        # output, the progress records and the errors.
        function Invoke-Capturing([string] $Script, [object[]] $Arguments, [string] $Preference = 'Continue') {
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddCommand('Import-Module').AddParameter('Name', $script:LinuxNetPSManifest).AddStatement()
                $null = $ps.AddScript("`$ProgressPreference = '$Preference'").AddStatement()
                $null = $ps.AddScript($Script)
                foreach ($a in $Arguments) { $null = $ps.AddArgument($a) }
                $output = $ps.Invoke()
                [pscustomobject]@{ Output = @($output); Progress = @($ps.Streams.Progress); Errors = @($ps.Streams.Error) }
            }
            finally { $ps.Dispose() }
        }

        # A chain of N nodes, each linked to the next.
        function New-ChainLab([int] $Nodes) {
            $definition = @{ Nodes = @{}; Links = @() }
            foreach ($i in 1..$Nodes) { $definition.Nodes["n$i"] = @{} }
            foreach ($i in 1..($Nodes - 1)) { $definition.Links += @{ Endpoints = "n$($i):e$($i)", "n$($i + 1):w$($i + 1)" } }
            $definition
        }

        # A star of N nodes: a switch node (a bridge with an address pool) and N-1 hosts on it, so Test-NetLab has
        # addresses to probe.
        function New-StarLab([int] $Nodes) {
            $definition = @{ Nodes = @{ sw = @{ Bridges = @{ br0 = @{ Address = '10.63.0.1/24'; Pool = '10.63.0.0/24' } } } }; Links = @() }
            foreach ($i in 1..($Nodes - 1)) { $definition.Nodes["h$i"] = @{}; $definition.Links += @{ Endpoints = "h$($i):eth0", 'sw:br0' } }
            $definition
        }

        # Records of one activity, by its name; the leading number of each Processing record's status ("12 containers connected").
        function Select-Activity([object[]] $Records, [string] $Activity) { @($Records | Where-Object Activity -eq $Activity) }
        function Get-Counts([object[]] $Records) { @($Records | Where-Object RecordType -eq 'Processing' | ForEach-Object { [int]($_.StatusDescription -replace ' .*$', '') }) }

        # The container network every connect case uses, in a namespace of its own.
        $null = New-NetNamespace -Name "$prefix-h"
        $null = New-ContainerNetwork -Name pnet -Subnet 10.201.0.0/22 -Namespace "$prefix-h"

        $script:Lab = 'param($d, $n, $p) New-NetLab -Definition $d -Name $n -Prefix $p'
        $script:Connect = 'param($names, $net, $h) $names | New-NetNamespace | Connect-ContainerNetwork -Network $net -NetworkNamespace $h'
    }

    AfterAll {
        $env:LINUXNETPS_PROGRESS_INTERVAL_MS = $script:savedInterval
        foreach ($lab in $script:Labs) { Remove-NetLab -Lab $lab -ErrorAction SilentlyContinue }
        if ($prefix) {
            Remove-Lab $prefix
            # Connect-ContainerNetwork wrote each container's /etc/netns/NAME/hosts; the namespaces went without a Disconnect.
            Get-ChildItem /etc/netns -Directory -Filter "$prefix-*" -ErrorAction SilentlyContinue | Remove-Item -Recurse -Force
        }
    }

    It 'a 200-node lab build: records appear, the percentage only grows, Completed at the end' {
        $name = "$prefix-big"
        $script:Labs.Add($name)
        $run = Invoke-Capturing $script:Lab @((New-StarLab 200), $name, "$prefix-l-")
        $run.Errors | Should -BeNullOrEmpty
        @(Get-NetNamespace -Name "$prefix-l-*").Count | Should -Be 200
        $records = $run.Progress
        $records.Count | Should -BeGreaterThan 1
        @($records.ActivityId | Sort-Object -Unique).Count | Should -Be 1
        $records[0].Activity | Should -Match "network lab '$name' \(200 nodes, 199 links\)"
        $processing = @($records | Where-Object RecordType -eq 'Processing')
        $percent = @($processing.PercentComplete)
        for ($i = 1; $i -lt $percent.Count; $i++) { $percent[$i] | Should -BeGreaterOrEqual $percent[$i - 1] }
        $percent[-1] | Should -BeGreaterThan $percent[0]
        $processing.StatusDescription | Should -Contain ($processing.StatusDescription | Where-Object { $_ -match '^Step \d+ of \d+: create 200 namespaces' })
        $records[-1].RecordType | Should -Be 'Completed'
    }

    It 'a 500-container connect (500 namespaces made from the pipeline first): records appear, the counts only grow, Completed at the end' {
        $h = "$prefix-h"
        $names = 1..500 | ForEach-Object { "$prefix-c$_" }
        $run = Invoke-Capturing $script:Connect @($names, 'pnet', $h)
        $run.Errors | Should -BeNullOrEmpty
        $run.Output.Count | Should -Be 500
        @(Get-ContainerEndpoint -Network pnet -NetworkNamespace $h).Count | Should -Be 500
        foreach ($activity in 'Connecting containers', 'Creating network namespaces') {
            $records = Select-Activity $run.Progress $activity
            $records.Count | Should -BeGreaterThan 1 -Because "$activity writes progress"
            $counts = Get-Counts $records
            for ($i = 1; $i -lt $counts.Count; $i++) { $counts[$i] | Should -BeGreaterOrEqual $counts[$i - 1] }
            $counts[-1] | Should -Be 500
            $records[-1].RecordType | Should -Be 'Completed'
        }
    }

    It 'removing the 500 namespaces from the pipeline: records appear, the count only grows, Completed at the end' {
        $run = Invoke-Capturing 'param($p) Get-NetNamespace -Name "$p-c*" | Remove-NetNamespace -Force' @($prefix)
        $run.Errors | Should -BeNullOrEmpty
        @(Get-NetNamespace -Name "$prefix-c*") | Should -BeNullOrEmpty
        $records = Select-Activity $run.Progress 'Removing network namespaces'
        $records.Count | Should -BeGreaterThan 1
        (Get-Counts $records)[-1] | Should -Be 500
        $records[-1].RecordType | Should -Be 'Completed'
    }

    It 'Test-NetLab of the 200-node lab, in waves: the count of probes done only grows, Completed at the end, silent with SilentlyContinue' {
        # 198 probes (every host to the next), not the full mesh (39,402 probes of the 199 hosts): a neighbour budget of 40
        # entries (20 probes a wave) makes them 10 waves, and progress is written after each.
        $pairs = 1..198 | ForEach-Object { "h$_->h$($_ + 1)" }
        $test = 'param($n, $p) Test-NetLab -Lab $n -Pair $p'
        $env:LINUXNETPS_LAB_NEIGHBOR_BUDGET = '40'
        try {
            $run = Invoke-Capturing $test @("$prefix-big", $pairs)
            $quiet = Invoke-Capturing $test @("$prefix-big", $pairs) -Preference SilentlyContinue
        }
        finally { $env:LINUXNETPS_LAB_NEIGHBOR_BUDGET = $null }
        $run.Errors | Should -BeNullOrEmpty
        $run.Output.Count | Should -Be 198
        $records = Select-Activity $run.Progress "Testing network lab '$prefix-big'"
        $records.Count | Should -Be $run.Progress.Count -Because 'Test-NetLab writes one activity'
        $counts = Get-Counts $records
        $counts[0] | Should -Be 0
        for ($i = 1; $i -lt $counts.Count; $i++) { $counts[$i] | Should -BeGreaterThan $counts[$i - 1] }
        $counts.Count | Should -Be 11 -Because 'one record before the first wave and one after each of the 10'
        $counts[-1] | Should -Be 198
        ($records | Where-Object RecordType -eq 'Processing')[-1].StatusDescription | Should -Be '198 of 198 probes done'
        ($records | Where-Object RecordType -eq 'Processing')[-1].PercentComplete | Should -Be 100
        $records[-1].RecordType | Should -Be 'Completed'
        $quiet.Errors | Should -BeNullOrEmpty
        $quiet.Output.Count | Should -Be 198
        $quiet.Progress | Should -BeNullOrEmpty
    }

    It 'Remove-NetLab of the 200-node lab: the percentage only grows, Completed at the end' {
        $run = Invoke-Capturing 'param($n) Remove-NetLab -Lab $n' @("$prefix-big")
        $run.Errors | Should -BeNullOrEmpty
        @(Get-NetNamespace -Name "$prefix-l-*") | Should -BeNullOrEmpty
        $records = @($run.Progress)
        $percent = @($records | Where-Object RecordType -eq 'Processing' | ForEach-Object PercentComplete)
        $percent.Count | Should -BeGreaterThan 1
        for ($i = 1; $i -lt $percent.Count; $i++) { $percent[$i] | Should -BeGreaterOrEqual $percent[$i - 1] }
        $records[-1].RecordType | Should -Be 'Completed'
    }

    It 'a connect that fits one batch says how many of how many, with a percentage that grows to 100' {
        $h = "$prefix-h"
        $names = 1..40 | ForEach-Object { "$prefix-d$_" }
        $run = Invoke-Capturing $script:Connect @($names, 'pnet', $h)
        $run.Errors | Should -BeNullOrEmpty
        $records = Select-Activity $run.Progress 'Connecting containers'
        $processing = @($records | Where-Object RecordType -eq 'Processing')
        $processing[-1].StatusDescription | Should -Be '40 containers connected of 40'
        $processing[-1].PercentComplete | Should -Be 100
        $processing[0].PercentComplete | Should -BeLessThan 100
        $records[-1].RecordType | Should -Be 'Completed'
        Select-Activity $run.Progress 'Creating network namespaces' | Should -BeNullOrEmpty -Because '40 namespaces are no bulk worth a progress bar'
    }

    It 'a capture: the count of packets of -Count, Completed at the end' {
        $c = "$prefix-cap"
        $null = New-NetNamespace -Name $c
        Set-NetLink -Name lo -Up -Namespace $c
        $ping = Start-NetNamespaceProcess $c ping -ArgumentList '-i', '0.2', '127.0.0.1'
        try {
            $run = Invoke-Capturing 'param($ns) Get-NetPacket lo icmp -Count 6 -Timeout 20 -Namespace $ns' @($c)
        }
        finally { Stop-Process -Id $ping.Id -ErrorAction SilentlyContinue }
        $run.Errors | Should -BeNullOrEmpty
        $run.Output.Count | Should -Be 6
        $records = @($run.Progress)
        $records[0].StatusDescription | Should -Match '^0 of 6 packets'
        $percent = @($records | Where-Object RecordType -eq 'Processing' | ForEach-Object PercentComplete)
        for ($i = 1; $i -lt $percent.Count; $i++) { $percent[$i] | Should -BeGreaterOrEqual $percent[$i - 1] }
        $percent[-1] | Should -Be 100
        $records[-1].RecordType | Should -Be 'Completed'
    }

    It 'nothing is written with $ProgressPreference = SilentlyContinue: <What>' -ForEach @(
        @{ What = 'a lab build'; Kind = 'lab' }
        @{ What = 'a container connect'; Kind = 'connect' }
    ) {
        if ($Kind -eq 'lab') {
            $name = "$prefix-quiet"
            $script:Labs.Add($name)
            $run = Invoke-Capturing $script:Lab @((New-ChainLab 20), $name, "$prefix-q-") -Preference SilentlyContinue
            @(Get-NetNamespace -Name "$prefix-q-*").Count | Should -Be 20
        }
        else {
            $run = Invoke-Capturing $script:Connect @((1..20 | ForEach-Object { "$prefix-s$_" }), 'pnet', "$prefix-h") -Preference SilentlyContinue
            $run.Output.Count | Should -Be 20
        }
        $run.Errors | Should -BeNullOrEmpty
        $run.Progress | Should -BeNullOrEmpty
    }
}
