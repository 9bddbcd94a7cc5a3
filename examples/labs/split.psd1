# A star split over three hosts (New-NetLab -Session; Get-Help New-NetLab): the switch sw and b1 on host b, a1 on
# host a, c1 and c2 on host c. Every link but b1's crosses hosts, so a1, c1 and c2 reach the switch through
# point-to-point VXLAN tunnels over the underlay; the addresses come from the switch's pool, the same on every host.
#   $s = New-PSSession -HostName h1, h2, h3
#   New-NetLab -Path ./split.psd1 -Session $s; Test-NetLab -Lab split -Session $s; Remove-NetLab -Lab split -Session $s
@{
    Name  = 'split'
    Hosts = @{ a = 'h1'; b = 'h2'; c = 'h3' }
    Nodes = @{
        sw = @{ Kind = 'bridge'; Host = 'b'; Pool = '10.77.0.0/24' }
        a1 = @{ Host = 'a' }
        b1 = @{ Host = 'b' }
        c1 = @{ Host = 'c' }
        c2 = @{ Host = 'c' }
    }
    Links = @(
        @{ Endpoints = 'a1:eth0', 'sw'; Rate = '100mbit' }   # both ends of a1's tunnel shaped, as a veth's would be
        @{ Endpoints = 'b1:eth0', 'sw' }
        @{ Endpoints = 'c1:eth0', 'sw' }
        @{ Endpoints = 'c2:eth0', 'sw' }
    )
}
