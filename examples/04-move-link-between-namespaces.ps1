#Requires -Version 7.4
<#
.SYNOPSIS
    Moving a link into a namespace and back, a bridge to reach it, and a DNAT rule inside it.

.DESCRIPTION
    Walkthrough 001 ("Docker Network and Linux Network Namespace"):

        ip netns add my_netns
        ip link set eth1 netns my_netns           # and back: ip link set eth1 netns 1
        ip link add veth_br type veth peer name veth_my_netns
        ip link set veth_br master docker1; ip link set veth_my_netns netns my_netns
        ip netns exec my_netns ip address add 123.456.0.0/16 dev veth_my_netns
        ip netns exec my_netns iptables -t nat -A PREROUTING -p tcp -s 10.0.0.0/16 --dport 1234 \
            -j DNAT --to-destination 111.222.33.4:1234

    There is no spare eth1 to borrow, so "eth1" is one end of a veth pair created in the
    namespace that plays the host. It moves into my_netns with -TargetNamespace and back with
    -TargetNamespace again. `ip link set eth1 netns 1` (Move-NetLink -ToHost) would move it into
    the machine's real host namespace; that happens only with -UseRealHost, and the link is then
    deleted from the host in the cleanup.

    The walkthrough's 123.456.0.0/16 is not an address and 111.222.33.4 belongs to someone;
    this script uses 10.123.0.0/16 and a container address 10.123.0.4.

.PARAMETER Prefix
    Prefix of the namespaces this run creates (default: random).

.PARAMETER UseRealHost
    Move the link back with -ToHost (into the machine's own namespace, as the walkthrough does)
    instead of into the namespace that plays the host.

.EXAMPLE
    sudo pwsh ./examples/04-move-link-between-namespaces.ps1
#>
[CmdletBinding()]
param(
    [ValidatePattern('^[a-z][a-z0-9]{1,9}$')]
    [string] $Prefix = "ex4$([System.Random]::Shared.Next(1000, 10000))",

    [switch] $UseRealHost
)

$ErrorActionPreference = 'Stop'
# The module built in this checkout, or the installed one.
$built = Join-Path $PSScriptRoot '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1'
if (Test-Path $built) { Import-Module $built -Force } else { Import-Module LinuxNetPS }

$hostNs = "$Prefix-host"
$myNs = "$Prefix-my_netns"
# Unique per run, because with -UseRealHost it briefly lives in the shared host namespace.
$eth1 = "e1$($Prefix)"

try {
    New-NetNamespace -Name $hostNs, $myNs | Out-Host
    Set-NetLink -Name lo -Up -Namespace $myNs

    # Something to play eth1: one end of a pair, both ends in the host stand-in.
    New-VethPair -Name $eth1 -PeerName lan0 -Namespace $hostNs | Out-Host

    # ip link set eth1 netns my_netns
    Get-NetLink -Name $eth1 -Namespace $hostNs | Move-NetLink -TargetNamespace $myNs -PassThru | Out-Host
    # ip netns exec my_netns ip link list | grep eth1
    $moved = Get-NetLink -Name $eth1 -Namespace $myNs
    if (-not $moved) { throw "$eth1 is not in $myNs after the move" }
    if (Get-NetLink -Namespace $hostNs | Where-Object Name -eq $eth1) { throw "$eth1 is still in $hostNs" }
    Write-Host "OK: $eth1 is in $myNs" -ForegroundColor Green
    # ip link set eth1 netns 1: back to the host.
    if ($UseRealHost) {
        Move-NetLink -Name $eth1 -Namespace $myNs -ToHost -PassThru | Out-Host
        if (-not (Get-NetLink -Name $eth1)) { throw "$eth1 did not arrive in the host namespace" }
    }
    else {
        Move-NetLink -Name $eth1 -Namespace $myNs -TargetNamespace $hostNs -PassThru | Out-Host
        if (-not (Get-NetLink -Name $eth1 -Namespace $hostNs)) { throw "$eth1 did not come back to $hostNs" }
    }
    Write-Host "OK: $eth1 moved back" -ForegroundColor Green
    # A custom bridge (docker network create ... -o com.docker.network.bridge.name=docker1).
    New-NetBridge -Name docker1 -Up -Namespace $hostNs | Add-NetAddress -Address 10.123.0.1/16 -PassThru | Out-Host

    # ip link add veth_br type veth peer name veth_my_netns; master docker1; netns my_netns; both up.
    # (veth_my_netns is 13 bytes: interface names may have at most 15.)
    New-VethPair -Name veth_br -PeerName veth_my_netns -Namespace $hostNs -PeerNamespace $myNs -Master docker1 -Up | Out-Host
    Add-NetAddress -Address 10.123.0.2/16 -Interface veth_my_netns -Namespace $myNs | Out-Host

    Invoke-NetNamespace -Namespace $myNs -FilePath ping -ArgumentList '-c', '1', '-W', '2', '10.123.0.1' | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "my_netns cannot reach docker1 (exit $LASTEXITCODE)" }
    Write-Host 'OK: my_netns reaches the docker1 bridge' -ForegroundColor Green
    # ip netns exec my_netns iptables -t nat -A PREROUTING -p tcp -s 10.0.0.0/16 --dport 1234 -j DNAT --to-destination 10.123.0.4:1234
    $rule = Add-PortForward -Protocol tcp -Port 1234 -Source 10.0.0.0/16 -ToAddress 10.123.0.4 -ToPort 1234 -Namespace $myNs -PassThru
    $rule | Out-Host
    $rules = @(Get-NatRule -Kind PortForward -Namespace $myNs)
    if ($rules.Count -ne 1) { throw "expected one port forward in my_netns, found $($rules.Count)" }
    Write-Host 'OK: the DNAT rule is in my_netns (and only there)' -ForegroundColor Green
    if (@(Get-NatRule -Kind PortForward -Namespace $hostNs).Count -ne 0) { throw 'the rule leaked into the host stand-in' }

    # Rules are objects: remove it by piping it back.
    Get-NatRule -Kind PortForward -Namespace $myNs | Remove-NatRule -Confirm:$false
    if (@(Get-NatRule -Kind PortForward -Namespace $myNs).Count -ne 0) { throw 'Remove-NatRule left the rule behind' }
}
finally {
    if ($UseRealHost -and (Get-NetLink -Name $eth1 -ErrorAction SilentlyContinue)) {
        # Deleting one end deletes the pair; the other end (lan0) was in the host stand-in.
        Remove-NetLink -Name $eth1 -Confirm:$false
    }
    Get-NetNamespace -Name "$Prefix-*" | Remove-NetNamespace -Force
}
