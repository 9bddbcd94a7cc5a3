#Requires -Version 7.4
<#
.SYNOPSIS
    A network lab from a file: build it, test it (pingall), look at it, run something in a node, take a link down
    and up, measure a shaped link, remove it.

.DESCRIPTION
    examples/labs/routers.json is two hosts behind two routers with a transit link and static routes, plus a
    switch node that also holds a host on a subnet nobody routes to ("lonely"):

        h1 --eth0/eth1-- r1 --eth0/eth0 (10.255.0.0/30)-- r2 --eth1/p1-- [sw] --p2-- h2
                                                                         [sw] --p3-- lonely (10.9.0.0/24)

    Test-NetLab must find every pair reachable except those with lonely, which it is told to expect.
    Every node is a namespace named PREFIX-node; Remove-NetLab deletes them all and nothing else.

.PARAMETER Prefix
    Prefix of the namespaces this run creates (default: random).

.EXAMPLE
    sudo pwsh ./examples/06-network-lab.ps1
#>
[CmdletBinding()]
param(
    [ValidatePattern('^[a-z][a-z0-9]{1,9}$')]
    [string] $Prefix = "ex6$([System.Random]::Shared.Next(1000, 10000))"
)
$ErrorActionPreference = 'Stop'
$manifest = if ($env:LINUXNETPS_MODULE) { $env:LINUXNETPS_MODULE } else { Join-Path $PSScriptRoot '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1' }
Import-Module $manifest

# Build: everything is checked first, then made in one go (all or nothing).
$lab = New-NetLab -Path (Join-Path $PSScriptRoot 'labs' 'routers.json') -Name "$Prefix-routers" -Prefix "$Prefix-"
try {
    $lab | Format-Table
    $lab.Nodes | Format-Table Node, Kind, Namespace, Addresses

    # pingall, with the pairs that must fail named: lonely is on the switch but on a subnet of its own.
    $expect = @{}
    foreach ($other in 'h1', 'h2', 'r1', 'r2') { $expect["lonely->$other"] = $false; $expect["$other->lonely"] = $false }
    $results = $lab | Test-NetLab -Expect $expect
    $lab | Test-NetLab -Expect $expect -AsMatrix | Format-Table
    $failed = @($results | Where-Object { -not $_.Passed })
    "{0} probes, {1} not as expected" -f $results.Count, $failed.Count
    if ($failed.Count -eq 0) { Write-Host "OK: pingall gives the expected matrix ($($results.Count) probes, the pairs with lonely fail as they must)" -ForegroundColor Green }

    # The picture, as Mermaid text (paste it into a README), and a look inside a router.
    $lab | Show-NetLab
    $routes = $lab | Invoke-NetLab -Node r1 -InProcess { ip route }
    $routes
    if ($routes -match '10\.2\.0\.0/24 via 10\.255\.0\.2') { Write-Host 'OK: r1 routes 10.2.0.0/24 over the transit link' -ForegroundColor Green }

    # At run time: the transit link down cuts h1 from h2 (Mininet's `link r1 r2 down`), up again restores it.
    Set-NetLabLink $lab.Lab -Endpoint 'r1--r2' -State Down
    $down = $lab | Test-NetLab -Pair 'h1->h2', 'h2->h1'
    Set-NetLabLink $lab.Lab -Endpoint 'r1--r2' -State Up
    $up = $lab | Test-NetLab -Pair 'h1->h2', 'h2->h1'
    if (-not ($down.Reachable -contains $true) -and -not ($up.Reachable -contains $false)) { Write-Host 'OK: h1 and h2 part while r1--r2 is down and meet again when it is up' -ForegroundColor Green }
    else { $failed += 'link control' }

    # Throughput (Mininet's iperf) across h1's link, shaped to 100 Mbit/s leaving h1.
    Set-NetLabLink $lab.Lab -Endpoint 'h1:eth0' -Rate 100mbit
    Measure-NetLabLink $lab.Lab -Endpoint 'h1:eth0' | Format-Table
    if ($failed.Count -gt 0) { exit 1 }
}
finally {
    $lab | Remove-NetLab
}
