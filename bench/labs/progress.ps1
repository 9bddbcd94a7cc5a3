#Requires -Version 7.4
<#
.SYNOPSIS
    What progress costs: New-NetLab of a K-host star (then Remove-NetLab, not timed) with $ProgressPreference
    'Continue' against 'SilentlyContinue', the two interleaved round by round so the machine's load hits both alike.

.DESCRIPTION
    Timed in this process (module loaded, warm after a first small lab), with the reporter's own throttle (no
    LINUXNETPS_PROGRESS_INTERVAL_MS). Under 'Continue' the console host draws the records as a user sees them.
    Needs root. Writes a JSON summary (per-round times and medians in ms, the per-round ratios Continue / SilentlyContinue) to stdout.
#>
[CmdletBinding()]
param(
    [int] $K = 200,
    [int] $Rounds = 5,
    [string] $Prefix = "bp$([System.Random]::Shared.Next(100, 1000))"
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '..' '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1')
. (Join-Path $PSScriptRoot 'LabBench.ps1')

function Measure-Build([string] $Preference, [int] $Round) {
    $name = "$Prefix-$Round-$($Preference.Substring(0, 1))"
    $ProgressPreference = $Preference
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $null = New-NetLab -Definition $definition -Name $name -Prefix "$name-"
    $ms = $clock.Elapsed.TotalMilliseconds
    $ProgressPreference = 'SilentlyContinue'
    Remove-NetLab -Lab $name
    $ms
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    if ($sorted.Count % 2) { $sorted[[int][math]::Floor($sorted.Count / 2)] } else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 }
}

$definition = New-StarDefinition $K
try {
    $null = Measure-Build 'SilentlyContinue' 0   # warm-up, not counted
    $times = @{ Continue = [Collections.Generic.List[double]]::new(); SilentlyContinue = [Collections.Generic.List[double]]::new() }
    for ($round = 1; $round -le $Rounds; $round++) {
        # Which goes first alternates, so neither always meets a machine the other just loaded.
        $order = if ($round % 2) { 'Continue', 'SilentlyContinue' } else { 'SilentlyContinue', 'Continue' }
        foreach ($preference in $order) { $times[$preference].Add((Measure-Build $preference $round)) }
    }
    $continue = Get-Median $times.Continue
    $silent = Get-Median $times.SilentlyContinue
    # Each round's own ratio too: on a loaded machine the rounds differ far more than the two methods do.
    $ratios = @(for ($i = 0; $i -lt $Rounds; $i++) { [math]::Round($times.Continue[$i] / $times.SilentlyContinue[$i], 3) })
    [pscustomobject]@{
        K = $K; Rounds = $Rounds; Load = (Get-Content /proc/loadavg -Raw).Trim()
        ContinueMs = $times.Continue; SilentlyContinueMs = $times.SilentlyContinue
        MedianContinueMs = [math]::Round($continue, 1); MedianSilentlyContinueMs = [math]::Round($silent, 1)
        Ratio = [math]::Round($continue / $silent, 3); RoundRatios = $ratios; MedianRoundRatio = Get-Median $ratios
    } | ConvertTo-Json
}
finally {
    $ProgressPreference = 'SilentlyContinue'
    Get-NetLab -Name "$Prefix-*" -ErrorAction SilentlyContinue | Remove-NetLab -ErrorAction SilentlyContinue
    Get-NetNamespace -Name "$Prefix-*" | Remove-NetNamespace -Force
}
