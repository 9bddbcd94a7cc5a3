# Simulated hosts for the multi-host suites: dot-source it after TestHelpers.ps1 (which imports the module).
#
#   $lab = Start-SimulatedHost -Prefix $prefix -Count 3      # h1, h2, h3
#   $s = New-PSSession -HostName $lab.Hosts.Name -ConnectingTimeout 120000
#   Invoke-Command -Session $s { Import-Module LinuxNetPS; Get-NetLink }
#   ...
#   Stop-SimulatedHost $lab                                   # in AfterAll
#
# The host name "unreachable" is also configured: connecting to it is refused at once (a host that is down).
#
# One machine, nothing outside it:
# * Each host is a process tree in its own network, mount and PID namespaces (unshare, host-init.sh is its PID 1),
#   with a private tmpfs over /run, so each host's /run/netns, /run/linuxnetps and /run/sshd are its own and two
#   hosts' "c1" never collide. In the PID namespace /proc/1 is the host's init, so what the module calls "the host
#   namespace" on a simulated host is that host's namespace, never the machine's.
# * Each host runs Debian's sshd with a config, host key and authorized key made here for the run, listening on the
#   host's underlay address; PowerShell is its `powershell` subsystem (this pwsh, -sshs), and the built module is on
#   the subsystem's PSModulePath, so `Import-Module LinuxNetPS` works by name. The machine's own sshd, its keys and
#   ~/.ssh are never read or written.
# * The underlay is a namespace with a bridge; every host and the controller have a veth into it.
# * The controller is this pwsh. Its leg is a namespace of its own ("<prefix>-ctl"): `ssh` on PATH is a wrapper,
#   first on PATH while the hosts run, that runs /usr/bin/ssh in that namespace with a config of its own (-F: host
#   aliases h1..hN, the test's key, a known_hosts file written here, StrictHostKeyChecking yes, BatchMode), so
#   `New-PSSession -HostName h1` and `Invoke-Command -HostName h1, h2` work as a user types them. No link or address
#   is ever added to the machine's own namespace.
# * Stop-SimulatedHost kills each host by its unshare PID (--kill-child ends its PID 1, and with it every process of
#   the host, sshd's sessions included), deletes the underlay and controller namespaces and the run's directory.

$script:SimulatedHostInit = Join-Path $PSScriptRoot 'host-init.sh'

