#!/usr/bin/env pwsh
# Neighbour and FDB tables (issue 20): N ARP entries and N bridge FDB entries added and listed through the core API
# and through the cmdlets in pwsh, against `ip -batch` / `bridge -batch` (one process each), in one run.
# Everything happens in one namespace this script creates and deletes; methods are interleaved round by round, so
# load from other jobs hits them alike. Before each add the link is made anew, so every method starts from an empty table.
param(
    [string] $Manifest = (Join-Path $PSScriptRoot '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1'),
    [int] $Entries = 10000,
    [int] $Rounds = 3
)
$ErrorActionPreference = 'Stop'
Import-Module $Manifest
$ns = 'bench-nb-{0}' -f (Get-Random -Maximum 99999)
$work = Join-Path ([IO.Path]::GetTempPath()) $ns
$null = New-Item -ItemType Directory $work
$null = New-NetNamespace $ns -DisableIPv6
$client = [LinuxNetPS.Client.NetClient]::For($ns)

$addresses = 0..($Entries - 1) | ForEach-Object { '10.{0}.{1}.{2}' -f (100 + [math]::Floor($_ / 62500)), ([math]::Floor($_ / 250) % 250), ($_ % 250 + 1) }
$macs = 0..($Entries - 1) | ForEach-Object { '02:00:{0:x2}:{1:x2}:{2:x2}:{3:x2}' -f (($_ -shr 24) -band 255), (($_ -shr 16) -band 255), (($_ -shr 8) -band 255), ($_ -band 255) }
Set-Content "$work/neigh.batch" (0..($Entries - 1) | ForEach-Object { "neigh add $($addresses[$_]) lladdr 02:aa:00:00:00:01 dev n0 nud permanent" })
Set-Content "$work/fdb.batch" ($macs | ForEach-Object { "fdb add $_ dev p0 master static" })
$neighSpecs = [System.Collections.Generic.List[LinuxNetPS.Neighbors.NeighborSpec]]::new()
foreach ($a in $addresses) { $neighSpecs.Add([LinuxNetPS.Neighbors.NeighborSpec]@{ Interface = 'n0'; Address = [ipaddress]$a; LinkLayerAddress = '02:aa:00:00:00:01' }) }
$fdbSpecs = [System.Collections.Generic.List[LinuxNetPS.Bridges.FdbSpec]]::new()
foreach ($m in $macs) { $fdbSpecs.Add([LinuxNetPS.Bridges.FdbSpec]@{ MacAddress = $m; Interface = 'p0' }) }

$null = New-NetBridge br0 -Up -Namespace $ns
function Reset-Neighbors { & ip -n $ns link del n0 2>$null; & ip -n $ns link add n0 type veth peer name n1; & ip -n $ns link set n0 up; & ip -n $ns addr add 10.0.0.1/8 dev n0 }
function Reset-Fdb { & ip -n $ns link del p0 2>$null; & ip -n $ns link add p0 type veth peer name p1; & ip -n $ns link set p0 master br0 }
function Count-Neighbors { @((& ip -n $ns -j neigh show dev n0 nud permanent) | ConvertFrom-Json).Count }
function Count-Fdb { @((& bridge -n $ns -j fdb show dev p0) | ConvertFrom-Json | Where-Object { $_.state -eq 'static' }).Count }

