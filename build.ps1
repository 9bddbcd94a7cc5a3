#Requires -Version 7.4
<#
.SYNOPSIS
    Build, test, help and package LinuxNetPS: the same dotnet commands as README.md and test.sh.

.DESCRIPTION
    Build    dotnet build LinuxNetPS.slnx                     -> out/LinuxNetPS/ (module folder, with en-US help)
    Test     dotnet test LinuxNetPS.slnx, then Invoke-Pester tests/*.Tests.ps1 against out/LinuxNetPS
    Help     docs/help/*.md -> out/LinuxNetPS/en-US/ (MAML + about topic) with tools/LinuxNetPS.HelpBuilder
    Package  Release build, Test-ModuleManifest, then artifacts/LinuxNetPS-<version>.zip of the module folder

    Tests need root (or CAP_NET_ADMIN + CAP_SYS_ADMIN): they create and delete network namespaces.

.EXAMPLE
    ./build.ps1                 # Build
.EXAMPLE
    sudo pwsh ./build.ps1 -Task Build, Test
.EXAMPLE
    ./build.ps1 -Task Package -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Help', 'Package')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$moduleDir = Join-Path $root 'out' 'LinuxNetPS'

# A simple function on purpose: $args passes '-c', '-v' ... through untouched (an advanced
# function would take '-v' for -Verbose).
function Invoke-Dotnet {
    Write-Host "> dotnet $($args -join ' ')" -ForegroundColor Cyan
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Build {
    Invoke-Dotnet build (Join-Path $root 'LinuxNetPS.slnx') -c $Configuration
}

function Invoke-Help {
    $project = Join-Path $root 'tools' 'LinuxNetPS.HelpBuilder' 'LinuxNetPS.HelpBuilder.csproj'
    Invoke-Dotnet build $project -c $Configuration -v quiet -nologo
    $dll = Join-Path $root 'tools' 'LinuxNetPS.HelpBuilder' 'bin' $Configuration 'net8.0' 'LinuxNetPS.HelpBuilder.dll'
    Invoke-Dotnet exec $dll --docs (Join-Path $root 'docs' 'help') --out (Join-Path $moduleDir 'en-US') --assembly LinuxNetPS.dll
}

function Invoke-Test {
    $failed = $false
    try { Invoke-Dotnet test (Join-Path $root 'LinuxNetPS.slnx') -c $Configuration }
    catch { Write-Warning $_; $failed = $true }

    $pester = Get-Module -ListAvailable Pester | Where-Object Version -ge ([version]'5.0') | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) {
        Write-Warning 'Pester suites skipped: Pester 5 not found (Install-Module Pester -MinimumVersion 5.0)'
    }
    else {
        Invoke-Dotnet build (Join-Path $root 'src' 'LinuxNetPS' 'LinuxNetPS.csproj') -c $Configuration -v quiet -nologo
        $env:LINUXNETPS_MODULE = Join-Path $moduleDir 'LinuxNetPS.psd1'
        Import-Module $pester -Force
        $config = New-PesterConfiguration
        $config.Run.Path = Join-Path $root 'tests'
        $config.Run.PassThru = $true
        $config.Output.Verbosity = 'Detailed'
        $result = Invoke-Pester -Configuration $config
        if ($result.FailedCount -gt 0 -or $result.Result -ne 'Passed') { $failed = $true }
    }
    if ($failed) { throw 'tests failed' }
}

function Invoke-Package {
    $script:Configuration = 'Release'
    Invoke-Build
    $manifest = Test-ModuleManifest -Path (Join-Path $moduleDir 'LinuxNetPS.psd1')
    foreach ($file in 'LinuxNetPS.dll', 'LinuxNetPS.Netlink.dll', 'LinuxNetPS.format.ps1xml', (Join-Path 'en-US' 'LinuxNetPS.dll-Help.xml')) {
        if (-not (Test-Path (Join-Path $moduleDir $file))) { throw "the module folder lacks $file" }
    }
    $artifacts = Join-Path $root 'artifacts'
    $null = New-Item -ItemType Directory -Force -Path $artifacts
    $zip = Join-Path $artifacts "LinuxNetPS-$($manifest.Version).zip"
    # The zip holds the LinuxNetPS folder itself, so it unpacks straight into a PSModulePath entry.
    Compress-Archive -Path $moduleDir -DestinationPath $zip -Force
    Write-Host "Packaged $zip" -ForegroundColor Green
}

foreach ($t in $Task) {
    Write-Host "== $t ($Configuration)" -ForegroundColor Yellow
    switch ($t) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Help' { Invoke-Help }
        'Package' { Invoke-Package }
    }
}
