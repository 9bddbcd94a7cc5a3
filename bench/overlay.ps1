#!/usr/bin/env pwsh
# Overlay networks across hosts (issue 21): an overlay with -Containers containers on each of N simulated hosts
# (tests/MultiHost/SimulatedHosts.ps1: each host its own network, mount and PID namespaces, sshd, pwsh over SSH),
# built from this controller in two ways in one run, and a further host added:
#   parallel    New-ContainerNetwork -Session (all hosts), then every container of every host piped into one
#               Connect-ContainerNetwork -Session (all hosts): one fan-out for the connects, one for the sync
#   sequential  one host after the other: New-ContainerNetwork -Session (the hosts so far + this one), then its containers
#   add a host  the (N+1)th host joins the parallel overlay and connects its containers
# Each build is checked: a container on the first host pings one on the last. Prints seconds and the entries per host.
# Everything lives in the simulated hosts and the run's underlay/controller namespaces, removed at the end.
param(
    [string] $Manifest = (Join-Path $PSScriptRoot '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1'),
    [int[]] $Hosts = @(5, 10),
    [int] $Containers = 20
)
$ErrorActionPreference = 'Stop'
$script:LinuxNetPSManifest = (Resolve-Path $Manifest).Path
Import-Module $script:LinuxNetPSManifest
. (Join-Path $PSScriptRoot '..' 'tests' 'MultiHost' 'SimulatedHosts.ps1')

function Test-OverlayPing($From, $To, [string] $Network, [string] $Namespace) {
    $address = [string](Invoke-Command -Session $To { Get-ContainerEndpoint -Network $using:Network -Namespace $using:Namespace }).IPAddress
    Invoke-Command -Session $From {
        $null = Invoke-NetNamespace -Namespace $using:Namespace -FilePath ping -ArgumentList '-c', '1', '-W', '3', $using:address
        $LASTEXITCODE -eq 0
    }
}

$results = foreach ($n in $Hosts) {
    $prefix = 'bo{0}' -f (Get-Random -Minimum 1000 -Maximum 9999)
    $lab = Start-SimulatedHost -Prefix $prefix -Count ($n + 1)
    $sessions = $null
    try {
        $sessions = @(New-PSSession -HostName $lab.Hosts.Name -ConnectingTimeout 120000 | Sort-Object { [int]$_.ComputerName.Substring(1) })
        $c = $Containers
        Invoke-Command -Session $sessions {
            Import-Module LinuxNetPS
            $null = New-NetNamespace -Name (1..$using:c | ForEach-Object { "c$_" }) -DisableIPv6
        }
        $first = $sessions[0..($n - 1)]
        $extra = $sessions[$n]
        # Piped by property name, as New-NetNamespace's output would be.
        $names = 1..$c | ForEach-Object { [pscustomobject]@{ Namespace = "c$_" } }
        Invoke-Command -Session $first { } # warm
        $roundTrip = (Measure-Command { Invoke-Command -Session $first { } }).TotalSeconds

        $parallel = Measure-Command {
            $null = New-ContainerNetwork -Driver overlay -Name par -Subnet 10.200.0.0/16 -Vni 100 -Session $first
            $null = $names | Connect-ContainerNetwork -Network par -Session $first
        }
        if (-not (Test-OverlayPing $first[0] $first[-1] par c1)) { throw "parallel overlay: c1 on h1 does not reach c1 on h$n" }

        $sequential = Measure-Command {
            for ($i = 0; $i -lt $n; $i++) {
                $null = New-ContainerNetwork -Driver overlay -Name seq -Subnet 10.201.0.0/16 -Vni 101 -Session $first[0..$i]
                $null = $names | Connect-ContainerNetwork -Network seq -Session $first[$i] -Interface eth1
            }
        }
        if (-not (Test-OverlayPing $first[0] $first[-1] seq c2)) { throw "sequential overlay: c2 on h1 does not reach c2 on h$n" }

        $add = Measure-Command {
            $null = New-ContainerNetwork -Driver overlay -Name par -Subnet 10.200.0.0/16 -Vni 100 -Session $sessions
            $null = $names | Connect-ContainerNetwork -Network par -Session $extra
        }
        if (-not (Test-OverlayPing $first[0] $extra par c3)) { throw "added host: c3 on h1 does not reach c3 on h$($n + 1)" }

        $entries = Invoke-Command -Session $first[0] {
            $vx = (Get-ContainerNetwork -Network par).Options['vxlan']
            [pscustomobject]@{
                Flooding = @(Get-BridgeFdb -Interface $vx | Where-Object MacAddress -eq '00:00:00:00:00:00').Count
                Fdb = @(Get-BridgeFdb -Interface $vx | Where-Object { $_.MacAddress -ne '00:00:00:00:00:00' -and $_.RemoteAddress }).Count
                Neighbors = @(Get-NetNeighbor -Interface $vx -Family IPv4).Count
            }
        }
        [pscustomobject]@{
            Hosts = $n; Containers = $n * $c; RoundTripMs = [math]::Round($roundTrip * 1000)
            ParallelS = [math]::Round($parallel.TotalSeconds, 2); SequentialS = [math]::Round($sequential.TotalSeconds, 2)
            Ratio = [math]::Round($sequential.TotalSeconds / $parallel.TotalSeconds, 1)
            AddHostS = [math]::Round($add.TotalSeconds, 2)
            FloodingPerHost = $entries.Flooding; FdbPerHost = $entries.Fdb; NeighborsPerHost = $entries.Neighbors
        }
    }
    finally {
        if ($sessions) { Remove-PSSession $sessions -ErrorAction Ignore }
        Stop-SimulatedHost $lab
    }
}
$results | Format-Table -AutoSize | Out-String -Width 200
