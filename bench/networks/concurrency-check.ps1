#Requires -Version 7.4
<#
.SYNOPSIS
    The issue's concurrency check: P processes connect N namespaces each to one bridge network at the same time
    (each with one pipeline, so each process connects in batches) and must get P x N distinct addresses.

.DESCRIPTION
    Creates a host namespace with network "many" (10.89.0.0/16) and P x N container namespaces (all named
    cc<pid>-...), starts P pwsh processes (Start-Job) that each pipe their N namespaces into
    Connect-ContainerNetwork, then checks the addresses they got, the network's endpoint count and the bridge's
    ports (ip -j), prints the result and the time, and deletes everything it made.

.EXAMPLE
    sudo pwsh bench/networks/concurrency-check.ps1 -Processes 4 -PerProcess 50
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 16)] [int] $Processes = 4,
    [ValidateRange(1, 250)] [int] $PerProcess = 50
)

$ErrorActionPreference = 'Stop'
$manifest = Join-Path $PSScriptRoot '..' '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1'
Import-Module $manifest -Force
$tag = "cc$($PID % 10000)"
$hostNs = "$tag-h"
$groups = 1..$Processes | ForEach-Object { $p = $_; , @(1..$PerProcess | ForEach-Object { "$tag-$p-$_" }) }
$null = New-NetNamespace -Name (@($hostNs) + ($groups | ForEach-Object { $_ }))
try {
    $net = New-ContainerNetwork many -Subnet 10.89.0.0/16 -Namespace $hostNs
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $jobs = foreach ($names in $groups) {
        Start-Job -ArgumentList $manifest, $hostNs, $names -ScriptBlock {
            param($manifest, $hostNs, $names)
            Import-Module $manifest
            (Get-NetNamespace -Name $names | Connect-ContainerNetwork -Network many -NetworkNamespace $hostNs).IPAddress.IPAddressToString
        }
    }
    $addresses = @($jobs | Receive-Job -Wait -AutoRemoveJob)
    $watch.Stop()
    $ports = @(((& ip -j -n $hostNs link show master $net.BridgeName) -join '') | ConvertFrom-Json)
    [pscustomobject]@{
        Processes = $Processes; PerProcess = $PerProcess; Addresses = $addresses.Count
        Distinct = @($addresses | Sort-Object -Unique).Count; Endpoints = (Get-ContainerNetwork many -Namespace $hostNs).Endpoints
        BridgePorts = $ports.Count; Seconds = [math]::Round($watch.Elapsed.TotalSeconds, 1)
        LoadAverage = (Get-Content /proc/loadavg).Split(' ')[0..2] -join ' '
    }
}
finally {
    Remove-ContainerNetwork many -Namespace $hostNs -Force -Confirm:$false -ErrorAction SilentlyContinue
    Get-NetNamespace -Name (@($hostNs) + ($groups | ForEach-Object { $_ })) -ErrorAction SilentlyContinue | Remove-NetNamespace -Force
}
