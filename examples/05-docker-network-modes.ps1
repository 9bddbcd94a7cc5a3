#Requires -Version 7.4
<#
.SYNOPSIS
    Docker's network modes (none, host, bridge, custom bridge, container-shared) as namespace patterns.

.DESCRIPTION
    Walkthrough 002 ("Deep dive into Linux Networking and Docker"), section "How does Docker work?":

        --net=none                 a namespace with only lo
        --net=host                 no namespace of its own: the host's
        --net=bridge (default)     a namespace, a veth into docker0, an address, a default route, masquerade
        --network=foo              the same on a bridge of its own (br-xxxx); containers on it reach each other
        --net=container:c1         a second process in c1's namespace: same interfaces, same address

    Each "container" is a namespace; a namespace plays the host. Nothing is created outside the
    namespaces this script makes, and all of them are removed at the end.

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
# Only PowerShell's engine cmdlets and ours are used, so the script also runs in
# tools/LinuxNetPS.ScriptHost (the engine without pwsh): no Format-*, Join-Path, Write-Host ...
$built = [System.IO.Path]::Combine($PSScriptRoot, '..', 'out', 'LinuxNetPS', 'LinuxNetPS.psd1')
if ([System.IO.File]::Exists($built)) { Import-Module $built -Force } else { Import-Module LinuxNetPS }

$hostNs = "$Prefix-host"

# Two lists as one sorted text, to compare them (Compare-Object is not an engine cmdlet).
function Join-Sorted([string[]] $Items) {
    $sorted = [string[]] $Items.Clone()
    [System.Array]::Sort($sorted, [System.StringComparer]::Ordinal)
    $sorted -join ', '
}

function Assert-Ping([string] $From, [string] $To) {
    $replies = Invoke-NetNamespace -Namespace $From -FilePath ping -ArgumentList '-c', '1', '-W', '2', $To
    if ($LASTEXITCODE -ne 0) { throw "ping $To from $From failed (exit $LASTEXITCODE): $($replies -join ' ')" }
    "OK: $From reaches $To"
}

# docker run --net=<bridge>: namespace + veth (host end on the bridge, "eth0" inside) + address +
# default route via the bridge + lo up. Returns the container's namespace name.
function New-Container([string] $Name, [string] $Bridge, [string] $Address, [string] $Gateway, [string] $HostEnd) {
    $ns = (New-NetNamespace -Name "$Prefix-$Name").Namespace
    Set-NetLink -Name lo -Up -Namespace $ns
    New-VethPair -Name $HostEnd -PeerName eth0 -Namespace $hostNs -PeerNamespace $ns -Master $Bridge -Up | Out-Null
    Add-NetAddress -Address $Address -Interface eth0 -Namespace $ns | Out-Null
    Add-NetRoute -Destination default -Gateway $Gateway -Namespace $ns | Out-Null
    $ns
}

try {
    New-NetNamespace -Name $hostNs | Out-Default
    Set-NetLink -Name lo -Up -Namespace $hostNs

    "`n== 1. --net=none: only the loopback interface"
    $none = (New-NetNamespace -Name "$Prefix-none").Namespace
    Set-NetLink -Name lo -Up -Namespace $none
    $links = @(Get-NetLink -Namespace $none)
    $links | Out-Default
    if ($links.Count -ne 1 -or $links[0].Name -ne 'lo') { throw "a --net=none container should have only lo, has: $($links.Name -join ', ')" }
    Assert-Ping $none 127.0.0.1

    "`n== 2. --net=host: the container shares the host's namespace"
    # A "container" in host mode is just a process in the host's namespace: it sees the host's interfaces.
    $hostView = Invoke-NetNamespace -Namespace $hostNs { [System.Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces().Name }
    $hostLinks = (Get-NetLink -Namespace $hostNs).Name
    if ((Join-Sorted $hostView) -ne (Join-Sorted $hostLinks)) { throw "host-mode view ($hostView) differs from the host's links ($hostLinks)" }
    "OK: a host-mode process sees exactly the host's links: $($hostLinks -join ', ')"

    "`n== 3. --net=bridge: docker0, a veth per container, NAT to the outside"
    New-NetBridge -Name docker0 -Up -Namespace $hostNs | Add-NetAddress -Address 172.17.0.1/16 -PassThru | Out-Default
    $c1 = New-Container -Name c1 -Bridge docker0 -Address 172.17.0.2/16 -Gateway 172.17.0.1 -HostEnd veth8a812a3
    Get-NetAddress -Namespace $c1 | Out-Default      # lo's 127.0.0.1 and eth0's 172.17.0.2/16, as in the walkthrough
    Get-NetLink -Name veth8a812a3 -Namespace $hostNs | Out-Default   # master docker0
    Enable-IPForwarding -Namespace $hostNs
    Enable-Masquerade -Source 172.17.0.0/16 -ExcludeOutInterface docker0 -Namespace $hostNs -PassThru | Out-Default
    Assert-Ping $c1 172.17.0.1

    "`n== 4. --network=foo: a custom bridge; containers on it reach each other"
    New-NetBridge -Name br-2b25342b1d8 -Up -Namespace $hostNs | Add-NetAddress -Address 172.18.0.1/16 -PassThru | Out-Default
    $c2 = New-Container -Name c2 -Bridge br-2b25342b1d8 -Address 172.18.0.2/16 -Gateway 172.18.0.1 -HostEnd veth86ca323
    $c3 = New-Container -Name c3 -Bridge br-2b25342b1d8 -Address 172.18.0.3/16 -Gateway 172.18.0.1 -HostEnd vethdf5e755
    Get-NetBridge -Namespace $hostNs | Out-Default   # brctl show
    Assert-Ping $c2 172.18.0.3
    Assert-Ping $c3 172.18.0.2
    # Docker masquerades each network leaving its bridge, and isolates networks from each other with
    # filter rules. Without such a rule the host routes between the two bridges:
    Enable-Masquerade -Source 172.18.0.0/16 -ExcludeOutInterface br-2b25342b1d8 -Namespace $hostNs | Out-Null
    Assert-Ping $c2 172.17.0.2

    "`n== 5. --net=container:c2: a second container in c2's namespace"
    # Nothing is created: the second "container" is another process started in c2's namespace.
    $shared = Get-NetNamespace -Name $c2
    $shared | Out-Default
    $seen = $shared | Invoke-NetNamespace {
        [System.Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces() |
            ForEach-Object { $_.GetIPProperties().UnicastAddresses.Address.IPAddressToString } |
            Where-Object { $_ -like '172.18.*' }
    }
    if ($seen -notcontains '172.18.0.2') { throw "a process in c2's namespace should see 172.18.0.2, saw: $seen" }
    "OK: the shared-namespace container sees c2's address $seen"
    Assert-Ping $c2 172.18.0.3
}
finally {
    Get-NetNamespace -Name "$Prefix-*" | Remove-NetNamespace -Force
}
