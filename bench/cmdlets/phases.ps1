<#
.SYNOPSIS
    Where the time of bench/cmdlets/topology.ps1 goes: the same steps with a Stopwatch per phase, then the teardown.
    Run as root: pwsh -NoProfile -File bench/cmdlets/phases.ps1 -K 500 [-NoV6] [-Module PSD1]
#>
param([int]$K = 200, [string]$P = "lprof$PID", [switch]$NoV6, [string]$Module = (Join-Path $PSScriptRoot "../../out/LinuxNetPS/LinuxNetPS.psd1"))
Import-Module $Module
$t = [Diagnostics.Stopwatch]::StartNew(); $marks = [ordered]@{}
function Mark($n) { $marks[$n] = $t.ElapsedMilliseconds; $t.Restart() }
$hostNs = "$P-host"; $names = foreach ($i in 0..($K-1)) { "$P-$i" }
New-NetNamespace $hostNs | Out-Null; New-NetNamespace $names -DisableIPv6:$NoV6 | Out-Null; Mark 'namespaces'
Set-NetLink lo -Up -Namespace $hostNs
New-NetBridge br0 -Namespace $hostNs -Up | Add-NetAddress 10.10.0.1/16; Mark 'bridge'
foreach ($i in 0..($K-1)) { New-VethPair "v$i" "p$i" -Namespace $hostNs -PeerNamespace $names[$i] -Master br0 | Out-Null }; Mark 'veth'
0..($K-1) | % { "v$_" } | Set-NetLink -Up -Namespace $hostNs; Mark 'host up'
foreach ($i in 0..($K-1)) { Set-NetLink lo, "p$i" -Up -Namespace $names[$i] }; Mark 'ns up'
foreach ($i in 0..($K-1)) { Add-NetAddress "10.10.$([math]::Floor($i / 250) + 1).$($i % 250 + 2)/16" -Interface "p$i" -Namespace $names[$i] }; Mark 'addr'
foreach ($i in 0..($K-1)) { Set-NetRoute default 10.10.0.1 -Namespace $names[$i] }; Mark 'route'
Get-NetNamespace "$P-*" | Remove-NetNamespace -Force; Mark 'teardown'
$marks.GetEnumerator() | % { "{0,-12} {1,7} ms {2,8:0.00} ms/c" -f $_.Key, $_.Value, ($_.Value / $K) }
