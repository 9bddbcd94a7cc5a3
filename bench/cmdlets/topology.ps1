<#
.SYNOPSIS
    The issue-14 topology built with the cmdlets, written as README.md shows them (what a user's lab script does).
.DESCRIPTION
    Namespace PREFIX-host with bridge br0 (up, 10.10.0.1/16) and lo up; per container i a namespace PREFIX-i, a veth
    v<i> in PREFIX-host (port of br0, up) whose peer p<i> is created in PREFIX-i, brought up there with lo, given
    10.10.<i/250+1>.<i%250+2>/16 and a default route via 10.10.0.1. The same three phases as every method of
    bench/LinuxNetPS.Bench (namespaces; host side; each container's inside), so peers come up in phase 3 as with
    ip -batch. -DisableIPv6 creates the namespaces with New-NetNamespace -DisableIPv6 (less kernel work: no IPv6 at
    all; labelled separately in the results). Prints "import-ms=N" (pwsh running to Import-Module done) and "inside-ms=N" (Import-Module included) on stdout.
    -Teardown instead deletes every PREFIX-* namespace with Get-NetNamespace | Remove-NetNamespace -Force.
#>
param(
    [int] $Containers = 100,
    [Parameter(Mandatory)] [string] $Prefix,
    [switch] $DisableIPv6,
    [switch] $Teardown,
    [string] $Module = (Join-Path $PSScriptRoot '../../out/LinuxNetPS/LinuxNetPS.psd1')
)
$ErrorActionPreference = 'Stop'
$clock = [Diagnostics.Stopwatch]::StartNew()
Import-Module $Module
"import-ms=$($clock.Elapsed.TotalMilliseconds)"

if ($Teardown) {
    Get-NetNamespace "$Prefix-*" | Remove-NetNamespace -Force
    "inside-ms=$($clock.Elapsed.TotalMilliseconds)"
    return
}

$hostNs = "$Prefix-host"
$names = foreach ($i in 0..($Containers - 1)) { "$Prefix-$i" }

# Phase 1: the namespaces (several names at once are created together).
New-NetNamespace $hostNs | Out-Null
New-NetNamespace $names -DisableIPv6:$DisableIPv6 | Out-Null

# Phase 2: the host side.
Set-NetLink lo -Up -Namespace $hostNs
New-NetBridge br0 -Namespace $hostNs -Up | Add-NetAddress 10.10.0.1/16
foreach ($i in 0..($Containers - 1)) {
    New-VethPair "v$i" "p$i" -Namespace $hostNs -PeerNamespace $names[$i] -Master br0 | Out-Null
}
0..($Containers - 1) | ForEach-Object { "v$_" } | Set-NetLink -Up -Namespace $hostNs

# Phase 3: each container's inside.
foreach ($i in 0..($Containers - 1)) {
    $ns = $names[$i]
    Set-NetLink lo, "p$i" -Up -Namespace $ns
    Add-NetAddress "10.10.$([math]::Floor($i / 250) + 1).$($i % 250 + 2)/16" -Interface "p$i" -Namespace $ns
    Set-NetRoute default 10.10.0.1 -Namespace $ns
}
"inside-ms=$($clock.Elapsed.TotalMilliseconds)"
