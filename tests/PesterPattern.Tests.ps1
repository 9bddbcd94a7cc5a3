#Requires -Modules Pester
# The Pester pattern about_LinuxNetPS shows (NETWORK LABS), its three lines as written there, so it is seen to run under
# each Pester version the project supports: build.ps1 runs this suite under both 6.2.0 and 5.9.1 (docs/tooling.md).
# The first test checks that the help still shows the lines this file runs.

Describe 'The Pester pattern of about_LinuxNetPS' -Tag 'Lab', 'NetLab' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        # The walkthrough topology as ./lab.psd1, under a lab name of this run's own (the lab's record is kept by name).
        $name = New-LabPrefix
        (Get-Content (Join-Path $PSScriptRoot '..' 'examples' 'labs' 'walkthrough.psd1') -Raw) -replace "Name\s*=\s*'walkthrough'", "Name = '$name'" |
            Set-Content (Join-Path $TestDrive 'lab.psd1')
        Push-Location $TestDrive
    }
    AfterAll {
        Pop-Location
        # Whatever the pattern's own AfterAll did not remove (it did not run, or failed).
        Get-NetLab -Name $name -ErrorAction SilentlyContinue | Remove-NetLab -ErrorAction SilentlyContinue
        Remove-Lab -Prefix "t$PID"
    }

    It 'is the pattern the help shows' {
        $about = Get-Content (Join-Path $PSScriptRoot '..' 'docs' 'help' 'about_LinuxNetPS.md')
        $start = [array]::IndexOf($about, 'The Pester pattern, with a prefix of its own per run:')
        $start | Should -BeGreaterThan 0
        $lines = @($about[($start + 2)..($start + 4)] | ForEach-Object Trim)
        $lines[0] | Should -BeLike 'BeforeAll {*'
        $lines[2] | Should -BeLike 'AfterAll*'
        $self = Get-Content (Join-Path $PSScriptRoot 'PesterPattern.Tests.ps1') -Raw
        foreach ($line in $lines) { $self | Should -Match ([regex]::Escape($line)) }
    }

    Context 'as about_LinuxNetPS writes it' {
        BeforeAll { $lab = New-NetLab -Path ./lab.psd1 -Prefix "t$PID-" }
        It 'reaches everything' { $lab | Test-NetLab | Where-Object { -not $_.Passed } | Should -BeNullOrEmpty }
        AfterAll  { $lab | Remove-NetLab }
    }
}
