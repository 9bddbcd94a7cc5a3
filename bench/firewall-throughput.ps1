#!/usr/bin/env pwsh
# Firewall (issue 22): what N blocked addresses cost the traffic that is NOT blocked. TCP throughput from h1 to h2 over
# one veth (Measure-NetLabLink: sockets made in the nodes, no iperf), with h2's input path holding, in turn:
#   none      no rule at all
#   set       the N addresses in one address set and one rule (New-NetFirewallAddressSet, Add-NetFirewallAddressSetMember,
#             New-NetFirewallRule -RemoteAddressSet): one lookup per packet
#   iptables  N rules `-A INPUT -s ADDR -j DROP` (one iptables-restore; iptables-nft): a chain walked rule by rule
# h1's address is not among the N, so every packet passes every rule. The methods take turns round by round (the rules
# are put in place and removed each round), so load from other jobs hits them alike; medians are printed.
# Everything happens in a lab this script makes and removes.
param(
    [string] $Manifest = (Join-Path $PSScriptRoot '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1'),
    [int] $Addresses = 10000,
    [int] $Rounds = 3,
    [double] $Seconds = 2
)
$ErrorActionPreference = 'Stop'
Import-Module $Manifest
$name = 'fwtp{0}' -f (Get-Random -Maximum 99999)
$work = Join-Path ([IO.Path]::GetTempPath()) $name
$null = New-Item -ItemType Directory $work
$ips = foreach ($i in 0..($Addresses - 1)) { '10.{0}.{1}.{2}' -f (100 + (($i -shr 16) -band 63)), (($i -shr 8) -band 255), ($i -band 255) }
Set-Content "$work/ips.txt" $ips
Set-Content "$work/iptables.restore" (@('*filter') + ($ips | ForEach-Object { "-A INPUT -s $_ -j DROP" }) + @('COMMIT'))

$lab = @{
    Name  = $name
    Nodes = @{ h1 = @{}; h2 = @{} }
    Links = @(@{ Endpoints = @('h1:eth0', 'h2:eth0'); Pool = '10.9.0.0/30' })
}
$null = New-NetLab -Definition $lab -Name $name -Prefix $name
try {
    $h2 = ((Get-NetLab $name).Nodes | Where-Object Node -eq 'h2').Namespace
    $methods = [ordered]@{
        none     = @{ Setup = {}; Teardown = {} }
        set      = @{
            Setup    = {
                $null = New-NetFirewallAddressSet blocked -Namespace $h2 -Family IPv4
                Get-Content "$work/ips.txt" | Add-NetFirewallAddressSetMember blocked -Namespace $h2
                $null = New-NetFirewallRule -Name blocklist -Direction Inbound -Action Block -RemoteAddressSet blocked -Namespace $h2
            }
            Teardown = {
                Remove-NetFirewallRule blocklist -Namespace $h2 -Confirm:$false
                Remove-NetFirewallAddressSet blocked -Namespace $h2 -Confirm:$false
            }
        }
        iptables = @{
            Setup    = { Get-Content "$work/iptables.restore" -Raw | ip netns exec $h2 iptables-restore; if ($LASTEXITCODE) { throw 'iptables-restore failed' } }
            Teardown = { ip netns exec $h2 iptables -F INPUT }
        }
    }
    $results = @{}
    foreach ($m in $methods.Keys) { $results[$m] = [System.Collections.Generic.List[double]]::new() }
    for ($r = 1; $r -le $Rounds; $r++) {
        foreach ($m in $methods.Keys) {
            & $methods[$m].Setup
            try {
                $t = Measure-NetLabLink $name -From h1 -To h2 -Seconds $Seconds
                $results[$m].Add($t.Mbps)
            }
            finally { & $methods[$m].Teardown }
            Write-Host ("round {0} {1,-9} {2,9:N0} Mbit/s" -f $r, $m, $t.Mbps)
        }
    }
    $load = (Get-Content /proc/loadavg) -split ' ' | Select-Object -First 3
    $median = { param($xs) $s = @($xs | Sort-Object); if ($s.Count % 2) { $s[[int][math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 } }
    $none = & $median $results['none']
    foreach ($m in $methods.Keys) {
        $x = & $median $results[$m]
        [pscustomobject]@{ Method = $m; Addresses = $(if ($m -eq 'none') { 0 } else { $Addresses }); MedianMbps = [math]::Round($x); OfNone = [math]::Round($x / $none, 3); Rounds = ($results[$m] | ForEach-Object { [math]::Round($_) }) -join ' / ' }
    }
    Write-Host "load average: $($load -join ' ')"
}
finally {
    Remove-NetLab $name -Confirm:$false
    Remove-Item -Recurse -Force $work
}
