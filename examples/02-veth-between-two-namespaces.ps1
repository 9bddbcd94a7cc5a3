#Requires -Version 7.4
<#
.SYNOPSIS
    A veth pair as a direct cable between two namespaces (no bridge).

.DESCRIPTION
    Walkthrough 004 ("Virtual Ethernet Pair"):

        ip netns add red; ip netns add blue
        ip link add veth-red type veth peer name veth-blue
        ip link set veth-red netns red; ip link set veth-blue netns blue
        ip address add 192.168.15.1 dev veth-red -n red ...
        ip link set veth-red up -n red ...
        ip netns exec red ping 192.168.15.2

    New-VethPair creates the pair with each end already in its namespace, so nothing is ever
    created in the host namespace. The walkthrough's addresses have no prefix length (so /32,
    and the ping has no route); here they are /24, which is what the walkthrough meant.

.PARAMETER Prefix
    Prefix of the namespaces this run creates (default: random).

.EXAMPLE
    sudo pwsh ./examples/02-veth-between-two-namespaces.ps1
#>
[CmdletBinding()]
param(
    [ValidatePattern('^[a-z][a-z0-9]{1,9}$')]
    [string] $Prefix = "ex2$([System.Random]::Shared.Next(1000, 10000))"
)

$ErrorActionPreference = 'Stop'
# The module built in this checkout, or the installed one.
$built = Join-Path $PSScriptRoot '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1'
if (Test-Path $built) { Import-Module $built -Force } else { Import-Module LinuxNetPS }

$red = "$Prefix-red"
$blue = "$Prefix-blue"

try {
    New-NetNamespace -Name $red, $blue | Out-Host

    # ip link add veth-red type veth peer name veth-blue + both "ip link set ... netns" + both "up".
    $cable = New-VethPair -Name veth-red -PeerName veth-blue -Namespace $red -PeerNamespace $blue -Up
    $cable | Out-Host

    # ip address add 192.168.15.1/24 dev veth-red -n red: the pair pipes into Add-NetAddress,
    # binding its first end (Name -> -Interface) and its namespace.
    $cable | Add-NetAddress -Address 192.168.15.1/24 -PassThru | Out-Host
    Add-NetAddress -Address 192.168.15.2/24 -Interface veth-blue -Namespace $blue | Out-Host

    # ip -n red link: the end in red knows its peer is in blue.
    Get-NetLink -Namespace $red | Out-Host
    $blueEnd = Get-NetLink -Name veth-blue -Namespace $blue
    "$($blueEnd.Name) in $($blueEnd.Namespace) is $($blueEnd.OperState); its peer is $($blueEnd.PeerName) in $($blueEnd.PeerNamespace)"

    foreach ($check in @(@{ From = $red; To = '192.168.15.2' }, @{ From = $blue; To = '192.168.15.1' })) {
        Invoke-NetNamespace -Namespace $check.From -FilePath ping -ArgumentList '-c', '1', '-W', '2', $check.To | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "ping $($check.To) from $($check.From) failed (exit $LASTEXITCODE)" }
        Write-Host "OK: $($check.From) reaches $($check.To)" -ForegroundColor Green
    }
}
finally {
    Get-NetNamespace -Name "$Prefix-*" | Remove-NetNamespace -Force
}
