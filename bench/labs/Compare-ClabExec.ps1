#Requires -Version 7.4
<#
.SYNOPSIS
    A containerlab file of K hosts on one bridge node, addressed by exec lines (`ip addr add ... dev eth1`, as
    containerlab's Linux labs do it): parse + build + exec, pingall, and removal by LinuxNetPS, against Mininet's
    equivalent (`mn --topo single,K`, which addresses its hosts with one command per host too), same run.

.DESCRIPTION
    Mininet's pingall at K=200 would take most of an hour (one ping process per ordered pair, in turn), so pingall
    is compared at -PingSize (20), and ours is also reported at K.
    LinuxNetPS is timed in this process (module loaded, warm after a first small lab): New-NetLab -Path FILE
    (YAML read, checked, built, every exec line run inside its node through the namespace launcher), Test-NetLab
    (every ordered pair), Remove-NetLab. Mininet runs inside a namespace this script creates (`ip netns exec NS mn
    --switch lxbr --controller none --topo single,K --test build|pingall`), so it touches nothing else; its own
    "completed in" time is used, and its pingall time is its pingall run minus its build run of the same round.
    Rounds interleave the two methods, so the machine's load hits both alike. Needs root, mininet and bridge-utils.
    Writes a JSON summary to stdout.
#>
[CmdletBinding()]
param(
    [int] $K = 200,
    # Mininet's pingall sends one ping process per ordered pair, one after the other (about 65 ms each here): at
    # K=200 that is 39,800 of them, most of an hour, so the two pingalls are compared at this size; ours also runs at K.
    [int] $PingSize = 20,
    [int] $Rounds = 1,
    [string] $Prefix = "bc$([System.Random]::Shared.Next(100, 1000))"
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '..' '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1')
. (Join-Path $PSScriptRoot 'LabBench.ps1')

# The file a containerlab user would write: hosts h1..hK, each linked to the bridge node sw by h<i>:eth1 -- sw:p<i>,
# each addressed by its own exec line.
function New-ClabFile([int] $Count, [string] $Path) {
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add("name: star$Count")
    $lines.Add('topology:')
    $lines.Add('  defaults:')
    $lines.Add('    kind: linux')
    $lines.Add('    image: alpine:3')
    $lines.Add('  nodes:')
    $lines.Add('    sw:')
    $lines.Add('      kind: bridge')
    foreach ($i in 1..$Count) {
        $lines.Add("    h${i}:")
        $lines.Add('      exec:')
        $lines.Add(('        - ip addr add 10.0.{0}.{1}/16 dev eth1' -f [math]::Floor(($i + 1) / 256), (($i + 1) % 256)))
    }
    $lines.Add('  links:')
    foreach ($i in 1..$Count) { $lines.Add("    - endpoints: [`"h${i}:eth1`", `"sw:p$i`"]") }
    Set-Content -Path $Path -Value $lines
}

function Measure-Ours([string] $File, [string] $Tag) {
    Wait-KernelCleanup
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $lab = New-NetLab -Path $File -Name "$Prefix-$Tag" -Prefix "$Prefix$Tag-" -WarningAction SilentlyContinue
    $build = $clock.Elapsed.TotalSeconds
    $clock.Restart()
    $results = $lab | Test-NetLab
    $ping = $clock.Elapsed.TotalSeconds
    $clock.Restart()
    $lab | Remove-NetLab
    $remove = $clock.Elapsed.TotalSeconds
    $exec = @($lab.Nodes.Exec).Count
    [pscustomobject]@{ Build = $build; Ping = $ping; Remove = $remove; Probes = @($results).Count; Failed = @($results | Where-Object { -not $_.Passed }).Count; Exec = $exec }
}

$dir = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "$Prefix-clab") -Force
try {
    $warm = Join-Path $dir 'warm.clab.yml'
    New-ClabFile 3 $warm
    $null = Measure-Ours $warm 'w'
    $file = Join-Path $dir "star$K.clab.yml"
    New-ClabFile $K $file
    $pingFile = Join-Path $dir "star$PingSize.clab.yml"
    New-ClabFile $PingSize $pingFile

    $rows = [System.Collections.Generic.List[object]]::new()
    $load = @((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' '
    foreach ($round in 1..$Rounds) {
        $ours = Measure-Ours $file "r$round"
        $mnBuild = Invoke-Mininet $Prefix $K 'build'
        $rows.Add([pscustomobject]@{ Round = $round; Case = "parse+build(+exec)+teardown K=$K"; LinuxNetPS = $ours.Build + $ours.Remove; Peer = $mnBuild.Completed; PeerWall = $mnBuild.Wall
            Detail = "parse+build+exec $([math]::Round($ours.Build, 3)) s ($($ours.Exec) exec lines), remove $([math]::Round($ours.Remove, 3)) s; pingall at K=${K}: $([math]::Round($ours.Ping, 3)) s, $($ours.Probes) probes, $($ours.Failed) failed (Mininet's not run: see -PingSize)" })
        $small = Measure-Ours $pingFile "p$round"
        $mnSmallBuild = Invoke-Mininet $Prefix $PingSize 'build'
        $mnPing = Invoke-Mininet $Prefix $PingSize 'pingall'
        $rows.Add([pscustomobject]@{ Round = $round; Case = "pingall K=$PingSize"; LinuxNetPS = $small.Ping; Peer = $mnPing.Completed - $mnSmallBuild.Completed; PeerWall = $mnPing.Wall
            Detail = "$($small.Probes) probes, $($small.Failed) failed; mininet: $($mnPing.Results)" })
        $rows.Add([pscustomobject]@{ Round = $round; Case = "parse+build(+exec)+pingall+teardown K=$PingSize"; LinuxNetPS = $small.Build + $small.Ping + $small.Remove; Peer = $mnPing.Completed; PeerWall = $mnPing.Wall; Detail = '' })
    }
    $loadAfter = @((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' '
    $summary = $rows | Group-Object Case | ForEach-Object {
        $o = @($_.Group.LinuxNetPS | Sort-Object)[[math]::Floor($_.Count / 2)]
        $p = @($_.Group.Peer | Sort-Object)[[math]::Floor($_.Count / 2)]
        [pscustomobject]@{ Case = $_.Name; LinuxNetPSMedian = [math]::Round($o, 3); PeerMedian = [math]::Round($p, 3); Ratio = [math]::Round($p / $o, 1) }
    }
    [pscustomobject]@{ LoadBefore = $load; LoadAfter = $loadAfter; Cores = [Environment]::ProcessorCount; Rows = $rows; Summary = $summary } | ConvertTo-Json -Depth 5
}
finally {
    Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue
    Get-NetLab -Name "$Prefix*" -ErrorAction SilentlyContinue | Remove-NetLab -ErrorAction SilentlyContinue
}
