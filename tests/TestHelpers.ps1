# Shared by the Pester suites (dot-source it in BeforeAll). Not a test file itself.
#
# Rules these suites keep (the same as the C# tests): everything happens in namespaces the suite
# creates, named with a unique prefix; AfterAll deletes every namespace with that prefix (which
# deletes the links, addresses, routes and nftables rules in them); traffic only between them.
# `ip`, `nft` and `ping` are oracles here, never the product.

$script:LinuxNetPSManifest = if ($env:LINUXNETPS_MODULE) { $env:LINUXNETPS_MODULE }
                             else { Join-Path $PSScriptRoot '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1' }
Import-Module $script:LinuxNetPSManifest -Force -ErrorAction Stop

# Interface names: IFNAMSIZ is 16 including the NUL, so 15 bytes is the limit.
$TooLong = 'a' * 16
$TooLongUtf8 = ([string][char]0xE9) * 8   # 8 characters, 16 bytes in UTF-8

function New-LabPrefix {
    # Short (interface names built from it stay under 15 bytes) and unique per run and suite.
    'pt{0}{1}' -f ([Environment]::ProcessId % 1000), (Get-Random -Minimum 1000 -Maximum 9999)
}

function Remove-Lab {
    param([Parameter(Mandatory)][string] $Prefix)
    Get-NetNamespace -Name "$Prefix-*" | Remove-NetNamespace -Force
    # Belt and braces: whatever is left (e.g. made by `ip` in a test) goes too.
    foreach ($name in @(& ip netns list 2>$null) -replace ' .*$', '' | Where-Object { $_ -like "$Prefix-*" }) {
        & ip netns delete $name 2>$null
    }
}

function Test-NetPing {
    param([Parameter(Mandatory)][string] $Namespace, [Parameter(Mandatory)][string] $Address)
    $null = Invoke-NetNamespace -Namespace $Namespace -FilePath ping -ArgumentList '-c', '1', '-W', '2', $Address
    $LASTEXITCODE -eq 0
}

# iproute2's view, as objects: Get-IpJson $ns link show br0
function Get-IpJson {
    param([Parameter(Mandatory)][string] $Namespace, [Parameter(ValueFromRemainingArguments)][string[]] $Arguments)
    $json = & ip -j -d -n $Namespace @Arguments
    if ($LASTEXITCODE -ne 0) { throw "ip -n $Namespace $Arguments failed ($LASTEXITCODE)" }
    if (-not $json) { return @() }
    @(($json -join "`n") | ConvertFrom-Json)
}

# A fingerprint of a namespace's state (links, addresses, routes) to prove that a failed command changed nothing.
# IPv6 link-local addresses and their routes are left out: the kernel adds them by itself once duplicate address
# detection finishes, a moment after a link comes up, whatever the command under test did.
function Get-NetState {
    param([Parameter(Mandatory)][string] $Namespace)
    $links = Get-IpJson $Namespace link show | ForEach-Object { "$($_.ifname) $($_.operstate) $($_.mtu) $($_.master)" }
    $addresses = Get-IpJson $Namespace addr show | ForEach-Object { foreach ($a in $_.addr_info) { if ($a.local -notlike 'fe80:*') { "$($_.ifname) $($a.local)/$($a.prefixlen)" } } }
    # The IPv6 link-local and multicast routes the kernel adds by itself once a link is up (fe80::/64,
    # ff00::/8, local fe80::x) come in their own time: leave them out, so a slow machine cannot fail a test.
    $routes = Get-IpJson $Namespace route show table all | Where-Object { $_.dst -notmatch '^(fe80:|ff0)' } |
        ForEach-Object { "$($_.dst) $($_.gateway) $($_.dev) $($_.table)" }
    (@($links) + @($addresses) + @($routes) | Sort-Object) -join "`n"
}

# Runs a command that must fail, and returns its ErrorRecord (the original one, with its category).
function Get-CommandError {
    param([Parameter(Mandatory)][scriptblock] $Command)
    try {
        $null = & $Command
    }
    catch {
        return $_
    }
    throw "expected an error from { $Command } but it succeeded"
}

# Runs an examples/*.ps1 as a user does (`pwsh -File`, a pwsh of its own) and returns its exit code
# and everything it printed, so the suite's own output stays Pester's.
function Invoke-Example {
    param([Parameter(Mandatory)][string] $Name, [Parameter(Mandatory)][string] $Prefix)
    $script = Join-Path $PSScriptRoot '..' 'examples' $Name
    $pwsh = Get-PwshCommand
    $output = & $pwsh.Path @($pwsh.Arguments) -NoProfile -NonInteractive -File $script -Prefix $Prefix 2>&1 | ForEach-Object { "$_" }
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output -join "`n" }
}

# The walkthrough suites' last test: the example script, run as a user does under a prefix of its own, ends with
# exit code 0 and its "OK: " line, and leaves no namespace of that prefix behind (removed in any case).
function Assert-ExampleRunsClean {
    param([Parameter(Mandatory)][string] $Name)
    $examplePrefix = New-LabPrefix
    try {
        $run = Invoke-Example $Name -Prefix $examplePrefix
    }
    finally {
        $left = Get-NetNamespace -Name "$examplePrefix-*"
        Remove-Lab $examplePrefix
    }
    $run.ExitCode | Should -Be 0 -Because $run.Output
    $run.Output | Should -Match 'OK: '
    $left | Should -BeNullOrEmpty
}

# Runs a script block in a runspace of its own (the module imported, no console host), so what
# -WhatIf prints goes nowhere: PowerShell writes "What if:" to the host, and no stream takes it.
# Arguments arrive as the block's parameters; its first error is thrown here.
function Invoke-WithoutHost {
    param([Parameter(Mandatory)][scriptblock] $Command, [object[]] $ArgumentList = @())
    $ps = [powershell]::Create()
    try {
        $null = $ps.AddCommand('Import-Module').AddParameter('Name', $script:LinuxNetPSManifest).AddStatement()
        $null = $ps.AddScript($Command.ToString())
        foreach ($a in $ArgumentList) { $null = $ps.AddArgument($a) }
        $output = $ps.Invoke()
        if ($ps.Streams.Error.Count -gt 0) { throw $ps.Streams.Error[0] }
        $output
    }
    finally { $ps.Dispose() }
}

# How to start another pwsh like this one, whatever the install: $PSHOME's pwsh when it has one (a package, a local
# tool), else this process's host with pwsh.dll (pwsh run as `dotnet pwsh.dll`, as a .NET global tool may be), where
# (Get-Process -Id $PID).Path is dotnet. Path and Arguments: & $p.Path @($p.Arguments) -NoProfile ...
function Get-PwshCommand {
    $apphost = Join-Path $PSHOME 'pwsh'
    if (Test-Path $apphost -PathType Leaf) { return [pscustomobject]@{ Path = $apphost; Arguments = [string[]]@() } }
    $dll = [Environment]::GetCommandLineArgs()[0]
    [pscustomobject]@{ Path = [Environment]::ProcessPath; Arguments = [string[]]@(if ($dll -like '*.dll') { $dll }) }
}
