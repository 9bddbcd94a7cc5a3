<#
.SYNOPSIS
    The median cost of one Add-PortForward and one New-NetFirewallRule call at 10 and 1,000 rules already in the
    table, for one build of the module (run it once per build to compare, e.g. main's and a branch's).
.DESCRIPTION
    In a namespace it creates (PREFIX<pid>), for each size: an empty ruleset, the table filled by one piped call
    (not timed), then -Calls single calls, each adding one new rule. Forwarding is on, so no warning is written.
    Run as root: pwsh -NoProfile -File bench/cmdlets/one-rule-per-call.ps1 [-Module path/LinuxNetPS.psd1] [-Calls 30]
#>
param(
    [string] $Module = (Join-Path $PSScriptRoot '../../out/LinuxNetPS/LinuxNetPS.psd1'),
    [int] $Calls = 30,
    [string] $Prefix = 'lrulebench'
)
$ErrorActionPreference = 'Stop'
Import-Module $Module
$ns = "$Prefix$PID"
function Get-Median([double[]] $values) { $s = @($values | Sort-Object); $s[[int][math]::Floor($s.Count / 2)] }

New-NetNamespace $ns | Out-Null
try {
    Enable-IPForwarding -Namespace $ns | Out-Null
    "$Module, load average $((Get-Content /proc/loadavg).Split(' ')[0])"
    foreach ($n in 10, 1000) {
        & ip netns exec $ns nft flush ruleset
        $forwards = foreach ($i in 1..$n) { [pscustomobject]@{ Protocol = 'tcp'; Port = [string](1000 + $i); ToAddress = "10.1.$([int][math]::Floor($i / 250)).$($i % 250 + 1)" } }
        $forwards | Add-PortForward -Namespace $ns
        $nat = foreach ($i in 1..$Calls) {
            $w = [Diagnostics.Stopwatch]::StartNew()
            Add-PortForward -Protocol udp -Port ([string](30000 + $i)) -ToAddress 10.9.0.1 -Namespace $ns
            $w.Elapsed.TotalMilliseconds
        }
        & ip netns exec $ns nft flush ruleset
        $rules = foreach ($i in 1..$n) { [pscustomobject]@{ Rule = "r$i"; Protocol = 'TCP'; LocalPort = [string[]]@([string](1000 + $i)); Action = 'Block' } }
        $rules | New-NetFirewallRule -Namespace $ns | Out-Null
        $fw = foreach ($i in 1..$Calls) {
            $w = [Diagnostics.Stopwatch]::StartNew()
            New-NetFirewallRule -Name "x$i" -Protocol TCP -LocalPort ([string](30000 + $i)) -Action Block -Namespace $ns | Out-Null
            $w.Elapsed.TotalMilliseconds
        }
        '{0,5} rules: Add-PortForward {1:0.00} ms/call, New-NetFirewallRule {2:0.00} ms/call' -f $n, (Get-Median $nat), (Get-Median $fw)
    }
}
finally {
    Remove-NetNamespace $ns -Force
}
