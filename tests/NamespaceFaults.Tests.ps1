#Requires -Modules Pester
# Faults and stale state (issue 9): a process killed with SIGKILL in the middle of New-NetNamespace (at the
# point between creating /run/netns/NAME and mounting the namespace on it) leaves an entry behind, as a kill -9
# or an OOM kill during a container build would. That entry must be listed as not mounted, refused with a clear
# error, and removed by the usual pipeline. The test hook LINUXNETPS_FAULT_POINT makes the child process kill
# itself at exactly that point, so the test does not depend on timing.

Describe 'Faults: a kill during namespace creation' -Tag 'Faults' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = New-LabPrefix
        $pwsh = Get-PwshCommand
        function Get-IpNetnsNames { @(& ip netns list 2>$null) -replace ' .*$', '' }
    }

    AfterAll {
        if ($prefix) { Remove-Lab $prefix }
    }

    It 'leaves an entry that is listed as not mounted, refused clearly, and removed by the pipeline' {
        $name = "$prefix-killed"
        $env:LINUXNETPS_FAULT_POINT = 'namespace-entry-created'
        try {
            & $pwsh.Path @($pwsh.Arguments) -NoProfile -NonInteractive -Command "Import-Module '$script:LinuxNetPSManifest'; New-NetNamespace -Name '$name'" *> $null
            $code = $LASTEXITCODE
        }
        finally {
            Remove-Item Env:LINUXNETPS_FAULT_POINT
        }
        $code | Should -Be 137   # 128 + SIGKILL: the child died at the fault point
        Get-IpNetnsNames | Should -Contain $name

        $entry = Get-NetNamespace -Name "$prefix-*"
        $entry.Namespace | Should -Be $name
        $entry.IsMounted | Should -BeFalse

        $err = Get-CommandError { Get-NetLink -Namespace $name -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.Exception.Message | Should -Match 'not mounted'
        $err = Get-CommandError { New-NetNamespace -Name $name -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'ResourceExists'
        $err.Exception.Message | Should -Match 'stale'

        Get-NetNamespace -Name "$prefix-*" | Remove-NetNamespace -Confirm:$false
        Get-IpNetnsNames | Should -Not -Contain $name
        Test-Path "/run/netns/$name" | Should -BeFalse

        (New-NetNamespace -Name $name).IsMounted | Should -BeTrue
    }

    It 'refuses an empty -Namespace instead of acting on the host' {
        $err = Get-CommandError { New-NetBridge -Name pfb0 -Namespace '' -WhatIf -ErrorAction Stop }
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match '-Namespace 1'
    }
}
