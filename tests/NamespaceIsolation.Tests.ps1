#Requires -Modules Pester
# Code run "in namespace X" is entirely in X (issue 8): HTTP clients that open their sockets on
# other threads, ForEach-Object -Parallel and thread jobs reach red's loopback and not blue's;
# /sys and /etc/netns/NAME are what `ip netns exec` gives; output streams live; Ctrl+C keeps what
# was printed and leaves the caller in its own namespace; -FilePath never runs ./program by accident.
# Servers are python3 http.server processes started in the test's own namespaces.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $prefix = New-LabPrefix
    $red = "$prefix-red"
    $blue = "$prefix-blue"
    $null = New-NetNamespace -Name $red, $blue
    Set-NetLink -Name lo -Up -Namespace $red
    Set-NetLink -Name lo -Up -Namespace $blue
    $bridge = "${prefix}br"
    $null = New-NetBridge -Name $bridge -Namespace $red

    $redPort = 18000 + (Get-Random -Maximum 500)
    $bluePort = $redPort + 1
    $work = Join-Path ([IO.Path]::GetTempPath()) "$prefix-isolation"
    $null = New-Item -ItemType Directory -Path (Join-Path $work red), (Join-Path $work blue) -Force
    Set-Content -Path (Join-Path $work red who.txt) -Value 'red'
    Set-Content -Path (Join-Path $work blue who.txt) -Value 'blue'

    function Start-TestServer([string] $Namespace, [int] $Port, [string] $Folder) {
        $server = Start-NetNamespaceProcess $Namespace python3 -ArgumentList '-m', 'http.server', $Port, '--bind', '127.0.0.1', '--directory', $Folder `
            -RedirectStandardOutput /dev/null -RedirectStandardError /dev/null
        # Listening? /proc/PID/net/tcp is the server's own namespace's table (state 0A = LISTEN).
        $hexPort = ':{0:X4} ' -f $Port
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while (-not (Get-Content "/proc/$($server.Id)/net/tcp" -ErrorAction SilentlyContinue | Where-Object { $_ -like "*$hexPort*00000000:0000 0A*" })) {
            if ($server.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw "the test server in $Namespace did not start listening on $Port" }
            Start-Sleep -Milliseconds 100
        }
        $server
    }
    $redServer = Start-TestServer $red $redPort (Join-Path $work red)
    $blueServer = Start-TestServer $blue $bluePort (Join-Path $work blue)

    $etcNetns = "/etc/netns/$red"
    $createdEtcNetns = -not (Test-Path /etc/netns)
    $null = New-Item -ItemType Directory -Path $etcNetns -Force
    Set-Content -Path (Join-Path $etcNetns resolv.conf) -Value "# resolv.conf of $red"

    function Get-Inode([string] $Path) { [regex]::Match((Get-Item $Path).LinkTarget, '\d+').Value }
    $redInode = [string](Get-NetNamespace -Name $red).Inode
    $blueInode = [string](Get-NetNamespace -Name $blue).Inode
    $callerMnt = Get-Inode /proc/self/ns/mnt

    # Every thread of this pwsh, by network and mount namespace: none may be left in red or blue.
    function Get-ThreadNamespaces {
        foreach ($task in Get-ChildItem "/proc/$PID/task") {
            $net = Get-Item "$($task.FullName)/ns/net" -ErrorAction SilentlyContinue
            $mnt = Get-Item "$($task.FullName)/ns/mnt" -ErrorAction SilentlyContinue
            if ($net -and $mnt) { [pscustomobject]@{ Tid = $task.Name; Net = [regex]::Match($net.LinkTarget, '\d+').Value; Mnt = [regex]::Match($mnt.LinkTarget, '\d+').Value } }
        }
    }

    function Get-ChildProcesses { @(Get-Content "/proc/$PID/task/*/children" -ErrorAction SilentlyContinue | ForEach-Object { $_ -split ' ' } | Where-Object { $_ }) }

    # One isolated call runs every kind of client; the Its below check what each saw. Invoke-Command
    # resolves the $using: of the nested -Parallel and thread-job blocks too, from this scope, so the
    # URLs are defined here (and again inside, where those nested blocks look them up).
    $redUrl = "http://127.0.0.1:$redPort/who.txt"
    $blueUrl = "http://127.0.0.1:$bluePort/who.txt"
    $probe = Invoke-NetNamespace $red {
        $redUrl = $using:redUrl
        $blueUrl = $using:blueUrl
        function Try-Get([scriptblock] $Request) { try { "$(& $Request)".Trim() } catch { 'unreachable' } }
        $client = [System.Net.Http.HttpClient]::new()
        [pscustomobject]@{
            WebRequest       = Try-Get { (Invoke-WebRequest $redUrl -TimeoutSec 10).Content }
            RestMethod       = Try-Get { Invoke-RestMethod $redUrl -TimeoutSec 10 }
            HttpClient       = Try-Get { $client.GetStringAsync($redUrl).GetAwaiter().GetResult() }
            Parallel         = 1 | ForEach-Object -Parallel { try { (Invoke-WebRequest $using:redUrl -TimeoutSec 10).Content.Trim() } catch { 'unreachable' } }
            ThreadJob        = Start-ThreadJob { try { (Invoke-WebRequest $using:redUrl -TimeoutSec 10).Content.Trim() } catch { 'unreachable' } } | Receive-Job -Wait -AutoRemoveJob
            BlueWebRequest   = Try-Get { (Invoke-WebRequest $blueUrl -TimeoutSec 5).Content }
            BlueHttpClient   = Try-Get { $client.GetStringAsync($blueUrl).GetAwaiter().GetResult() }
            BlueParallel     = 1 | ForEach-Object -Parallel { try { (Invoke-WebRequest $using:blueUrl -TimeoutSec 5).Content.Trim() } catch { 'unreachable' } }
            BlueThreadJob    = Start-ThreadJob { try { (Invoke-WebRequest $using:blueUrl -TimeoutSec 5).Content.Trim() } catch { 'unreachable' } } | Receive-Job -Wait -AutoRemoveJob
            SysClassNet      = @((Get-ChildItem /sys/class/net).Name | Sort-Object)
            ProcNetDev       = @(Get-Content /proc/net/dev | Select-Object -Skip 2 | ForEach-Object { ($_ -split ':')[0].Trim() } | Sort-Object)
            ResolvConf       = @(Get-Content /etc/resolv.conf)
            Net              = [regex]::Match((Get-Item /proc/self/ns/net).LinkTarget, '\d+').Value
            Mnt              = [regex]::Match((Get-Item /proc/self/ns/mnt).LinkTarget, '\d+').Value
            NamespaceVariable = $env:LINUXNETPS_NAMESPACE
        }
    }
}

AfterAll {
    foreach ($server in $redServer, $blueServer) { if ($server) { $server | Stop-Process -ErrorAction SilentlyContinue } }
    if ($etcNetns -and (Test-Path $etcNetns)) { Remove-Item -Recurse -Force $etcNetns }
    if ($createdEtcNetns -and (Test-Path /etc/netns) -and -not (Get-ChildItem /etc/netns)) { Remove-Item /etc/netns }
    if ($work -and (Test-Path $work)) { Remove-Item -Recurse -Force $work }
    if ($prefix) { Remove-Lab $prefix }
}

Describe 'Invoke-NetNamespace runs a script block entirely in the namespace' -Tag 'Isolation' {
    It 'the block runs in a pwsh whose network namespace is red and whose mount namespace is its own' {
        $probe.Net | Should -Be $redInode
        $probe.Mnt | Should -Not -Be $callerMnt
        $probe.NamespaceVariable | Should -Be $red
    }

    It '<Client> reaches the server on red''s loopback' -TestCases @(
        @{ Client = 'WebRequest' }, @{ Client = 'RestMethod' }, @{ Client = 'HttpClient' }, @{ Client = 'Parallel' }, @{ Client = 'ThreadJob' }
    ) {
        $probe.$Client | Should -Be 'red'
    }

    It '<Client> does not reach the server on blue''s loopback' -TestCases @(
        @{ Client = 'BlueWebRequest' }, @{ Client = 'BlueHttpClient' }, @{ Client = 'BlueParallel' }, @{ Client = 'BlueThreadJob' }
    ) {
        $probe.$Client | Should -Be 'unreachable'
    }

    It 'blue''s server is there: from inside blue it answers' {
        Invoke-NetNamespace $blue { (Invoke-WebRequest "http://127.0.0.1:$using:bluePort/who.txt" -TimeoutSec 10).Content.Trim() } | Should -Be 'blue'
    }

    It '/sys/class/net and /proc/net/dev list red''s links' {
        $probe.SysClassNet | Should -Be (@('lo', $bridge) | Sort-Object)
        $probe.ProcNetDev | Should -Be (@('lo', $bridge) | Sort-Object)
    }

    It '/etc/netns/NAME/resolv.conf is seen as /etc/resolv.conf, and the host''s file is unchanged' {
        $probe.ResolvConf | Should -Be "# resolv.conf of $red"
        Get-Content /etc/resolv.conf -ErrorAction SilentlyContinue | Should -Not -Contain "# resolv.conf of $red"
    }

    It 'no thread of this pwsh is left in red or blue, or in another mount namespace' {
        $threads = @(Get-ThreadNamespaces)
        $threads.Count | Should -BeGreaterThan 1
        $threads | Where-Object { $_.Net -in $redInode, $blueInode } | Should -BeNullOrEmpty
        $threads | Where-Object { $_.Mnt -ne $callerMnt } | Should -BeNullOrEmpty
    }

    It '$using:, -ArgumentList and positional arguments reach the block' {
        $local = 'from-caller'
        Invoke-NetNamespace $red { param($a, $b) "$using:local|$a|$b" } -ArgumentList 'one', 2 | Should -Be 'from-caller|one|2'
        Invoke-NetNamespace $red { "$args" } x y | Should -Be 'x y'
    }

    It 'errors come back as ErrorRecords, -ErrorAction applies, and the information stream arrives' {
        $out = Invoke-NetNamespace $red { Write-Error 'inside-error'; Write-Information 'inside-information'; 'done' } -ErrorVariable errs -InformationVariable infos -ErrorAction SilentlyContinue
        $out | Should -Be 'done'
        $errs[0] | Should -BeOfType System.Management.Automation.ErrorRecord
        "$($errs[0])" | Should -Be 'inside-error'
        "$infos" | Should -Be 'inside-information'
        { Invoke-NetNamespace $red { Write-Error 'stop-here'; 'not reached' } -ErrorAction Stop } | Should -Throw '*stop-here*'
    }

    It 'objects come back deserialized' {
        $process = Invoke-NetNamespace $red { Get-Process -Id $PID }
        $process.PSObject.TypeNames[0] | Should -Be 'Deserialized.System.Diagnostics.Process'
    }

    It 'output is live: the first object reaches the caller before the block ends' {
        $signal = Join-Path $work 'first-arrived'
        $lines = Invoke-NetNamespace $red {
            'first'
            # Waits for the caller to say it has the first line; a buffered implementation never does.
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (-not (Test-Path $using:signal) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            Start-Sleep -Seconds 2
            if (Test-Path $using:signal) { 'caller had the first line while the block ran' } else { 'caller had nothing' }
        } | ForEach-Object {
            if ($_ -eq 'first') { $null = New-Item -ItemType File -Path $signal }
            [pscustomobject]@{ Line = $_; At = [DateTime]::UtcNow }
        }
        $lines.Line | Should -Be 'first', 'caller had the first line while the block ran'
        $lines[0].At | Should -BeLessThan $lines[1].At
    }

    It '-InProcess runs native commands of the block in the namespace on this thread, which comes back' {
        $before = Get-Inode /proc/thread-self/ns/net
        Invoke-NetNamespace $red -InProcess { Get-Content /proc/thread-self/net/dev | Select-Object -Skip 2 | ForEach-Object { ($_ -split ':')[0].Trim() } } |
            Sort-Object | Should -Be (@('lo', $bridge) | Sort-Object)
        Get-Inode /proc/thread-self/ns/net | Should -Be $before
    }
}

Describe 'Invoke-NetNamespace runs a block of native commands directly (no child pwsh)' -Tag 'Isolation' {
    BeforeAll {
        $planted = Join-Path $work 'planted-native'
        $null = New-Item -ItemType Directory -Path $planted -Force
        foreach ($name in 'ip', 'sh') {
            Set-Content -Path (Join-Path $planted $name) -Value "#!/bin/sh`necho PLANTED"
            & chmod +x (Join-Path $planted $name)
        }
        $pwshPath = (Get-Process -Id $PID).Path
    }

    It 'the program is this pwsh''s own child (no pwsh in between), in red, with its own mount namespace' {
        $seen = Invoke-NetNamespace $red { sh -c 'echo "$PPID $(readlink /proc/self/ns/net) $(readlink /proc/self/ns/mnt)"' }
        $parent, $net, $mnt = $seen -split ' '
        $parent | Should -Be $PID
        $net | Should -Be "net:[$redInode]"
        $mnt | Should -Not -Be "mnt:[$callerMnt]"
    }

    It '/sys/class/net is red''s and /etc/resolv.conf is /etc/netns/NAME''s' {
        Invoke-NetNamespace $red { ls /sys/class/net } | Sort-Object | Should -Be (@('lo', $bridge) | Sort-Object)
        Invoke-NetNamespace $red { cat /etc/resolv.conf } | Should -Be "# resolv.conf of $red"
    }

    It 'no thread of this pwsh is left in red afterwards' {
        $null = Invoke-NetNamespace $red { ip -br link }
        Get-ThreadNamespaces | Where-Object { $_.Net -eq $redInode -or $_.Mnt -ne $callerMnt } | Should -BeNullOrEmpty
    }

    It '$LASTEXITCODE is the (last) program''s exit code; a pipeline of programs is joined' {
        Invoke-NetNamespace $red { sh -c 'exit 7' }
        $LASTEXITCODE | Should -Be 7
        Invoke-NetNamespace $red { ip -o link show | grep -c $using:bridge } | Should -Be 1
        $LASTEXITCODE | Should -Be 0
        Invoke-NetNamespace $red { ping -c 1 -W 1 127.0.0.1 } | Select-Object -Last 1 | Should -Match 'rtt'
        $LASTEXITCODE | Should -Be 0
    }

    It 'standard error goes to the console like a native command''s, standard input is the caller''s' {
        $errFile = Join-Path $work 'native-stderr.txt'
        $script = "Import-Module '$LinuxNetPSManifest'; Invoke-NetNamespace '$red' { sh -c 'echo to-out; echo to-err >&2; exit 3' }; exit `$LASTEXITCODE"
        $out = & $pwshPath -NoProfile -NonInteractive -Command $script 2>$errFile
        $LASTEXITCODE | Should -Be 3
        $out | Should -Be 'to-out'
        Get-Content $errFile | Should -Be 'to-err'
        $read = 'from-stdin' | & $pwshPath -NoProfile -NonInteractive -Command "Import-Module '$LinuxNetPSManifest'; Invoke-NetNamespace '$red' { head -n 1 }"
        $read | Should -Be 'from-stdin'
    }

    It 'a bare name never runs a program planted in the current directory' {
        Push-Location $planted
        try {
            $listed = Invoke-NetNamespace $red { ip -br link }
            $parent = Invoke-NetNamespace $red { sh -c 'echo $PPID' }
        }
        finally {
            Pop-Location
        }
        $listed | Should -Not -Contain 'PLANTED'
        ($listed | ForEach-Object { ($_ -split '\s+')[0] } | Sort-Object) | Should -Be (@('lo', $bridge) | Sort-Object)
        $parent | Should -Be $PID
    }

    It '<Why> keeps the child pwsh' -TestCases @(
        @{ Why = 'a variable that is not $using:'; Block = { $p = 'x'; sh -c 'echo $PPID' } }
        @{ Why = 'a redirection'; Block = { sh -c 'echo $PPID' 2>$null } }
        @{ Why = 'a cmdlet in the pipeline'; Block = { sh -c 'echo $PPID' | Write-Output } }
        @{ Why = 'a relative path'; Block = { ./sh -c 'echo $PPID' } }
    ) {
        Push-Location /usr/bin   # ./sh is the system's sh here
        try {
            $parent = Invoke-NetNamespace $red $Block
        }
        finally {
            Pop-Location
        }
        $parent | Should -Not -Be $PID
        $parent | Should -Match '^\d+$'
    }
}

