#Requires -Version 7.4
<#
.SYNOPSIS
    Build, test, help and package LinuxNetPS.

.DESCRIPTION
    Build    dotnet build LinuxNetPS.sln -> out/LinuxNetPS/ (the module folder, with en-US help)
    Help     docs/help/*.md -> out/LinuxNetPS/en-US/ (MAML + about topic) with tools/LinuxNetPS.HelpBuilder
    Test     dotnet test LinuxNetPS.sln, then Invoke-Pester tests/*.Tests.ps1 against out/LinuxNetPS under
             -PesterVersion (6.2.0), then the -PesterCrossPath suites (the walkthroughs and the Pester pattern
             of about_LinuxNetPS) under -PesterCrossVersion (5.9.1), then one closing line
             "N passed, N failed, N skipped" over all
    Package  Release build into artifacts/module/LinuxNetPS (assemblies ReadyToRun for linux-x64, IL kept;
             the core library once per runtime: lib/net8.0, lib/net10.0),
             Test-ModuleManifest, then
             Compress-PSResource -> artifacts/LinuxNetPS.<version>.nupkg, the package a PowerShell
             Gallery (or any PSResource repository) serves; tests/Package.Tests.ps1 installs it.

    ./test.sh runs this script after tools/bootstrap.sh has restored pwsh and Pester into .tools/.
    Tests need root (or CAP_NET_ADMIN + CAP_SYS_ADMIN): they create and delete network namespaces.

.EXAMPLE
    ./build.ps1                 # Build
.EXAMPLE
    sudo pwsh ./build.ps1 -Task Build,Test      # from bash; inside pwsh, -Task Build, Test
.EXAMPLE
    ./build.ps1 -Task Package
.EXAMPLE
    ./build.ps1 -Task Test -PesterPath tests/BadInput.Tests.ps1 --filter FullyQualifiedName~Route
.EXAMPLE
    ./build.ps1 -Task Test -PesterPath tests/NetLab.Tests.ps1 -PesterVersion 5.9.1 -PesterCrossVersion 6.2.0   # one suite under both
#>
# Only -Task is positional: whatever else comes unnamed (--filter X, --no-build) is for dotnet test, never -Configuration.
[CmdletBinding(PositionalBinding = $false)]
param(
    # One or more of Build, Help, Test, Package (a comma-separated word also works, as `pwsh -File` passes it).
    [Parameter(Position = 0)]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug',

    # Extra arguments for `dotnet test` (e.g. --filter ...); also whatever follows the named parameters.
    [Parameter(ValueFromRemainingArguments)]
    [string[]] $TestArgument = @(),

    # The Pester suites to run (default: every tests/*.Tests.ps1).
    [string[]] $PesterPath = @(),

    # The Pester every suite runs under (tools/bootstrap.sh restores both into .tools/Modules/Pester/); the
    # environment variable LINUXNETPS_PESTER_VERSION sets it for ./test.sh.
    [ValidateSet('6.2.0', '5.9.1')]
    [string] $PesterVersion = $(if ($env:LINUXNETPS_PESTER_VERSION) { $env:LINUXNETPS_PESTER_VERSION } else { '6.2.0' }),

    # The other Pester, which runs -PesterCrossPath too (with -PesterPath: those suites); 'None' runs nothing more.
    # Default: the version -PesterVersion is not, when every suite runs; nothing when -PesterPath names some.
    [ValidateSet('6.2.0', '5.9.1', 'None')]
    [string] $PesterCrossVersion,

    # The suites that run under both versions, not every suite twice (CI time): the walkthroughs users copy from and
    # the Pester pattern of about_LinuxNetPS.
    [string[]] $PesterCrossPath = @(
        'tests/01-TwoNamespacesOnABridge.Tests.ps1', 'tests/02-VethBetweenTwoNamespaces.Tests.ps1', 'tests/03-NatToTheOutside.Tests.ps1',
        'tests/04-MoveLink.Tests.ps1', 'tests/05-DockerNetworkModes.Tests.ps1', 'tests/PesterPattern.Tests.ps1'),

    # Where Package writes the module folder and the .nupkg.
    [string] $ArtifactsPath = (Join-Path $PSScriptRoot 'artifacts')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$knownTasks = 'Build', 'Help', 'Test', 'Package'
$Task = @($Task -split ',' | ForEach-Object Trim | Where-Object { $_ })
foreach ($t in $Task) {
    if ($t -notin $knownTasks) { throw "Unknown task '$t'. Give one or more of: $($knownTasks -join ', ')." }
}
$moduleDir = Join-Path $root 'out' 'LinuxNetPS'
$crossVersionGiven = $PSBoundParameters.ContainsKey('PesterCrossVersion')

# A simple function on purpose: $args passes '-c', '-v' ... through untouched (an advanced
# function would take '-v' for -Verbose).
function Invoke-Dotnet {
    Write-Host "> dotnet $($args -join ' ')" -ForegroundColor Cyan
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Build {
    Invoke-Dotnet build (Join-Path $root 'LinuxNetPS.sln') -c $Configuration -v quiet -nologo
}

function Invoke-Help {
    $project = Join-Path $root 'tools' 'LinuxNetPS.HelpBuilder' 'LinuxNetPS.HelpBuilder.csproj'
    Invoke-Dotnet build $project -c $Configuration -v quiet -nologo
    $dll = Join-Path $root 'tools' 'LinuxNetPS.HelpBuilder' 'bin' $Configuration 'net8.0' 'LinuxNetPS.HelpBuilder.dll'
    Invoke-Dotnet exec $dll --docs (Join-Path $root 'docs' 'help') --out (Join-Path $moduleDir 'en-US') --assembly LinuxNetPS.dll
}

# Counts from the per-project summaries of `dotnet test`
# ("Passed!  - Failed:     0, Passed:   153, Skipped:     0, Total: ...").
function Get-DotnetTestCount([string[]] $Lines) {
    $count = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0; Projects = 0 }
    foreach ($line in $Lines) {
        if ($line -match '^\s*(Passed|Failed)!\s+-\s+Failed:\s+(\d+),\s+Passed:\s+(\d+),\s+Skipped:\s+(\d+)') {
            $count.Failed += [int]$Matches[2]; $count.Passed += [int]$Matches[3]; $count.Skipped += [int]$Matches[4]
            $count.Projects++
        }
    }
    [pscustomobject]$count
}

# Runs Pester suites under one Pester version, in a pwsh of its own, as a user runs Invoke-Pester: nothing of this
# script (strict mode, $ErrorActionPreference, loaded modules) reaches the suites. Pester's output goes straight to the
# console; the counts come back in a small JSON file.
function Invoke-PesterSuite([string] $Version, [string[]] $Path) {
    $pester = Get-Module -ListAvailable Pester | Where-Object { $_.Version -eq [version]$Version } | Select-Object -First 1
    if (-not $pester) { throw "Pester $Version is not on PSModulePath: run ./tools/bootstrap.sh (./test.sh does) and put .tools/Modules on PSModulePath." }
    $what = if ($Path.Count -eq 1 -and (Test-Path $Path[0] -PathType Container)) { 'all suites' } else { "$($Path.Count) suite$(if ($Path.Count -ne 1) { 's' })" }
    Write-Host "> Invoke-Pester under Pester $Version ($what)" -ForegroundColor Cyan
    $env:LINUXNETPS_MODULE = Join-Path $moduleDir 'LinuxNetPS.psd1'
    $env:LINUXNETPS_PESTER_MODULE = $pester.Path
    $env:LINUXNETPS_PESTER_PATHS = ($Path | ForEach-Object { (Resolve-Path $_).Path }) -join [IO.Path]::PathSeparator
    $env:LINUXNETPS_PESTER_RESULT = Join-Path ([IO.Path]::GetTempPath()) "linuxnetps-pester-$PID.json"
    $clock = [Diagnostics.Stopwatch]::StartNew()
    try {
        & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -Command {
            Import-Module $env:LINUXNETPS_PESTER_MODULE -Force
            $config = New-PesterConfiguration
            $config.Run.Path = $env:LINUXNETPS_PESTER_PATHS -split [IO.Path]::PathSeparator
            $config.Run.PassThru = $true
            $config.Output.Verbosity = 'Detailed'
            $r = Invoke-Pester -Configuration $config
            # The names of what failed travel back too: CI shows only the end of the output.
            $failed = @($r.Failed | ForEach-Object { '{0}: {1}' -f $_.ExpandedPath, "$($_.ErrorRecord | Select-Object -First 1)".Split("`n")[0] }) +
                @($r.FailedContainers | ForEach-Object { '{0}: {1}' -f $_.Item, "$($_.ErrorRecord | Select-Object -First 1)".Split("`n")[0] })
            $r | Select-Object Result, PassedCount, FailedCount, SkippedCount, FailedContainersCount,
                @{ Name = 'FailedNames'; Expression = { $failed } } |
                ConvertTo-Json -Depth 3 | Set-Content -Path $env:LINUXNETPS_PESTER_RESULT
        }.ToString() | Out-Host   # to the console, not into this function's output (the result object)
        $result = if (Test-Path $env:LINUXNETPS_PESTER_RESULT) { Get-Content $env:LINUXNETPS_PESTER_RESULT -Raw | ConvertFrom-Json }
    }
    finally {
        Remove-Item $env:LINUXNETPS_PESTER_RESULT -ErrorAction SilentlyContinue
    }
    if (-not $result) { throw "The Pester $Version run returned no result (pwsh failed to start or Pester crashed)." }
    $result | Add-Member -NotePropertyMembers @{ Version = $Version; What = $what; Seconds = $clock.Elapsed.TotalSeconds } -PassThru
}

function Invoke-Test {
    Write-Host "> dotnet test LinuxNetPS.sln -c $Configuration $TestArgument" -ForegroundColor Cyan
    $lines = & dotnet test (Join-Path $root 'LinuxNetPS.sln') -c $Configuration @TestArgument 2>&1 |
        ForEach-Object { $text = "$_"; Write-Host $text; $text }
    $dotnetFailed = $LASTEXITCODE -ne 0
    $dotnet = Get-DotnetTestCount $lines
    if ($dotnet.Projects -eq 0) { Write-Host '!! no test results found in the dotnet test output' -ForegroundColor Red; $dotnetFailed = $true }

    # The module folder must hold a fresh build whatever the dotnet test arguments were.
    Invoke-Dotnet build (Join-Path $root 'src' 'LinuxNetPS' 'LinuxNetPS.csproj') -c $Configuration -v quiet -nologo
    # The Pester suites always run: tools/bootstrap.sh put Pester 6.2.0 and 5.9.1 on PSModulePath.
    $runs = @([pscustomobject]@{ Version = $PesterVersion; Paths = @(if ($PesterPath) { $PesterPath } else { Join-Path $root 'tests' }) })
    $cross = if ($crossVersionGiven) { $PesterCrossVersion }
             elseif (-not $PesterPath) { @('6.2.0', '5.9.1') -ne $PesterVersion | Select-Object -First 1 }
             else { 'None' }
    if ($cross -ne 'None') {
        $runs += [pscustomobject]@{ Version = $cross; Paths = @(if ($PesterPath) { $PesterPath } else { $PesterCrossPath | ForEach-Object { Join-Path $root $_ } }) }
    }
    $results = foreach ($run in $runs) { Invoke-PesterSuite -Version $run.Version -Path $run.Paths }
    $pesterFailed = @($results | Where-Object { $_.Result -ne 'Passed' -or $_.FailedCount -gt 0 -or $_.FailedContainersCount -gt 0 }).Count -gt 0
    $pester = [pscustomobject]@{
        PassedCount = ($results | Measure-Object PassedCount -Sum).Sum; FailedCount = ($results | Measure-Object FailedCount -Sum).Sum
        SkippedCount = ($results | Measure-Object SkippedCount -Sum).Sum; FailedContainersCount = ($results | Measure-Object FailedContainersCount -Sum).Sum
    }

    Write-Host ''
    # What failed, again at the end where a truncated log still shows it.
    $failedNames = @($lines | Where-Object { $_ -match '^\s+Failed\s+\S+\s+\[' } | ForEach-Object { "xunit  $($_.Trim())" }) +
        @($results | ForEach-Object { $v = $_.Version; $_.FailedNames | Where-Object { $_ } | ForEach-Object { "Pester $v $_" } })
    foreach ($name in $failedNames) { Write-Host "FAILED $name" -ForegroundColor Red }
    Write-Host ("dotnet test: {0} passed, {1} failed, {2} skipped ({3} projects)" -f $dotnet.Passed, $dotnet.Failed, $dotnet.Skipped, $dotnet.Projects)
    foreach ($r in $results) {
        Write-Host ("Pester {0} ({1}): {2} passed, {3} failed, {4} skipped ({5} containers failed), {6:n0} s" -f $r.Version, $r.What, $r.PassedCount, $r.FailedCount, $r.SkippedCount, $r.FailedContainersCount, $r.Seconds)
    }
    # The closing line CI reads.
    Write-Host ("{0} passed, {1} failed, {2} skipped" -f ($dotnet.Passed + $pester.PassedCount), ($dotnet.Failed + $pester.FailedCount + $pester.FailedContainersCount), ($dotnet.Skipped + $pester.SkippedCount))
    if ($dotnetFailed -or $pesterFailed) { throw 'tests failed' }
}

function Invoke-Package {
    # A Release build laid out in its own folder, so the Debug module folder the tests use stays as it is.
    $staging = Join-Path $ArtifactsPath 'module' 'LinuxNetPS'
    if (Test-Path $staging) { Remove-Item $staging -Recurse -Force }
    $dir = "$staging$([IO.Path]::DirectorySeparatorChar)"
    Invoke-Dotnet build (Join-Path $root 'src' 'LinuxNetPS' 'LinuxNetPS.csproj') -c Release -v quiet -nologo "-p:ModuleOutputDir=$dir" "-p:LinuxNetPSModuleDir=$dir"
    # The assemblies again, precompiled (ReadyToRun) for linux-x64: a new pwsh's first Import-Module and
    # cmdlet call JIT far less (docs/performance.md, "First call"). The runtime only uses an R2R image
    # made for its own major version, so the core library is compiled once per build in lib/ (net8.0
    # for pwsh 7.4 and 7.5, net10.0 for 7.6; LinuxNetPS.NetlinkLoader.dll picks one at import), where
    # most of the first call's code is. LinuxNetPS.dll, the cmdlet layer, stays one net8.0 image (pwsh 7.6
    # JITs it); the loader, two small methods, stays IL. An R2R image keeps its IL, so the same files
    # still load on other architectures, JIT-compiled there as before.
    $r2r = Join-Path $ArtifactsPath 'r2r'
    $sep = [IO.Path]::DirectorySeparatorChar
    Invoke-Dotnet publish (Join-Path $root 'src' 'LinuxNetPS' 'LinuxNetPS.csproj') -c Release -r linux-x64 --self-contained false `
        '-p:PublishReadyToRun=true' '-p:LinuxNetPSSkipHelp=true' "-p:ModuleOutputDir=$(Join-Path $r2r 'layout')$sep" -o (Join-Path $r2r 'net8.0') -v quiet -nologo
    Copy-Item (Join-Path $r2r 'net8.0' 'LinuxNetPS.dll') -Destination $staging -Force
    Copy-Item (Join-Path $r2r 'net8.0' 'LinuxNetPS.Netlink.dll') -Destination (Join-Path $staging 'lib' 'net8.0') -Force
    Invoke-Dotnet publish (Join-Path $root 'src' 'LinuxNetPS.Netlink' 'LinuxNetPS.Netlink.csproj') -c Release -f net10.0 -r linux-x64 --self-contained false `
        '-p:PublishReadyToRun=true' -o (Join-Path $r2r 'net10.0') -v quiet -nologo
    Copy-Item (Join-Path $r2r 'net10.0' 'LinuxNetPS.Netlink.dll') -Destination (Join-Path $staging 'lib' 'net10.0') -Force
    Remove-Item $r2r -Recurse -Force
    $manifest = Test-ModuleManifest -Path (Join-Path $staging 'LinuxNetPS.psd1')
    $required = 'LinuxNetPS.dll', 'LinuxNetPS.NetlinkLoader.dll', (Join-Path 'lib' 'net8.0' 'LinuxNetPS.Netlink.dll'), (Join-Path 'lib' 'net10.0' 'LinuxNetPS.Netlink.dll'),
        'LinuxNetPS.format.ps1xml', 'LinuxNetPS.types.ps1xml', (Join-Path 'en-US' 'LinuxNetPS.dll-Help.xml'),
        (Join-Path 'private' 'LinuxNetPS.Yaml.dll'), (Join-Path 'private' 'YamlDotNet.dll')
    foreach ($file in $required) {
        if (-not (Test-Path (Join-Path $staging $file))) { throw "the module folder lacks $file" }
    }
    $nupkg = Join-Path $ArtifactsPath "LinuxNetPS.$($manifest.Version).nupkg"
    if (Test-Path $nupkg) { Remove-Item $nupkg -Force }
    Compress-PSResource -Path $staging -DestinationPath $ArtifactsPath
    if (-not (Test-Path $nupkg)) { throw "Compress-PSResource did not write $nupkg" }
    Write-Host "Packaged $nupkg" -ForegroundColor Green
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