$methods = [ordered]@{
    'neigh add: core API (NeighborOperations.AddMany)' = @{ Reset = { Reset-Neighbors }; Run = { $null = $client.Neighbors.AddMany($neighSpecs) }; Check = { Count-Neighbors } }
    'neigh add: New-NetNeighbor -Address (all N in one call)' = @{ Reset = { Reset-Neighbors }; Run = { $null = New-NetNeighbor -Address $addresses -Interface n0 -LinkLayerAddress 02:aa:00:00:00:01 -Namespace $ns }; Check = { Count-Neighbors } }
    'neigh add: New-NetNeighbor, one call per entry' = @{ Reset = { Reset-Neighbors }; Run = { foreach ($a in $addresses) { $null = New-NetNeighbor $a -Interface n0 -LinkLayerAddress 02:aa:00:00:00:01 -Namespace $ns } }; Check = { Count-Neighbors } }
    'neigh add: ip -batch' = @{ Reset = { Reset-Neighbors }; Run = { & ip -n $ns -batch "$work/neigh.batch"; if ($LASTEXITCODE) { throw 'ip -batch failed' } }; Check = { Count-Neighbors } }
    'neigh list: core API (List)' = @{ Run = { $script:n = $client.Neighbors.List('n0').Count }; Check = { $script:n } }
    'neigh list: Get-NetNeighbor' = @{ Run = { $script:n = @(Get-NetNeighbor -Interface n0 -Namespace $ns).Count }; Check = { $script:n } }
    'neigh list: ip -j neigh show' = @{ Run = { $script:n = @((& ip -n $ns -j neigh show dev n0) | ConvertFrom-Json).Count }; Check = { $script:n } }
    'neigh list: ip neigh show (text, to /dev/null)' = @{ Run = { & ip -n $ns neigh show dev n0 > $null }; Check = { $Entries } }
    'fdb add: core API (BridgeFdbOperations.AddMany)' = @{ Reset = { Reset-Fdb }; Run = { $null = $client.Fdb.AddMany($fdbSpecs) }; Check = { Count-Fdb } }
    'fdb add: Add-BridgeFdb -MacAddress (all N in one call)' = @{ Reset = { Reset-Fdb }; Run = { Add-BridgeFdb -MacAddress $macs -Interface p0 -Namespace $ns }; Check = { Count-Fdb } }
    'fdb add: Add-BridgeFdb, one call per entry' = @{ Reset = { Reset-Fdb }; Run = { foreach ($m in $macs) { Add-BridgeFdb $m -Interface p0 -Namespace $ns } }; Check = { Count-Fdb } }
    'fdb add: bridge -batch' = @{ Reset = { Reset-Fdb }; Run = { & bridge -n $ns -batch "$work/fdb.batch"; if ($LASTEXITCODE) { throw 'bridge -batch failed' } }; Check = { Count-Fdb } }
    'fdb list: core API (List)' = @{ Run = { $script:n = $client.Fdb.List('p0').Count }; Check = { $script:n } }
    'fdb list: Get-BridgeFdb' = @{ Run = { $script:n = @(Get-BridgeFdb -Interface p0 -Namespace $ns).Count }; Check = { $script:n } }
    'fdb list: bridge -j fdb show' = @{ Run = { $script:n = @((& bridge -n $ns -j fdb show dev p0) | ConvertFrom-Json).Count }; Check = { $script:n } }
    'fdb list: bridge fdb show (text, to /dev/null)' = @{ Run = { & bridge -n $ns fdb show dev p0 > $null }; Check = { $Entries } }
}

$times = @{}
foreach ($name in $methods.Keys) { $times[$name] = [System.Collections.Generic.List[double]]::new() }
try {
    # Warm-up (JIT, caches), not timed.
    Reset-Neighbors; $null = $client.Neighbors.AddMany([LinuxNetPS.Neighbors.NeighborSpec[]]$neighSpecs[0..99]); $null = $client.Neighbors.List(); $null = Get-NetNeighbor -Namespace $ns
    Reset-Fdb; $null = $client.Fdb.AddMany([LinuxNetPS.Bridges.FdbSpec[]]$fdbSpecs[0..99]); $null = Get-BridgeFdb -Namespace $ns
    for ($round = 1; $round -le $Rounds; $round++) {
        foreach ($name in $methods.Keys) {
            $m = $methods[$name]
            # A listing reads the table the add before it left: adds come first in each group.
            if ($m.Reset) { & $m.Reset }
            $sw = [Diagnostics.Stopwatch]::StartNew()
            & $m.Run
            $sw.Stop()
            $count = & $m.Check
            if ($count -lt $Entries) { throw "$name left $count entries, expected $Entries" }
            $times[$name].Add($sw.Elapsed.TotalMilliseconds)
        }
        Write-Host "round $round done"
    }
}
finally {
    Remove-NetNamespace $ns -Force
    Remove-Item -Recurse -Force $work
}

$load = (Get-Content /proc/loadavg).Split(' ')[0..2] -join ' '
"N = $Entries, $Rounds rounds, load average $load, $(Get-Date -AsUTC -Format 'yyyy-MM-dd HH:mm') UTC"
$methods.Keys | ForEach-Object {
    $t = $times[$_] | Sort-Object
    [pscustomobject]@{ Method = $_; MedianMs = [math]::Round($t[[int][math]::Floor($t.Count / 2)], 1); Rounds = ($times[$_] | ForEach-Object { [math]::Round($_, 0) }) -join ' / ' }
} | Format-Table -AutoSize | Out-String -Width 200