function Start-SimulatedHost {
    [CmdletBinding()]
    param(
        # Unique per run: the underlay and controller namespaces are "<Prefix>-ul" and "<Prefix>-ctl".
        [Parameter(Mandatory)][string] $Prefix,
        [ValidateRange(1, 50)][int] $Count = 3,
        # Hosts named "<NamePrefix>1".."<NamePrefix>N"; the name is what New-PSSession -HostName takes and what
        # PSComputerName says.
        [string] $NamePrefix = 'h',
        # The underlay: the controller is .1, host i is .(10 + i).
        [string] $Subnet = '10.254.0'
    )
    foreach ($tool in 'unshare', 'nsenter', 'ssh-keygen', '/usr/sbin/sshd', '/usr/bin/ssh') {
        if (-not (Get-Command $tool -CommandType Application -ErrorAction Ignore)) {
            throw "The simulated hosts need '$tool' (Debian: apt-get install -y openssh-server openssh-client util-linux)."
        }
    }

    $root = Join-Path ([IO.Path]::GetTempPath()) "linuxnetps-hosts-$Prefix"
    $lab = [pscustomobject]@{
        Prefix = $Prefix; Root = $root; Underlay = "$Prefix-ul"; Controller = "$Prefix-ctl"; ControllerAddress = "$Subnet.1"
        Hosts = [System.Collections.Generic.List[object]]::new(); SshConfig = Join-Path $root 'ssh_config'
        KnownHosts = Join-Path $root 'known_hosts'; ClientKey = Join-Path $root 'client_key'; SavedPath = $env:PATH
    }
    try {
        $null = New-Item -ItemType Directory -Path $root, (Join-Path $root 'bin') -Force
        & ssh-keygen -q -t ed25519 -N '' -C "linuxnetps-test-$Prefix" -f $lab.ClientKey
        if ($LASTEXITCODE -ne 0) { throw 'ssh-keygen failed for the client key' }

        # The underlay and the controller's leg.
        $null = New-NetNamespace -Name $lab.Underlay, $lab.Controller
        $null = New-NetBridge -Name br0 -Up -Namespace $lab.Underlay
        $null = New-VethPair -Name ctl -PeerName eth0 -Namespace $lab.Underlay -PeerNamespace $lab.Controller -Master br0 -Up
        Add-NetAddress -Address "$($lab.ControllerAddress)/24" -Interface eth0 -Namespace $lab.Controller
        Set-NetLink -Name lo -Up -Namespace $lab.Controller

        $pwsh = Join-Path $PSHOME 'pwsh'
        $moduleRoot = Split-Path (Split-Path $script:LinuxNetPSManifest -Parent) -Parent
        $clientConfig = [System.Text.StringBuilder]::new()
        $knownHosts = [System.Text.StringBuilder]::new()
        foreach ($i in 1..$Count) {
            $name = "$NamePrefix$i"
            $address = "$Subnet.$(10 + $i)"
            $dir = Join-Path $root $name
            $null = New-Item -ItemType Directory -Path $dir, (Join-Path $dir 'home') -Force
            & ssh-keygen -q -t ed25519 -N '' -C "$name-$Prefix" -f (Join-Path $dir 'host_key')
            if ($LASTEXITCODE -ne 0) { throw "ssh-keygen failed for $name's host key" }
            Copy-Item "$($lab.ClientKey).pub" (Join-Path $dir 'authorized_keys')
            # HOME: the remote pwsh's caches and history land in the run's directory, not in /root.
            @(
                "ListenAddress $address"
                "HostKey $(Join-Path $dir 'host_key')"
                "AuthorizedKeysFile $(Join-Path $dir 'authorized_keys')"
                'PermitRootLogin prohibit-password'
                'PasswordAuthentication no'
                'KbdInteractiveAuthentication no'
                'UsePAM no'
                'StrictModes no'
                'PidFile /run/sshd.pid'
                'MaxStartups 100'
                "SetEnv HOME=$(Join-Path $dir 'home') PSModulePath=$moduleRoot"
                "Subsystem powershell $pwsh -sshs -NoLogo -NoProfile"
            ) | Set-Content -Path (Join-Path $dir 'sshd_config')

            $process = Start-Process -FilePath unshare -PassThru `
                -ArgumentList '--net', '--mount', '--pid', '--fork', '--mount-proc', '--propagation', 'private', '--kill-child', $script:SimulatedHostInit, $dir `
                -RedirectStandardOutput (Join-Path $dir 'init.out') -RedirectStandardError (Join-Path $dir 'init.err')
            $hostEntry = [pscustomobject]@{ Name = $name; Address = $address; Pid = $process.Id; Process = $process; Directory = $dir }
            $lab.Hosts.Add($hostEntry)

            # unshare has entered the new namespaces once its ns/net differs from ours; the module then names the
            # host's namespace by that PID.
            $ours = (Get-Item /proc/self/ns/net).LinkTarget
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ((Get-Item "/proc/$($process.Id)/ns/net" -ErrorAction Ignore).LinkTarget -in $ours, $null) {
                if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw "$name did not start: $(Get-Content (Join-Path $dir 'init.err') -Raw)" }
                Start-Sleep -Milliseconds 20
            }
            $hostNs = [string]$process.Id
            $null = New-VethPair -Name $name -PeerName eth0 -Namespace $lab.Underlay -PeerNamespace $hostNs -Master br0 -Up
            Add-NetAddress -Address "$address/24" -Interface eth0 -Namespace $hostNs
            Set-NetLink -Name lo -Up -Namespace $hostNs
            $null = New-Item -ItemType File -Path (Join-Path $dir 'go')

            $null = $clientConfig.AppendLine("Host $name").AppendLine("  HostName $address")
            $null = $knownHosts.AppendLine("$address $((Get-Content (Join-Path $dir 'host_key.pub') -Raw).Split(' ')[0..1] -join ' ')")
        }

        # The client side: one config for every host (no ~/.ssh/config, no /etc/ssh/ssh_config), read by the wrapper.
        @(
            $clientConfig.ToString()
            '# A host name that refuses connections (nothing listens on port 9 of the controller itself).'
            'Host unreachable'
            "  HostName $($lab.ControllerAddress)"
            '  Port 9'
            'Host *'
            '  User root'
            "  IdentityFile $($lab.ClientKey)"
            '  IdentitiesOnly yes'
            "  UserKnownHostsFile $($lab.KnownHosts)"
            '  GlobalKnownHostsFile /dev/null'
            '  StrictHostKeyChecking yes'
            '  CheckHostIP no'
            '  BatchMode yes'
            '  ConnectTimeout 30'
            '  ServerAliveInterval 15'
        ) | Set-Content -Path $lab.SshConfig
        Set-Content -Path $lab.KnownHosts -Value $knownHosts.ToString().TrimEnd()
        $wrapper = Join-Path $root 'bin' 'ssh'
        @(
            '#!/bin/sh'
            '# ssh as the controller: in its namespace, with the test run''s own config (nothing from ~/.ssh or /etc/ssh).'
            "exec nsenter --net=/run/netns/$($lab.Controller) /usr/bin/ssh -F '$($lab.SshConfig)' `"`$@`""
        ) | Set-Content -Path $wrapper
        & chmod 0755 $wrapper
        $env:PATH = (Join-Path $root 'bin') + [IO.Path]::PathSeparator + $lab.SavedPath

        foreach ($h in $lab.Hosts) { Wait-SimulatedHostListening $h }
        $lab
    }
    catch {
        Stop-SimulatedHost $lab
        throw
    }
}

