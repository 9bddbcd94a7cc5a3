#!/usr/bin/env pwsh
# Link impairment: giving N links a rate limit (and taking it off), Set-NetLinkImpairment against `tc`
# (summary in docs/performance.md; the full runs in docs/performance-history.md, "Link impairment").
# All methods put the same tbf on the same N veth ends in one namespace this script creates and deletes;
# methods are interleaved round by round, so load from other jobs on the machine hits them alike. This
# machine's kernel has no sch_netem, so the qdisc is tbf for all.
param(
    [string] $Manifest = (Join-Path $PSScriptRoot '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1'),
    [int] $Links = 200,
    [int] $Rounds = 5
)
$ErrorActionPreference = 'Stop'
Import-Module $Manifest
$ns = 'bench-imp-{0}' -f (Get-Random -Maximum 99999)
$work = Join-Path ([IO.Path]::GetTempPath()) $ns
$null = New-Item -ItemType Directory $work
$null = New-NetNamespace $ns
$names = 0..($Links - 1) | ForEach-Object { "i$_" }
foreach ($i in 0..($Links - 1)) { $null = New-VethPair -Namespace $ns -Name "i$i" -PeerName "j$i" }

# The same qdisc for everyone: Set-NetLinkImpairment -Rate 10mbit puts a tbf with a 15140-byte bucket and a queue of
# 50 ms at the rate plus the bucket (77640 bytes); tc is told exactly that.
$tcArgs = 'root tbf rate 10mbit burst 15140 limit 77640'
Set-Content "$work/replace.batch" ($names | ForEach-Object { "qdisc replace dev $_ $tcArgs" })
Set-Content "$work/delete.batch" ($names | ForEach-Object { "qdisc del dev $_ root" })
Set-Content "$work/replace.sh" ($names | ForEach-Object { "tc -n $ns qdisc replace dev $_ $tcArgs" })
Set-Content "$work/delete.sh" ($names | ForEach-Object { "tc -n $ns qdisc del dev $_ root" })
$client = [LinuxNetPS.Client.NetClient]::For($ns)
$spec = [LinuxNetPS.Model.LinkImpairmentSpec]@{ RateBitsPerSecond = 10000000 }

function Clear-All { & tc -n $ns -batch "$work/delete.batch" 2>$null; $null = $LASTEXITCODE }
function Assert-AllTbf {
    $tbf = @((& tc -n $ns -j qdisc show) | ConvertFrom-Json | Where-Object { $_.kind -eq 'tbf' -and $_.options.rate -eq 1250000 }).Count
    if ($tbf -ne $Links) { throw "expected $Links tbf qdiscs, found $tbf" }
}

$methods = [ordered]@{
    'Set-NetLinkImpairment, one call per link' = @{
        Set    = { foreach ($n in $names) { Set-NetLinkImpairment -Namespace $ns -Interface $n -Rate 10mbit } }
        Remove = { foreach ($n in $names) { Remove-NetLinkImpairment -Namespace $ns -Interface $n -Confirm:$false } } }
    'Get-NetLink | Set-NetLinkImpairment (one pipeline)' = @{
        Set    = { Get-NetLink -Namespace $ns -Name 'i*' | Set-NetLinkImpairment -Rate 10mbit }
        Remove = { Get-NetLinkImpairment -Namespace $ns | Remove-NetLinkImpairment -Confirm:$false } }
    'NetClient.Impairments.Set (the API, from pwsh)' = @{
        Set    = { foreach ($n in $names) { $null = $client.Impairments.Set($n, $spec) } }
        Remove = { foreach ($n in $names) { $client.Impairments.Remove($n) } } }
    'tc per link (sh: one tc process per link)' = @{
        Set    = { & sh "$work/replace.sh"; if ($LASTEXITCODE) { throw 'tc failed' } }
        Remove = { & sh "$work/delete.sh"; if ($LASTEXITCODE) { throw 'tc failed' } } }
    'tc -batch (one tc process for all links)' = @{
        Set    = { & tc -n $ns -batch "$work/replace.batch"; if ($LASTEXITCODE) { throw 'tc failed' } }
        Remove = { & tc -n $ns -batch "$work/delete.batch"; if ($LASTEXITCODE) { throw 'tc failed' } } }
}

try {
    $load = (Get-Content /proc/loadavg) -split ' ' | Select-Object -First 3
    $times = @{}
    foreach ($round in 0..$Rounds) {   # round 0 warms up (JIT, caches) and is not counted
        foreach ($name in $methods.Keys) {
            Clear-All
            $watch = [Diagnostics.Stopwatch]::StartNew()
            & $methods[$name].Set | Out-Null
            $set = $watch.Elapsed.TotalMilliseconds
            Assert-AllTbf
            $watch.Restart()
            & $methods[$name].Remove | Out-Null
            $remove = $watch.Elapsed.TotalMilliseconds
            if ($round -gt 0) { $times[$name] += , @($set, $remove) }
        }
    }
    $median = { param($values) $s = $values | Sort-Object; $s[[int][math]::Floor($s.Count / 2)] }
    $tcSet = & $median ($times['tc per link (sh: one tc process per link)'] | ForEach-Object { $_[0] })
    "load average at start: $load; links: $Links; rounds: $Rounds (median shown)"
    $rows = foreach ($name in $methods.Keys) {
        $set = & $median ($times[$name] | ForEach-Object { $_[0] })
        $remove = & $median ($times[$name] | ForEach-Object { $_[1] })
        [pscustomobject]@{
            Method          = $name
            SetMs           = [math]::Round($set, 1)
            SetUsPerLink    = [math]::Round($set * 1000 / $Links)
            RemoveMs        = [math]::Round($remove, 1)
            'SetVsTcPerLink' = '{0:0.0}x' -f ($tcSet / $set)
        }
    }
    $rows | Format-Table -AutoSize | Out-String -Width 200
    "load average at end: $((Get-Content /proc/loadavg) -split ' ' | Select-Object -First 3)"
}
finally {
    Remove-NetNamespace $ns -Force
    Remove-Item -Recurse $work
}
