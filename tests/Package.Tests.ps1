# The module as a user gets it from a PowerShell Gallery: build.ps1 -Task Package makes the .nupkg,
# a folder holding it becomes a PSResource repository, Install-PSResource puts the module into a
# fresh, empty module path, and a new pwsh that knows only that path imports it by name, shows its
# help and runs a small lab. Everything PSResourceGet would write under the user's home (its
# repository list, the CurrentUser module folder) goes to this suite's TestDrive instead.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $repoRoot = Split-Path $PSScriptRoot -Parent
    $pwshCommand = Get-PwshCommand
    function Invoke-ChildPwsh { & $pwshCommand.Path @($pwshCommand.Arguments) @args }
    $artifacts = Join-Path $TestDrive 'artifacts'
    $userHome = Join-Path $TestDrive 'home'
    # They must exist: .NET reports a missing XDG_DATA_HOME as no folder at all, and PSResourceGet
    # then writes its repository list relative to the current directory.
    foreach ($dir in (Join-Path $userHome '.local' 'share'), (Join-Path $userHome '.config')) {
        $null = New-Item -ItemType Directory -Path $dir -Force
    }

    # A child pwsh whose home is the TestDrive: PSResourceGet's settings and the CurrentUser scope land there.
    function Invoke-FreshPwsh {
        param([Parameter(Mandatory)][string] $Command, [string] $ModulePath)
        $saved = @{ HOME = $env:HOME; XDG_DATA_HOME = $env:XDG_DATA_HOME; XDG_CONFIG_HOME = $env:XDG_CONFIG_HOME; PSModulePath = $env:PSModulePath }
        try {
            $env:HOME = $userHome
            $env:XDG_DATA_HOME = Join-Path $userHome '.local' 'share'
            $env:XDG_CONFIG_HOME = Join-Path $userHome '.config'
            # Only the engine's own modules, plus what the caller names: nothing of this checkout.
            $env:PSModulePath = (@($ModulePath) + (Join-Path $PSHOME 'Modules') | Where-Object { $_ }) -join [IO.Path]::PathSeparator
            # Started in the TestDrive, so a relative path written by mistake lands there too.
            Push-Location $TestDrive
            try { $output = Invoke-ChildPwsh -NoProfile -NonInteractive -Command $Command 2>&1 | ForEach-Object { "$_" } }
            finally { Pop-Location }
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = $output -join "`n" }
        }
        finally {
            foreach ($name in $saved.Keys) { Set-Item "env:$name" -Value $saved[$name] }
        }
    }

    $build = Invoke-ChildPwsh -NoProfile -NonInteractive -File (Join-Path $repoRoot 'build.ps1') -Task Package -ArtifactsPath $artifacts 2>&1 | ForEach-Object { "$_" }
    $buildExit = $LASTEXITCODE
    $nupkg = Get-ChildItem -Path $artifacts -Filter 'LinuxNetPS.*.nupkg' -ErrorAction SilentlyContinue | Select-Object -First 1
    $installedModules = Join-Path $userHome '.local' 'share' 'powershell' 'Modules'
    $prefix = New-LabPrefix
}

AfterAll {
    Remove-Lab -Prefix $prefix
}

Describe 'The package (build.ps1 -Task Package)' {
    It 'builds a .nupkg named after the manifest version' {
        $buildExit | Should -Be 0 -Because ($build -join "`n")
        $nupkg | Should -Not -BeNullOrEmpty
        $version = (Import-PowerShellDataFile (Join-Path $repoRoot 'LinuxNetPS.psd1')).ModuleVersion
        $nupkg.Name | Should -Be "LinuxNetPS.$version.nupkg"
    }

    It 'carries the Gallery metadata: PSEdition_Core and Linux tags, release notes' {
        $manifest = Import-PowerShellDataFile (Join-Path $repoRoot 'LinuxNetPS.psd1')
        $manifest.PrivateData.PSData.Tags | Should -Contain 'PSEdition_Core'
        $manifest.PrivateData.PSData.Tags | Should -Contain 'Linux'
        $manifest.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($nupkg.FullName)
        try {
            $entries = $zip.Entries.FullName
            $entries | Should -Contain 'LinuxNetPS.psd1'
            $entries | Should -Contain 'LinuxNetPS.dll'
            $entries | Should -Contain 'LinuxNetPS.NetlinkLoader.dll'
            $entries | Should -Contain 'lib/net8.0/LinuxNetPS.Netlink.dll'
            $entries | Should -Contain 'lib/net10.0/LinuxNetPS.Netlink.dll'
            $entries | Should -Not -Contain 'LinuxNetPS.Netlink.dll'
            # Third-party assemblies only in private/, which the loader loads into a context of its own.
            $entries | Should -Contain 'private/LinuxNetPS.Yaml.dll'
            $entries | Should -Contain 'private/YamlDotNet.dll'
            $entries | Should -Not -Contain 'YamlDotNet.dll'
            $entries | Should -Contain 'en-US/LinuxNetPS.dll-Help.xml'
            $nuspec = $zip.Entries | Where-Object FullName -Like '*.nuspec'
            $reader = [IO.StreamReader]::new($nuspec.Open())
            try { $text = $reader.ReadToEnd() } finally { $reader.Dispose() }
            $text | Should -Match '<tags>[^<]*PSEdition_Core'
        }
        finally { $zip.Dispose() }
    }
}