# How the multi-host suites begin: -Count simulated hosts, one session to each with LinuxNetPS imported there, sorted
# by name (Sessions[0] is h1: sessions open in parallel and come back in any order). If any step fails, the hosts
# are stopped before the error is thrown, so a failed BeforeAll leaves nothing behind. Returns Lab and Sessions.
function Start-SimulatedHostSession {
    [CmdletBinding()]
    param([Parameter(Mandatory)][string] $Prefix, [ValidateRange(1, 9)][int] $Count = 3)
    $lab = Start-SimulatedHost -Prefix $Prefix -Count $Count
    try {
        $sessions = @(New-PSSession -HostName @(1..$Count | ForEach-Object { "h$_" }) -ConnectingTimeout 120000 -ErrorAction Stop |
            Sort-Object ComputerName)
        Invoke-Command -Session $sessions { Import-Module LinuxNetPS -ErrorAction Stop }
    }
    catch {
        if ($sessions) { Remove-PSSession -Session $sessions -ErrorAction Ignore }
        Stop-SimulatedHost $lab
        throw
    }
    [pscustomobject]@{ Lab = $lab; Sessions = $sessions }
}

function Wait-SimulatedHostListening {
    param([Parameter(Mandatory)] $SimulatedHost, [int] $TimeoutSeconds = 60)
    $log = Join-Path $SimulatedHost.Directory 'sshd.log'
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not ((Test-Path $log) -and (Select-String -Path $log -Pattern 'Server listening' -Quiet))) {
        if ($SimulatedHost.Process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
            $why = @('init.err', 'sshd.log') | ForEach-Object { Join-Path $SimulatedHost.Directory $_ } | Where-Object { Test-Path $_ } | ForEach-Object { Get-Content $_ -Raw }
            throw "sshd on $($SimulatedHost.Name) did not start listening: $why"
        }
        Start-Sleep -Milliseconds 50
    }
}

# Ends one simulated host (every process in it; its namespaces go with them, and its veth leaves the underlay).
function Stop-SimulatedHostProcess {
    param([Parameter(Mandatory)] $SimulatedHost)
    $p = $SimulatedHost.Process
    if (-not $p.HasExited) {
        Stop-Process -Id $SimulatedHost.Pid -Force -ErrorAction Ignore
        $null = $p.WaitForExit(10000)
    }
}

function Stop-SimulatedHost {
    param([Parameter(Mandatory)] $Lab)
    foreach ($h in $Lab.Hosts) { Stop-SimulatedHostProcess $h }
    $env:PATH = $Lab.SavedPath
    Get-NetNamespace -Name $Lab.Underlay, $Lab.Controller -ErrorAction Ignore | Remove-NetNamespace -Force
    Remove-Item -Recurse -Force -Path $Lab.Root -ErrorAction Ignore
}
