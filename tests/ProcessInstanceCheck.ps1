# Does this PowerShell still let LinuxNetPS start a namespace's pwsh itself? Not a test file itself: run by
# tests/ProcessInstance.Tests.ps1 (in whichever pwsh runs the Pester suites) and by ProcessInstanceTests
# (the hosted engine, and every real pwsh it is given). Any pwsh can run it directly:
#   /path/to/pwsh -NoProfile -File tests/ProcessInstanceCheck.ps1 [-Manifest out/LinuxNetPS/LinuxNetPS.psd1]
#
# Invoke-NetNamespace and New-NetNamespaceSession start a child pwsh inside the namespace themselves and then
# open PowerShell's out-of-process runspace over it. Opening that runspace calls the internal
# PowerShellProcessInstance.Start, which starts the process again (in the CALLER's namespace) unless its private
# field '_started' is set: LinuxNetPS sets it by reflection (src/LinuxNetPS/Support/ProcessInstance.cs), and
# builds the runspace from the internal NewProcessConnectionInfo. If a PowerShell release renames the field or
# stops honouring it, script blocks would silently run outside their namespace. This script goes through the
# module's own code path (in this namespace: nothing here needs another one), and checks that the runspace talks
# to the very process the module started. On success it writes one line, "OK <version> <pid>"; otherwise it
# throws a message naming the field and this PowerShell's version.
param(
    # The module to check; by default the build in out/LinuxNetPS (or $env:LINUXNETPS_MODULE).
    [string] $Manifest,
    # The pwsh the instance starts. Empty: PowerShell's own choice ($PSHOME/pwsh), right in a real pwsh; a
    # hosted engine (the xunit host) has no pwsh in its $PSHOME and passes one.
    [string] $PwshPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$version = $PSVersionTable.PSVersion.ToString()
$module = Get-Module LinuxNetPS
if (-not $module) {
    if (-not $Manifest) {
        $Manifest = if ($env:LINUXNETPS_MODULE) { $env:LINUXNETPS_MODULE } else { Join-Path $PSScriptRoot '..' 'out' 'LinuxNetPS' 'LinuxNetPS.psd1' }
    }
    $module = Import-Module $Manifest -PassThru -ErrorAction Stop
}
$flag = "the private field '_started' of System.Management.Automation.Runspaces.PowerShellProcessInstance"

# The module's internal helper, called as the module calls it.
$helper = $module.ImplementingAssembly.GetType('LinuxNetPS.Support.ProcessInstance', $true)
function Invoke-Helper([string] $Name, [object[]] $Arguments) {
    $method = $helper.GetMethod($Name, [Reflection.BindingFlags]'Public, NonPublic, Static')
    if (-not $method) { throw "LinuxNetPS.Support.ProcessInstance has no method $Name (the check is out of date with the module)" }
    try { $method.Invoke($null, $Arguments) }
    catch [System.Reflection.TargetInvocationException] {
        throw "PowerShell ${version}: $($_.Exception.InnerException.Message)"
    }
}

$instance = Invoke-Helper Create @()
$runspace = $null
try {
    $process = Invoke-Helper ProcessOf @(, $instance)
    if ($PwshPath) { $process.StartInfo.FileName = $PwshPath }
    # What IsolatedProcessLauncher does inside the namespace: start the configured process itself.
    $null = $process.Start()
    $started = $process.Id
    $null = Invoke-Helper MarkStarted @(, $instance)
    $types = [System.Management.Automation.Runspaces.TypeTable]::LoadDefaultTypeFiles()
    $runspace = Invoke-Helper CreateRunspace @($types, $instance, $Host)
    $runspace.Open()
    $ps = [powershell]::Create()
    try {
        $ps.Runspace = $runspace
        $remote = @($ps.AddScript('$PID').Invoke())
    }
    finally { $ps.Dispose() }

    if ($process.Id -ne $started -or $remote.Count -ne 1 -or $remote[0] -ne $started) {
        throw ("PowerShell ${version} no longer honours $flag (set by LinuxNetPS.Support.ProcessInstance.MarkStarted): " +
            "opening the runspace started another pwsh (the module started PID $started; the instance's process is now " +
            "PID $($process.Id) and the runspace answered from PID $($remote -join ', ')). Script blocks of " +
            "Invoke-NetNamespace and New-NetNamespaceSession would run outside their namespace in this version.")
    }
    "OK $version $started"
}
finally {
    if ($runspace) { $runspace.Dispose() }
    $instance.Dispose()   # kills the child if the close did not end it
}
