<#
.SYNOPSIS
    What one call of our cmdlets costs above PowerShell's own, where the kernel has nothing to change: each row is a loop
    of N calls through & { } after 300 warm-up calls, as process CPU ms a call and wall ms a call, with Get-Date and
    Join-Path in the same kind of loop. Compare two builds by running it for each in turn, several rounds (medians).
    Run as root: pwsh -NoProfile -File bench/cmdlets/per-call-matrix.ps1 PSD1 [-N 1500]
#>
param([Parameter(Mandatory)] [string] $Module, [int] $N = 1500)
Import-Module $Module
$ns = "lpm$PID"
New-NetNamespace $ns | Out-Null; Set-NetLink lo -Up -Namespace $ns
New-VethPair d0 d1 -Namespace $ns -PeerNamespace $ns | Out-Null; Set-NetLink d0, d1 -Up -Namespace $ns
Add-NetAddress 10.10.0.2/16 -Interface d0 -Namespace $ns
function T([string] $What, [scriptblock] $Block) {
    for ($i = 0; $i -lt 300; $i++) { $null = & $Block }
    $me = [Diagnostics.Process]::GetCurrentProcess(); $cpu0 = $me.TotalProcessorTime
    $t = [Diagnostics.Stopwatch]::StartNew(); for ($i = 0; $i -lt $N; $i++) { $null = & $Block }
    $wall = $t.Elapsed.TotalMilliseconds / $N; $me.Refresh()
    '{0,-45} {1:0.000} cpu {2:0.000} ms' -f $What, (($me.TotalProcessorTime - $cpu0).TotalMilliseconds / $N), $wall
}
try {
    T 'Get-Date' { Get-Date }
    T 'Join-Path -Path a -ChildPath b' { Join-Path -Path a -ChildPath b }
    T 'Set-NetLink lo -Up -Namespace' { Set-NetLink lo -Up -Namespace $ns }
    T 'Set-NetLink lo,d0 -Up -Namespace' { Set-NetLink lo, d0 -Up -Namespace $ns }
    T 'Set-NetLink lo -Mtu 65536 -Namespace' { Set-NetLink lo -Mtu 65536 -Namespace $ns }
    T 'Get-NetLink lo -Namespace' { Get-NetLink lo -Namespace $ns }
    T 'Set-NetRoute 10.9.0.0/16 -Interface lo' { Set-NetRoute 10.9.0.0/16 -Interface lo -Namespace $ns }
    T 'Set-NetRoute default 10.10.0.1' { Set-NetRoute default 10.10.0.1 -Namespace $ns }
}
finally {
    Remove-NetNamespace $ns -Force
}
