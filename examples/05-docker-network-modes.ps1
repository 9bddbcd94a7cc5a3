#Requires -Version 7.4
<#
.SYNOPSIS
    Docker's network modes (none, host, bridge, a network of your own, container:<other>) with the container-network cmdlets.

.DESCRIPTION
    Walkthrough 002 ("Deep dive into Linux Networking and Docker"), section "How does Docker work?":

        docker run --network none ...              Connect-ContainerNetwork -Network none
        docker run --network host ...              no namespace of its own: Invoke-NetNamespace in the host's
        docker run ...  (default bridge, docker0)  Connect-ContainerNetwork -Network bridge
        docker network create --subnet ... foo     New-ContainerNetwork foo -Subnet ...
        docker run --network foo -p 8080:80 ...    Connect-ContainerNetwork -Network foo -Publish 8080:80
        docker run --network container:c2 ...      Invoke-NetNamespace -Namespace c2 (shares c2's namespace)
        docker network ls / inspect / rm           Get-ContainerNetwork / Get-ContainerEndpoint / Remove-ContainerNetwork

    Each "container" is a namespace; a namespace plays the host and one more the outside world. Nothing is
    created outside the namespaces this script makes, and all of them (and their networks) are removed at the end.

.PARAMETER Prefix
    Prefix of the namespaces this run creates (default: random).

.EXAMPLE
    sudo pwsh ./examples/05-docker-network-modes.ps1
#>
[CmdletBinding()]
param(
    [ValidatePattern('^[a-z][a-z0-9]{1,9}$')]
    [string] $Prefix = "ex5$([System.Random]::Shared.Next(1000, 10000))"
)

$ErrorActionPreference = 'Stop'
# The module built in this checkout, or the installed one.
$built = Join-Path $PSScriptRoot '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1'
if (Test-Path $built) { Import-Module $built -Force } else { Import-Module LinuxNetPS }

$hostNs = "$Prefix-host"     # plays the machine that runs dockerd
$outside = "$Prefix-out"     # plays the internet

function Assert-Ping([string] $From, [string] $To, [switch] $Fails) {
    $null = Invoke-NetNamespace -Namespace $From -FilePath ping -ArgumentList '-c', '1', '-W', '1', $To
    if (($LASTEXITCODE -eq 0) -eq [bool] $Fails) { throw "ping $To from ${From}: expected $(if ($Fails) { 'no answer' } else { 'an answer' }), exit $LASTEXITCODE" }
    "OK: $From $(if ($Fails) { 'cannot reach' } else { 'reaches' }) $To"
}

try {
    New-NetNamespace -Name $hostNs, $outside | Out-Null
    New-VethPair -Name eth0 -PeerName uplink -Namespace $hostNs -PeerNamespace $outside -Up | Out-Null
    Add-NetAddress -Address 10.200.0.1/24 -Interface eth0 -Namespace $hostNs | Out-Null
    Add-NetAddress -Address 10.200.0.2/24 -Interface uplink -Namespace $outside | Out-Null

    Write-Host "`n== docker network ls: the built-in networks" -ForegroundColor Cyan
    Get-ContainerNetwork -Namespace $hostNs | Out-Host

    Write-Host "`n== 1. --network none: only the loopback interface, up" -ForegroundColor Cyan
    $none = New-NetNamespace -Name "$Prefix-none" | Connect-ContainerNetwork -Network none -NetworkNamespace $hostNs
    $links = @(Get-NetLink -Namespace $none.Namespace)
    if ($links.Count -ne 1 -or $links[0].Name -ne 'lo' -or -not $links[0].IsUp) { throw "a none container should have only lo, up; has: $($links.Name -join ', ')" }
    Assert-Ping $none.Namespace 127.0.0.1

    Write-Host "`n== 2. --network host: no namespace of its own" -ForegroundColor Cyan
    try { Connect-ContainerNetwork -Network host -Namespace $none.Namespace -NetworkNamespace $hostNs -ErrorAction Stop }
    catch { "Connect-ContainerNetwork -Network host says: $($_.Exception.Message)" }
    $seen = Invoke-NetNamespace -Namespace $hostNs { [System.Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces().Name }
    $missing = (Get-NetLink -Namespace $hostNs).Name | Where-Object { $seen -notcontains $_ }
    if ($missing) { throw "a host-mode process should see the host's links; it misses $missing" }
    "OK: a process in the host's namespace sees its links: $($seen -join ', ')"

    Write-Host "`n== 3. docker run: the default bridge network (docker0, 172.17.0.0/16, made on first use)" -ForegroundColor Cyan
    $c1 = New-NetNamespace -Name "$Prefix-c1" | Connect-ContainerNetwork -Network bridge -NetworkNamespace $hostNs
    $c1 | Out-Host
    Assert-Ping $c1.Namespace 172.17.0.1
    Assert-Ping $c1.Namespace 10.200.0.2      # through masquerade: the outside sees 10.200.0.1

    Write-Host "`n== 4. docker network create foo; docker run --network foo -p 8080:80" -ForegroundColor Cyan
    $foo = New-ContainerNetwork -Name foo -Subnet 172.18.0.0/16 -Gateway 172.18.0.1 -BridgeName docker1 -Namespace $hostNs
    $c2, $c3 = New-NetNamespace -Name "$Prefix-c2", "$Prefix-c3" | Connect-ContainerNetwork -Network $foo
    $web = New-NetNamespace -Name "$Prefix-web" | Connect-ContainerNetwork -Network $foo -Publish '8080:80'
    Get-ContainerEndpoint -Network $foo | Out-Host
    Get-NatRule -Kind PortForward -Namespace $hostNs | Out-Host   # 8080 -> the web container's port 80
    Assert-Ping $c2.Namespace $c3.IPAddress
    Assert-Ping $c2.Namespace $c1.IPAddress -Fails                  # isolation: foo and bridge do not meet

    Write-Host "`n== 5. --network container:c2: a second container in c2's namespace" -ForegroundColor Cyan
    try { Connect-ContainerNetwork -Network "container:$($c2.Namespace)" -Namespace $c3.Namespace -NetworkNamespace $hostNs -ErrorAction Stop }
    catch { "Connect-ContainerNetwork -Network container:... says: $($_.Exception.Message)" }
    $addresses = Invoke-NetNamespace -Namespace $c2.Namespace {
        [System.Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces() |
            ForEach-Object { $_.GetIPProperties().UnicastAddresses.Address.IPAddressToString }
    }
    if ($addresses -notcontains $c2.IPAddress.IPAddressToString) { throw "a process in c2's namespace should see $($c2.IPAddress), saw: $addresses" }
    "OK: the shared-namespace container sees c2's address $($c2.IPAddress)"

    Write-Host "`n== docker network ls, inspect" -ForegroundColor Cyan
    Get-ContainerNetwork -Namespace $hostNs | Out-Host
}
finally {
    Get-ContainerEndpoint -NetworkNamespace $hostNs -ErrorAction SilentlyContinue | Disconnect-ContainerNetwork -Confirm:$false
    Get-ContainerNetwork -Namespace $hostNs -ErrorAction SilentlyContinue | Where-Object Status -ne BuiltIn |
        Remove-ContainerNetwork -Force -Confirm:$false
    Get-NetNamespace -Name "$Prefix-*" | Remove-NetNamespace -Force
}
