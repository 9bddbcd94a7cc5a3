#Requires -Version 7.4
<#
.SYNOPSIS
    Connects K containers (namespaces) to one bridge network (bridge, gateway, masquerade, per container a veth
    into the bridge, an address, the default route) four ways, in one run, and prints the times and ratios.

.DESCRIPTION
    cmdlets    New-ContainerNetwork, then one pipeline: Get-NetNamespace c* | Connect-ContainerNetwork
    core-api   ContainerNetworks.Create, then Connect per container, called from a pwsh loop
    cni        the CNI reference plugins (Debian's containernetworking-plugins): bridge with host-local IPAM and
               ipMasq, one plugin process per container, run inside the namespace that plays the host
               (ip netns exec HOST /usr/lib/cni/bridge < conf, CNI_NETNS=/run/netns/...)
    ip-batch   one `ip -n HOST -batch` for the bridge and all veths, one `nft -f` for the masquerade,
               then one `ip -n C -batch` per container (address, route, lo up)

    Each method gets its own host namespace and K fresh container namespaces, created before the clock starts
    and deleted after it stops, so only the connecting is timed. Every name starts with nb<pid>.
    What differs: cni does not bring lo up (that is the loopback plugin, a second call); everything else is the same work.

.EXAMPLE
    sudo pwsh bench/networks/connect-bench.ps1 -Containers 100
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 250)] [int] $Containers = 100,
    [string[]] $Methods = @('cmdlets', 'core-api', 'cni', 'ip-batch')
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '..' '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1') -Force
$tag = "nb$($PID % 10000)"
$work = Join-Path ([System.IO.Path]::GetTempPath()) $tag
New-Item -ItemType Directory -Path $work -Force | Out-Null

function New-Lab([string] $Method) {
    $hostNs = "$tag-$Method-h"
    $names = 1..$Containers | ForEach-Object { "$tag-$Method-$_" }
    New-NetNamespace -Name (@($hostNs) + $names) | Out-Null
    Set-NetLink -Name lo -Up -Namespace $hostNs
    [pscustomobject]@{ Host = $hostNs; Names = $names }
}

function Remove-Lab($Lab) {
    Get-ContainerNetwork -Namespace $Lab.Host -ErrorAction SilentlyContinue | Where-Object Status -ne BuiltIn |
        Remove-ContainerNetwork -Force -Confirm:$false -ErrorAction SilentlyContinue
    Get-NetNamespace -Name (@($Lab.Host) + $Lab.Names) -ErrorAction SilentlyContinue | Remove-NetNamespace -Force
}

$timers = [ordered]@{
    'cmdlets' = {
        param($Lab)
        $null = New-ContainerNetwork foo -Subnet 10.88.0.0/16 -Namespace $Lab.Host
        Get-NetNamespace -Name $Lab.Names | Connect-ContainerNetwork -Network foo -NetworkNamespace $Lab.Host | Out-Null
    }
    'core-api' = {
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

$results = foreach ($method in $Methods) {
    $lab = New-Lab $method
    try {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        & $timers[$method] $lab
        $watch.Stop()
        # Check the work was done: the last container has an address in 10.88/16 and a default route.
        $last = $lab.Names[-1]
        $ok = @(Get-NetAddress -Namespace $last | Where-Object Address -like '10.88.*').Count -eq 1 -and
              @(Get-NetRoute -Namespace $last | Where-Object Destination -eq default).Count -eq 1
        [pscustomobject]@{ Method = $method; Containers = $Containers; TotalMs = [math]::Round($watch.Elapsed.TotalMilliseconds); PerContainerMs = [math]::Round($watch.Elapsed.TotalMilliseconds / $Containers, 2); Checked = $ok }
    }
    finally {
        Remove-Lab $lab
    }
}
$fastest = ($results | Measure-Object TotalMs -Minimum).Minimum
$results | ForEach-Object { $_ | Add-Member -NotePropertyName 'xFastest' -NotePropertyValue ([math]::Round($_.TotalMs / $fastest, 2)) -PassThru } | Format-Table -AutoSize
Remove-Item -Recurse -Force $work
