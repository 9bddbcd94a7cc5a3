#Requires -Version 7.4
<#
.SYNOPSIS
    New-NetLab / Remove-NetLab / Test-NetLab against Mininet and `ip -batch`, on the same star topology
    (one bridge, K hosts with addresses), methods interleaved round by round so the machine's load hits all alike.

.DESCRIPTION
    Mininet runs inside a namespace this script creates (`ip netns exec NS mn --switch lxbr --controller none
    --topo single,K --test build|pingall`), so it touches nothing else; its own "completed in" time is used
    (build + teardown, without Python's start-up), and the pingall time is its pingall run minus its build run of
    the same round. LinuxNetPS is timed in this process (module loaded, warm after a first small lab).
    `ip -batch` gets the best a shell script can do: one `ip -batch` for the namespaces, one `ip -n SW -batch` for
    the bridge, veths and ports, and one `ip -n HOST -batch` per host (ip cannot reach many namespaces in one batch).
    Needs root, mininet, bridge-utils (brctl, for lxbr). Writes a JSON summary to stdout.
#>
[CmdletBinding()]
param(
    [int[]] $BuildSizes = @(50, 200),
    [int] $PingSize = 20,
    [int] $BatchSize = 500,
    [int] $Rounds = 3,
    [string] $Prefix = "bl$([System.Random]::Shared.Next(100, 1000))"
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '..' '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1')
. (Join-Path $PSScriptRoot 'LabBench.ps1')

function Measure-NetLab([int] $K, [string] $Tag) {
    $definition = New-StarDefinition $K
    Wait-KernelCleanup
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $lab = New-NetLab -Definition $definition -Name "$Prefix-$Tag" -Prefix "$Prefix$Tag-"
    $build = $clock.Elapsed.TotalSeconds
    $clock.Restart()
    $lab | Remove-NetLab
    [pscustomobject]@{ Build = $build; Remove = $clock.Elapsed.TotalSeconds; Total = $build + $clock.Elapsed.TotalSeconds }
}

function Measure-IpBatch([int] $K) {
    $dir = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "$Prefix-batch") -Force
    $sw = "$Prefix-ips1"
    $hosts = 1..$K | ForEach-Object { "$Prefix-iph$_" }
    Set-Content (Join-Path $dir 'ns') (@("netns add $sw") + ($hosts | ForEach-Object { "netns add $_" }))
    Set-Content (Join-Path $dir 'sw') (@('link set lo up', 'link add br0 type bridge', 'link set br0 up') + (1..$K | ForEach-Object {
        "link add s1-eth$_ type veth peer name eth0 netns $($hosts[$_ - 1])"
        "link set s1-eth$_ master br0 up"
    }))
    foreach ($i in 1..$K) {
        $a = "10.0.{0}.{1}/16" -f [math]::Floor(($i + 1) / 256), (($i + 1) % 256)
        Set-Content (Join-Path $dir "h$i") @('link set lo up', 'link set eth0 up', "addr add $a dev eth0")
    }
    Wait-KernelCleanup
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    & ip -batch (Join-Path $dir 'ns')
    & ip -n $sw -batch (Join-Path $dir 'sw')
    foreach ($i in 1..$K) { & ip -n $hosts[$i - 1] -batch (Join-Path $dir "h$i") }
    $build = $clock.Elapsed.TotalSeconds
    Set-Content (Join-Path $dir 'del') (@("netns del $sw") + ($hosts | ForEach-Object { "netns del $_" }))
    & ip -batch (Join-Path $dir 'del')
    Remove-Item $dir -Recurse -Force
    $build
}

# Warm up: JIT and the first namespace worker, as any Pester suite has it after its first lab.
$null = Measure-NetLab 3 'w'

$rows = [System.Collections.Generic.List[object]]::new()
$load = @((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' '
foreach ($round in 1..$Rounds) {
    foreach ($K in $BuildSizes) {
        $ours = Measure-NetLab $K "b$K"
        $mn = Invoke-Mininet $Prefix $K 'build'
        $rows.Add([pscustomobject]@{ Round = $round; Case = "build+teardown K=$K"; LinuxNetPS = $ours.Total; Peer = $mn.Completed; PeerWall = $mn.Wall; Detail = "build $([math]::Round($ours.Build,3)) s, remove $([math]::Round($ours.Remove,3)) s" })
    }
    # pingall: ours on a built lab; Mininet's pingall run minus its build run.
    Wait-KernelCleanup
    $lab = New-NetLab -Definition (New-StarDefinition $PingSize) -Name "$Prefix-p" -Prefix "${Prefix}p-"
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $results = $lab | Test-NetLab
    $ping = $clock.Elapsed.TotalSeconds
    $failed = @($results | Where-Object { -not $_.Passed }).Count
    $lab | Remove-NetLab
    $mnBuild = Invoke-Mininet $Prefix $PingSize 'build'
    $mnPing = Invoke-Mininet $Prefix $PingSize 'pingall'
    $rows.Add([pscustomobject]@{ Round = $round; Case = "pingall K=$PingSize"; LinuxNetPS = $ping; Peer = $mnPing.Completed - $mnBuild.Completed; PeerWall = $mnPing.Wall; Detail = "$($results.Count) probes, $failed failed; mininet: $($mnPing.Results)" })
    # K=500 build: ours against ip -batch.
    $definition = New-StarDefinition $BatchSize
    Wait-KernelCleanup
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $lab = New-NetLab -Definition $definition -Name "$Prefix-k" -Prefix "${Prefix}k-"
    $build = $clock.Elapsed.TotalSeconds
    $lab | Remove-NetLab
    $ip = Measure-IpBatch $BatchSize
    $rows.Add([pscustomobject]@{ Round = $round; Case = "build K=$BatchSize vs ip -batch"; LinuxNetPS = $build; Peer = $ip; PeerWall = $ip; Detail = '' })
}
$loadAfter = @((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' '
$summary = $rows | Group-Object Case | ForEach-Object {
    $o = @($_.Group.LinuxNetPS | Sort-Object)[[math]::Floor($_.Count / 2)]
    $p = @($_.Group.Peer | Sort-Object)[[math]::Floor($_.Count / 2)]
    [pscustomobject]@{ Case = $_.Name; LinuxNetPSMedian = [math]::Round($o, 3); PeerMedian = [math]::Round($p, 3); Ratio = [math]::Round($p / $o, 1) }
}
[pscustomobject]@{ LoadBefore = $load; LoadAfter = $loadAfter; Cores = [Environment]::ProcessorCount; Rows = $rows; Summary = $summary } | ConvertTo-Json -Depth 5
