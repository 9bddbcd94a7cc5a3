#!/usr/bin/env pwsh
# Firewall (issue 22): time to put N blocked addresses in place, and M rules, through the cmdlets against `nft -f` and
# iptables (docs/performance.md, "Firewall"). Everything happens in namespaces this script creates and deletes; each
# method starts from an empty ruleset, and the methods take turns round by round so load from other jobs hits them alike.
#   A. N addresses blocked: New-NetFirewallAddressSet + `Get-Content | Add-NetFirewallAddressSetMember` + one
#      New-NetFirewallRule -RemoteAddressSet; one `nft -f` of the same set, elements and rule; N `iptables -A INPUT -s
#      ADDR -j DROP` (one process each, as a script adding them one by one does; at most -IptablesAddresses of them);
#      one `iptables-restore` of the same N rules.
#   B. M rules (TCP port i, Block): M objects piped into one New-NetFirewallRule; one `nft -f` of the same M rules.
param(
    [string] $Manifest = (Join-Path $PSScriptRoot '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1'),
    [int] $Addresses = 10000,
    [int] $IptablesAddresses = 10000,
    [int] $Rules = 1000,
    [int] $Rounds = 3,
    # Which comparisons to run: A (addresses), B (rules), or both; B alone is cheap enough for many rounds.
    [ValidateSet('A', 'B')] [string[]] $Part = @('A', 'B')
)
$ErrorActionPreference = 'Stop'
Import-Module $Manifest
$ns = 'bench-fw-{0}' -f (Get-Random -Maximum 99999)
$work = Join-Path ([IO.Path]::GetTempPath()) $ns
$null = New-Item -ItemType Directory $work
$null = New-NetNamespace $ns

$ips = foreach ($i in 0..($Addresses - 1)) { '10.{0}.{1}.{2}' -f (($i -shr 16) -band 255), (($i -shr 8) -band 255), ($i -band 255) }
Set-Content "$work/ips.txt" $ips
Set-Content "$work/set.nft" @(
    'add table inet linuxnetps'
    'add chain inet linuxnetps input { type filter hook input priority 0; policy accept; }'
    'add set inet linuxnetps blocked { type ipv4_addr; flags interval; }'
    "add element inet linuxnetps blocked { $($ips -join ', ') }"
    'add rule inet linuxnetps input meta nfproto ipv4 ip saddr @blocked counter drop comment "linuxnetps:fw-blocklist I1000"')
$ipt = $ips | Select-Object -First $IptablesAddresses
Set-Content "$work/iptables.sh" ($ipt | ForEach-Object { "iptables -A INPUT -s $_ -j DROP" })
Set-Content "$work/iptables.restore" (@('*filter') + ($ips | ForEach-Object { "-A INPUT -s $_ -j DROP" }) + @('COMMIT'))
Set-Content "$work/rules.nft" (@('add table inet linuxnetps', 'add chain inet linuxnetps input { type filter hook input priority 0; policy accept; }') +
    (1..$Rules | ForEach-Object { "add rule inet linuxnetps input meta l4proto tcp th dport $_ counter drop comment `"linuxnetps:fw-r$_ I1000`"" }))
$ruleRows = 1..$Rules | ForEach-Object { [pscustomobject]@{ Rule = "r$_"; Protocol = 'TCP'; LocalPort = "$_"; Action = 'Block' } }

function Clear-Ruleset { & ip netns exec $ns nft flush ruleset; if ($LASTEXITCODE) { throw 'nft flush failed' } }
function Count-Rules { @((& ip netns exec $ns nft -j list ruleset) | ConvertFrom-Json | ForEach-Object nftables | Where-Object { $_.rule }).Count }
function In-Ns([string] $script) { & ip netns exec $ns sh $script; if ($LASTEXITCODE) { throw "$script failed" } }

$methods = [ordered]@{
    'A cmdlets: New-NetFirewallAddressSet, Get-Content | Add-...Member, New-NetFirewallRule' = @{ Check = 1; Run = {
        $null = New-NetFirewallAddressSet blocked -Namespace $ns
        Get-Content "$work/ips.txt" | Add-NetFirewallAddressSetMember blocked -Namespace $ns
        $null = New-NetFirewallRule -Name blocklist -RemoteAddressSet blocked -Action Block -Namespace $ns } }
    'A nft -f (the same set, elements and rule)' = @{ Check = 1; Run = { & ip netns exec $ns nft -f "$work/set.nft"; if ($LASTEXITCODE) { throw 'nft failed' } } }
    "A iptables -A per address ($IptablesAddresses processes)" = @{ Check = $IptablesAddresses; Run = { In-Ns "$work/iptables.sh" } }
    'A iptables-restore (all addresses, one process)' = @{ Check = $Addresses; Run = { & ip netns exec $ns sh -c "iptables-restore < $work/iptables.restore"; if ($LASTEXITCODE) { throw 'iptables-restore failed' } } }
    'B cmdlets: objects | New-NetFirewallRule (one pipeline)' = @{ Check = $Rules; Run = { $ruleRows | New-NetFirewallRule -Namespace $ns | Out-Null } }
    'B nft -f (the same rules)' = @{ Check = $Rules; Run = { & ip netns exec $ns nft -f "$work/rules.nft"; if ($LASTEXITCODE) { throw 'nft failed' } } }
}

foreach ($name in @($methods.Keys)) { if ($name.Substring(0, 1) -notin $Part) { $methods.Remove($name) } }

try {
    $load = (Get-Content /proc/loadavg) -split ' ' | Select-Object -First 3
    $times = @{}
    foreach ($round in 0..$Rounds) {   # round 0 warms up (JIT, caches) and is not counted
        foreach ($name in $methods.Keys) {
            Clear-Ruleset
            $watch = [Diagnostics.Stopwatch]::StartNew()
            & $methods[$name].Run
            $ms = $watch.Elapsed.TotalMilliseconds
            $count = Count-Rules
            if ($count -ne $methods[$name].Check) { throw "$name made $count rules, expected $($methods[$name].Check)" }
            if ($round -gt 0) { $times[$name] += , $ms }
            Write-Host ('round {0} {1}: {2:0} ms' -f $round, $name, $ms)
        }
    }
    $median = { param($values) $s = $values | Sort-Object; $s[[int][math]::Floor($s.Count / 2)] }
    "load average at start: $load; addresses: $Addresses (iptables -A: $IptablesAddresses); rules: $Rules; rounds: $Rounds (median shown)"
    $methods.Keys | ForEach-Object { [pscustomobject]@{ Method = $_; Ms = [math]::Round((& $median $times[$_]), 1) } } | Format-Table -AutoSize | Out-String -Width 200
    # Ratios round by round (the cmdlets' time over nft's in the same round): load from other jobs hits both methods of a
    # round alike, so the median ratio is steadier than the ratio of the medians.
    $keys = @($methods.Keys)
    foreach ($pair in $Part | ForEach-Object { , @(($keys -like "$_ cmdlets*")[0], ($keys -like "$_ nft -f*")[0]) }) {
        $ratios = for ($i = 0; $i -lt $Rounds; $i++) { $times[$pair[0]][$i] / $times[$pair[1]][$i] }
        '{0}: {1:0.00}x nft -f''s time (median of the rounds'' ratios; per round {2})' -f $pair[0].Substring(0, 1), (& $median $ratios),
            (($ratios | ForEach-Object { '{0:0.00}' -f $_ }) -join ', ')
    }
    "load average at end: $((Get-Content /proc/loadavg) -split ' ' | Select-Object -First 3)"
}
finally {
    Remove-NetNamespace $ns -Force
    Remove-Item -Recurse $work
}