Describe 'The packaged assemblies' {
    BeforeAll {
        # The READYTORUN_HEADER an R2R image carries: 'RTR', then the format's major and minor version.
        # A runtime uses an image only when that major version is its own.
        function Get-ReadyToRunImage([string] $Path) {
            $stream = [IO.File]::OpenRead($Path)
            try {
                $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
                $header = $pe.PEHeaders.CorHeader.ManagedNativeHeaderDirectory
                $image = [pscustomobject]@{ Machine = $pe.PEHeaders.CoffHeader.Machine; HasMetadata = $pe.HasMetadata; Signature = 0; MajorVersion = -1 }
                if ($header.Size -gt 0) {
                    $reader = $pe.GetSectionData($header.RelativeVirtualAddress).GetReader()
                    $image.Signature = $reader.ReadUInt32()
                    $image.MajorVersion = $reader.ReadUInt16()
                }
                $pe.Dispose()
                $image
            }
            finally { $stream.Dispose() }
        }
        # The format this pwsh's own runtime (.NET 10 for pwsh 7.6) was precompiled with.
        $runtimeFormat = (Get-ReadyToRunImage ([object].Assembly.Location)).MajorVersion
    }

    # LinuxNetPS.dll and the net8.0 core library: format 9, .NET 8's (pwsh 7.5 and 7.6 JIT LinuxNetPS.dll,
    # the cmdlet layer, which does the smaller share of the work). The net10.0 core library: the format
    # of the runtime running this test.
    It 'are ReadyToRun images for linux-x64 that keep their IL (<File>)' -TestCases @(
        @{ File = 'LinuxNetPS.dll'; Format = 9 }
        @{ File = 'lib/net8.0/LinuxNetPS.Netlink.dll'; Format = 9 }
        @{ File = 'lib/net10.0/LinuxNetPS.Netlink.dll'; Format = 'runtime' }
    ) {
        $image = Get-ReadyToRunImage (Join-Path $artifacts 'module' 'LinuxNetPS' $File)
        $image.Signature | Should -Be 0x00525452   # 'RTR': the R2R header
        $image.MajorVersion | Should -Be $(if ($Format -eq 'runtime') { $runtimeFormat } else { $Format })
        $image.Machine | Should -Be ([System.Reflection.PortableExecutable.Machine]::Amd64 -bxor 0x7B79)   # Linux amd64
        $image.HasMetadata | Should -BeTrue
    }

    It 'has a core library precompiled for the runtime this pwsh runs on, unlike the net8.0 one' {
        $runtimeFormat | Should -BeGreaterThan 9
        (Get-ReadyToRunImage (Join-Path $artifacts 'module' 'LinuxNetPS' 'lib' 'net8.0' 'LinuxNetPS.Netlink.dll')).MajorVersion | Should -Not -Be $runtimeFormat
    }
}

