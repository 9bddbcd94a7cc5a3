<#
.SYNOPSIS
    What one cmdlet call of the cmdlet script costs: N namespaces, then each step of bench/cmdlets/topology.ps1 as a
    loop of N calls (ms a call), then the same calls again where the kernel has nothing left to change, and Get-Date
    in the same kind of loop (PowerShell's own cost of a cmdlet call in a script).
    Run as root: pwsh -NoProfile -File bench/cmdlets/per-call.ps1 [-N 300] [-Module PSD1]
#>
param([int] $N = 300, [string] $Module = (Join-Path $PSScriptRoot '../../out/LinuxNetPS/LinuxNetPS.psd1'))
$ErrorActionPreference = 'Stop'
Import-Module $Module
$P = "lpc$PID"
$names = foreach ($i in 0..($N - 1)) { "$P-$i" }
function Report([string] $What, [Diagnostics.Stopwatch] $Clock) { '{0,-18} {1:0.000} ms a call' -f $What, ($Clock.Elapsed.TotalMilliseconds / $N); $Clock.Restart() }
try {
    New-NetNamespace "$P-host" | Out-Null
    New-NetNamespace $names | Out-Null
    New-NetBridge br0 -Namespace "$P-host" -Up | Out-Null
    $t = [Diagnostics.Stopwatch]::StartNew()
    foreach ($i in 0..($N - 1)) { New-VethPair "v$i" "p$i" -Namespace "$P-host" -PeerNamespace $names[$i] -Master br0 | Out-Null }
    Report 'New-VethPair' $t
    foreach ($i in 0..($N - 1)) { Set-NetLink lo, "p$i" -Up -Namespace $names[$i] }
    Report 'Set-NetLink' $t
    foreach ($i in 0..($N - 1)) { Add-NetAddress "10.10.1.$($i % 250 + 2)/16" -Interface "p$i" -Namespace $names[$i] }
    Report 'Add-NetAddress' $t
    foreach ($i in 0..($N - 1)) { Set-NetRoute default 10.10.0.1 -Namespace $names[$i] }
    Report 'Set-NetRoute' $t
    foreach ($i in 0..($N - 1)) { Set-NetLink lo, "p$i" -Up -Namespace $names[$i] }
    Report 'Set-NetLink again' $t
    foreach ($i in 0..($N - 1)) { Set-NetRoute default 10.10.0.1 -Namespace $names[$i] }
    Report 'Set-NetRoute again' $t
    foreach ($i in 0..49) { $null = Get-Date }   # its first calls load and compile it
    $t.Restart()
    foreach ($i in 0..($N - 1)) { $null = Get-Date }
    Report 'Get-Date' $t
}
finally {
    Get-NetNamespace "$P-*" | Remove-NetNamespace -Force
}
