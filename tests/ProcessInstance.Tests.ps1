#Requires -Modules Pester
# LinuxNetPS starts the pwsh behind Invoke-NetNamespace and New-NetNamespaceSession inside the namespace
# itself, then has PowerShell open its out-of-process runspace over that process without starting another:
# by setting the private field '_started' of PowerShellProcessInstance, which no public API of PowerShell 7.4
# to 7.6 replaces (see src/LinuxNetPS/Support/ProcessInstance.cs). This suite runs in whichever pwsh runs
# Pester, so a new PowerShell release that renames or ignores the field fails here, with its version in the
# message, instead of letting script blocks run outside their namespace. To check another pwsh:
#   PSModulePath=$PWD/.tools/Modules /path/to/pwsh -NoProfile -c 'Invoke-Pester tests/ProcessInstance.Tests.ps1'

Describe "PowerShell's process instance, reached by reflection" -Tag 'Isolation' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    }

    It "opens the runspace over the pwsh the module started (the private field '_started')" {
        $result = & (Join-Path $PSScriptRoot 'ProcessInstanceCheck.ps1')
        $result | Should -BeLike "OK $($PSVersionTable.PSVersion) *"
    }
}