Describe 'Installed with Install-PSResource from a local repository' {
    BeforeAll {
        $install = Invoke-FreshPwsh -Command @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name LinuxNetPSLocal -Uri '$artifacts' -Trusted
Install-PSResource -Name LinuxNetPS -Repository LinuxNetPSLocal -Scope CurrentUser -TrustRepository -Quiet
"@
    }

    It 'installs into the fresh CurrentUser module path, and its settings stay in that home' {
        $install.ExitCode | Should -Be 0 -Because $install.Text
        Get-ChildItem (Join-Path $installedModules 'LinuxNetPS') -Recurse -Filter 'LinuxNetPS.psd1' | Should -Not -BeNullOrEmpty
        Join-Path $userHome '.local' 'share' 'PSResourceGet' 'PSResourceRepository.xml' | Should -Exist
        Join-Path $TestDrive 'PSResourceGet' | Should -Not -Exist
    }

    It 'imports by name in a new pwsh and shows help examples' {
        $run = Invoke-FreshPwsh -ModulePath $installedModules -Command @'
$ErrorActionPreference = 'Stop'
Import-Module LinuxNetPS
(Get-Module LinuxNetPS).ModuleBase
$null = Get-NetLink -Name lo
foreach ($a in [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'LinuxNetPS.Netlink' }) { "CORE:$($a.Location)" }
(Get-Help New-VethPair -Examples | Out-String -Width 200)
'@
        $run.ExitCode | Should -Be 0 -Because $run.Text
        $run.Text | Should -Match ([regex]::Escape($installedModules))
        # pwsh 7.6 runs on .NET 10: the one core library loaded is the installed net10.0 build.
        $core = @($run.Text -split "`n" | Where-Object { $_ -like 'CORE:*' })
        $core.Count | Should -Be 1 -Because $run.Text
        $core[0] | Should -BeLike "CORE:$installedModules*"
        $core[0] | Should -BeLike '*/lib/net10.0/LinuxNetPS.Netlink.dll'
        $run.Text | Should -Match 'Example 1'
        $run.Text | Should -Match 'New-VethPair'
    }

    It 'reads a containerlab file with its own YamlDotNet, in a load context of its own' {
        $clab = Join-Path $TestDrive 'pkg.clab.yml'
        Set-Content -Path $clab -Value "name: pkg`ntopology:`n  defaults: &d`n    kind: linux`n  nodes:`n    a: *d`n    b: *d`n  links:`n    - endpoints: [a:eth1, b:eth1]`n"
        $run = Invoke-FreshPwsh -ModulePath $installedModules -Command @"
`$ErrorActionPreference = 'Stop'
Import-Module LinuxNetPS
New-NetLab -Path '$clab' -Prefix '$prefix-y-' -WhatIf
foreach (`$a in [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'YamlDotNet' }) { 'YAML:' + [Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$a).Name + ':' + `$a.Location }
"@
        $run.ExitCode | Should -Be 0 -Because $run.Text
        $run.Text | Should -Match "network lab 'pkg' \(2 nodes"
        $yaml = @($run.Text -split "`n" | Where-Object { $_ -like 'YAML:*' })
        $yaml.Count | Should -Be 1 -Because $run.Text
        $yaml[0] | Should -BeLike "YAML:LinuxNetPS.Private:$installedModules*/private/YamlDotNet.dll"
    }

    It 'runs a smoke lab: namespaces, veth, addresses, ping, removal' {
        $run = Invoke-FreshPwsh -ModulePath $installedModules -Command @"
`$ErrorActionPreference = 'Stop'
Import-Module LinuxNetPS
`$null = New-NetNamespace '$prefix-a', '$prefix-b'
`$null = New-VethPair va vb -Namespace '$prefix-a' -PeerNamespace '$prefix-b' -Up
`$null = Add-NetAddress 10.77.0.1/24 -Interface va -Namespace '$prefix-a'
`$null = Add-NetAddress 10.77.0.2/24 -Interface vb -Namespace '$prefix-b'
`$null = Invoke-NetNamespace -Namespace '$prefix-a' -FilePath ping -ArgumentList '-c', '1', '-W', '2', '10.77.0.2'
"PING:`$LASTEXITCODE"
Get-NetNamespace -Name '$prefix-*' | Remove-NetNamespace -Force
"LEFT:" + @(Get-NetNamespace -Name '$prefix-*').Count
"@
        $run.ExitCode | Should -Be 0 -Because $run.Text
        $run.Text | Should -Match 'PING:0'
        $run.Text | Should -Match 'LEFT:0'
        @(Get-NetNamespace -Name "$prefix-*").Count | Should -Be 0
    }
}
