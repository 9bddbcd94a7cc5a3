<#
.SYNOPSIS
    One cmdlet call of bench/cmdlets/per-call-matrix.ps1, N times, for counting what a call asks of the kernel: run it
    under strace with N and with 0 and subtract, e.g.
    strace -f -qq -c -o /tmp/sc-400.txt -e trace=sendto,recvfrom,openat,statx,ioctl,close pwsh -NoProfile -File bench/cmdlets/per-call-step.ps1 PSD1 setlink 400
    What: setlink (Set-NetLink lo -Up), getlink (Get-NetLink lo), routedev (Set-NetRoute 10.9.0.0/16 -Interface lo),
    routegw (Set-NetRoute default 10.10.0.1); the route is there and the link up, so the kernel has nothing to change.
#>
param([Parameter(Mandatory)] [string] $Module, [Parameter(Mandatory)] [ValidateSet('setlink', 'getlink', 'routedev', 'routegw')] [string] $What, [int] $N = 400)
Import-Module $Module
$ns = "lps$PID"
New-NetNamespace $ns | Out-Null; Set-NetLink lo -Up -Namespace $ns
New-VethPair d0 d1 -Namespace $ns -PeerNamespace $ns | Out-Null; Set-NetLink d0, d1 -Up -Namespace $ns
Add-NetAddress 10.10.0.2/16 -Interface d0 -Namespace $ns
Set-NetRoute default 10.10.0.1 -Namespace $ns; Set-NetRoute 10.9.0.0/16 -Interface lo -Namespace $ns
$block = switch ($What) {
    'setlink' { { Set-NetLink lo -Up -Namespace $ns } }
    'getlink' { { $null = Get-NetLink lo -Namespace $ns } }
    'routedev' { { Set-NetRoute 10.9.0.0/16 -Interface lo -Namespace $ns } }
    'routegw' { { Set-NetRoute default 10.10.0.1 -Namespace $ns } }
}
try { for ($i = 0; $i -lt $N; $i++) { & $block } }
finally { Remove-NetNamespace $ns -Force }
