#!/usr/bin/env pwsh
# A lab split over three hosts (issue 21 §3): examples/labs/split.psd1 (5 nodes, 4 links, 3 of them VXLAN tunnels
# between hosts) on three simulated hosts (tests/MultiHost/SimulatedHosts.ps1), driven from this controller over
# PowerShell remoting. Times New-NetLab -Session, Test-NetLab -Session (12 pairs, all must pass) and Remove-NetLab
# -Session, -Runs times on warm sessions (the module imported on each host first), and prints each step's median.
# Everything lives in the simulated hosts and the run's underlay/controller namespaces, removed at the end.
param(
    [string] $Manifest = (Join-Path $PSScriptRoot '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1'),
    [int] $Runs = 5
)
$ErrorActionPreference = 'Stop'
$script:LinuxNetPSManifest = (Resolve-Path $Manifest).Path
Import-Module $script:LinuxNetPSManifest
. (Join-Path $PSScriptRoot '..' 'tests' 'MultiHost' 'SimulatedHosts.ps1')
$file = Join-Path $PSScriptRoot '..' 'examples' 'labs' 'split.psd1'

$prefix = 'bs{0}' -f (Get-Random -Minimum 1000 -Maximum 9999)
$lab = Start-SimulatedHost -Prefix $prefix -Count 3
$sessions = $null
try {
    $sessions = @(New-PSSession -HostName $lab.Hosts.Name -ConnectingTimeout 120000 | Sort-Object ComputerName)
    Invoke-Command -Session $sessions { Import-Module LinuxNetPS }
    $times = @{ New = @(); Test = @(); Remove = @() }
    foreach ($run in 1..$Runs) {
        $name = "$prefix-$run"
        $times.New += (Measure-Command { $null = New-NetLab -Path $file -Name $name -Prefix "$name-" -Session $sessions }).TotalSeconds
        $results = $null
        $times.Test += (Measure-Command { $script:results = Test-NetLab -Lab $name -Session $sessions }).TotalSeconds
        if (@($results | Where-Object Passed).Count -ne 12) { throw "run ${run}: Test-NetLab did not pass every pair" }
        $times.Remove += (Measure-Command { Remove-NetLab -Lab $name -Session $sessions -Confirm:$false }).TotalSeconds
    }
    foreach ($step in 'New', 'Test', 'Remove') {
        $sorted = $times[$step] | Sort-Object
        [pscustomobject]@{ Step = "$step-NetLab -Session"; MedianSeconds = [math]::Round($sorted[[int][math]::Floor($sorted.Count / 2)], 2); Runs = $sorted.Count }
    }
}
finally {
    if ($sessions) { Remove-PSSession $sessions }
    Stop-SimulatedHost $lab
}
