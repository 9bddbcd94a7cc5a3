#Requires -Version 7.4
<#
.SYNOPSIS
    Two "containers" (red, green) on a Linux bridge: the classic walkthrough, as pipelines.

.DESCRIPTION
    Walkthroughs 000 and 002 ("Bridge, Virtual Ethernet and IPTables"):

        ip netns add red; ip netns add green
        ip link add rveth type veth peer name rbveth ...   (one cable per namespace)
        ip link add br0 type bridge; ip link set br0 up
        ip link set rbveth master br0 ...
        ip addr add 10.10.1.1/16 dev br0
        ip netns exec red ip addr add 10.10.1.10/16 dev rveth ...
        ip netns exec red ip route add default via 10.10.1.1
        ip netns exec red ping 10.10.1.20

    The walkthrough puts the bridge in the machine's own namespace. Here a namespace plays the
    host, so the script never touches the real host's network and can run anywhere, many times
    at once: every name starts with a unique prefix and everything is deleted at the end.

.PARAMETER Prefix
    Prefix of the namespaces this run creates (default: random). Everything named "<Prefix>-*" is removed at the end.

.EXAMPLE
    sudo pwsh ./examples/01-two-namespaces-on-a-bridge.ps1
#>
[CmdletBinding()]
param(
    [ValidatePattern('^[a-z][a-z0-9]{1,9}$')]
    [string] $Prefix = "ex1$([System.Random]::Shared.Next(1000, 10000))"
)

$ErrorActionPreference = 'Stop'
# The module built in this checkout, or the installed one.
$built = Join-Path $PSScriptRoot '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1'
if (Test-Path $built) { Import-Module $built -Force } else { Import-Module LinuxNetPS }

$hostNs = "$Prefix-host"   # plays the machine: the bridge lives here
$red = "$Prefix-red"
$green = "$Prefix-green"

try {
    # ip netns add ... (three at once; the objects say where each namespace file is)
    New-NetNamespace -Name $hostNs, $red, $green | Out-Host

    # ip netns exec red ip link set lo up  (a fresh namespace has lo down)
    foreach ($ns in $hostNs, $red, $green) { Set-NetLink -Name lo -Up -Namespace $ns }

    # ip link add br0 type bridge; ip link set br0 up; ip addr add 10.10.1.1/16 dev br0
    New-NetBridge -Name br0 -Up -Namespace $hostNs | Add-NetAddress -Address 10.10.1.1/16 -PassThru | Out-Host

    # One cable per container: the bridge end stays with the host, the other end goes into the
    # container (ip link add ... peer name ...; ip link set ... netns ...), both ends up.
    # Piping the pair into Add-BridgePort enslaves its first end (ip link set rbveth master br0).
    New-VethPair -Name rbveth -PeerName rveth -PeerNamespace $red -Namespace $hostNs -Up |
        Add-BridgePort -Bridge br0 -PassThru | Out-Host
    # The same in one step, with -Master.
    New-VethPair -Name gbveth -PeerName gveth -PeerNamespace $green -Namespace $hostNs -Master br0 -Up | Out-Host

    # ip netns exec red ip addr add 10.10.1.10/16 dev rveth
    Add-NetAddress -Address 10.10.1.10/16 -Interface rveth -Namespace $red -PassThru | Out-Host
    Add-NetAddress -Address 10.10.1.20/16 -Interface gveth -Namespace $green -PassThru | Out-Host

    # ip netns exec red ip route add default via 10.10.1.1
    foreach ($ns in $red, $green) {
        Add-NetRoute -Destination default -Gateway 10.10.1.1 -Namespace $ns -PassThru | Out-Host
    }

    # brctl show br0
    Get-NetBridge -Name br0 -Namespace $hostNs | Out-Host
    Get-BridgePort -Bridge br0 -Namespace $hostNs | Out-Host

    # What code inside red sees: .NET's own view of the interfaces. The block runs in a pwsh that
    # lives in red (like `ip netns exec red pwsh`), so everything in it, threads included, is in red.
    Invoke-NetNamespace $red {
        [System.Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces() |
            ForEach-Object { "inside ${using:red}: $($_.Name) is $($_.OperationalStatus)" }
    }

    # ip netns exec red ping 10.10.1.20 (and the other way, and the bridge's address)
    $checks = @(
        @{ From = $red; To = '10.10.1.20' },
        @{ From = $green; To = '10.10.1.10' },
        @{ From = $red; To = '10.10.1.1' }
    )
    foreach ($check in $checks) {
        Invoke-NetNamespace -Namespace $check.From -FilePath ping -ArgumentList '-c', '1', '-W', '2', $check.To | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "ping $($check.To) from $($check.From) failed (exit $LASTEXITCODE)" }
        Write-Host "OK: $($check.From) reaches $($check.To)" -ForegroundColor Green
    }
}
finally {
    # Deleting a namespace deletes the links in it; nothing was created anywhere else.
    Get-NetNamespace -Name "$Prefix-*" | Remove-NetNamespace -Force
}
