#Requires -Version 7.4
<#
.SYNOPSIS
    Reads every containerlab topology of a containerlab checkout whose nodes are all of kind linux, bridge or host,
    and says for each whether New-NetLab reads it (and why not), and, for those whose addresses come from link
    ipv4/ipv6 or exec lines, what Test-NetLab finds once it is built.

.DESCRIPTION
    The files are containerlab's, not ours: get them with `git clone https://github.com/srl-labs/containerlab` and give
    the folder as -Root. Reading is New-NetLab -WhatIf (YAML read, translated, checked; nothing built). A file is built
    only when every exec line it has is an `ip` command (exec lines run as root in the node's network namespace, on
    this machine's file system: a line such as `apk add` is not for here), in namespaces of this run's prefix, tested
    with Test-NetLab and removed. Writes a table and a JSON summary.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Root,
    [string] $Prefix = "cx$([System.Random]::Shared.Next(100, 1000))"
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '..' '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1')

$rows = foreach ($file in Get-ChildItem -Path $Root -Recurse -File -Include '*.clab.yml', '*.clab.yaml' | Sort-Object FullName) {
    $text = Get-Content -Raw $file
    # The node kinds the file names anywhere (nodes, kinds, defaults, groups): linux, bridge and host are a lab's.
    $kinds = @([regex]::Matches($text, '(?m)^\s*kind:\s*["'']?([A-Za-z0-9_:-]+)') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
    if (@($kinds | Where-Object { $_ -notin 'linux', 'bridge', 'host' }).Count -gt 0) { continue }
    $relative = [IO.Path]::GetRelativePath($Root, $file.FullName)
    $row = [ordered]@{ File = $relative; Parsed = $false; Refusal = $null; Built = $false; Probes = 0; Failed = 0; Untested = 0 }
    try {
        New-NetLab -Path $file.FullName -Name "$Prefix-w" -Prefix "$Prefix-w-" -WhatIf -WarningAction SilentlyContinue 6>$null
        $row.Parsed = $true
    }
    catch { $row.Refusal = ($_.Exception.Message -replace [regex]::Escape($file.FullName), $file.Name) }
    $exec = @([regex]::Matches($text, '(?m)^\s*exec:\s*$\n((?:\s*-\s*.*\n)+)') | ForEach-Object { $_.Groups[1].Value -split "`n" } |
        ForEach-Object { ($_ -replace '^\s*-\s*', '').Trim('"', "'", ' ') } | Where-Object { $_ })
    $addressed = $text -match '(?m)^\s*ipv[46]:' -or $exec.Count -gt 0
    if ($row.Parsed -and $addressed -and -not ($exec | Where-Object { $_ -notmatch '^ip ' })) {
        $name = "$Prefix-$([math]::Abs($relative.GetHashCode()) % 10000)"
        try {
            $lab = New-NetLab -Path $file.FullName -Name $name -Prefix "$name-" -WarningAction SilentlyContinue
            $row.Built = $true
            $results = @(Test-NetLab $lab.Lab -WarningAction SilentlyContinue)
            $row.Probes = @($results | Where-Object Tested).Count
            $row.Failed = @($results | Where-Object { $_.Tested -and -not $_.Passed }).Count
            $row.Untested = @($results | Where-Object { -not $_.Tested }).Count
        }
        catch { $row.Refusal = "build: $($_.Exception.Message)" }
        finally { Get-NetLab -Name $name -ErrorAction SilentlyContinue | Remove-NetLab -ErrorAction SilentlyContinue }
    }
    [pscustomobject]$row
}
$rows | Format-Table File, Parsed, Built, Probes, Failed, Untested -AutoSize | Out-String -Width 200 | Write-Host
$rows | Where-Object Refusal | ForEach-Object { Write-Host "$($_.File): $($_.Refusal)" }
[pscustomobject]@{
    Files = @($rows).Count; Parsed = @($rows | Where-Object Parsed).Count; Built = @($rows | Where-Object Built).Count
    BuiltAndPassed = @($rows | Where-Object { $_.Built -and $_.Probes -gt 0 -and $_.Failed -eq 0 }).Count
} | ConvertTo-Json
