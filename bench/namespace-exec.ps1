#!/usr/bin/env pwsh
# What running code in a namespace costs, each figure against its peer from the same run (summary in
# docs/performance.md): a block of native commands (started directly by the launcher) against
# `& ip netns exec NS cmd` from this pwsh; a PowerShell block in the warm child against
# Invoke-Command in an existing New-NetNamespaceSession (also a call right after another, which waits for the
# previous call's reset and state check: the warm child settles after returning, so in the interleaved row other
# work hides that); the first call into a namespace (a new child pwsh);
# -FilePath and -InProcess. Every method runs -Calls times per round, interleaved call by call, -Rounds
# rounds; each figure is the median over all calls, the ratio is per round (median of the round medians
# of both sides). The load average is printed at start and end. Creates and deletes its own namespaces.
param(
    [string] $Manifest = (Join-Path $PSScriptRoot '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1'),
    [int] $Rounds = 3,
    [int] $Calls = 30,
    [int] $Cold = 3
)
$ErrorActionPreference = 'Stop'
Import-Module $Manifest
$ns = 'bench-exec-{0}' -f (Get-Random -Maximum 99999)
$null = New-NetNamespace $ns
Set-NetLink -Name lo -Up -Namespace $ns

function Get-Load { ((Get-Content /proc/loadavg) -split ' ' | Select-Object -First 3) -join ' ' }
function Get-Median([double[]] $Values) { $s = $Values | Sort-Object; if ($s.Count % 2) { $s[[int][math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 } }

# name -> call. Pairs: each of ours against its peer.
$methods = [ordered]@{
    'native block: Invoke-NetNamespace NS { ping -c 1 127.0.0.1 }' = { Invoke-NetNamespace $ns { ping -c 1 -W 1 127.0.0.1 } }
    'peer: & ip netns exec NS ping -c 1 127.0.0.1'                 = { & ip netns exec $ns ping -c 1 -W 1 127.0.0.1 }
    'native block: Invoke-NetNamespace NS { true }'                = { Invoke-NetNamespace $ns { true } }
    'peer: & ip netns exec NS true'                                = { & ip netns exec $ns true }
    'Invoke-NetNamespace NS -FilePath true'                        = { Invoke-NetNamespace $ns -FilePath true }
    'warm child: Invoke-NetNamespace NS { 1 }'                     = { Invoke-NetNamespace $ns { 1 } }
    'warm child, back to back: 2nd of 2 calls in a row'            = { $null = Invoke-NetNamespace $ns { 1 }; $watch.Restart(); Invoke-NetNamespace $ns { 1 } }
    'peer: Invoke-Command -Session $s { 1 }'                       = { Invoke-Command -Session $session { 1 } }
    'Invoke-NetNamespace -Session $s { 1 }'                        = { Invoke-NetNamespace -Session $session { 1 } }
    'Invoke-NetNamespace NS -InProcess { 1 }'                      = { Invoke-NetNamespace $ns -InProcess { 1 } }
}
$pairs = @(
    , @('native block: Invoke-NetNamespace NS { ping -c 1 127.0.0.1 }', 'peer: & ip netns exec NS ping -c 1 127.0.0.1')
    , @('native block: Invoke-NetNamespace NS { true }', 'peer: & ip netns exec NS true')
    , @('warm child: Invoke-NetNamespace NS { 1 }', 'peer: Invoke-Command -Session $s { 1 }')
    , @('warm child, back to back: 2nd of 2 calls in a row', 'peer: Invoke-Command -Session $s { 1 }')
)

try {
    "load average at start: $(Get-Load)"
    $session = New-NetNamespaceSession $ns
    $times = @{}; foreach ($m in $methods.Keys) { $times[$m] = [System.Collections.Generic.List[double[]]]::new() }
    $watch = [Diagnostics.Stopwatch]::new()
    foreach ($m in $methods.Keys) { $null = & $methods[$m] }   # warm: JIT, the first child pwsh
    foreach ($round in 1..$Rounds) {
        # Call by call, method after method: a burst of other people's load hits every method alike.
        $round_ = @{}; foreach ($m in $methods.Keys) { $round_[$m] = [System.Collections.Generic.List[double]]::new() }
        foreach ($i in 1..$Calls) {
            foreach ($m in $methods.Keys) {
                $call = $methods[$m]
                $watch.Restart(); $null = & $call; $round_[$m].Add($watch.Elapsed.TotalMilliseconds)
            }
        }
        foreach ($m in $methods.Keys) { $times[$m].Add($round_[$m].ToArray()) }
        "round $round done, load $(Get-Load)"
    }
    # The first call into a namespace: a new namespace each time, so nothing is warm.
    $coldTimes = foreach ($i in 1..$Cold) {
        $fresh = "$ns-c$i"
        $null = New-NetNamespace $fresh
        $watch.Restart(); $null = Invoke-NetNamespace $fresh { 1 }; $ms = $watch.Elapsed.TotalMilliseconds
        Remove-NetNamespace $fresh -Force
        $ms
    }
    ''
    $methods.Keys | ForEach-Object {
        $all = [double[]]($times[$_] | ForEach-Object { $_ })
        [pscustomobject]@{ What = $_; Calls = $all.Count; MedianMs = [math]::Round((Get-Median $all), 2); MinMs = [math]::Round(($all | Measure-Object -Minimum).Minimum, 2) }
    } | Format-Table -AutoSize | Out-String -Width 200
    "first call into a namespace (new child pwsh), median of ${Cold}: $([math]::Round((Get-Median $coldTimes), 0)) ms"
    ''
    foreach ($pair in $pairs) {
        $ratios = foreach ($r in 0..($Rounds - 1)) { (Get-Median $times[$pair[0]][$r]) / (Get-Median $times[$pair[1]][$r]) }
        "{0} / {1}: per round {2}; median {3:N2}x the peer's time" -f $pair[0], $pair[1], (($ratios | ForEach-Object { '{0:N2}' -f $_ }) -join ', '), (Get-Median $ratios)
    }
    "load average at end: $(Get-Load)"
}
finally {
    if ($session) { Remove-PSSession $session }
    Remove-NetNamespace $ns -Force
}
