#Requires -Version 7.4
<#
.SYNOPSIS
    Connects K containers (namespaces) to one bridge network (bridge, gateway, masquerade, per container a veth
    into the bridge, an address, the default route) several ways, interleaved round by round in one run, and prints
    the median times, the ratios and whether the issue's targets are met.

.DESCRIPTION
    cmdlets    New-ContainerNetwork, then one pipeline: Get-NetNamespace c* | Connect-ContainerNetwork
    core-pwsh  ContainerNetworks.Create, then Connect per container, called from a pwsh loop
    core-many  (C#, bench/LinuxNetPS.Bench networks) ContainerNetworks.Create, then one ConnectMany with all K
    core-each  (C#) ContainerNetworks.Create, then Connect per container from a C# loop
    pipelined  (C#) the bench's fastest pipelined netlink path: raw rtnetlink, veths created many per send, one send
               per container for lo/peer up, address and route (no NAT, no forwarding, no state, no checks)
    cni        the CNI reference plugins (Debian's containernetworking-plugins): bridge with host-local IPAM and
               ipMasq, one plugin process per container, run inside the namespace that plays the host
               (ip netns exec HOST /usr/lib/cni/bridge < conf, CNI_NETNS=/run/netns/...)
    cmdlets-publish  as cmdlets, each container publishing two ports (-Publish '80', '443': free host ports chosen)
    cni-portmap      as cni, then CNI's portmap plugin per container with two port mappings, chained by hand (the
               bridge's result as portmap's prevResult, built with jq); portmap programs iptables(-nft) in the host namespace
    ip-batch   one `ip -n HOST -batch` for the bridge and all veths, one `nft -f` for the masquerade,
               then one `ip -n C -batch` per container (address, route, lo up)

    Each run of a method gets its own host namespace and K fresh container namespaces, created before the clock
    starts and deleted after it stops, so only the connecting is timed (the C# driver times itself the same way).
    Every round runs every method once, in an order rotated per round, so the machine's load hits all alike.
    What differs: cni does not bring lo up (that is the loopback plugin, a second call); pipelined does no NAT.

.EXAMPLE
    sudo pwsh bench/networks/connect-bench.ps1 -Containers 100, 500 -Rounds 3
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 1000)] [int[]] $Containers = @(100, 500),
    [ValidateRange(1, 20)] [int] $Rounds = 3,
    [string[]] $Methods = @('cmdlets', 'core-pwsh', 'core-many', 'core-each', 'pipelined', 'cni', 'ip-batch')
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '..' '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1') -Force
$tag = "nb$($PID % 10000)"
$work = Join-Path ([System.IO.Path]::GetTempPath()) $tag
New-Item -ItemType Directory -Path $work -Force | Out-Null

$bench = Join-Path $PSScriptRoot '..' 'LinuxNetPS.Bench' 'bin' 'Debug' 'net10.0' 'LinuxNetPS.Bench.dll'
$csharp = @('core-many', 'core-each', 'pipelined')

function New-Lab([string] $Method, [int] $K) {
    $hostNs = "$tag-$Method-h"
    $names = 1..$K | ForEach-Object { "$tag-$Method-$_" }
    New-NetNamespace -Name (@($hostNs) + $names) | Out-Null
    Set-NetLink -Name lo -Up -Namespace $hostNs
    [pscustomobject]@{ Host = $hostNs; Names = $names }
}

function Remove-Lab($Lab) {
    Get-ContainerNetwork -Namespace $Lab.Host -ErrorAction SilentlyContinue | Where-Object Status -ne BuiltIn |
        Remove-ContainerNetwork -Force -Confirm:$false -ErrorAction SilentlyContinue
    Get-NetNamespace -Name (@($Lab.Host) + $Lab.Names) -ErrorAction SilentlyContinue | Remove-NetNamespace -Force
    # host-local keeps its allocations by container id on disk: the next run (same ids) must start empty.
    Remove-Item (Join-Path $work "$($Lab.Host)-ipam") -Recurse -Force -ErrorAction SilentlyContinue
}

$timers = [ordered]@{
    'cmdlets' = {
        param($Lab)
        $null = New-ContainerNetwork foo -Subnet 10.88.0.0/16 -Namespace $Lab.Host
        Get-NetNamespace -Name $Lab.Names | Connect-ContainerNetwork -Network foo -NetworkNamespace $Lab.Host | Out-Null
    }
    'core-pwsh' = {
        param($Lab)
        $nets = [LinuxNetPS.Compose.Networks.ContainerNetworks]::For($Lab.Host)
        $null = $nets.Create([LinuxNetPS.Compose.Networks.NetworkSpec]@{ Name = 'foo'; Subnet = '10.88.0.0/16' })
        foreach ($n in $Lab.Names) { $null = $nets.Connect([LinuxNetPS.Compose.Networks.ConnectSpec]@{ Network = 'foo'; Namespace = $n }) }
    }
    'cni' = {
        param($Lab)
        $conf = Join-Path $work "$($Lab.Host).conf"
        Set-Content $conf ('{"cniVersion":"1.0.0","name":"benchnet","type":"bridge","bridge":"cni0","isGateway":true,"ipMasq":true,' +
            '"ipam":{"type":"host-local","subnet":"10.88.0.0/16","dataDir":"' + (Join-Path $work "$($Lab.Host)-ipam") + '","routes":[{"dst":"0.0.0.0/0"}]}}')
        $script = Join-Path $work "$($Lab.Host)-cni.sh"
        Set-Content $script (@('set -e', 'export CNI_COMMAND=ADD CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni') + ($Lab.Names | ForEach-Object {
            "CNI_CONTAINERID=$_ CNI_NETNS=/run/netns/$_ ip netns exec $($Lab.Host) /usr/lib/cni/bridge < $conf > /dev/null" }))
        & bash $script
        if ($LASTEXITCODE) { throw "cni failed ($LASTEXITCODE)" }
    }
    'cmdlets-publish' = {
        # docker run -p 80 -p 443 per container: two published ports each, free host ports chosen and reported.
        param($Lab)
        $null = New-ContainerNetwork foo -Subnet 10.88.0.0/16 -Namespace $Lab.Host
        Get-NetNamespace -Name $Lab.Names | Connect-ContainerNetwork -Network foo -NetworkNamespace $Lab.Host -Publish '80', '443' | Out-Null
    }
    'cni-portmap' = {
        # The bridge plugin, then the portmap plugin with two port mappings per container (host ports 20000 + 2i, + 1),
        # chained by hand as a runtime does it: portmap gets the bridge's result as prevResult (jq builds its config).
        param($Lab)
        $conf = Join-Path $work "$($Lab.Host).conf"
        Set-Content $conf ('{"cniVersion":"1.0.0","name":"benchnet","type":"bridge","bridge":"cni0","isGateway":true,"ipMasq":true,' +
            '"ipam":{"type":"host-local","subnet":"10.88.0.0/16","dataDir":"' + (Join-Path $work "$($Lab.Host)-ipam") + '","routes":[{"dst":"0.0.0.0/0"}]}}')
        $script = Join-Path $work "$($Lab.Host)-cnipm.sh"
        $i = 0
        Set-Content $script (@('set -e', 'export CNI_COMMAND=ADD CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni') + ($Lab.Names | ForEach-Object {
            $i++
            $ports = '[{"hostPort":' + (20000 + 2 * $i) + ',"containerPort":80,"protocol":"tcp"},{"hostPort":' + (20001 + 2 * $i) + ',"containerPort":443,"protocol":"tcp"}]'
            "r=`$(CNI_CONTAINERID=$_ CNI_NETNS=/run/netns/$_ ip netns exec $($Lab.Host) /usr/lib/cni/bridge < $conf)"
            "jq -n --argjson prev `"`$r`" --argjson pm '$ports' '{cniVersion:`"1.0.0`",name:`"benchnet`",type:`"portmap`",capabilities:{portMappings:true},runtimeConfig:{portMappings:`$pm},prevResult:`$prev}' | CNI_CONTAINERID=$_ CNI_NETNS=/run/netns/$_ ip netns exec $($Lab.Host) /usr/lib/cni/portmap > /dev/null"
        }))
        & bash $script
        if ($LASTEXITCODE) { throw "cni-portmap failed ($LASTEXITCODE)" }
    }
    'ip-batch' = {
        param($Lab)
        $i = 0
        $hostLines = @('link add br0 type bridge', 'link set br0 up', 'addr add 10.88.0.1/16 dev br0') + ($Lab.Names | ForEach-Object {
            $i++; "link add vb$i type veth peer name eth0 netns $_"; "link set vb$i master br0 up" })
        Set-Content (Join-Path $work "$($Lab.Host).batch") $hostLines
        Set-Content (Join-Path $work "$($Lab.Host).nft") @('table ip bench {', '  chain post {', '    type nat hook postrouting priority srcnat;', '    ip saddr 10.88.0.0/16 oifname != "br0" masquerade', '  }', '}')
        $lines = @('set -e', "cd $work", "ip -n $($Lab.Host) -batch $($Lab.Host).batch", "ip netns exec $($Lab.Host) nft -f $($Lab.Host).nft",
            "ip netns exec $($Lab.Host) sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'")
        $i = 0
        foreach ($n in $Lab.Names) {
            $i++
            Set-Content (Join-Path $work "$n.batch") @('link set lo up', 'link set eth0 up', "addr add 10.88.$([math]::Floor(($i + 1) / 256)).$(($i + 1) % 256)/16 dev eth0", 'route add default via 10.88.0.1')
            $lines += "ip -n $n -batch $n.batch"
        }
        Set-Content (Join-Path $work "$($Lab.Host)-ip.sh") $lines
        & bash (Join-Path $work "$($Lab.Host)-ip.sh")
        if ($LASTEXITCODE) { throw "ip -batch failed ($LASTEXITCODE)" }
    }
}

# One run of a C# method: the driver makes and deletes its own namespaces and reports the time it measured itself.
function Invoke-CSharp([string] $Method, [int] $K) {
    $err = & dotnet $bench networks --containers $K --prefix "$tag$($Method -replace '-', '')" --path $Method 2>&1 | Out-String
    if ($LASTEXITCODE -or $err -notmatch 'connect_ms=([0-9.]+) elapsed_ms=([0-9.]+)') { throw "$Method failed: $err" }
    [pscustomobject]@{ Ms = [double] $Matches[2]; ConnectMs = [double] $Matches[1]; Checked = $true }
}

function Invoke-Method([string] $Method, [int] $K) {
    if ($Method -in $csharp) { return Invoke-CSharp $Method $K }
    $lab = New-Lab $Method $K
    try {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        & $timers[$Method] $lab
        $watch.Stop()
        # Check the work was done: the last container has an address in 10.88/16 and a default route.
        $last = $lab.Names[-1]
        $ok = @(Get-NetAddress -Namespace $last | Where-Object { $_.IPAddress.ToString() -like '10.88.*' }).Count -eq 1 -and
              @(Get-NetRoute -Namespace $last | Where-Object Destination -eq default).Count -eq 1
        [pscustomobject]@{ Ms = $watch.Elapsed.TotalMilliseconds; ConnectMs = $null; Checked = $ok }
    }
    finally {
        Remove-Lab $lab
    }
}

$loadBefore = (Get-Content /proc/loadavg).Split(' ')[0..2] -join ' '
$samples = [System.Collections.Generic.List[object]]::new()
foreach ($round in 1..$Rounds) {
    foreach ($k in $Containers) {
        $order = @($Methods[($round % $Methods.Count)..($Methods.Count - 1)]) + @(if ($round % $Methods.Count) { $Methods[0..(($round % $Methods.Count) - 1)] })
        foreach ($method in $order) {
            $r = Invoke-Method $method $k
            $samples.Add([pscustomobject]@{ Round = $round; Containers = $k; Method = $method; Ms = $r.Ms; ConnectMs = $r.ConnectMs; Checked = $r.Checked })
        }
    }
}
$loadAfter = (Get-Content /proc/loadavg).Split(' ')[0..2] -join ' '

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    if ($sorted.Count % 2) { $sorted[[int][math]::Floor($sorted.Count / 2)] } else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 }
}

