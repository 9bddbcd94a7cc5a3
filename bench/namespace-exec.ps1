#!/usr/bin/env pwsh
# What running code in a namespace costs, all in one run (summary in docs/performance.md; the full run in
# docs/performance-history.md, "Running code in a namespace"): one isolated Invoke-NetNamespace call (a
# pwsh started in the namespace), a call in an existing New-NetNamespaceSession, the -InProcess path,
# -FilePath, and `ip netns exec NS true` started from this pwsh. Small counts: the machine is shared.
# Creates and deletes its own namespace.
param(
    [string] $Manifest = (Join-Path $PSScriptRoot '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1'),
    [int] $Isolated = 5,
    [int] $Calls = 50
)
$ErrorActionPreference = 'Stop'
Import-Module $Manifest
$ns = 'bench-exec-{0}' -f (Get-Random -Maximum 99999)
$null = New-NetNamespace $ns
Set-NetLink -Name lo -Up -Namespace $ns

function Measure-Calls([string] $What, [int] $Count, [scriptblock] $Call) {
    & $Call | Out-Null   # warm: JIT, first process start
    $times = foreach ($i in 1..$Count) {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        & $Call | Out-Null
        $watch.Elapsed.TotalMilliseconds
    }
    $sorted = $times | Sort-Object
    [pscustomobject]@{
        What     = $What
        Count    = $Count
        MedianMs = [math]::Round($sorted[[int][math]::Floor($Count / 2)], 2)
        MeanMs   = [math]::Round(($times | Measure-Object -Average).Average, 2)
        MinMs    = [math]::Round($sorted[0], 2)
    }
}

try {
    "load average at start: $((Get-Content /proc/loadavg) -split ' ' | Select-Object -First 3)"
    $session = New-NetNamespaceSession $ns
    @(
        Measure-Calls 'Invoke-NetNamespace NS { 1 } (isolated: new pwsh)' $Isolated { Invoke-NetNamespace $ns { 1 } }
        Measure-Calls 'Invoke-NetNamespace -Session $s { 1 }' $Calls { Invoke-NetNamespace -Session $session { 1 } }
        Measure-Calls 'Invoke-Command -Session $s { 1 }' $Calls { Invoke-Command -Session $session { 1 } }
        Measure-Calls 'Invoke-NetNamespace NS -InProcess { 1 }' $Calls { Invoke-NetNamespace $ns -InProcess { 1 } }
        Measure-Calls 'Invoke-NetNamespace NS -InProcess { & true }' $Calls { Invoke-NetNamespace $ns -InProcess { & true } }
        Measure-Calls 'Invoke-NetNamespace NS -FilePath true' $Calls { $null = Invoke-NetNamespace $ns -FilePath true }
        Measure-Calls '& ip netns exec NS true (from pwsh)' $Calls { & ip netns exec $ns true }
        Measure-Calls '& true (from pwsh, no namespace)' $Calls { & true }
    ) | Format-Table -AutoSize | Out-String -Width 200
    "load average at end: $((Get-Content /proc/loadavg) -split ' ' | Select-Object -First 3)"
}
finally {
    if ($session) { Remove-PSSession $session }
    Remove-NetNamespace $ns -Force
}
