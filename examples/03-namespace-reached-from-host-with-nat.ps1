#Requires -Version 7.4
<#
.SYNOPSIS
    Containers behind a bridge reach "the outside" through masquerade, and the outside reaches a
    container's service through a port forward.

.DESCRIPTION
    Walkthrough 003 ("Linux namespaces with veth interconnection"):

        ip link add br0 type bridge; ip addr add 192.168.1.1/24 dev br0
        ip link add veth0 type veth peer name ceth0; ip link set veth0 master br0; ip link set ceth0 netns ns1 ...
        ip netns exec ns1 ip addr add 192.168.1.10/24 dev ceth0
        ip netns exec ns1 ip route add default via 192.168.1.1
        sysctl -w net.ipv4.ip_forward=1
        iptables -t nat -A POSTROUTING -s 192.168.1.0/24 ! -o br0 -j MASQUERADE
        iptables -t nat -A PREROUTING -d 172.31.13.55 -p tcp --dport 5000 -j DNAT --to-destination 192.168.1.10:5000

    The walkthrough pings 8.8.8.8 and telnets to its cloud VM's public address. Here "the
    internet" is a namespace we create ("outside"), joined to the namespace that plays the host
    by a veth pair on 10.99.0.0/24. The outside has no route to 192.168.1.0/24, exactly like the
    internet: it can only answer the host's own address. So the ping from ns1 fails before
    masquerade and works after it, which proves the NAT rule does its job.

    No traffic leaves the namespaces this script creates.

.PARAMETER Prefix
    Prefix of the namespaces this run creates (default: random).

.EXAMPLE
    sudo pwsh ./examples/03-namespace-reached-from-host-with-nat.ps1
#>
[CmdletBinding()]
param(
    [ValidatePattern('^[a-z][a-z0-9]{1,9}$')]
    [string] $Prefix = "ex3$([System.Random]::Shared.Next(1000, 10000))"
)

$ErrorActionPreference = 'Stop'
# The module built in this checkout, or the installed one.
$built = Join-Path $PSScriptRoot '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1'
if (Test-Path $built) { Import-Module $built -Force } else { Import-Module LinuxNetPS }

$hostNs = "$Prefix-host"
$ns1 = "$Prefix-ns1"
$ns2 = "$Prefix-ns2"
$outside = "$Prefix-outside"

function Test-Ping([string] $From, [string] $To) {
    $null = Invoke-NetNamespace -Namespace $From -FilePath ping -ArgumentList '-c', '1', '-W', '2', $To
    return $LASTEXITCODE -eq 0
}

