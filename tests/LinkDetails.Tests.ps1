#Requires -Modules Pester
# Issue 19: Get-NetLink shows what `ip -d link` shows about a link's kind, as typed Details and PortDetails.

Describe 'Link kind details (Get-NetLink ... .Details)' -Tag 'Lab' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $ns = "$prefix-a"
        $null = New-NetNamespace -Name $ns
        $null = New-VethPair -Name v0 -PeerName v1 -Namespace $ns
        $null = New-NetBridge -Name br0 -Namespace $ns
        Add-BridgePort -Bridge br0 -Name v0 -Namespace $ns
        $null = New-NetLink -Name vx0 -Kind vxlan -Parent v1 -Option @{ id = 42; remote = '10.0.0.2'; local = '10.0.0.1'; dstport = 4789; learning = 'off' } -Namespace $ns
        $null = New-NetLink -Name mv0 -Kind macvlan -Parent v1 -Option @{ mode = 'private' } -Namespace $ns
    }

    AfterAll {
        if ($prefix) { Remove-Lab $prefix }
    }

    It 'a vxlan has its VNI, remote, local, device, port and learning switch, as ip -d link has them' {
        $vx = Get-NetLink -Name vx0 -Namespace $ns
        $ip = (Get-IpJson $ns link show vx0).linkinfo.info_data
        $vx.Details.Id | Should -Be $ip.id
        "$($vx.Details.Remote)" | Should -Be $ip.remote
        "$($vx.Details.Local)" | Should -Be $ip.local
        $vx.Details.Device | Should -Be $ip.link
        $vx.Details.Port | Should -Be $ip.port
        $vx.Details.Learning | Should -Be $ip.learning
        "$($vx.Details)" | Should -BeLike 'vxlan id 42 remote 10.0.0.2 local 10.0.0.1 dev v1 dstport 4789 nolearning *'
    }

    It 'a macvlan has its mode, and a bridge its STP settings' {
        (Get-NetLink -Name mv0 -Namespace $ns).Details.Mode | Should -Be (Get-IpJson $ns link show mv0).linkinfo.info_data.mode
        $br = Get-NetLink -Name br0 -Namespace $ns
        $ip = (Get-IpJson $ns link show br0).linkinfo.info_data
        $br.Details.StpState | Should -Be $ip.stp_state
        $br.Details.AgeingTime.TotalSeconds | Should -Be ($ip.ageing_time / 100)
    }

    It 'a bridge port has its port details; a veth has no kind details' {
        $v0 = Get-NetLink -Name v0 -Namespace $ns
        $v0.PortDetails.State | Should -Be (Get-IpJson $ns link show v0).linkinfo.info_slave_data.state
        $v0.Details | Should -BeNullOrEmpty
    }

    It 'Format-List shows the kind line; the default table stays ip -br link' {
        $list = Get-NetLink -Name vx0 -Namespace $ns | Format-List Name, Details | Out-String
        $list | Should -Match 'Details\s*:\s*vxlan id 42 remote 10\.0\.0\.2'
        $table = Get-NetLink -Namespace $ns | Out-String
        $table | Should -Match 'Name\s+Kind\s+State\s+Master\s+Flags'
        $table | Should -Not -Match 'dstport'
    }

    It 'the details survive Export-Clixml and Import-Clixml as properties and text' {
        $file = Join-Path ([IO.Path]::GetTempPath()) "$prefix-links.xml"
        try {
            Get-NetLink -Name vx0 -Namespace $ns | Export-Clixml -Path $file -Depth 1
            $copy = Import-Clixml -Path $file
            $copy.Details.Id | Should -Be 42
            "$($copy.Details)" | Should -BeLike 'vxlan id 42 *'
        }
        finally {
            Remove-Item -Path $file -ErrorAction SilentlyContinue
        }
    }
}