foreach ($k in $Containers) {
    $rows = foreach ($method in $Methods) {
        $mine = @($samples | Where-Object { $_.Containers -eq $k -and $_.Method -eq $method })
        $median = Get-Median $mine.Ms
        [pscustomobject]@{ Method = $method; Containers = $k; MedianMs = [math]::Round($median); PerContainerMs = [math]::Round($median / $k, 2)
            MinMs = [math]::Round(($mine.Ms | Measure-Object -Minimum).Minimum); Runs = $mine.Count; Checked = -not ($mine.Checked -contains $false) }
    }
    $fastest = ($rows | Measure-Object MedianMs -Minimum).Minimum
    $rows | ForEach-Object { $_ | Add-Member -NotePropertyName 'xFastest' -NotePropertyValue ([math]::Round($_.MedianMs / $fastest, 2)) -PassThru } |
        Format-Table -AutoSize | Out-String | Write-Output
    $m = @{}; foreach ($r in $rows) { $m[$r.Method] = $r.MedianMs }
    if ($m['cmdlets'] -and $m['cni']) { "K=${k}: cni / cmdlets = {0:N1} (target: at least 10)" -f ($m['cni'] / $m['cmdlets']) }
    if ($m['cmdlets-publish'] -and $m['cni-portmap']) { "K=${k}, 2 published ports each: cni-portmap / cmdlets-publish = {0:N1}" -f ($m['cni-portmap'] / $m['cmdlets-publish']) }
    if ($m['cmdlets'] -and $m['ip-batch']) { "K=${k}: ip-batch / cmdlets = {0:N2} (target: above 1)" -f ($m['ip-batch'] / $m['cmdlets']) }
    if ($m['core-many'] -and $m['pipelined']) { "K=${k}: core-many / pipelined = {0:N2} (target: at most 1.3)" -f ($m['core-many'] / $m['pipelined']) }
    $many = @($samples | Where-Object { $_.Containers -eq $k -and $_.Method -eq 'core-many' })
    $connectOnly = if ($many.Count) { Get-Median $many.ConnectMs }
    if ($connectOnly -and $m['pipelined']) {
        "K=${k}: core-many without making the network (bridge, NAT, forwarding, isolation: {0:N0} ms) / pipelined = {1:N2}" -f ($m['core-many'] - $connectOnly), ($connectOnly / $m['pipelined'])
    }
}
"load average before: $loadBefore, after: $loadAfter (2 CPUs)"
Remove-Item -Recurse -Force $work
