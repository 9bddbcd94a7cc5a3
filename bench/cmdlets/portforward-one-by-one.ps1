<#
.SYNOPSIS
    One port forward per call, at 10, 100, 1,000 and 10,000 forwards already in the table, and a loop of 1,000
    Add-PortForward calls against one `nft -f` of the same rules (issue 26, target 5).
.DESCRIPTION
    In namespaces it creates (PREFIX<pid>-ours, PREFIX<pid>-nft), for each table size N:
      * fills our table with N forwards in one transaction (not timed), then times -Calls single calls of the API
        (NetClient.Nat.AddPortForward), then -Calls of Add-PortForward, each adding one new forward; it reports the median
        per call, how much of it the kernel's commit took (the batch's send and answer, measured by the module), and the
        rest (ours). One call of `nft -f` adding one forward to the same N in another namespace is the peer.
    Then, -Rounds times and interleaved: the 1,000-call Add-PortForward loop from an empty ruleset, and `nft -f` of the
    same 1,000 forwards (2,000 rules, nft's syntax for what our compiler emits) from an empty ruleset. Medians, load
    average before and after. Forwarding is on in both namespaces, so no warning is written.
    Run as root: pwsh -NoProfile -File bench/cmdlets/portforward-one-by-one.ps1 [-Sizes 10,100,1000,10000] [-Calls 50] [-Rounds 3]
#>
param(
    [int[]] $Sizes = @(10, 100, 1000, 10000),
    [int] $Calls = 50,
    [int] $Loop = 1000,
    [int] $Rounds = 3,
    [string] $Module = (Join-Path $PSScriptRoot '../../out/LinuxNetPS/LinuxNetPS.psd1'),
    [string] $Prefix = 'lpf1bench'
)
$ErrorActionPreference = 'Stop'
Import-Module $Module
$ours = "$Prefix$PID-ours"
$peer = "$Prefix$PID-nft"
$work = Join-Path ([IO.Path]::GetTempPath()) "$Prefix$PID"
$null = New-Item -ItemType Directory -Path $work -Force

function Get-Forward([int] $i) {
    [LinuxNetPS.Nftables.PortForwardRequest]::new(('tcp', 'udp')[$i % 2], [string](1024 + $i % 60000), "10.$([int][math]::Floor($i / 60000) + 1).$([int][math]::Floor(($i % 60000) / 250)).$($i % 250 + 1)")
}
function Get-NftText([int] $from, [int] $count, [switch] $WithTable) {
    $sb = [Text.StringBuilder]::new()
    if ($WithTable) {
        $null = $sb.AppendLine('table inet nftbench {').AppendLine("`tchain prerouting { type nat hook prerouting priority dstnat; policy accept; }").
            AppendLine("`tchain output { type nat hook output priority -100; policy accept; }").AppendLine('}')
    }
    foreach ($i in $from..($from + $count - 1)) {
        $r = Get-Forward $i
        $match = "fib daddr type local meta l4proto $($r.Protocol) th dport $($r.Port) dnat ip to $($r.ToAddress)"
        $null = $sb.AppendLine("add rule inet nftbench prerouting meta nfproto ipv4 $match comment `"nftbench:$i`"")
        $null = $sb.AppendLine("add rule inet nftbench output meta nfproto ipv4 ip daddr != 127.0.0.0/8 $match comment `"nftbench:$i`"")
    }
    $sb.ToString()
}
function Get-Median([double[]] $values) { $s = @($values | Sort-Object); $s[[int][math]::Floor($s.Count / 2)] }
function Get-Load { (Get-Content /proc/loadavg).Split(' ')[0] }
function Measure-Ms([scriptblock] $block) { $w = [Diagnostics.Stopwatch]::StartNew(); & $block; $w.Elapsed.TotalMilliseconds }
function Assert-Rules([string] $ns, [string] $table, [int] $expected) {
    $json = & ip netns exec $ns nft -j list table inet $table | ConvertFrom-Json
    $count = @($json.nftables | Where-Object { $_.rule }).Count
    if ($count -ne $expected) { throw "table $table in $ns has $count rules, expected $expected" }
}

New-NetNamespace $ours, $peer | Out-Null
try {
    Enable-IPForwarding -Namespace $ours | Out-Null
    Enable-IPForwarding -Namespace $peer | Out-Null
    $nat = [LinuxNetPS.Client.NetClient]::For($ours).Nat
    # The module's own measure of the kernel's commit time (internal: read by reflection).
    $tableType = [LinuxNetPS.Nftables.NatOperations].Assembly.GetType('LinuxNetPS.Nftables.LinuxNetPsTable')
    $table = $tableType.GetMethod('For').Invoke($null, @([LinuxNetPS.Client.NetClient]::For($ours).Session))
    $commitTime = $tableType.GetProperty('CommitTime', [Reflection.BindingFlags]'NonPublic,Instance')
    # Warm-up, not timed: enough calls of every path for .NET's tiered JIT to settle (it recompiles after 30 calls).
    $null = $nat.AddPortForwards([LinuxNetPS.Nftables.PortForwardRequest[]]@(0..9 | ForEach-Object { Get-Forward $_ }))
    foreach ($i in 1..100) {
        $r = Get-Forward (100 + $i)
        $null = $nat.AddPortForward($r.Protocol, $r.Port, $r.ToAddress)
        $r = Get-Forward (200 + $i)
        Add-PortForward -Namespace $ours -Protocol $r.Protocol -Port $r.Port -ToAddress $r.ToAddress
    }
    & ip netns exec $ours nft flush ruleset

    $load = Get-Load
    "Per call, at N forwards already in the table (2N kernel rules); medians of $Calls calls; load average $load"
    '| N forwards | API call | of it the kernel''s commit | ours (the rest) | Add-PortForward call | `nft -f` of one forward (a process) | Add-PortForward x faster than nft |'
    '|---:|---:|---:|---:|---:|---:|---:|'
    $next = 500000 # forwards added by the timed calls are numbered from here, apart from the fill
    foreach ($n in $Sizes) {
        & ip netns exec $ours nft flush ruleset
        & ip netns exec $peer nft flush ruleset
        if ($n -gt 0) {
            for ($at = 0; $at -lt $n; $at += 5000) {
                $chunk = [Math]::Min(5000, $n - $at)
                $null = $nat.AddPortForwards([LinuxNetPS.Nftables.PortForwardRequest[]]@($at..($at + $chunk - 1) | ForEach-Object { Get-Forward $_ }))
            }
            Set-Content -Path "$work/fill.nft" -Value (Get-NftText 0 $n -WithTable)
            & ip netns exec $peer nft -f "$work/fill.nft"
        }
        $api = @(); $kernel = @(); $cmdlet = @(); $nft = @()
        foreach ($c in 1..$Calls) {
            $r = Get-Forward ($next++)
            $before = $commitTime.GetValue($table)
            $api += Measure-Ms { $null = $nat.AddPortForward($r.Protocol, $r.Port, $r.ToAddress) }
            $kernel += ($commitTime.GetValue($table) - $before).TotalMilliseconds
        }
        foreach ($c in 1..$Calls) {
            $r = Get-Forward ($next++)
            $cmdlet += Measure-Ms { Add-PortForward -Namespace $ours -Protocol $r.Protocol -Port $r.Port -ToAddress $r.ToAddress }
        }
        foreach ($c in 1..[Math]::Min($Calls, 10)) {
            Set-Content -Path "$work/one.nft" -Value (Get-NftText ($next++) 1)
            $nft += Measure-Ms { & ip netns exec $peer nft -f "$work/one.nft" }
        }
        Assert-Rules $ours 'linuxnetps' (2 * ($n + 2 * $Calls))
        $a = Get-Median $api; $k = Get-Median $kernel; $m = Get-Median $cmdlet; $p = Get-Median $nft
        '| {0} | {1:0.000} ms | {2:0.000} ms | {3:0.000} ms | {4:0.000} ms | {5:0.0} ms | {6:0.0} |' -f $n, $a, $k, ($a - $k), $m, $p, ($p / $m)
    }

    "`n$Loop Add-PortForward calls in a foreach loop from an empty ruleset, against one ``nft -f`` of the same $Loop forwards ($(2 * $Loop) rules); $Rounds interleaved rounds"
    Set-Content -Path "$work/loop.nft" -Value (Get-NftText 0 $Loop -WithTable)
    $requests = @(0..($Loop - 1) | ForEach-Object { Get-Forward $_ })
    $loops = @(); $files = @(); $commits = @()
    $load = Get-Load
    foreach ($round in 1..$Rounds) {
        & ip netns exec $ours nft flush ruleset
        $before = $commitTime.GetValue($table)
        $loops += Measure-Ms { foreach ($r in $requests) { Add-PortForward -Namespace $ours -Protocol $r.Protocol -Port $r.Port -ToAddress $r.ToAddress } }
        $commits += ($commitTime.GetValue($table) - $before).TotalMilliseconds
        Assert-Rules $ours 'linuxnetps' (2 * $Loop)
        & ip netns exec $peer nft flush ruleset
        $files += Measure-Ms { & ip netns exec $peer nft -f "$work/loop.nft" }
        Assert-Rules $peer 'nftbench' (2 * $Loop)
    }
    $l = Get-Median $loops; $f = Get-Median $files; $c = Get-Median $commits
    '| what | median | x `nft -f` |'
    '|---|---:|---:|'
    '| {0} `Add-PortForward` calls (foreach) | {1:0.0} ms | {2:0.0} |' -f $Loop, $l, ($l / $f)
    '| of it the kernel''s {0} commits | {1:0.0} ms | {2:0.0} |' -f $Loop, $c, ($c / $f)
    '| `nft -f` of the same rules (one process, one transaction) | {0:0.0} ms | 1.0 |' -f $f
    "rounds: loop $(($loops | ForEach-Object { '{0:0}' -f $_ }) -join ', ') ms; nft -f $(($files | ForEach-Object { '{0:0}' -f $_ }) -join ', ') ms; load average $load -> $(Get-Load)"
}
finally {
    Remove-NetNamespace $ours, $peer -Force
    Remove-Item -Recurse -Force $work
}
