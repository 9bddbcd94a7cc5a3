#Requires -Modules Pester
# containerlab files built for real (issue 24): macvlan:IF ends, mgmt.ipv6-subnet, network-mode container:X, BRIDGE|NODE
# and vxlan links.
# Each file is written by the test; every lab gets this run's prefix. `ip -j -d` in the lab's namespaces is the oracle;
# the macvlans' parents are interfaces the lab makes in its own host node, never the machine's.

Describe 'containerlab schema, built' -Tag 'Lab', 'NetLab' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        function Get-PrefixNamespaces { @(& ip netns list 2>$null) -replace ' .*$', '' | Where-Object { $_ -like "$prefix*" } }
        function Write-Clab([string] $Name, [string] $Text) { $file = Join-Path $TestDrive $Name; Set-Content -Path $file -Value $Text; $file }
    }
    AfterAll {
        Get-NetLab -Name "$prefix*" -ErrorAction SilentlyContinue | Remove-NetLab -ErrorAction SilentlyContinue
        Remove-Lab -Prefix $prefix
    }

    It 'makes macvlan:IF ends macvlans in bridge mode on the host node''s interface, moved into the nodes, which reach each other and the parent''s link' {
        $file = Write-Clab 'macvlan.clab.yml' @'
name: mv
topology:
  nodes: { r: {}, h1: {}, h2: {} }
  links:
    - endpoints: ["r:eth1", "host:uplink"]
      ipv4: ["10.71.0.1/24"]
    - endpoints: ["h1:eth1", "macvlan:uplink"]
      ipv4: ["10.71.0.11/24"]
    - type: macvlan
      endpoint: { node: h2, interface: eth1, ipv4: 10.71.0.12/24 }
      host-interface: uplink
'@
        $lab = New-NetLab -Path $file -Name "$prefix-mv" -Prefix "$prefix-mv-"
        try {
            foreach ($node in 'h1', 'h2') {
                $link = Get-IpJson "$prefix-mv-$node" link show eth1
                $link.linkinfo.info_kind | Should -Be 'macvlan'
                $link.linkinfo.info_data.mode | Should -Be 'bridge'
                $link.mtu | Should -Be 9500 -Because 'a macvlan takes its parent''s MTU (the host:uplink veth has containerlab''s 9500)'
                ((Get-IpJson "$prefix-mv-$node" addr show eth1).addr_info | Where-Object family -eq inet).local | Should -Be ($node -eq 'h1' ? '10.71.0.11' : '10.71.0.12')
            }
            (Get-IpJson "$prefix-mv-host" link show uplink).linkinfo.info_kind | Should -Be 'veth' -Because 'the parent stays in the lab''s host node'
            $results = @(Test-NetLab $lab.Lab)
            $results.Count | Should -Be 6
            @($results | Where-Object { -not $_.Passed }) | Should -BeNullOrEmpty
            # A macvlan link goes down alone: its parent (r's link) stays up.
            Set-NetLabLink $lab.Lab -Endpoint 'h1:eth1' -State Down | Out-Null
            (Get-IpJson "$prefix-mv-host" link show uplink).operstate | Should -Be 'UP'
            $after = @(Test-NetLab $lab.Lab -Pair 'r->h1', 'r->h2')
            ($after | Where-Object Target -eq 'h1').Reachable | Should -BeFalse
            ($after | Where-Object Target -eq 'h2').Reachable | Should -BeTrue
        }
        finally { $lab | Remove-NetLab }
    }

    It 'gives every node a management IPv6 address beside the IPv4 one (mgmt.ipv6-subnet), reachable both ways' {
        $file = Write-Clab 'mgmt6.clab.yml' @'
name: m6
mgmt:
  network: m6
  ipv4-subnet: 172.30.71.0/24
  ipv6-subnet: 3fff:172:30:71::/64
  ipv6-gw: 3fff:172:30:71::fe
topology:
  nodes:
    a: { mgmt-ipv6: 3fff:172:30:71::a }
    b: {}
'@
        $lab = New-NetLab -Path $file -Name "$prefix-m6" -Prefix "$prefix-m6-"
        try {
            $a = (Get-IpJson "$prefix-m6-a" addr show eth0).addr_info | Where-Object scope -eq global
            ($a | Where-Object family -eq inet6).local | Should -Be '3fff:172:30:71::a'
            ($a | Where-Object family -eq inet).local | Should -Be '172.30.71.2'
            ((Get-IpJson "$prefix-m6-b" addr show eth0).addr_info | Where-Object { $_.family -eq 'inet6' -and $_.scope -eq 'global' }).local | Should -Be '3fff:172:30:71::1'
            $bridge = (Get-IpJson "$prefix-m6-host" addr show br-m6).addr_info | Where-Object scope -eq global
            $bridge.local | Sort-Object | Should -Be @('172.30.71.1', '3fff:172:30:71::fe')
            $results = @(Test-NetLab $lab.Lab)
            @($results | Where-Object { -not $_.Passed }) | Should -BeNullOrEmpty
            @($results | Where-Object { $_.TargetAddress.AddressFamily -eq 'InterNetworkV6' }).Count | Should -Be 2
        }
        finally { $lab | Remove-NetLab }
    }

    It 'builds a network-mode container:X node as X''s namespace: its link and exec line land in X' {
        $file = Write-Clab 'shared.clab.yml' @'
name: sh
topology:
  nodes:
    app: {}
    sidecar:
      network-mode: container:app
      exec: ["ip addr add 10.72.0.1/24 dev eth1"]
    peer:
      exec: ["ip addr add 10.72.0.2/24 dev eth1"]
  links:
    - endpoints: ["sidecar:eth1", "peer:eth1"]
'@
        $lab = New-NetLab -Path $file -Name "$prefix-sh" -Prefix "$prefix-sh-"
        try {
            Get-PrefixNamespaces | Where-Object { $_ -like "$prefix-sh-*" } | Sort-Object | Should -Be @("$prefix-sh-app", "$prefix-sh-peer")
            ((Get-IpJson "$prefix-sh-app" addr show eth1).addr_info | Where-Object family -eq inet).local | Should -Be '10.72.0.1'
            $lab.Nodes.Node | Should -Not -Contain 'sidecar'
            $results = @(Test-NetLab $lab.Lab)
            $results.Count | Should -Be 2
            @($results | Where-Object { -not $_.Passed }) | Should -BeNullOrEmpty
        }
        finally { $lab | Remove-NetLab }
    }

    It 'builds BRIDGE|NODE as a bridge in the node''s namespace whose ports keep the file''s names' {
        $file = Write-Clab 'bridge-in-ns.clab.yml' @'
name: bn
topology:
  nodes:
    br01|bp1: { kind: bridge, network-mode: container:bp1 }
    bp1: { exec: ["ip address add dev br01 192.168.77.1/24"] }
    c1: { exec: ["ip address add dev eth1 192.168.77.2/24"] }
    c2: { exec: ["ip address add dev eth1 192.168.77.3/24"] }
  links:
    - endpoints: ["c1:eth1", "br01|bp1:c1eth1"]
    - endpoints: ["c2:eth1", "br01|bp1:c2eth1"]
'@
        $lab = New-NetLab -Path $file -Name "$prefix-bn" -Prefix "$prefix-bn-"
        try {
            Get-PrefixNamespaces | Where-Object { $_ -like "$prefix-bn-*" } | Sort-Object | Should -Be @("$prefix-bn-bp1", "$prefix-bn-c1", "$prefix-bn-c2")
            (Get-IpJson "$prefix-bn-bp1" link show br01).linkinfo.info_kind | Should -Be 'bridge'
            foreach ($port in 'c1eth1', 'c2eth1') { (Get-IpJson "$prefix-bn-bp1" link show $port).master | Should -Be 'br01' }
            $results = @(Test-NetLab $lab.Lab)
            $results.Count | Should -Be 6
            @($results | Where-Object { -not $_.Passed }) | Should -BeNullOrEmpty
        }
        finally { $lab | Remove-NetLab }
    }

    It 'makes vxlan and vxlan-stitch links VXLAN devices in the nodes, their sockets in each lab''s host node, carrying traffic between two labs' {
        # Two "machines": two labs, each with a node whose eth1 is a VXLAN device to the other lab's host node. The
        # underlay is a veth this test makes between the two labs' host namespaces (never the machine's own).
        foreach ($side in @{ N = 1; Node = 'a'; Peer = 2; Type = 'vxlan'; Port = 'dst-port: 14790' }, @{ N = 2; Node = 'b'; Peer = 1; Type = 'vxlan-stitch'; Port = 'udp-port: 14790' }) {
            $null = Write-Clab "vx$($side.N).clab.yml" @"
name: vx$($side.N)
topology:
  nodes: { $($side.Node): {} }
  links:
    - type: $($side.Type)
      endpoint: { node: $($side.Node), interface: eth1, ipv4: 10.73.0.$($side.N)/24 }
      remote: 192.0.2.$($side.Peer)
      vni: 4242
      $($side.Port)
"@
        }
        $labs = @()
        try {
            $labs += New-NetLab -Path (Join-Path $TestDrive 'vx1.clab.yml') -Name "$prefix-vx1" -Prefix "$prefix-vx1-"
            $labs += New-NetLab -Path (Join-Path $TestDrive 'vx2.clab.yml') -Name "$prefix-vx2" -Prefix "$prefix-vx2-"
            & ip -n "$prefix-vx1-host" link add u1 type veth peer name u2 netns "$prefix-vx2-host"
            foreach ($n in 1, 2) {
                & ip -n "$prefix-vx$n-host" addr add "192.0.2.$n/24" dev "u$n"
                & ip -n "$prefix-vx$n-host" link set "u$n" up
            }
            foreach ($side in @{ N = 1; Node = 'a'; Peer = 2 }, @{ N = 2; Node = 'b'; Peer = 1 }) {
                $vx = Get-IpJson "$prefix-vx$($side.N)-$($side.Node)" link show eth1
                $vx.linkinfo.info_kind | Should -Be 'vxlan'
                $vx.linkinfo.info_data.id | Should -Be 4242
                $vx.linkinfo.info_data.remote | Should -Be "192.0.2.$($side.Peer)"
                $vx.linkinfo.info_data.port | Should -Be 14790
                $vx.link_netnsid | Should -Not -BeNullOrEmpty -Because 'the device''s socket lives in another namespace (the lab''s host node)'
                @(& ip netns exec "$prefix-vx$($side.N)-host" ss -Hlun 'sport = :14790') | Should -Not -BeNullOrEmpty
                @(& ip netns exec "$prefix-vx$($side.N)-$($side.Node)" ss -Hlun 'sport = :14790') | Should -BeNullOrEmpty
            }
            Test-NetPing -Namespace "$prefix-vx1-a" -Address 10.73.0.2 | Should -BeTrue -Because 'a reaches b across the tunnel'
            Test-NetPing -Namespace "$prefix-vx2-b" -Address 10.73.0.1 | Should -BeTrue
            $link = (Get-NetLab -Name "$prefix-vx1").Links | Where-Object EndA -eq 'a:eth1'
            $link.EndB | Should -Be 'vxlan 4242 to 192.0.2.2:14790'
            $link.State | Should -Be 'Up'
        }
        finally { $labs | Remove-NetLab }
    }

    It 'refuses <What> at its file:line and builds nothing' -ForEach @(
        @{ What = 'a macvlan parent the lab does not make'; Text = "topology:`n  nodes: { a: {} }`n  links:`n    - endpoints: [a:eth1, macvlan:eth0]`n"; At = '4:27'; Pattern = 'never uses the machine' }
        @{ What = 'a macvlan mode other than bridge'; Text = "topology:`n  nodes: { a: {} }`n  links:`n    - type: macvlan`n      endpoint: { node: a, interface: eth1 }`n      host-interface: up`n      mode: vepa`n"; At = '7:13'; Pattern = 'bridge mode' }
        @{ What = 'an IPv4 mgmt.ipv6-subnet'; Text = "mgmt:`n  ipv6-subnet: 10.0.0.0/24`ntopology:`n  nodes: { a: {} }`n"; At = '2:16'; Pattern = 'not an IPv6 subnet' }
        @{ What = 'a mgmt-ipv6 outside the subnet'; Text = "mgmt:`n  ipv6-subnet: fd00::/64`ntopology:`n  nodes:`n    a: { mgmt-ipv6: fd01::5 }`n"; At = '5:21'; Pattern = 'outside mgmt.ipv6-subnet' }
        @{ What = 'an ipv6-gw outside the subnet'; Text = "mgmt:`n  ipv6-subnet: fd00::/64`n  ipv6-gw: 'fd01::1'`ntopology:`n  nodes: { a: {} }`n"; At = '3:12'; Pattern = 'not a host address' }
        @{ What = 'network-mode of a node the file lacks'; Text = "topology:`n  nodes:`n    a: { network-mode: container:nope }`n"; At = '3:24'; Pattern = 'not a node of this file' }
        @{ What = 'an unknown network-mode'; Text = "topology:`n  nodes:`n    a: { network-mode: overlay }`n"; At = '3:24'; Pattern = 'container:NODE' }
        @{ What = 'a vxlan vni out of range'; Text = "topology:`n  nodes: { a: {} }`n  links:`n    - { type: vxlan, endpoint: { node: a, interface: eth1 }, remote: 192.0.2.2, vni: 16777216 }`n"; At = '4:86'; Pattern = 'out of range' }
        @{ What = 'a vxlan remote that is no address'; Text = "topology:`n  nodes: { a: {} }`n  links:`n    - { type: vxlan, endpoint: { node: a, interface: eth1 }, remote: host-b, vni: 5 }`n"; At = '4:70'; Pattern = 'not a single IP address' }
        @{ What = 'a vxlan-stitch link without endpoint'; Text = "topology:`n  nodes: { a: {} }`n  links:`n    - { type: vxlan-stitch, remote: 192.0.2.2, vni: 5 }`n"; At = '4:7'; Pattern = 'needs endpoint' }
        @{ What = 'an environment variable without its closing brace'; Text = "name: `${LAB`ntopology:`n  nodes: { a: {} }`n"; At = '1:7'; Pattern = 'closing brace' }
    ) {
        $file = Write-Clab 'bad.clab.yml' $Text
        $e = Get-CommandError { New-NetLab -Path $file -Name "$prefix-bad" -Prefix "$prefix-bad-" -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'InvalidLabDefinition,*'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -Match ("bad\.clab\.yml:" + [regex]::Escape($At) + '.*' + $Pattern)
        Get-PrefixNamespaces | Where-Object { $_ -like "$prefix-bad-*" } | Should -BeNullOrEmpty
        Get-NetLab -Name "$prefix-bad" -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
