<#
.SYNOPSIS
    N Add-PortForward calls in one pwsh, against the batch API from the same pwsh (issue 14, item 1).
.DESCRIPTION
    In a lab namespace it creates (PREFIX<pid>), each round and in this order: the batch API
    ([LinuxNetPS.Client.NetClient]::For(ns).Nat.AddPortForwards of all N), N Add-PortForward calls in a
    foreach loop, the N request rows piped into one Add-PortForward ($requests | Add-PortForward, which
    gathers them into transactions of up to 1000), and N calls in ForEach-Object ($requests | ForEach-Object { Add-PortForward ... }).
    Every timed add starts from an empty ruleset (nft flush ruleset, not timed) and is checked with nft -j
    afterwards (2N kernel rules). Forwarding is on in the namespace so no warning is written per call.
    Prints one table line per round and the medians; deletes the namespace at the end.
    Run as root: pwsh -NoProfile -File bench/cmdlets/portforward-pipeline.ps1 [-Rules 1000] [-Rounds 3]
#>
param(
    [int] $Rules = 1000,
    [int] $Rounds = 3,
    [string] $Module = (Join-Path $PSScriptRoot '../../out/LinuxNetPS/LinuxNetPS.psd1'),
    [string] $Prefix = 'lpfbench'
)
$ErrorActionPreference = 'Stop'
Import-Module $Module
$ns = "$Prefix$PID"
$requests = foreach ($i in 0..($Rules - 1)) {
    [pscustomobject]@{ Protocol = ('tcp', 'udp')[$i % 2]; Port = [string](10000 + $i); ToAddress = "192.168.$([int][math]::Floor($i / 250)).$($i % 250 + 1)" }
}
$typed = [LinuxNetPS.Nftables.PortForwardRequest[]]@($requests | ForEach-Object { [LinuxNetPS.Nftables.PortForwardRequest]::new($_.Protocol, $_.Port, $_.ToAddress) })

function Count-KernelRules {
    $json = ip netns exec $ns nft -j list ruleset | ConvertFrom-Json
    @($json.nftables | Where-Object { $_.rule }).Count
}
function Measure-Add([string] $method, [scriptblock] $add) {
    ip netns exec $ns nft flush ruleset
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & $add
    $watch.Stop()
    $count = Count-KernelRules
    if ($count -ne 2 * $Rules) { throw "$method left $count kernel rules, expected $(2 * $Rules)" }
    [pscustomobject]@{ Method = $method; Ms = [math]::Round($watch.Elapsed.TotalMilliseconds, 1) }
}

New-NetNamespace $ns | Out-Null
try {
    Enable-IPForwarding -Namespace $ns | Out-Null
    $nat = [LinuxNetPS.Client.NetClient]::For($ns).Nat
    # Warm-up (JIT) of every path, not timed.
    $null = $nat.AddPortForwards([LinuxNetPS.Nftables.PortForwardRequest[]]$typed[0..9]); ip netns exec $ns nft flush ruleset
    foreach ($r in $requests[0..9]) { Add-PortForward -Namespace $ns -Protocol $r.Protocol -Port $r.Port -ToAddress $r.ToAddress }
    $load = (Get-Content /proc/loadavg).Split(' ')[0]
    $results = foreach ($round in 1..$Rounds) {
        Measure-Add 'batch API (AddPortForwards)' { $null = $nat.AddPortForwards($typed) }
        Measure-Add 'Add-PortForward in a foreach loop' { foreach ($r in $requests) { Add-PortForward -Namespace $ns -Protocol $r.Protocol -Port $r.Port -ToAddress $r.ToAddress } }
        Measure-Add 'rows piped into Add-PortForward' { $requests | Add-PortForward -Namespace $ns }
        Measure-Add 'Add-PortForward in ForEach-Object' { $requests | ForEach-Object { Add-PortForward -Namespace $ns -Protocol $_.Protocol -Port $_.Port -ToAddress $_.ToAddress } }
    }
    $endLoad = (Get-Content /proc/loadavg).Split(' ')[0]
    $results | ForEach-Object { "{0,-36} {1,10} ms" -f $_.Method, $_.Ms }
    $medians = $results | Group-Object Method | ForEach-Object {
        $sorted = @($_.Group.Ms | Sort-Object)
        [pscustomobject]@{ Method = $_.Name; MedianMs = $sorted[[int][math]::Floor($sorted.Count / 2)] }
    }
    $batch = ($medians | Where-Object Method -like 'batch*').MedianMs
    "N = $Rules port forwards ($(2 * $Rules) kernel rules), $Rounds rounds, load average $load -> $endLoad"
    "| method | median ms | x batch API |"
    "|---|---:|---:|"
    foreach ($m in $medians) { "| {0} | {1} | {2:0.0} |" -f $m.Method, $m.MedianMs, ($m.MedianMs / $batch) }
}
finally {
    Remove-NetNamespace $ns -Force
}