$server = $null
try {
    New-NetNamespace -Name $hostNs, $ns1, $ns2, $outside | Out-Host
    foreach ($ns in $hostNs, $ns1, $ns2, $outside) { Set-NetLink -Name lo -Up -Namespace $ns }

    # Step 2: the bridge on the host, 192.168.1.1/24.
    New-NetBridge -Name br0 -Up -Namespace $hostNs | Add-NetAddress -Address 192.168.1.1/24 -PassThru | Out-Host

    # Step 3: one veth per container, host end on the bridge, container end in the container.
    New-VethPair -Name veth0 -PeerName ceth0 -Namespace $hostNs -PeerNamespace $ns1 -Master br0 -Up | Out-Host
    New-VethPair -Name veth1 -PeerName ceth1 -Namespace $hostNs -PeerNamespace $ns2 -Master br0 -Up | Out-Host
    Add-NetAddress -Address 192.168.1.10/24 -Interface ceth0 -Namespace $ns1 -PassThru | Out-Host
    Add-NetAddress -Address 192.168.1.11/24 -Interface ceth1 -Namespace $ns2 -PassThru | Out-Host

    # Step 4: the containers reach each other through the bridge.
    if (-not (Test-Ping $ns1 192.168.1.11)) { throw 'ns1 cannot reach ns2 over the bridge' }
    Write-Host 'OK: ns1 reaches ns2 through br0' -ForegroundColor Green
    # Step 5.1: default routes via the bridge.
    foreach ($ns in $ns1, $ns2) { Add-NetRoute -Destination default -Gateway 192.168.1.1 -Namespace $ns -PassThru | Out-Host }

    # "The internet": the host's uplink (eth0 in the walkthrough) is a veth to the outside namespace.
    New-VethPair -Name eth0 -PeerName uplink -Namespace $hostNs -PeerNamespace $outside -Up | Out-Host
    Add-NetAddress -Address 10.99.0.1/24 -Interface eth0 -Namespace $hostNs -PassThru | Out-Host
    Add-NetAddress -Address 10.99.0.2/24 -Interface uplink -Namespace $outside -PassThru | Out-Host
    Get-NetRoute -Namespace $outside | Out-Host   # only 10.99.0.0/24: no way back to 192.168.1.0/24

    # Step 5.2: forwarding on the host (sysctl -w net.ipv4.ip_forward=1).
    Enable-IPForwarding -Family IPv4 -Namespace $hostNs -PassThru | Out-Host
    if (Test-Ping $ns1 10.99.0.2) { throw 'ns1 reached the outside before masquerade: the outside should have no route back' }
    'As expected: without NAT the outside cannot answer 192.168.1.10'

    # Step 5.3: iptables -t nat -A POSTROUTING -s 192.168.1.0/24 ! -o br0 -j MASQUERADE
    Enable-Masquerade -Source 192.168.1.0/24 -ExcludeOutInterface br0 -Namespace $hostNs -PassThru | Out-Host
    foreach ($ns in $ns1, $ns2) {
        if (-not (Test-Ping $ns 10.99.0.2)) { throw "$ns cannot reach the outside through masquerade" }
        Write-Host "OK: $ns reaches the outside (10.99.0.2) through masquerade" -ForegroundColor Green
    }

    # Step 6: a service in ns1, reached from the outside at the host's address, port 5000.
    # iptables -t nat -A PREROUTING -d 10.99.0.1 -p tcp --dport 5000 -j DNAT --to-destination 192.168.1.10:5000
    Add-PortForward -Protocol tcp -Port 5000 -Destination 10.99.0.1 -ToAddress 192.168.1.10 -ToPort 5000 -Namespace $hostNs -PassThru | Out-Host
    Get-NatRule -Namespace $hostNs | Out-Host

    if (Get-Command python3 -ErrorAction SilentlyContinue) {
        # A background server in ns1 (`ip netns exec ns1 python3 -m http.server ... &`); its request log is dropped.
        $server = Start-NetNamespaceProcess $ns1 python3 -ArgumentList '-m', 'http.server', '5000', '--bind', '192.168.1.10' -RedirectStandardOutput /dev/null -RedirectStandardError /dev/null
        # The client runs in the outside namespace. The block runs in a pwsh that lives there, so
        # Invoke-WebRequest (whose sockets are opened on other threads) is in the outside too.
        $status = Invoke-NetNamespace -Namespace $outside {
            $deadline = (Get-Date).AddSeconds(10)
            while ($true) {
                try { return (Invoke-WebRequest -Uri http://10.99.0.1:5000/ -TimeoutSec 2).StatusCode }
                catch {
                    if ((Get-Date) -gt $deadline) { throw }
                    Start-Sleep -Milliseconds 200
                }
            }
        }
        if ($status -ne 200) { throw "port forward: expected HTTP 200 from ns1, got '$status'" }
        Write-Host "OK: the outside reached ns1's web server through the port forward (HTTP $status)" -ForegroundColor Green
    }
    else {
        Write-Warning 'python3 not found: the port forward rule was created but not exercised.'
    }
}
finally {
    if ($server) { $server | Stop-Process; $server.WaitForExit() }
    # NAT rules, forwarding and links live in the namespaces: deleting them removes everything.
    Get-NetNamespace -Name "$Prefix-*" | Remove-NetNamespace -Force
}