Describe 'Invoke-NetNamespace keeps a warm child pwsh with fresh state per call' -Tag 'Isolation' {
    BeforeAll {
        $pwshPath = (Get-Process -Id $PID).Path
        function Wait-Gone([int] $ProcessId, [int] $Seconds = 30) {
            $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
            while ((Test-Path "/proc/$ProcessId") -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            -not (Test-Path "/proc/$ProcessId")
        }
    }

    It 'a second call reuses the child, and a variable, preference or strict mode set in one call is gone in the next' {
        $first = Invoke-NetNamespace $red { $kept = 'leak'; $global:alsoKept = 'leak'; $ErrorActionPreference = 'Stop'; Set-StrictMode -Version Latest; $PID }
        $second = Invoke-NetNamespace $red { [pscustomobject]@{ Pid = $PID; Kept = "$kept$global:alsoKept"; Preference = "$ErrorActionPreference"; Strict = $(try { $null = $undefined.Foo; 'off' } catch { 'on' }) } }
        $second.Pid | Should -Be $first
        $second.Kept | Should -BeNullOrEmpty
        $second.Preference | Should -Be 'Continue'
        $second.Strict | Should -Be 'off'
        Get-Inode "/proc/$first/ns/net" | Should -Be $redInode
    }

    It 'a call returns before its child is settled, yet the very next call never sees what it left' {
        # The reset and the state check run after the output is back; the next call waits for them.
        $first = Invoke-NetNamespace $red { $global:left = 'leak'; function global:LeftToo { 1 }; $PID }
        $next = Invoke-NetNamespace $red { [pscustomobject]@{ Pid = $PID; Left = "$global:left"; Function = [bool](Get-Command LeftToo -ErrorAction SilentlyContinue) } }
        $next.Left | Should -BeNullOrEmpty
        $next.Function | Should -BeFalse
        $next.Pid | Should -Not -Be $first
        $again = Invoke-NetNamespace $red { $global:left = 'leak'; $PID }
        $after = Invoke-NetNamespace $red { [pscustomobject]@{ Pid = $PID; Left = "$global:left" } }
        $after.Pid | Should -Be $again
        $after.Left | Should -BeNullOrEmpty
    }

    It 'the location follows the caller, not the previous call' {
        Push-Location $work
        try {
            Invoke-NetNamespace $red { Set-Location /; $PWD.Path } | Should -Be '/'
            Invoke-NetNamespace $red { $PWD.Path } | Should -Be $work
        }
        finally {
            Pop-Location
        }
    }

    It 'a call that leaves a <What> behind ends its child: the next call gets a new one without it' -TestCases @(
        @{ What = 'function'; Leave = { function global:Left { 'left' } }; Check = { [bool](Get-Command Left -ErrorAction SilentlyContinue) } }
        @{ What = 'environment variable'; Leave = { $env:LINUXNETPS_TEST_LEFT = '1' }; Check = { [bool]$env:LINUXNETPS_TEST_LEFT } }
        @{ What = 'alias'; Leave = { Set-Alias -Name left -Value Get-Date -Scope Global }; Check = { [bool](Get-Alias left -ErrorAction SilentlyContinue) } }
        @{ What = 'job'; Leave = { $null = Start-ThreadJob { Start-Sleep 60 } }; Check = { [bool](Get-Job) } }
        @{ What = 'type'; Leave = { Add-Type -TypeDefinition 'public static class LinuxNetPSLeft { public static int Value = 1; }' }; Check = { [bool]('LinuxNetPSLeft' -as [type]) } }
        @{ What = 'module'; Leave = { Import-Module Microsoft.PowerShell.Security }; Check = { [bool](Get-Module Microsoft.PowerShell.Security) } }
        @{ What = 'drive'; Leave = { $null = New-PSDrive -Name LinuxNetPSLeft -PSProvider FileSystem -Root / -Scope Global }; Check = { [bool](Get-PSDrive LinuxNetPSLeft -ErrorAction SilentlyContinue) } }
        @{ What = 'redefined alias'; Leave = { Set-Alias -Name gci -Value Get-Date -Scope Global -Force }; Check = { (Get-Alias gci).Definition -eq 'Get-Date' } }
    ) {
        $before = Invoke-NetNamespace $red { $PID }
        $during = Invoke-NetNamespace $red ([scriptblock]::Create("$Leave; `$PID"))
        $during | Should -Be $before
        $after = Invoke-NetNamespace $red ([scriptblock]::Create("[pscustomobject]@{ Pid = `$PID; Left = & { $Check } }"))
        $after.Left | Should -BeFalse
        $after.Pid | Should -Not -Be $before
        Wait-Gone $before | Should -BeTrue
    }

    It 'Remove-NetNamespace ends the warm child in that namespace' {
        $temp = "$prefix-warm"
        $null = New-NetNamespace $temp
        $child = Invoke-NetNamespace $temp { $PID }
        Test-Path "/proc/$child" | Should -BeTrue
        Remove-NetNamespace $temp -Force
        Wait-Gone $child | Should -BeTrue
    }

    It 'an idle child ends after LINUXNETPS_WARM_IDLE_SECONDS, and every child ends with its pwsh' {
        $script = "`$env:LINUXNETPS_WARM_IDLE_SECONDS = 2; Import-Module '$LinuxNetPSManifest'; Invoke-NetNamespace '$red' { `$PID }; Invoke-NetNamespace '$blue' { `$PID }; Start-Sleep 6; Invoke-NetNamespace '$blue' { `$PID }"
        $idle, $blueFirst, $blueSecond = & $pwshPath -NoProfile -NonInteractive -Command $script
        $blueSecond | Should -Not -Be $blueFirst
        Wait-Gone $idle | Should -BeTrue
        Wait-Gone $blueFirst | Should -BeTrue
        # $blueSecond was warm when its pwsh exited.
        Wait-Gone $blueSecond | Should -BeTrue
    }
}

Describe 'New-NetNamespaceSession returns a PSSession in the namespace' -Tag 'Isolation' {
    It 'works with Invoke-Command, Invoke-NetNamespace -Session, Get-PSSession and Remove-PSSession' {
        $session = New-NetNamespaceSession $red
        try {
            $session | Should -BeOfType System.Management.Automation.Runspaces.PSSession
            $session.Name | Should -Be "netns-$red"
            (Get-PSSession -Name "netns-$red").InstanceId | Should -Be $session.InstanceId
            $childPid = Invoke-Command -Session $session { $PID }
            Get-Inode "/proc/$childPid/ns/net" | Should -Be $redInode
            Invoke-Command -Session $session { $global:kept = 'state survives' }
            Invoke-NetNamespace -Session $session { $global:kept } | Should -Be 'state survives'
            Invoke-NetNamespace -Session $session { (Invoke-WebRequest "http://127.0.0.1:$using:redPort/who.txt" -TimeoutSec 10).Content.Trim() } | Should -Be 'red'
        }
        finally {
            Remove-PSSession $session
        }
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while ((Test-Path "/proc/$childPid") -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        Test-Path "/proc/$childPid" | Should -BeFalse
    }
}

Describe 'Invoke-NetNamespace -FilePath' -Tag 'Isolation' {
    BeforeAll {
        $planted = Join-Path $work 'planted'
        $null = New-Item -ItemType Directory -Path $planted -Force
        Set-Content -Path (Join-Path $planted ip) -Value "#!/bin/sh`necho PLANTED"
        & chmod +x (Join-Path $planted ip)
        Set-Content -Path (Join-Path $planted notexec) -Value "#!/bin/sh`necho no"
    }

    It 'a bare name comes from PATH, never from the current directory; ./name runs the local one' {
        Push-Location $planted
        try {
            $listed = Invoke-NetNamespace $red -FilePath ip -ArgumentList '-br', 'link'
            $local = Invoke-NetNamespace $red -FilePath ./ip
        }
        finally {
            Pop-Location
        }
        $listed | Should -Not -Contain 'PLANTED'
        ($listed | ForEach-Object { ($_ -split '\s+')[0] } | Sort-Object) | Should -Be (@('lo', $bridge) | Sort-Object)
        $local | Should -Be 'PLANTED'
    }

    It 'is positional, runs with the mount semantics and sets $LASTEXITCODE' {
        Invoke-NetNamespace $red -FilePath cat /etc/resolv.conf | Should -Be "# resolv.conf of $red"
        $null = Invoke-NetNamespace $red -FilePath sh -ArgumentList '-c', 'exit 7'
        $LASTEXITCODE | Should -Be 7
        $null = Invoke-NetNamespace $red -FilePath true
        $LASTEXITCODE | Should -Be 0
    }
}

Describe 'Start-NetNamespaceProcess runs a server in the background' -Tag 'Isolation' {
    It 'returns a Process in the namespace that Stop-Process stops' {
        $redServer | Should -BeOfType System.Diagnostics.Process
        Get-Inode "/proc/$($redServer.Id)/ns/net" | Should -Be $redInode
        $extra = Start-TestServer $red ($bluePort + 1) (Join-Path $work red)
        $extra.HasExited | Should -BeFalse
        $extra | Stop-Process
        $extra.WaitForExit(20000) | Should -BeTrue
    }
}

Describe 'Bad input for running code in a namespace' -Tag 'Isolation', 'BadInput' {
    It '<Command> on a namespace that does not exist is ObjectNotFound and names it' -TestCases @(
        @{ Command = 'Invoke-NetNamespace'; Script = { Invoke-NetNamespace "$prefix-nope" { 1 } -ErrorAction Stop } }
        @{ Command = 'Invoke-NetNamespace -FilePath'; Script = { Invoke-NetNamespace "$prefix-nope" -FilePath true -ErrorAction Stop } }
        @{ Command = 'New-NetNamespaceSession'; Script = { New-NetNamespaceSession "$prefix-nope" -ErrorAction Stop } }
        @{ Command = 'Start-NetNamespaceProcess'; Script = { Start-NetNamespaceProcess "$prefix-nope" true -ErrorAction Stop } }
        @{ Command = 'Enter-NetNamespace'; Script = { Enter-NetNamespace "$prefix-nope" -ErrorAction Stop } }
    ) {
        $before = Get-ChildProcesses
        $err = Get-CommandError $Script
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.FullyQualifiedErrorId | Should -BeLike 'NamespaceNotFound,*'
        $err.Exception.Message | Should -Match ([regex]::Escape("$prefix-nope"))
        # Nothing was started: no new child process (one still exiting from an earlier test may be gone).
        Get-ChildProcesses | Where-Object { $_ -notin $before } | Should -BeNullOrEmpty
    }

    It '<Command> with an empty namespace is InvalidArgument and runs nothing in the host' -TestCases @(
        @{ Command = 'Invoke-NetNamespace'; Script = { Invoke-NetNamespace '' { New-Item -ItemType File -Path $using:marker } -ErrorAction Stop } }
        @{ Command = 'Invoke-NetNamespace $null -FilePath'; Script = { Invoke-NetNamespace $null -FilePath touch $marker -ErrorAction Stop } }
        @{ Command = 'Start-NetNamespaceProcess'; Script = { Start-NetNamespaceProcess '' touch $marker -ErrorAction Stop } }
        @{ Command = 'New-NetNamespaceSession'; Script = { New-NetNamespaceSession '' -ErrorAction Stop } }
    ) {
        $marker = Join-Path $work 'must-not-exist'
        $err = Get-CommandError $Script
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match 'No namespace was given'
        Test-Path $marker | Should -BeFalse
    }

    It 'a program that is <Why> is <Category>' -TestCases @(
        @{ Why = 'not in PATH'; Program = "$prefix-no-such-program"; Category = 'ObjectNotFound'; Pattern = 'not found in PATH' }
        @{ Why = 'a missing path'; Program = "./$prefix-missing"; Category = 'ObjectNotFound'; Pattern = 'does not exist' }
        @{ Why = 'a directory'; Program = '/tmp'; Category = 'InvalidArgument'; Pattern = 'is a directory' }
        @{ Why = 'not executable'; Program = 'planted/notexec'; Category = 'InvalidArgument'; Pattern = 'not executable' }
    ) {
        $null = New-Item -ItemType Directory -Path (Join-Path $work planted) -Force
        Set-Content -Path (Join-Path $work planted notexec) -Value "#!/bin/sh`necho no"
        if ($Program -like 'planted/*') { $Program = Join-Path $work $Program }
        foreach ($script in { Invoke-NetNamespace $red -FilePath $Program -ErrorAction Stop }, { Start-NetNamespaceProcess $red $Program -ErrorAction Stop }) {
            $err = Get-CommandError $script
            $err.CategoryInfo.Category | Should -Be $Category
            $err.Exception.Message | Should -Match $Pattern
        }
    }

    It 'Invoke-NetNamespace -Session needs an open session' {
        $session = New-NetNamespaceSession $red
        Remove-PSSession $session
        { Invoke-NetNamespace -Session $session { 1 } -ErrorAction Stop } | Should -Throw
    }
}

# As a person at a terminal: pwsh under tmux (a real pty), keys sent with send-keys, the screen read back.
Describe 'At an interactive prompt' -Tag 'Isolation', 'Interactive' {
    BeforeAll {
        $tmux = "$prefix-tty"
        $pwsh = Get-PwshCommand
        & tmux new-session -d -s $tmux -x 220 -y 50 "$((@($pwsh.Path) + $pwsh.Arguments) -join ' ') -NoProfile -NoLogo"
        $panePid = [int](& tmux display-message -p -t $tmux '#{pane_pid}')

        function Send-Line([string] $Text) {
            & tmux send-keys -t $tmux -l $Text
            & tmux send-keys -t $tmux Enter
        }
        function Wait-Screen([string] $Pattern) {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ($true) {
                # Not -J: PSReadLine sometimes pads a line it redraws to the last column, which marks it as wrapped, and -J
                # would then join the next line (a command's first output) onto it, so /^output/ never matched. Every line
                # here fits the pane's 220 columns, so nothing needs joining.
                $screen = (& tmux capture-pane -p -S -500 -t $tmux) -join "`n"
                if ($screen -match $Pattern) { return $screen }
                if ([DateTime]::UtcNow -gt $deadline) { throw "the terminal never showed /$Pattern/; it shows:`n$screen" }
                Start-Sleep -Milliseconds 200
            }
        }
        # After Ctrl+C: the prompt is back when the last line on screen is a bare prompt. Typing before it is
        # typing ahead into a command that is still ending, which PSReadLine may drop on a loaded machine.
        function Wait-Prompt {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ($true) {
                $last = @((& tmux capture-pane -p -t $tmux) | Where-Object { $_.Trim() }) | Select-Object -Last 1
                if ($last -match '^PS .*> ?$') { return }
                if ([DateTime]::UtcNow -gt $deadline) { throw "no prompt came back; the last line is: $last" }
                Start-Sleep -Milliseconds 200
            }
        }
        # The prompt's child processes, by parent pid (/proc/*/stat), not the per-thread children lists: a child
        # started from a thread that has ended since (the namespace launcher's) moves to another thread's list, and
        # reading the lists one by one can miss it.
        function Get-PaneChildren {
            foreach ($stat in Get-ChildItem /proc -Directory -ErrorAction SilentlyContinue | Where-Object Name -match '^\d+$') {
                $text = Get-Content (Join-Path $stat.FullName 'stat') -Raw -ErrorAction SilentlyContinue
                if ($text -and ($text.Substring($text.LastIndexOf(')') + 2) -split ' ')[1] -eq "$panePid") { $stat.Name }
            }
        }
        function Get-PaneThreadNets {
            # A thread may end while it is looked at; those are skipped.
            foreach ($task in Get-ChildItem "/proc/$panePid/task") {
                $net = Get-Item "$($task.FullName)/ns/net" -ErrorAction SilentlyContinue
                if ($net) { [regex]::Match($net.LinkTarget, '\d+').Value }
            }
        }

        $null = Wait-Screen '(?m)^PS .*> ?$'   # keys typed before the prompt would be lost
        Send-Line "Import-Module '$LinuxNetPSManifest'; `$before = (Get-Item /proc/thread-self/ns/net).LinkTarget; 'module-' + 'ready'"
        $null = Wait-Screen '(?m)^module-ready'
        $hostNet = [regex]::Match((Get-Item "/proc/$panePid/ns/net").LinkTarget, '\d+').Value
    }

    AfterAll {
        if ($tmux) { & tmux kill-session -t $tmux 2>$null }
    }

    It 'Ctrl+C stops a block, keeps what it printed, and leaves the session in its own namespace' {
        Send-Line "Invoke-NetNamespace $red { 'tick-' + 'one'; Start-Sleep 120; 'never-' + 'printed' }"
        $null = Wait-Screen '(?m)^tick-one'
        & tmux send-keys -t $tmux C-c
        Wait-Prompt
        Send-Line "'after-ctrl-c:' + ((Get-Item /proc/thread-self/ns/net).LinkTarget -eq `$before)"
        $screen = Wait-Screen '(?m)^after-ctrl-c:\w+'
        $screen | Should -Match '(?m)^tick-one'
        $screen | Should -Match '(?m)^after-ctrl-c:True'
        $screen | Should -Not -Match '(?m)^never-printed'
        Get-PaneThreadNets | Where-Object { $_ -ne $hostNet } | Should -BeNullOrEmpty
    }

    It 'Ctrl+C stops a program whose output is piped, and the lines that came through stay' {
        Send-Line "Invoke-NetNamespace $red -FilePath ping -ArgumentList '-i', '0.2', '127.0.0.1' | ForEach-Object { 'piped-' + `$_ }"
        $null = Wait-Screen '(?m)^piped-.*icmp_seq=3 '
        & tmux send-keys -t $tmux C-c
        Wait-Prompt
        Send-Line "'after-ping:' + `$LASTEXITCODE"
        $screen = Wait-Screen '(?m)^after-ping:'
        $screen | Should -Match '(?m)^piped-64 bytes from 127\.0\.0\.1: icmp_seq=1 '
        $screen | Should -Match '(?m)^piped-64 bytes from 127\.0\.0\.1: icmp_seq=3 '
        # ping is gone: no child of this pwsh is left running.
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while (@(Get-Content "/proc/$panePid/task/*/children" -ErrorAction SilentlyContinue | Where-Object { $_.Trim() }).Count -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
        @(Get-Content "/proc/$panePid/task/*/children" -ErrorAction SilentlyContinue | Where-Object { $_.Trim() }) | Should -BeNullOrEmpty
    }

    It 'Ctrl+C stops a block of native commands (started directly, with the terminal) as it stops them at a shell prompt' {
        # 127.0.0.9 (loopback too): lines no earlier test printed. `-i 0.2`: a fraction is a plain argument as well.
        Send-Line "Invoke-NetNamespace $red { ping -i 0.2 127.0.0.9 }"
        # A few replies in, Ctrl+C.
        $null = Wait-Screen '(?m)from 127\.0\.0\.9: icmp_seq=5 '
        # Started directly: ping is the prompt's own child. Under a child pwsh its output would go through a pipe to that
        # pwsh, and Ctrl+C would stop the remote pipeline before ping's summary came through.
        @(Get-PaneChildren | Where-Object { (Get-Content "/proc/$_/comm" -ErrorAction SilentlyContinue) -eq 'ping' }) | Should -HaveCount 1
        & tmux send-keys -t $tmux C-c
        Wait-Prompt
        Send-Line "'after-native-' + 'ping'"
        $screen = Wait-Screen '(?m)^after-native-ping'
        $lines = $screen -split "`n"
        $start = [array]::FindLastIndex($lines, [Predicate[string]] { param($l) $l -match '\{ ping -i 0\.2 127\.0\.0\.9 \}' })
        $end = [array]::FindLastIndex($lines, [Predicate[string]] { param($l) $l -match '^after-native-ping' })
        $run = $lines[$start..$end]
        # As at a shell prompt: the terminal echoed ^C (it was in ping's mode, not pwsh's), ping got SIGINT from it and
        # printed its summary, and all of that came before the next command's output.
        $interrupt = [array]::FindIndex($run, [Predicate[string]] { param($l) $l -match '^\^C' })
        $interrupt | Should -BeGreaterThan 0 -Because "the terminal echoes ^C:`n$($run -join "`n")"
        $summary = [array]::FindIndex($run, [Predicate[string]] { param($l) $l -match '^--- 127\.0\.0\.9 ping statistics ---' })
        $summary | Should -BeGreaterThan $interrupt -Because "ping prints its summary after ^C:`n$($run -join "`n")"
        $lastReply = [array]::FindLastIndex($run, [Predicate[string]] { param($l) $l -match 'from 127\.0\.0\.9: icmp_seq=' })
        $lastReply | Should -BeLessThan $interrupt
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while (@(Get-Content "/proc/$panePid/task/*/children" -ErrorAction SilentlyContinue | Where-Object { $_.Trim() }).Count -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
        @(Get-Content "/proc/$panePid/task/*/children" -ErrorAction SilentlyContinue | Where-Object { $_.Trim() }) | Should -BeNullOrEmpty
        Get-PaneThreadNets | Where-Object { $_ -ne $hostNet } | Should -BeNullOrEmpty
    }

    It 'Enter-NetNamespace gives a prompt inside the namespace, and exit comes back' {
        # Children the prompt already had (a block stopped earlier may still be closing) are not this test's.
        $earlier = @(Get-PaneChildren)
        Send-Line "Enter-NetNamespace $red"
        $null = Wait-Screen ([regex]::Escape("(netns $red) PS"))
        Send-Line "'inside-' + (Get-Item /proc/self/ns/net).LinkTarget"
        $screen = Wait-Screen '(?m)inside-net:\[(\d+)\]'
        [regex]::Match($screen, 'inside-net:\[(\d+)\]').Groups[1].Value | Should -Be $redInode
        Send-Line 'exit'
        Send-Line "'back-' + (Get-Item /proc/self/ns/net).LinkTarget"
        $screen = Wait-Screen '(?m)^back-net:\[(\d+)\]'
        [regex]::Match($screen, '(?m)^back-net:\[(\d+)\]').Groups[1].Value | Should -Be $hostNet
        Get-PaneThreadNets | Where-Object { $_ -ne $hostNet } | Should -BeNullOrEmpty
        # The namespace's pwsh ends once the prompt is left (closing the session is a round trip; the machine may be slow).
        $deadline = [DateTime]::UtcNow.AddSeconds(90)
        $started = { @(Get-PaneChildren | Where-Object { $_ -notin $earlier }) }
        while ((& $started).Count -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
        & $started | Should -BeNullOrEmpty
    }

    It 'Invoke-NetNamespace -FilePath bash keeps the terminal: an interactive shell in the namespace, and its exit code' {
        Send-Line "Invoke-NetNamespace $red -FilePath bash -ArgumentList '--norc', '--noprofile', '-i'"
        $null = Wait-Screen '(?m)^bash-[\d.]+[#$] ?$'   # its prompt: bash has the terminal
        Send-Line 'if [ -t 0 ] && [ -t 1 ]; then t=yes; else t=no; fi; echo "bash-tty:$t bash-$(readlink /proc/self/ns/net)"'
        $screen = Wait-Screen 'bash-tty:\w+ bash-net:\[\d+\]'
        $screen | Should -Match 'bash-tty:yes'
        [regex]::Match($screen, 'bash-net:\[(\d+)\]').Groups[1].Value | Should -Be $redInode
        Send-Line 'exit 3'
        $null = Wait-Screen '(?m)exit 3\s*\n(.*\n)*PS .*> ?$'
        Send-Line "'code-' + `$LASTEXITCODE"
        Wait-Screen '(?m)^code-\d+' | Should -Match '(?m)^code-3'
    }
}
