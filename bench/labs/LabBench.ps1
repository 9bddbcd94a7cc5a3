# What the lab benchmarks share (dot-sourced by Compare-Labs.ps1, Compare-ClabExec.ps1 and progress.ps1): the star
# they build, the wait for the kernel's namespace cleanup between measurements, and one Mininet run.

# A star of K hosts h1..hK around the bridge node s1, addressed from one pool (Mininet's `--topo single,K`).
function New-StarDefinition([int] $K) {
    $nodes = [ordered]@{ s1 = @{ Kind = 'bridge'; Pool = '10.0.0.0/16' } }
    $links = foreach ($i in 1..$K) { $nodes["h$i"] = @{}; @{ Endpoints = "h${i}:eth0", "s1:s1-eth$i" } }
    @{ Nodes = $nodes; Links = @($links) }
}

# The kernel destroys deleted namespaces later, in the background (seconds for hundreds): wait until the
# net_namespace slab stops shrinking before each measurement, so no method pays for the previous one's cleanup.
function Wait-KernelCleanup {
    $count = { [long](((Get-Content /proc/slabinfo | Where-Object { $_ -like 'net_namespace *' }) -split '\s+')[1]) }
    $last = & $count
    foreach ($i in 1..40) {
        Start-Sleep -Milliseconds 500
        $now = & $count
        if ($now -ge $last) { return }
        $last = $now
    }
}

# Mininet's `single,K` topology with Linux bridges and no controller, running -Test (build, pingall), inside a
# namespace "<Prefix>-mn" of its own: Mininet's own "completed in" time, the wall time, and its result lines.
function Invoke-Mininet([string] $Prefix, [int] $K, [string] $Test) {
    $ns = "$Prefix-mn"
    Wait-KernelCleanup
    & ip netns add $ns
    try {
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $out = & ip netns exec $ns mn --switch lxbr --controller none --topo "single,$K" --test $Test 2>&1 | ForEach-Object { "$_" }
        $wall = $clock.Elapsed.TotalSeconds
        $completed = [double](($out | Select-String 'completed in ([0-9.]+) seconds').Matches[0].Groups[1].Value)
        $results = ($out | Select-String 'Results: .*').Matches.Value
        [pscustomobject]@{ Completed = $completed; Wall = $wall; Results = $results }
    }
    finally { & ip netns delete $ns }
}
